/**
 * Each operation's value rule and its partial derivatives side by side (micrograd style), typed
 * per arity. `partials(args, value)` gives d(value)/d(arg_i) for every argument.
 *
 * How a rule keeps the precision guarantee (docs/precision.md): `value` must be the exact result
 * rounded once at the context's precision (or within one unit of it); `conditioning` says how much
 * an error in each argument grows in the result (log10 of |a_i f_i / f|, from exponents only, so it
 * costs next to nothing). A rule without `conditioning` gets it from its partials, which is right
 * but slower. A rule whose value never rounds (neg, abs, relu) says `exact: true`.
 *
 * A derivative is undefined (NaN) wherever the function is: ln at a <= 0, sqrt at a <= 0 (where
 * its slope is infinite), division by 0.
 */
import type { Dec, DecimalCtor } from './numbers.js';
import type { BinaryOp, NaryOp, Op, UnaryOp } from './expr.js';
import { makeExp, makeSigmoid } from './fast-exp.js';

export interface MathContext {
  readonly D: DecimalCtor;
  readonly exp: (x: Dec) => Dec;
  /** 1/(1 + e^-x), computed with guard digits and rounded once. */
  readonly sigmoid: (x: Dec) => Dec;
}

export interface OpRule<A extends readonly Dec[] = readonly Dec[]> {
  value(args: A, m: MathContext): Dec;
  partials(args: A, value: Dec, m: MathContext): Dec[];
  /** log10 of a bound on |a_i (df/da_i) / f| for each argument (-Infinity: no influence). */
  conditioning?(args: A, value: Dec): number[];
  /** The value is exact whenever the arguments are (no rounding happens). */
  readonly exact?: boolean;
  /**
   * Exact arguments give an exact value when this holds at W digits: the exact result needs no
   * more than W digits, so nothing was rounded (1 * 1, or 0.5 + 0.25, at any precision).
   */
  fits?(args: A, W: number): boolean;
}

type Unary = OpRule<readonly [Dec]>;
type Binary = OpRule<readonly [Dec, Dec]>;
type Nary = OpRule<readonly Dec[]>;
export type OpRules = { readonly [K in UnaryOp]: Unary } & { readonly [K in BinaryOp]: Binary } & {
  readonly [K in NaryOp]: Nary;
};

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
function sumFits(terms: readonly Dec[], W: number): boolean {
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

const nan = (m: MathContext) => new m.D(NaN);
const one = (m: MathContext) => new m.D(1);
/** sigma(a) sigma(-a) = sigma'(a): both factors correctly rounded, so no cancellation in 1 - sigma. */
const dsig = (a: Dec, m: MathContext) => m.sigmoid(a).times(m.sigmoid(a.neg()));
/** 1 - tanh(a)^2 = 4 sigma(2a) sigma(-2a), without the cancellation of 1 - tanh^2 at saturation. */
const dtanh = (a: Dec, m: MathContext) => dsig(a.times(2), m).times(4);
// log10 of |x| for a condition number |x| (exp, and sigmoid on the left), at least -Infinity.
const lgAbs = (x: Dec) => lg(x);

/**
 * softplus(x) = ln(1 + e^x), as max(x, 0) + ln(1 + e^-|x|): the logarithm taken with as many guard
 * digits as e^-|x| has leading zeros, so a tiny softplus of a very negative x keeps its relative
 * precision and a large x gives x itself; rounded once at the context's precision.
 */
function softplus(x: Dec, m: MathContext): Dec {
  if (x.isNaN()) return x;
  const p = m.D.precision;
  // e^-|x| < 10^-(p+2) beyond this: ln(1 + u) rounds to u, so softplus(x) = max(x, 0) + u.
  const tiny = x.abs().gt(2.31 * (p + 2) + 1);
  const guard = Math.min(Math.ceil(x.abs().toNumber() / 2.3), p + 4) + 10;
  const W = m.D.clone({ precision: p + guard });
  const u = new W(x.abs().neg()).exp();
  const log = tiny ? u : u.plus(1).ln();
  return new m.D(W.max(new W(x), 0).plus(log));
}

export const OPS: OpRules = {
  // a + b + ...; each partial is 1. Cancellation: |a_i| / |sum| is how much a_i's error grows.
  add: {
    value: (a) => a.reduce((s, x) => s.plus(x)),
    partials: (a, _v, m) => a.map(() => one(m)),
    conditioning: (a, v) => a.map((x) => lg(x) - lg(v)),
    fits: (a, W) => sumFits(a, W),
  },
  // a * b * ...; d/da_i is the product of the others
  mul: {
    value: (a) => a.reduce((p, x) => p.times(x)),
    partials: (a, _v, m) => a.map((_, i) => a.reduce((p, x, j) => (j === i ? p : p.times(x)), one(m))),
    conditioning: (a) => a.map(() => 0),
    // every partial product has at most the sum of the factors' digits
    fits: (a, W) => a.reduce((n, x) => n + x.sd(), 0) <= W,
  },
  // a - b
  sub: {
    value: ([a, b]) => a.minus(b),
    partials: (_a, _v, m) => [one(m), new m.D(-1)],
    conditioning: ([a, b], v) => [lg(a) - lg(v), lg(b) - lg(v)],
    fits: (a, W) => sumFits(a, W),
  },
  // a / b; d/da = 1/b, d/db = -a/b^2; undefined at b = 0
  div: {
    value: ([a, b], m) => (b.isZero() ? nan(m) : a.div(b)),
    partials: ([a, b], _v, m) => (b.isZero() ? [nan(m), nan(m)] : [one(m).div(b), a.neg().div(b.times(b))]),
    conditioning: () => [0, 0],
  },
  // a^b; d/da = b a^(b-1), d/db = a^b ln a (undefined for a < 0, 0 at a = 0)
  pow: {
    value: ([a, b]) => a.pow(b),
    partials: ([a, b], v, m) => [
      b.isZero() ? new m.D(0) : b.times(a.pow(b.minus(1))),
      a.gt(0) ? v.times(a.ln()) : a.isZero() ? new m.D(0) : nan(m),
    ],
    // |b| for a; |b ln a| for b, with |ln a| <= ln 10 (|lg a| + 1) (a far from 1) or ~|a - 1|
    conditioning: ([a, b]) => [
      lg(b),
      lg(b) + (Math.abs(lg(a)) > 0.5 ? Math.log10(2.31 * (Math.abs(lg(a)) + 1)) : 0),
    ],
  },
  // -a
  neg: {
    value: ([a]) => a.neg(),
    partials: (_a, _v, m) => [new m.D(-1)],
    conditioning: () => [0],
    exact: true,
  },
  // e^a; derivative e^a; condition |a|
  exp: { value: ([a], m) => m.exp(a), partials: (_a, v) => [v], conditioning: ([a]) => [lgAbs(a)] },
  // ln a; derivative 1/a; condition 1/|ln a|. Undefined for a <= 0 (decimal.js: NaN or -Infinity).
  ln: {
    value: ([a], m) => (a.lte(0) ? nan(m) : a.ln()),
    partials: ([a], _v, m) => [a.gt(0) ? one(m).div(a) : nan(m)],
    conditioning: (_a, v) => [-lg(v)],
  },
  // sqrt a; derivative 1/(2 sqrt a), undefined at a <= 0; condition 1/2
  sqrt: {
    value: ([a], m) => (a.isNeg() ? nan(m) : a.sqrt()),
    partials: ([a], v, m) => [a.gt(0) ? one(m).div(v.times(2)) : nan(m)],
    conditioning: () => [-0.3],
  },
  // sigma(a) = 1/(1 + e^-a); derivative sigma(a) sigma(-a); condition |a| sigma(-a) <= |a| (a < 0), < 0.3 (a >= 0)
  sigmoid: {
    value: ([a], m) => m.sigmoid(a),
    partials: ([a], _v, m) => [dsig(a, m)],
    conditioning: ([a]) => [a.isNeg() ? lgAbs(a) : 0],
  },
  // sigma'(a) = sigma(a)(1 - sigma(a)), written as one function in printed formulas; derivative
  // sigma'(a)(1 - 2 sigma(a)). Condition |a (1 - 2 sigma(a))| <= |a|.
  dsigmoid: {
    value: ([a], m) => dsig(a, m),
    partials: ([a], _v, m) => [dsig(a, m).times(m.sigmoid(a.neg()).minus(m.sigmoid(a)))],
    conditioning: ([a]) => [lgAbs(a)],
  },
  // tanh a, by decimal.js (correctly rounded; no overflow of e^2a). 1 - |tanh a| = 2/(e^2|a| + 1)
  // is below half a unit of the last of p digits only when e^2|a| > 4 10^p, that is
  // |a| > (p ln 10 + ln 4) / 2: only then is the rounded value +-1 (decimal.js would spend
  // minutes on a huge argument). Derivative 4 sigma(2a) sigma(-2a) = 1 - tanh^2; condition <= 1.
  tanh: {
    value: ([a], m) =>
      a.abs().gt(tanhSaturation(m.D.precision)) ? new m.D(a.isNeg() ? -1 : 1) : m.D.tanh(a),
    partials: ([a], _v, m) => [dtanh(a, m)],
    conditioning: () => [0],
  },
  // step(a) = 1 if a >= 0 else 0 (the textbooks' threshold convention); derivative 0. An
  // undefined input stays undefined rather than becoming 0 or 1.
  step: {
    value: ([a], m) => (a.isNaN() ? a : new m.D(a.gte(0) ? 1 : 0)),
    partials: (_a, _v, m) => [new m.D(0)],
    conditioning: () => [-Infinity],
    exact: true,
  },
  // relu(a) = max(0, a); derivative 1 for a > 0, else 0; undefined stays undefined
  relu: {
    value: ([a], m) => (a.isNaN() || a.gt(0) ? a : new m.D(0)),
    partials: ([a], _v, m) => [new m.D(a.gt(0) ? 1 : 0)],
    // below 0 the value is 0 whatever a's error, as long as its sign is known (evaluate.ts)
    conditioning: ([a]) => [a.gt(0) ? 0 : -Infinity],
    exact: true,
  },
  // softplus(a) = ln(1 + e^a); derivative sigma(a). Conditioning from the partials.
  softplus: {
    value: ([a], m) => softplus(a, m),
    partials: ([a], _v, m) => [a.isNaN() ? nan(m) : m.sigmoid(a)],
  },
  // max(a, b, ...): the largest; its partial is 1 for the first argument that attains it, else 0
  // (the compiler uses it only for the softmax's shift, whose total derivative is 0 anyway)
  max: {
    value: (a) => a.reduce((x, y) => (y.gt(x) ? y : x)),
    partials: (a, v, m) => {
      const at = a.findIndex((x) => x.eq(v));
      return a.map((_, i) => new m.D(i === at ? 1 : 0));
    },
    conditioning: (a) => a.map(() => 0),
    exact: true,
  },
  // |a|; derivative sign(a)
  abs: {
    value: ([a]) => a.abs(),
    partials: ([a], _v, m) => [new m.D(a.isZero() ? 0 : a.isNeg() ? -1 : 1)],
    conditioning: () => [0],
    exact: true,
  },
};

/** The rule of an operation, for callers holding any Op (the one place arities are erased). */
export function ruleOf(op: Op): OpRule {
  return OPS[op];
}

/** Applies an operation to its evaluated arguments. */
export function applyOp(op: Op, args: readonly Dec[], m: MathContext): Dec {
  return ruleOf(op).value(args, m);
}

// Smallest |a| from which tanh(a) rounds to +-1 at p digits, with a margin of one: (p ln 10 + ln 4)/2 + 1.
const saturation = new Map<number, number>();
function tanhSaturation(p: number): number {
  let t = saturation.get(p);
  if (t === undefined) saturation.set(p, (t = Math.ceil((p * Math.LN10 + Math.log(4)) / 2) + 1));
  return t;
}
