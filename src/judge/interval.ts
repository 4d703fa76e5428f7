/**
 * Which values count as right for an expected value v at a precision with unit u = 10^k (the
 * last digit asked for: u = 0.0001 for 4 decimals).
 *
 * Let R be v rounded half-up to a multiple of u (what the exercise shows) and T be v truncated
 * towards zero (what a learner who copies the first digits writes). Accepted are:
 *   - every value that rounds to R, ties included: [R - u/2, R + u/2] (a tie rounds to R under
 *     one of the usual conventions, so it is not held against the learner), and
 *   - T itself and anything at least as close to v as T: [v - |v - T|, v + |v - T|], so that
 *     an answer with more correct digits is never worse than the truncated one.
 * Both pieces contain v, so their union is one closed interval. It is symmetric under negation:
 * the interval of -v is the interval of v negated.
 *
 * Examples at 4 decimals: v = 0.58686 gives R = 0.5869, T = 0.5868 and [0.5868, 0.58695];
 * v = 0.2420286 gives [0.24195, 0.2420572]; v = 0.00005 gives [0, 0.00015].
 */
import type { Display } from '../engine/model.js';
import { decimalAt } from '../engine/numbers.js';
import type { Dec } from '../engine/numbers.js';

// Interval arithmetic is exact: every operation here only shifts, truncates or adds numbers of at
// most a few hundred digits, far below this precision.
const X = decimalAt(1000);

export function intervalAtUnit(v: Dec, unitExp: number): [Dec, Dec] {
  const key = `u${unitExp}`;
  const cached = memo.get(v)?.get(key);
  if (cached) return cached;
  const a = new X(v).abs();
  const u = unit(unitExp);
  // toDecimalPlaces is exact whatever the precision; a unit above 1 needs the division.
  const [T, R] =
    unitExp <= 0
      ? [a.toDecimalPlaces(-unitExp, X.ROUND_DOWN), a.toDecimalPlaces(-unitExp, X.ROUND_HALF_UP)]
      : [a.div(u).trunc().times(u), a.div(u).toDecimalPlaces(0, X.ROUND_HALF_UP).times(u)];
  const f = a.minus(T);
  const half = u.div(2);
  const lo = X.min(R.minus(half), T);
  const hi = X.max(R.plus(half), a.plus(f));
  const out: [Dec, Dec] = v.isNeg() ? [hi.neg(), lo.neg()] : [lo, hi];
  remember(v, key, out);
  return out;
}

// Judging asks for the same value's interval many times (the exact value, each mistake).
const memo = new WeakMap<Dec, Map<string, [Dec, Dec]>>();
function remember(v: Dec, key: string, interval: [Dec, Dec]) {
  let m = memo.get(v);
  if (!m) {
    m = new Map();
    memo.set(v, m);
  }
  m.set(key, interval);
}

const units = new Map<number, Dec>();
function unit(exp: number): Dec {
  let u = units.get(exp);
  if (!u) {
    u = new X(`1e${exp}`);
    units.set(exp, u);
  }
  return u;
}

/**
 * The power of ten of the last digit the display asks for, for a value v: -decimals, or for
 * significant figures the place of v's s-th digit. Undefined for zero in significant figures
 * (zero has no leading digit; only zero itself is right).
 */
export function displayUnitExp(v: Dec, display: Display): number | undefined {
  if (display.kind === 'decimals') return -display.digits;
  return v.isZero() ? undefined : v.e - display.digits + 1;
}

export function acceptedInterval(expected: Dec, display: Display): [Dec, Dec] {
  const k = displayUnitExp(expected, display);
  return k === undefined ? [expected, expected] : intervalAtUnit(expected, k);
}

export function within(x: Dec, [lo, hi]: readonly [Dec, Dec]): boolean {
  return x.gte(lo) && x.lte(hi);
}

/** Whether x is right for v at the display precision. */
export function accepts(v: Dec, x: Dec, display: Display): boolean {
  return within(x, acceptedInterval(v, display));
}

/** The same at an explicit unit (a typed answer's own precision). */
export function acceptsAtUnit(v: Dec, x: Dec, unitExp: number): boolean {
  return within(x, intervalAtUnit(v, unitExp));
}
