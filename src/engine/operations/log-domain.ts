/**
 * The log-domain operations: ln(1 + a), ln(1 - e^a) and ln(e^a1 + ... + e^an). The evaluation
 * forms (evaluation-forms.ts) write the textbook's logs of a sigmoid or softmax output through
 * them, so that a probability within 1e-300 of 0 or 1, or one past the magnitude limit, loses no
 * digit: ln y_k = (z_k - z_max) - ln S is never the log of a rounded 1 or of an underflowed 0
 * (docs/precision.md). Each is rounded once at the context's precision.
 */
import { add, div, mul, neg, num, sub, unary } from '../expr.js';
import { ctorOf } from '../numbers.js';
import type { Dec } from '../numbers.js';
import { lg, nan, roundOnce, wider } from './context.js';
import type { MathContext } from './context.js';
import { define } from './types.js';

const ONE = num('1');

export const LOG_DOMAIN = [
  // ln(1 + a), for a > -1; derivative 1/(1 + a); condition |a / ((1 + a) ln(1 + a))|, about 1 near 0.
  define('log1p', 1, {
    names: ['log1p'],
    print: { latex: (x) => `\\operatorname{log1p}\\left(${x}\\right)` },
    value: ([a], m) => log1p(a!, m),
    partials: ([a], _v, m) => [a!.gt(-1) ? new m.D(1).div(a!.plus(1)) : nan(m)],
    conditioning: ([a], v) => [lg(a!) - lg(a!.plus(1)) - lg(v)],
    heavy: true,
    derivative: ({ args: [a], d }) => div(d(a!), add(ONE, a!)),
  }),
  // ln(1 - e^a), for a < 0 (the log of a complement, 1 - y with ln y = a); derivative
  // -1/(e^-a - 1); condition |a / ((e^-a - 1) ln(1 - e^a))|: about |a| far below 0, small near 0.
  define('log1mexp', 1, {
    value: ([a], m) => log1mexp(a!, m),
    partials: ([a], _v, m) => [a!.isNeg() ? new m.D(-1).div(expm1(a!.neg(), wider(m, 5))) : nan(m)],
    conditioning: ([a], v) => [a!.isNeg() ? lg(a!) - lg(expm1(a!.neg(), null)) - lg(v) : NaN],
    heavy: true,
    derivative: ({ args: [a], d }) => neg(div(d(a!), sub(unary('exp', neg(a!)), ONE))),
  }),
  // ln(e^a1 + ... + e^an), the log of a softmax's denominator; partial e^(a_i - value) (the
  // share of a_i); condition |a_i share_i / value|.
  define('lse', 'n', {
    value: (a, m) => logSumExp(a, m),
    partials: (a, v, m) => a.map((x) => m.exp(x.minus(v))),
    conditioning: (a, v) => a.map((x) => lg(x) + x.minus(v).toNumber() * Math.LOG10E - lg(v)),
    heavy: true,
    derivative: ({ args, self, d }) => add(...args.map((x) => mul(unary('exp', sub(x, self)), d(x)))),
  }),
] as const;

/**
 * ln(1 + x) rounded once: the logarithm taken with as many guard digits as x has leading zeros,
 * so a tiny x keeps its relative precision; below 10^-(p+2), x - x^2/2 (the next term is below
 * the last digit).
 */
export function log1p(x: Dec, m: MathContext): Dec {
  if (x.isNaN() || x.lte(-1)) return nan(m);
  if (x.isZero() || !x.isFinite()) return new m.D(x);
  const p = m.D.precision;
  const k = lg(x);
  if (k < -(p + 2)) {
    const W = m.D.clone({ precision: p + 5 });
    return roundOnce(new W(x).minus(new W(x).times(x).div(2)), m);
  }
  const W = m.D.clone({ precision: p + Math.max(0, Math.ceil(-k)) + 10 });
  return roundOnce(new W(x).plus(1).ln(), m);
}

/**
 * e^x - 1 with its relative precision (x's leading zeros as guard digits; x + x^2/2 below
 * 10^-(p+2)). With `m` null, a rough value for a condition estimate (16 digits).
 */
function expm1(x: Dec, m: MathContext | null): Dec {
  const p = m ? m.D.precision : 16;
  const k = lg(x);
  const W = (m?.D ?? ctorOf(x)).clone({ precision: p + Math.max(0, Math.ceil(-k)) + 10 });
  const v = k < -(p + 2) ? new W(x).plus(new W(x).times(x).div(2)) : new W(x).exp().minus(1);
  return m ? roundOnce(v, m) : v;
}

/**
 * ln(1 - e^x) for x < 0: ln(-(e^x - 1)) near 0 (where 1 - e^x cancels), ln(1 + (-e^x)) below
 * -ln 2 (where e^x is small); both with guard digits, rounded once. ln 0 is undefined (NaN).
 */
function log1mexp(x: Dec, m: MathContext): Dec {
  if (x.isNaN() || !x.isNeg() || x.isZero()) return nan(m);
  if (!x.isFinite()) return new m.D(0);
  const w = wider(m, 10);
  if (x.gt(-0.6931)) return roundOnce(expm1(x, w).neg().ln(), m);
  return roundOnce(log1p(w.exp(x).neg(), w), m);
}

/**
 * ln(sum e^a_i) as M + ln(1 + sum_{i != largest} e^(a_i - M)), M the largest: no exponential
 * overflows or underflows to a wrong 0 where it matters, and the sum of the small terms keeps
 * every digit (log1p). Guard digits cover the exponentials' condition |a_i - M| and a
 * cancellation of M + ln(...) (M < 0); rounded once.
 */
function logSumExp(a: readonly Dec[], m: MathContext): Dec {
  if (a.some((x) => x.isNaN())) return nan(m);
  const top = a.reduce((x, y) => (y.gt(x) ? y : x));
  if (!top.isFinite()) return new m.D(top);
  const spread = a.reduce((s, x) => Math.max(s, lg(x.minus(top))), 0);
  let guard = 10 + Math.max(0, Math.ceil(spread));
  for (;;) {
    const w = wider(m, guard);
    let skipped = false;
    let u = new w.D(0);
    for (const x of a) {
      if (!skipped && x.eq(top)) skipped = true;
      else u = u.plus(w.exp(new w.D(x).minus(top)));
    }
    const l = log1p(u, w);
    const v = new w.D(top).plus(l);
    const lost = v.isZero() ? (u.isZero() ? 0 : Infinity) : Math.max(lg(top), lg(l)) - lg(v);
    if (lost < guard - 5 || guard > m.D.precision + 400) return roundOnce(v, m);
    guard = Math.ceil(Math.min(lost, m.D.precision + 400)) + 15;
  }
}
