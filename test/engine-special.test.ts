/**
 * Special functions correctly rounded over their whole range, as every printed value computes
 * them (evaluateFormula: guard digits and a check): saturation, tiny and huge arguments, just
 * past each shortcut threshold, and the magnitude bound. Reference: mpmath at 1200 digits
 * (test/fixtures/gen_special_reference.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateFormula } from '../src/engine/evaluate-plan.js';
import { ref, unary } from '../src/engine/expr.js';
import type { UnaryOp } from '../src/engine/expr.js';
import { decimalAt } from '../src/engine/numbers.js';

const cases = JSON.parse(
  readFileSync(new URL('./fixtures/special-reference.json', import.meta.url), 'utf8'),
) as Array<{
  fn: UnaryOp;
  x: string;
  precision: number;
  value: string;
}>;

describe('special functions against mpmath', () => {
  it.each(cases.map((c) => [`${c.fn}(${c.x}) at ${c.precision} digits`, c] as const))('%s', (_name, c) => {
    const D = decimalAt(c.precision);
    const got = evaluateFormula(unary(c.fn, ref('x')), () => new D(c.x), c.precision);
    const R = decimalAt(100);
    expect(
      got.toString() === c.value || new R(got).eq(new R(c.value)),
      `${got.toString()} vs ${c.value}`,
    ).toBe(true);
  });
});
