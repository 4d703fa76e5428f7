import type { Dec, DecimalCtor } from './numbers.js';
import type { Op } from './expr.js';
import { makeExp, makeSigmoid } from './fast-exp.js';

/**
 * Each operation's value rule and its partial derivatives side by side (micrograd style).
 * `partials(args, value)` gives d(value)/d(arg_i) for every argument.
 */
export interface MathContext {
  readonly D: DecimalCtor;
  readonly exp: (x: Dec) => Dec;
  /** 1/(1 + e^-x), computed with guard digits and rounded once. */
  readonly sigmoid: (x: Dec) => Dec;
}

export interface OpRule {
  value(args: readonly Dec[], m: MathContext): Dec;
  partials(args: readonly Dec[], value: Dec, m: MathContext): Dec[];
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

const sigmoid = (x: Dec, m: MathContext): Dec => m.sigmoid(x);

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

export const OPS: Record<Op, OpRule> = {
  // a + b + ...; each partial is 1
  add: { value: (a) => a.reduce((s, x) => s.plus(x)), partials: (a, _v, m) => a.map(() => new m.D(1)) },
  // a * b * ...; d/da_i is the product of the others
  mul: {
    value: (a) => a.reduce((p, x) => p.times(x)),
    partials: (a, _v, m) => a.map((_, i) => a.reduce((p, x, j) => (j === i ? p : p.times(x)), new m.D(1))),
  },
  // a - b
  sub: { value: ([a, b]) => a!.minus(b!), partials: (_a, _v, m) => [new m.D(1), new m.D(-1)] },
  // a / b; d/da = 1/b, d/db = -a/b^2
  div: { value: ([a, b]) => a!.div(b!), partials: ([a, b], _v, m) => [new m.D(1).div(b!), a!.neg().div(b!.times(b!))] },
  // a^b; d/da = b a^(b-1), d/db = a^b ln a (only where a > 0)
  pow: {
    value: ([a, b]) => a!.pow(b!),
    partials: ([a, b], v, m) => [b!.isZero() ? new m.D(0) : b!.times(a!.pow(b!.minus(1))), a!.gt(0) ? v.times(a!.ln()) : new m.D(0)],
  },
  // -a
  neg: { value: ([a]) => a!.neg(), partials: (_a, _v, m) => [new m.D(-1)] },
  // e^a; derivative e^a
  exp: { value: ([a], m) => m.exp(a!), partials: (_a, v) => [v] },
  // ln a; derivative 1/a
  ln: { value: ([a]) => a!.ln(), partials: ([a], _v, m) => [new m.D(1).div(a!)] },
  // sqrt a; derivative 1/(2 sqrt a)
  sqrt: { value: ([a]) => a!.sqrt(), partials: (_a, v, m) => [new m.D(1).div(v.times(2))] },
  // sigma(a) = 1/(1 + e^-a); derivative sigma(a)(1 - sigma(a))
  sigmoid: { value: ([a], m) => sigmoid(a!, m), partials: (_a, v) => [v.times(v.neg().plus(1))] },
  // sigma'(a) = sigma(a)(1 - sigma(a)), written as one function in printed formulas; derivative s(1-s)(1-2s)
  dsigmoid: {
    value: ([a], m) => {
      const s = sigmoid(a!, m);
      return s.times(s.neg().plus(1));
    },
    partials: ([a], _v, m) => {
      const s = sigmoid(a!, m);
      return [s.times(s.neg().plus(1)).times(s.times(-2).plus(1))];
    },
  },
  // tanh a, by decimal.js (correctly rounded; no overflow of e^2a). For |a| above the number of
  // working digits p, 1 - |tanh a| < 2e^-2p < 10^-p, so the rounded value is +-1 (decimal.js
  // would spend minutes on a huge argument). Derivative 1 - tanh^2.
  tanh: {
    value: ([a], m) => (a!.abs().gt(m.D.precision) ? new m.D(a!.isNeg() ? -1 : 1) : m.D.tanh(a!)),
    partials: (_a, v) => [v.times(v).neg().plus(1)],
  },
  // step(a) = 1 if a >= 0 else 0 (the textbooks' threshold convention); derivative 0. An
  // undefined input stays undefined rather than becoming 0 or 1.
  step: { value: ([a], m) => (a!.isNaN() ? a! : new m.D(a!.gte(0) ? 1 : 0)), partials: (_a, _v, m) => [new m.D(0)] },
  // relu(a) = max(0, a); derivative 1 for a > 0, else 0; undefined stays undefined
  relu: { value: ([a], m) => (a!.isNaN() || a!.gt(0) ? a! : new m.D(0)), partials: ([a], _v, m) => [new m.D(a!.gt(0) ? 1 : 0)] },
  // softplus(a) = ln(1 + e^a); derivative sigma(a). Computed as max(a, 0) + ln(1 + e^-|a|), the
  // logarithm with as many guard digits as e^-|a| has leading zeros, so a tiny softplus of a very
  // negative a keeps its relative precision, and a large a gives a itself; rounded once.
  softplus: { value: ([a], m) => softplus(a!, m), partials: ([a], _v, m) => [sigmoid(a!, m)] },
  // max(a, b, ...): the largest; its partial is 1 for the first argument that attains it, else 0
  // (the compiler uses it only for the softmax's shift, whose total derivative is 0 anyway)
  max: {
    value: (a) => a.reduce((x, y) => (y.gt(x) ? y : x)),
    partials: (a, v, m) => {
      const at = a.findIndex((x) => x.eq(v));
      return a.map((_, i) => new m.D(i === at ? 1 : 0));
    },
  },
  // |a|; derivative sign(a)
  abs: { value: ([a]) => a!.abs(), partials: ([a], _v, m) => [new m.D(a!.isZero() ? 0 : a!.isNeg() ? -1 : 1)] },
};
