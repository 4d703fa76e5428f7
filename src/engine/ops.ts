/**
 * Each operation's value rule and its partial derivatives side by side (micrograd style).
 * `partials(args, value)` gives d(value)/d(arg_i) for every argument.
 */
import type { Dec, DecimalCtor } from './numbers.js';
import type { Op } from './expr.js';
import { makeExp, makeSigmoid } from './fast-exp.js';

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
  // |a|; derivative sign(a)
  abs: { value: ([a]) => a!.abs(), partials: ([a], _v, m) => [new m.D(a!.isZero() ? 0 : a!.isNeg() ? -1 : 1)] },
};
