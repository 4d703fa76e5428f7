/**
 * The piecewise-linear activations: relu and the threshold step. Both compare with 0 as
 * decimal.js does (step(-0) = 1, relu(-0) = +0), never round, and keep an undefined input
 * undefined rather than making it 0 or 1.
 */
import { mul, neg, num, sub, unary } from '../expr.js';
import { ZERO } from '../bigfloat.js';
import { int } from './context.js';
import { defineActivation } from './types.js';

const ONE = num('1');

export const PIECEWISE = [
  // relu(a) = max(0, a); derivative 1 for a > 0, else 0 (the left slope at the kink)
  defineActivation('relu', {
    names: ['relu'],
    print: { latex: (x) => `\\operatorname{ReLU}\\left(${x}\\right)` },
    value: ([a], m) => (a!.isNaN() || a!.gt(0) ? a! : int(m, 0)),
    partials: ([a], _v, m) => [int(m, a!.gt(0) ? 1 : 0)],
    // below 0 the value is 0 whatever a's error, as long as its sign is known (evaluate.ts)
    conditioning: ([a]) => [a!.gt(0) ? 0 : -Infinity],
    exact: true,
    derivative: ({ args: [a], d }) => mul(sub(ONE, unary('step', neg(a!))), d(a!)),
    binary: { apply1: (_A, v) => (v.m > 0n ? v : ZERO) },
    activation: {
      forward: (z) => unary('relu', z),
      // 1 for z > 0, else 0: one minus step(-z), since step(0) = 1
      slope: (_y, z) => sub(ONE, unary('step', neg(z))),
      hint: 'Keep the weighted input if it is positive; otherwise the output is 0.',
      describe: 'relu (max(0, z))',
      kink: ' (at z = 0 the slope is taken as 0)',
      convention: (_l, training) =>
        training ? "At z = 0 the ReLU's slope is taken as 0, its left slope." : undefined,
    },
  }),
  // step(a) = 1 if a >= 0 else 0 (the textbooks' threshold convention); derivative 0
  defineActivation('step', {
    names: ['step'],
    print: { latex: (x) => `\\operatorname{step}\\left(${x}\\right)` },
    value: ([a], m) => (a!.isNaN() ? a! : int(m, a!.gte(0) ? 1 : 0)),
    partials: (_a, _v, m) => [int(m, 0)],
    conditioning: () => [-Infinity],
    exact: true,
    derivative: () => num('0'),
    binary: { apply1: (A, v) => (v.m >= 0n ? A.one : ZERO) },
    activation: {
      forward: (z) => unary('step', z),
      slope: () => num('0'),
      hint: 'The threshold: 1 when the weighted input is 0 or more, otherwise 0.',
      describe: 'step (1 if z >= 0 else 0)',
      kink: ' (0 everywhere; undefined at z = 0)',
      convention: () => 'step(z) is 1 for z >= 0 and 0 below; its slope is 0 wherever it has one.',
      untrainable: true,
    },
  }),
] as const;
