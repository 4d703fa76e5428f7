/** The exponential, the natural logarithm and the square root. */
import { div, mul, num } from '../expr.js';
import { lg, nan, one } from './context.js';
import { define } from './types.js';

export const EXP_LOG = [
  // e^a; derivative e^a; condition |a|
  define('exp', 1, {
    names: ['exp'],
    print: { latex: (x) => `\\exp\\left(${x}\\right)` },
    value: ([a], m) => m.exp(a!),
    partials: (_a, v) => [v],
    conditioning: ([a]) => [lg(a!)],
    heavy: true,
    derivative: ({ args: [a], self, d }) => mul(self, d(a!)),
    binary: { fromExp: (A, x, t) => A.expFrom(x, t) },
  }),
  // ln a (log is read as ln); derivative 1/a; condition 1/|ln a|. Undefined for a <= 0. No binary value.
  define('ln', 1, {
    names: ['ln', 'log'],
    print: { latex: (x) => `\\ln\\left(${x}\\right)` },
    value: ([a], m) => (a!.lte(0) ? nan(m) : a!.ln()),
    partials: ([a], _v, m) => [a!.gt(0) ? one(m).div(a!) : nan(m)],
    conditioning: (_a, v) => [-lg(v)],
    heavy: true,
    derivative: ({ args: [a], d }) => div(d(a!), a!),
  }),
  // sqrt a; derivative 1/(2 sqrt a), undefined at a <= 0 (where its slope is infinite); condition 1/2
  define('sqrt', 1, {
    names: ['sqrt'],
    print: { latex: (x) => `\\sqrt{${x}}` },
    value: ([a], m) => (a!.isNeg() ? nan(m) : a!.sqrt()),
    partials: ([a], v, m) => [a!.gt(0) ? one(m).div(v.times(2)) : nan(m)],
    conditioning: () => [-0.3],
    heavy: true,
    derivative: ({ args: [a], self, d }) => div(d(a!), mul(num('2'), self)),
    binary: { apply1: (A, x) => A.sqrt(x) },
  }),
] as const;
