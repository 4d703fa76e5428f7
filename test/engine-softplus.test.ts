/**
 * softplus(x) = ln(1 + e^x) at the working precision, against mpmath at 80 digits
 * (fixtures/softplus-reference.json, gen_softplus_reference.py): relative precision is kept for
 * a tiny softplus of a very negative x, where ln(1 + e^x) computed naively would round to 0 or
 * lose most of its digits; and the solution states the conventions it rests on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/engine/compile.js';
import { decimalAt } from '../src/engine/numbers.js';
import { mathContext, OPS } from '../src/engine/ops.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { buildSolution } from '../src/render/solution.js';
import { renderText } from '../src/render/text.js';

const ref = JSON.parse(
  readFileSync(new URL('./fixtures/softplus-reference.json', import.meta.url), 'utf8'),
) as { values: Record<string, string> };

describe('softplus', () => {
  for (const precision of [20, 40, 60]) {
    it.each(Object.entries(ref.values))(
      `at ${precision} digits, softplus(%s) is within one unit in the last place`,
      (x, want) => {
        const D = decimalAt(precision);
        const m = mathContext(D);
        const got = OPS.softplus.value([new D(x)], m);
        const W = decimalAt(90);
        const w = new W(want);
        const ulp = w.abs().times(new W(10).pow(1 - precision));
        expect(new W(got.toString()).minus(w).abs().lte(ulp), `${got.toString()} vs ${want}`).toBe(true);
      },
    );
  }
});

describe('solution text conventions', () => {
  const solve = (file: string) => {
    const { exercise } = loadExerciseText(
      file,
      readFileSync(new URL(`../exercises/${file}`, import.meta.url), 'utf8'),
    );
    return renderText(buildSolution(exercise, compile(exercise)));
  };
  it('says the log base and the softmax shift for a cross-entropy exercise', () => {
    const text = solve('softmax-cross-entropy.yaml');
    expect(text).toContain('Logarithms are natural: ln, base e.');
    expect(text).toContain('subtracts the largest weighted input, z_max');
  });
  it("says Adam's bias correction and where epsilon goes", () => {
    expect(solve('adam-two-steps.yaml')).toMatch(
      /divides m by 1 - beta1\^k[\s\S]*epsilon is added\s+after the square root/,
    );
  });
  it('says the slope at the kink of a ReLU', () => {
    const yaml = readFileSync(new URL('../exercises/logistic-regression-bce.yaml', import.meta.url), 'utf8')
      .replace('activation: sigmoid }', 'activation: relu }')
      .replace('loss: { type: binary-cross-entropy, route: combined, batch: mean }', 'loss: { batch: mean }');
    const { exercise } = loadExerciseText('relu.yaml', yaml);
    const text = renderText(buildSolution(exercise, compile(exercise)));
    expect(text).toContain("At z = 0 the ReLU's slope is taken as 0, its left slope.");
    expect(text).not.toContain('Logarithms');
  });
});
