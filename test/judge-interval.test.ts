import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptedInterval } from '../src/judge/index.js';
import { decimalAt } from '../src/engine/numbers.js';
import type { Display } from '../src/engine/model.js';

/*
 * The accepted interval, worked by hand. For an expected value v at a unit u (0.0001 for 4
 * decimals): R = v rounded half-up, T = v truncated towards zero; accepted is the union of
 * [R - u/2, R + u/2] (everything that rounds to R, ties included) and [v - |v - T|, v + |v - T|]
 * (T, and anything at least as close to v as T).
 */
const D = decimalAt(40);
const four: Display = { kind: 'decimals', digits: 4 };
const sig3: Display = { kind: 'significant', digits: 3 };
const interval = (v: string, display: Display = four) =>
  acceptedInterval(new D(v), display).map((x) => x.toFixed());
const isIn = (x: string, v: string, display: Display = four) => {
  const [lo, hi] = acceptedInterval(new D(v), display);
  return new D(x).gte(lo) && new D(x).lte(hi);
};

describe('accepted interval', () => {
  it.each([
    // v = 0.58686: R = 0.5869, T = 0.5868, |v - T| = 0.00006; [0.58685, 0.58695] u [0.5868, 0.58692]
    ['0.58686', '0.5868', '0.58695'],
    // v = 0.2420286: R = T = 0.2420, |v - T| = 0.0000286; [0.24195, 0.24205] u [0.2420, 0.2420572]
    ['0.2420286', '0.24195', '0.2420572'],
    // an exact short value: R = T = v, so only what rounds to it
    ['0.351', '0.35095', '0.35105'],
    // a tie: 0.00005 rounds half-up to 0.0001 and truncates to 0; [0.00005, 0.00015] u [0, 0.0001]
    ['0.00005', '0', '0.00015'],
    // tiny: 0.00004 rounds and truncates to 0; [-0.00005, 0.00005] u [0, 0.00008]
    ['0.00004', '-0.00005', '0.00008'],
    // zero
    ['0', '-0.00005', '0.00005'],
    // negative: the interval of 0.05338137 negated; R = 0.0534, T = 0.0533, |v - T| = 0.00008137
    ['-0.05338137', '-0.05346274', '-0.0533'],
    // negative, mirror of the first row
    ['-0.58686', '-0.58695', '-0.5868'],
  ])('%s at 4 decimals is [%s, %s]', (v, lo, hi) => {
    expect(interval(v)).toEqual([lo, hi]);
  });

  it.each([
    // 3 significant figures of 0.0012345: unit 0.00001; R = T = 0.00123, |v - T| = 0.0000045
    ['0.0012345', '0.001225', '0.001239'],
    // zero has no leading digit to count from: only zero itself
    ['0', '0', '0'],
  ])('%s at 3 significant figures is [%s, %s]', (v, lo, hi) => {
    expect(interval(v, sig3)).toEqual([lo, hi]);
  });

  it('works with a unit above 1: 12345 at 2 significant figures', () => {
    // unit 1000: R = T = 12000, |v - T| = 345; [11500, 12500] u [12000, 12690]
    expect(interval('12345', { kind: 'significant', digits: 2 })).toEqual(['11500', '12690']);
  });

  it('includes its boundaries and nothing beyond them', () => {
    expect(isIn('0.5868', '0.58686')).toBe(true);
    expect(isIn('0.58679999', '0.58686')).toBe(false);
    expect(isIn('0.58695', '0.58686')).toBe(true); // a tie rounds to 0.5869 half-down
    expect(isIn('0.58695001', '0.58686')).toBe(false);
    expect(isIn('0.5867', '0.58686')).toBe(false);
    expect(isIn('0.5870', '0.58686')).toBe(false);
    expect(isIn('-0.0533', '-0.05338137')).toBe(true); // truncated
    expect(isIn('-0.0534', '-0.05338137')).toBe(true); // rounded
    expect(isIn('-0.0532', '-0.05338137')).toBe(false);
    expect(isIn('0.0533', '-0.05338137')).toBe(false); // the sign matters
    expect(isIn('0.0000', '0.00005')).toBe(true);
    expect(isIn('0.0001', '0.00005')).toBe(true);
    expect(isIn('0.0002', '0.00005')).toBe(false);
    expect(isIn('0.0001', '0.00004')).toBe(false);
    expect(isIn('-0.0000', '0.00004')).toBe(true);
  });

  it('treats trailing zeros as the same number: 0.2420 and 0.24200 are in for 0.2420286', () => {
    expect(isIn('0.2420', '0.2420286')).toBe(true);
    expect(isIn('0.24200', '0.2420286')).toBe(true);
    expect(isIn('0.2421', '0.2420286')).toBe(false);
  });

  // Properties that follow from the definition, checked on random decimals.
  const decimal = fc
    .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 12 }))
    .map(([n, scale]) => new D(n.toString()).div(new D(10).pow(scale)));
  const display = fc.oneof(
    fc.integer({ min: 0, max: 8 }).map((digits): Display => ({ kind: 'decimals', digits })),
    fc.integer({ min: 1, max: 8 }).map((digits): Display => ({ kind: 'significant', digits })),
  );

  it('contains the value, its rounding and its truncation; negation mirrors it', () => {
    fc.assert(
      fc.property(decimal, display, (v, d) => {
        const [lo, hi] = acceptedInterval(v, d);
        expect(lo.lte(v) && v.lte(hi)).toBe(true);
        if (d.kind === 'decimals') {
          const R = v.toDecimalPlaces(d.digits, D.ROUND_HALF_UP);
          const T = v.toDecimalPlaces(d.digits, D.ROUND_DOWN);
          expect(lo.lte(R) && R.lte(hi)).toBe(true);
          expect(lo.lte(T) && T.lte(hi)).toBe(true);
        }
        const [nlo, nhi] = acceptedInterval(v.neg(), d);
        expect(nlo.eq(hi.neg()) && nhi.eq(lo.neg())).toBe(true);
      }),
    );
  });

  it('is never wider than two units of the last digit, nor narrower than one', () => {
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 8 }), (v, digits) => {
        const [lo, hi] = acceptedInterval(v, { kind: 'decimals', digits });
        const u = new D(10).pow(-digits);
        expect(hi.minus(lo).gte(u)).toBe(true);
        expect(hi.minus(lo).lte(u.times(2))).toBe(true);
      }),
    );
  });
});
