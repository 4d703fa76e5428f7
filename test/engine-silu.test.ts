/**
 * silu(x) = x sigma(x), added as one record (src/engine/operations/logistic.ts), against mpmath at
 * 100 digits (fixtures/silu-reference.json, written by gen_silu_reference.py): its value, its
 * slope (mpmath's numerical derivative, not a formula), the symbolic derivative of a graph node,
 * and a silu network trained for 20 steps, whose gradients mpmath also takes numerically. The
 * replay's binary fast path runs it without a line of its own (the record's `fromExp`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derivative } from '../src/engine/diff.js';
import { evalExpr } from '../src/engine/evaluate.js';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { decimalAt } from '../src/engine/numbers.js';
import type { Dec } from '../src/engine/numbers.js';
import { mathContext, OPS } from '../src/engine/ops.js';
import { parseExpr } from '../src/engine/parse-expr.js';
import { decimalOnly, replay } from '../src/engine/replay.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { printExpr } from '../src/render/print-expr.js';

const ref = JSON.parse(readFileSync(new URL('./fixtures/silu-reference.json', import.meta.url), 'utf8')) as {
  values: Record<string, string>;
  slopes: Record<string, string>;
  network: { costs: string[]; final: Record<string, string>; y_F: string };
};
const W = decimalAt(110);

/** |got - want| within `units` units in the p-th significant digit of want. */
function close(got: Dec | string, want: string, p: number, units = 1): boolean {
  const w = new W(want);
  if (w.isZero()) return new W(got.toString()).isZero();
  const ulp = new W(10)
    .pow(
      w
        .abs()
        .log(10)
        .floor()
        .plus(1 - p),
    )
    .times(units);
  return new W(got.toString()).minus(w).abs().lte(ulp);
}

const parsed = (src: string) => {
  const r = parseExpr(src);
  if (!r.ok) throw new Error(r.error.message);
  return r.expr;
};

describe('silu values and slopes', () => {
  for (const precision of [20, 40, 60]) {
    it.each(Object.entries(ref.values))(
      `at ${precision} digits, silu(%s) is within one unit in the last place`,
      (x, want) => {
        const D = decimalAt(precision);
        const got = OPS.silu.value([new D(x)], mathContext(D));
        expect(close(got, want, precision), `${got.toString()} vs ${want}`).toBe(true);
      },
    );
  }

  it.each(Object.entries(ref.slopes))(
    'at 40 digits, its partial at %s is within a few units of mpmath',
    (x, want) => {
      const D = decimalAt(40);
      const m = mathContext(D);
      const v = OPS.silu.value([new D(x)], m);
      const [got] = OPS.silu.partials([new D(x)], v, m);
      expect(close(got!, want, 40, 5), `${got!.toString()} vs ${want}`).toBe(true);
    },
  );

  it.each(Object.entries(ref.slopes))(
    'the symbolic derivative of silu(x) at %s agrees with mpmath',
    (x, want) => {
      const d = derivative(parsed('silu(x)'), 'x');
      const m = mathContext(decimalAt(60));
      const got = evalExpr(d, () => new m.D(x), m);
      expect(close(got, want, 55), `${printExpr(d, 'text', (id) => id)} = ${got.toString()} vs ${want}`).toBe(
        true,
      );
    },
  );
});

describe('silu in formulas', () => {
  it('is read and printed by name, in text and LaTeX', () => {
    const e = parsed('2 silu(x - 1)');
    expect(printExpr(e, 'text', (id) => id)).toBe('2 * silu(x - 1)');
    expect(printExpr(e, 'latex', (id) => id)).toBe('2 \\cdot \\operatorname{SiLU}\\left(x - 1\\right)');
    expect(parseExpr('silu').ok).toBe(false);
  });
});

describe('a 2-2-1 silu network trained for 20 steps', () => {
  const { exercise, plan } = loadExerciseText(
    'silu-network.yaml',
    readFileSync(new URL('./fixtures/silu-network.yaml', import.meta.url), 'utf8'),
  );
  const p = exercise.working;
  const last = plan.iterations + 1;

  it('the evaluator gives mpmath’s errors, weights and output, correctly rounded', () => {
    const v = evaluatePlan(plan, { precision: p });
    ref.network.costs.forEach((want, i) => {
      const got = v.get(i === 0 ? plan.costBase! : `${plan.costBase!}@${i + 1}`)!;
      expect(close(got, want, p), `E@${i + 1}: ${got.toString()} vs ${want}`).toBe(true);
    });
    for (const [id, want] of Object.entries(ref.network.final))
      expect(close(v.get(`${id}@${last}`)!, want, p), id).toBe(true);
    expect(close(v.get(`y_F@${last}`)!, ref.network.y_F, p)).toBe(true);
  });

  it('runs on the binary fast path, digit for digit what decimal.js gives', () => {
    expect(decimalOnly(plan)).toBeUndefined();
    const run = (arithmetic: 'binary' | 'decimal') => {
      const costs: string[] = [];
      const r = replay(plan, { precision: p, arithmetic, onIteration: (_k, c) => costs.push(String(c)) });
      expect([...r.uncertain]).toEqual([]);
      return { costs, final: [...r.final].map(([id, x]) => `${id}=${x.toString()}`), r };
    };
    const fast = run('binary');
    const slow = run('decimal');
    expect(fast.costs).toEqual(slow.costs);
    expect(fast.final).toEqual(slow.final);
    ref.network.costs.forEach((want, i) => expect(close(fast.costs[i]!, want, p), `E@${i + 1}`).toBe(true));
    for (const [id, want] of Object.entries(ref.network.final))
      expect(close(fast.r.final.get(id)!, want, p), id).toBe(true);
  });
});
