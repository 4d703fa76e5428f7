/**
 * What an operation's decimal rule is given: the constructor at the working precision and its
 * fast exponential and sigmoid (fast-exp.ts); and the small numeric helpers the rules share.
 */
import type { Dec, DecimalCtor } from '../numbers.js';
import { makeExp, makeSigmoid } from '../fast-exp.js';

export interface MathContext {
  readonly D: DecimalCtor;
  readonly exp: (x: Dec) => Dec;
  /** 1/(1 + e^-x), computed with guard digits and rounded once. */
  readonly sigmoid: (x: Dec) => Dec;
}

const contexts = new Map<DecimalCtor, MathContext>();
export function mathContext(D: DecimalCtor): MathContext {
  let m = contexts.get(D);
  if (!m) {
    m = { D, exp: makeExp(D), sigmoid: makeSigmoid(D) };
    contexts.set(D, m);
  }
  return m;
}

/**
 * log10 |x|, to a few parts in 10^7, read from decimal.js's digits and exponent (no conversion of
 * the value to a JS number: only its order of magnitude is estimated). -Infinity for 0.
 */
export function lg(x: Dec): number {
  const d0 = x.d?.[0];
  if (!d0) return x.isFinite() ? -Infinity : Infinity;
  const len = d0 < 10 ? 1 : Math.floor(Math.log10(d0)) + 1;
  return x.e + Math.log10(d0) - (len - 1);
}

/**
 * Whether a sum of these terms, added one at a time, is exact at W digits: the digits from the
 * lowest digit of any term up to the highest, plus one for each carry, fit in W.
 */
export function sumFits(terms: readonly Dec[], W: number): boolean {
  let top = -Infinity;
  let bottom = Infinity;
  for (const x of terms) {
    if (x.isZero()) continue;
    if (!x.isFinite()) return false;
    top = Math.max(top, x.e);
    bottom = Math.min(bottom, x.e - x.sd() + 1);
  }
  return top === -Infinity || top + terms.length - bottom <= W;
}

export const nan = (m: MathContext): Dec => new m.D(NaN);
export const one = (m: MathContext): Dec => new m.D(1);
export const int = (m: MathContext, n: number): Dec => new m.D(n);

/** sigma(a) sigma(-a) = sigma'(a): both factors correctly rounded, so no cancellation in 1 - sigma. */
export const dsig = (a: Dec, m: MathContext): Dec => m.sigmoid(a).times(m.sigmoid(a.neg()));

/** The context `guard` digits wider than m's, for a rule made of several roundings that rounds once at the end. */
export function wider(m: MathContext, guard: number): MathContext {
  const key = `${m.D.precision + guard}`;
  let w = widened.get(m.D)?.get(key);
  if (!w) {
    w = mathContext(m.D.clone({ precision: m.D.precision + guard }));
    if (!widened.has(m.D)) widened.set(m.D, new Map());
    widened.get(m.D)!.set(key, w);
  }
  return w;
}
const widened = new WeakMap<DecimalCtor, Map<string, MathContext>>();

/** A wider value to m's precision, rounded once (a Decimal given to a constructor keeps all its digits). */
export const roundOnce = (v: Dec, m: MathContext): Dec =>
  new m.D(v.toSignificantDigits(m.D.precision, m.D.rounding));
