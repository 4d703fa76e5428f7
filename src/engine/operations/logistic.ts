/**
 * The smooth activations built on the logistic function: the sigmoid and its slope, tanh,
 * softplus and silu. Each is computed so that saturation loses no digit: sigma(-z) rather than
 * 1 - sigma(z), 4 sigma(2z) sigma(-2z) rather than 1 - tanh^2 z (docs/precision.md).
 */
import { add, mul, num, pow, sub, unary } from '../expr.js';
import type { Dec } from '../numbers.js';
import { dsig, lg, nan, roundOnce, wider } from './context.js';
import type { MathContext } from './context.js';
import { log1p } from './log-domain.js';
import { define, defineActivation } from './types.js';

const ONE = num('1');
/** 1 - tanh(a)^2 = 4 sigma(2a) sigma(-2a), without the cancellation of 1 - tanh^2 at saturation. */
const dtanh = (a: Dec, m: MathContext) => dsig(a.times(2), m).times(4);

export const LOGISTIC = [
  // sigma(a) = 1/(1 + e^-a); derivative sigma(a) sigma(-a); condition |a| sigma(-a) <= |a| (a < 0), < 0.3 (a >= 0)
  defineActivation('sigmoid', {
    names: ['sigmoid', 'sigma', 'σ'],
    bareIsName: true,
    print: { text: 'sigma', latex: (x) => `\\sigma\\left(${x}\\right)` },
    value: ([a], m) => m.sigmoid(a!),
    partials: ([a], _v, m) => [dsig(a!, m)],
    conditioning: ([a]) => [a!.isNeg() ? lg(a!) : 0],
    heavy: true,
    derivative: ({ args: [a], self, d }) => mul(self, sub(ONE, self), d(a!)),
    binary: { fromExp: (A, x, t) => A.sigmoidFrom(x, t) },
    oneMinus: (x) => unary('sigmoid', unary('neg', x)),
    activation: {
      forward: (z) => unary('sigmoid', z),
      slope: (y) => mul(y, sub(ONE, y)),
      hint: 'Put the weighted input into the sigmoid, 1 / (1 + e^(-z)).',
      slopeHint: ', y(1 - y)',
      describe: 'sigmoid (logistic)',
      bounded: true,
    },
  }),
  // sigma'(a) = sigma(a)(1 - sigma(a)), written as one function in printed formulas; derivative
  // sigma'(a)(1 - 2 sigma(a)). Condition |a (1 - 2 sigma(a))| <= |a|.
  define('dsigmoid', 1, {
    names: ["sigma'", "σ'", "sigmoid'"],
    print: { latex: (x) => `\\sigma'\\left(${x}\\right)` },
    value: ([a], m) => dsig(a!, m),
    partials: ([a], _v, m) => [dsig(a!, m).times(m.sigmoid(a!.neg()).minus(m.sigmoid(a!)))],
    conditioning: ([a]) => [lg(a!)],
    heavy: true,
    derivative: ({ args: [a], self, d }) => mul(self, sub(ONE, mul(num('2'), unary('sigmoid', a!))), d(a!)),
    binary: { fromExp: (A, x, t) => A.mul(A.sigmoidFrom(x, t), A.sigmoidFrom(A.neg(x), t)) },
  }),
  // tanh a, by decimal.js (correctly rounded). 1 - |tanh a| = 2/(e^2|a| + 1) is below half a unit
  // of the last of p digits only when |a| > (p ln 10 + ln 4) / 2: only then is the rounded value
  // +-1 (decimal.js would spend minutes on a huge argument). Derivative 1 - tanh^2; condition <= 1.
  defineActivation('tanh', {
    names: ['tanh'],
    print: { latex: (x) => `\\tanh\\left(${x}\\right)` },
    value: ([a], m) =>
      a!.abs().gt(tanhSaturation(m.D.precision)) ? new m.D(a!.isNeg() ? -1 : 1) : m.D.tanh(a!),
    partials: ([a], _v, m) => [dtanh(a!, m)],
    conditioning: () => [0],
    heavy: true,
    derivative: ({ args: [a], self, d }) => mul(sub(ONE, pow(self, num('2'))), d(a!)),
    binary: { apply1: (A, x) => A.tanh(x) },
    oneMinusSquare: (x) => mul(num('4'), unary('dsigmoid', mul(num('2'), x))),
    activation: {
      forward: (z) => unary('tanh', z),
      slope: (y) => sub(ONE, pow(y, num('2'))),
      hint: 'Take tanh of the weighted input.',
      describe: 'tanh',
      bounded: true,
    },
  }),
  // softplus(a) = ln(1 + e^a); derivative sigma(a). Conditioning from the partials. No binary value.
  defineActivation('softplus', {
    names: ['softplus'],
    print: { latex: (x) => `\\operatorname{softplus}\\left(${x}\\right)` },
    value: ([a], m) => softplus(a!, m),
    partials: ([a], _v, m) => [a!.isNaN() ? nan(m) : m.sigmoid(a!)],
    heavy: true,
    derivative: ({ args: [a], d }) => mul(unary('sigmoid', a!), d(a!)),
    activation: {
      forward: (z) => unary('softplus', z),
      slope: (_y, z) => unary('sigmoid', z),
      hint: 'Take ln(1 + e^z) of the weighted input: a smooth max(0, z).',
      describe: 'softplus (ln(1 + e^z))',
    },
  }),
  // silu(a) = a sigma(a) (the swish of Ramachandran et al.); derivative sigma(a) + silu(a) sigma(-a),
  // that is sigma(a) (1 + a (1 - sigma(a))). The product is taken with guard digits and rounded once.
  defineActivation('silu', {
    names: ['silu'],
    print: { latex: (x) => `\\operatorname{SiLU}\\left(${x}\\right)` },
    value: ([a], m) => silu(a!, m),
    partials: ([a], v, m) => [m.sigmoid(a!).plus(v.times(m.sigmoid(a!.neg())))],
    heavy: true,
    derivative: ({ args: [a], self, d }) =>
      mul(add(unary('sigmoid', a!), mul(self, unary('sigmoid', unary('neg', a!)))), d(a!)),
    binary: { fromExp: (A, x, t) => A.mul(x, A.sigmoidFrom(x, t)) },
    activation: {
      forward: (z) => unary('silu', z),
      // y + sigma(z) (1 - y): sigma(z) + z sigma(z) (1 - sigma(z)) written through the output
      slope: (y, z) => add(y, mul(unary('sigmoid', z), sub(ONE, y))),
      hint: 'Multiply the weighted input by its sigmoid, z / (1 + e^(-z)).',
      describe: 'silu (z sigma(z), the swish)',
    },
  }),
] as const;

/**
 * softplus(x) = ln(1 + e^x), as max(x, 0) + log1p(e^-|x|): a tiny softplus of a very negative x
 * keeps its relative precision and a large x gives x itself; rounded once. Both terms are
 * positive, so nothing cancels.
 */
function softplus(x: Dec, m: MathContext): Dec {
  if (x.isNaN()) return x;
  const w = wider(m, 5);
  const u = w.exp(new w.D(x).abs().neg());
  return roundOnce(w.D.max(new w.D(x), 0).plus(log1p(u, w)), m);
}

/** x sigma(x): the sigmoid and the product at 5 guard digits, then rounded once (within one unit). */
function silu(x: Dec, m: MathContext): Dec {
  const w = wider(m, 5);
  return roundOnce(new w.D(x).times(w.sigmoid(x)), m);
}

// Smallest |a| from which tanh(a) rounds to +-1 at p digits, with a margin of one: (p ln 10 + ln 4)/2 + 1.
const saturation = new Map<number, number>();
function tanhSaturation(p: number): number {
  let t = saturation.get(p);
  if (t === undefined) saturation.set(p, (t = Math.ceil((p * Math.LN10 + Math.log(4)) / 2) + 1));
  return t;
}
