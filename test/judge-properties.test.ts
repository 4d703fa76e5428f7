import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess, mistakeValues } from '../src/judge/index.js';
import type { Context } from '../src/judge/index.js';
import { compile } from '../src/engine/compile.js';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { solveExercise } from '../src/engine/solved.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { showValue } from '../src/render/format-number.js';
import { randomNetwork } from './helpers/random-network.js';

/*
 * Judging on random networks (any size, activation and loss form): the exact value and its
 * display are right, and the value of every mistake the catalogue lists is wrong and named.
 */
describe('assess on random networks', () => {
  it('accepts the exact value, names every listed mistake, and never throws', () => {
    fc.assert(
      fc.property(randomNetwork(), fc.boolean(), (exercise, writtenDown) => {
        const plan = compile(exercise);
        const solved = solveExercise(exercise, plan);
        const exact = solved.exact;
        const accepted = new Map();
        for (const step of plan.iteration(1)) {
          const ctx: Context = { solved, accepted: new Map(accepted) };
          const v = exact.get(step.id)!;
          expect(assess(ctx, step.id, v.toFixed()).kind).toBe('right');
          expect(assess(ctx, step.id, showValue(v, exercise.display)).kind).toBe('right');
          for (const m of mistakeValues(ctx, step.id)) {
            // typed with at least the digits asked for (a bare "1" could be 0.5 rounded)
            const a = assess(ctx, step.id, m.value.toFixed(Math.max(m.value.decimalPlaces(), 4)));
            expect(a.kind).toBe('wrong');
            expect(a.mistake?.value.eq(m.value)).toBe(true);
          }
          if (writtenDown) accepted.set(step.id, v);
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe('assess on a computation graph', () => {
  // a = x^2 = 0.25, b = exp(a), c = a + b, d = sqrt(c); df/da = df/dc dc/da + df/db db/da
  const yaml = `
id: sqrt-exp
title: sqrt(x^2 + exp(x^2))
precision: { decimals: 4 }
graph:
  inputs: { x: 0.5 }
  nodes: { a: "x^2", b: "exp(a)", c: "a + b", d: "sqrt(c)" }
`;
  const { exercise, plan } = loadExerciseText('inline.yaml', yaml);
  const exact = evaluatePlan(plan, { precision: exercise.working });
  const ctx: Context = { solved: solveExercise(exercise, plan), accepted: new Map() };

  it('names a path left out of an adjoint', () => {
    const paths = mistakeValues(ctx, 'df/da').filter((m) => m.code === 'path-left-out');
    expect(paths).toHaveLength(2);
    // Leaving out the path through b leaves df/dc * dc/da = df/dc (dc/da = 1) = 1/(2 sqrt(c)).
    const dfdc = exact.get('df/dc')!;
    expect(paths.some((m) => m.value.eq(dfdc))).toBe(true);
    const a = assess(ctx, 'df/da', dfdc.toFixed());
    expect(a.mistake?.code).toBe('path-left-out');
  });
});
