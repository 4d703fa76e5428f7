/**
 * The arithmetic operations: + - * / ^, negation, max and |a|. The symbolic derivatives are the
 * lecture notes' (d(x^2)/dx = 2 x); `diff.ts` simplifies them.
 */
import { add, div, mul, neg, num, pow, sub, unary } from '../expr.js';
import { decimalAt, DEFAULT_WORKING_PRECISION } from '../numbers.js';
import { ZERO } from '../bigfloat.js';
import { int, lg, nan, one, sumFits } from './context.js';
import { define } from './types.js';

const ZERO_E = num('0');

export const ARITHMETIC = [
  // a + b + ...; each partial is 1. Cancellation: |a_i| / |sum| is how much a_i's error grows.
  define('add', 'n', {
    value: (a) => a.reduce((s, x) => s.plus(x)),
    partials: (a, _v, m) => a.map(() => one(m)),
    conditioning: (a, v) => a.map((x) => lg(x) - lg(v)),
    fits: (a, W) => sumFits(a, W),
    derivative: ({ args, d }) => add(...args.map(d)),
    binary: { apply2: (A, x, y) => A.add(x, y) },
  }),
  // a * b * ...; d/da_i is the product of the others
  define('mul', 'n', {
    value: (a) => a.reduce((p, x) => p.times(x)),
    partials: (a, _v, m) => a.map((_, i) => a.reduce((p, x, j) => (j === i ? p : p.times(x)), one(m))),
    conditioning: (a) => a.map(() => 0),
    // every partial product has at most the sum of the factors' digits
    fits: (a, W) => a.reduce((n, x) => n + x.sd(), 0) <= W,
    // Only the factors that contain v give a term (a product of many factors is quadratic otherwise).
    derivative: ({ args, d, mentions }) => {
      const terms = args.flatMap((a, i) =>
        mentions(a) ? [mul(...args.map((b, j) => (i === j ? d(a) : b)))] : [],
      );
      return terms.length === 0 ? ZERO_E : add(...terms);
    },
    binary: { apply2: (A, x, y) => A.mul(x, y) },
  }),
  // a - b
  define('sub', 2, {
    value: ([a, b]) => a!.minus(b!),
    partials: (_a, _v, m) => [one(m), int(m, -1)],
    conditioning: ([a, b], v) => [lg(a!) - lg(v), lg(b!) - lg(v)],
    fits: (a, W) => sumFits(a, W),
    derivative: ({ args: [a, b], d }) => sub(d(a!), d(b!)),
    binary: { apply2: (A, x, y) => A.sub(x, y) },
  }),
  // a / b; d/da = 1/b, d/db = -a/b^2; undefined at b = 0
  define('div', 2, {
    value: ([a, b], m) => (b!.isZero() ? nan(m) : a!.div(b!)),
    partials: ([a, b], _v, m) =>
      b!.isZero() ? [nan(m), nan(m)] : [one(m).div(b!), a!.neg().div(b!.times(b!))],
    conditioning: () => [0, 0],
    // A quotient that terminates within W digits is exact (a batch mean 9/3, a difference from it
    // that cancels to 0). Divided at 2W + 4 digits, such a quotient comes out whole, and its
    // product with b, at most 2W digits, returns a exactly; a rounded one cannot.
    fits: ([a, b], W) => {
      if (b!.isZero()) return false;
      const H = decimalAt(2 * W + 4);
      const q = new H(a!).div(new H(b!));
      return q.sd() <= W && q.times(new H(b!)).eq(new H(a!));
    },
    heavy: true,
    derivative: ({ args: [a, b], d }) => sub(div(d(a!), b!), div(mul(a!, d(b!)), pow(b!, num('2')))),
    binary: { apply2: (A, x, y) => A.div(x, y) },
  }),
  // a^b; d/da = b a^(b-1), d/db = a^b ln a (undefined for a < 0, 0 at a = 0). Its binary value is
  // compiled by bigfloat-compile.ts, which reads an integer exponent from the formula or a slot.
  define('pow', 2, {
    value: ([a, b]) => a!.pow(b!),
    partials: ([a, b], v, m) => [
      b!.isZero() ? int(m, 0) : b!.times(a!.pow(b!.minus(1))),
      a!.gt(0) ? v.times(a!.ln()) : a!.isZero() ? int(m, 0) : nan(m),
    ],
    // |b| for a; |b ln a| for b, with |ln a| <= ln 10 (|lg a| + 1) (a far from 1) or ~|a - 1|
    conditioning: ([a, b]) => [
      lg(b!),
      lg(b!) + (Math.abs(lg(a!)) > 0.5 ? Math.log10(2.31 * (Math.abs(lg(a!)) + 1)) : 0),
    ],
    heavy: true,
    derivative: ({ args: [a, b], self, d }) => {
      // b - 1 exactly: at a precision wider than the literal itself
      if (b!.op === 'num') {
        const W = decimalAt(b!.text.length + DEFAULT_WORKING_PRECISION);
        const square = new W(b!.text).eq(2);
        return mul(b!, square ? a! : pow(a!, num(new W(b!.text).minus(1).toString())), d(a!));
      }
      return mul(self, add(mul(d(b!), unary('ln', a!)), div(mul(b!, d(a!)), a!)));
    },
  }),
  // -a
  define('neg', 1, {
    value: ([a]) => a!.neg(),
    partials: (_a, _v, m) => [int(m, -1)],
    conditioning: () => [0],
    exact: true,
    derivative: ({ args: [a], d }) => neg(d(a!)),
    binary: { apply1: (A, x) => A.neg(x) },
  }),
  // max(a, b, ...): the largest; its partial is 1 for the first argument that attains it, else 0.
  // Only the softmax's shift uses it, whose total derivative is 0: it has no symbolic derivative.
  define('max', 'n', {
    value: (a) => a.reduce((x, y) => (y.gt(x) ? y : x)),
    partials: (a, v, m) => {
      const at = a.findIndex((x) => x.eq(v));
      return a.map((_, i) => int(m, i === at ? 1 : 0));
    },
    conditioning: (a) => a.map(() => 0),
    exact: true,
    binary: { apply2: (A, x, y) => A.max(x, y) },
  }),
  // |a|; derivative sign(a), written a/|a|. As decimal.js: |-0| = +0.
  define('abs', 1, {
    names: ['abs'],
    print: { latex: (x) => `\\operatorname{abs}\\left(${x}\\right)` },
    value: ([a]) => a!.abs(),
    partials: ([a], _v, m) => [int(m, a!.isZero() ? 0 : a!.isNeg() ? -1 : 1)],
    conditioning: () => [0],
    exact: true,
    derivative: ({ args: [a], self, d }) => mul(div(a!, self), d(a!)),
    binary: { apply1: (_A, v) => (v.m < 0n ? { m: -v.m, e: v.e } : v.m === 0n ? ZERO : v) },
  }),
] as const;
