import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assess, mistakeValues } from '../src/judge/index.js';
import type { Context, Mistake } from '../src/judge/index.js';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { solveExercise } from '../src/engine/solved.js';
import { decimalAt } from '../src/engine/numbers.js';
import { loadExerciseText } from '../src/exercise/load.js';

/*
 * Which mistakes apply where, and their values, on small exercises with identity activations so
 * that every value is a short exact decimal worked by hand in the comments.
 */
function contextOf(yaml: string, accepted: Record<string, string> = {}): Context {
  const { exercise, plan } = loadExerciseText('inline.yaml', yaml);
  const D = decimalAt(exercise.working);
  return {
    solved: solveExercise(exercise, plan),
    accepted: new Map(Object.entries(accepted).map(([k, v]) => [k, new D(v)])),
  };
}
const codes = (ms: Mistake[]) => ms.map((m) => `${m.code} ${m.value.toFixed()}`);

// z = 2 * 0.5 + 4 * (-0.25) + 1 = 1; y = z; E = 1/2 (y - t)^2 = 1/2 (1 - 3)^2 = 2; dE/dy = y - t = -2;
// dE/dz = -2; dE/dw1 = -2 * 2 = -4; dE/dw2 = -2 * 4 = -8; w1@2 = 0.5 - 0.1 * (-4) = 0.9;
// w2@2 = -0.25 - 0.1 * (-8) = 0.55; z@2 = 2 * 0.9 + 4 * 0.55 + 1 = 5.
const biasFixed = `
id: bias-fixed
title: One linear neuron with a fixed bias
precision: { decimals: 4 }
network:
  layers:
    - { name: input, neurons: [A, B] }
    - { name: output, neurons: [O], activation: identity }
  weights:
    w1: { from: A, to: O, value: 0.5 }
    w2: { from: B, to: O, value: -0.25 }
  biases: { O: 1 }
examples:
  - inputs: { A: 2, B: 4 }
    targets: 3
loss: { scale: half, difference: output-minus-target }
training: { learning_rate: 0.1, iterations: 1, forward_after: true, update_biases: false }
`;

// z_H = 2; y_P = 1, y_Q = -2; dE/dz_P = -(2 - 1) = -1; dE/dz_Q = -(0.5 + 2) = -2.5;
// dE/dy_H = dE/dz_P * w2 + dE/dz_Q * w3 = -0.5 + 2.5 = 2; dE/dw1 = 2 * 1 = 2; dE/dw2 = -1 * 2 = -2;
// dE/dw3 = -2.5 * 2 = -5; eta = 1: w1@2 = 0, w2@2 = 2.5, w3@2 = 4.
const twoPaths = `
id: two-paths
title: One hidden neuron feeding two outputs
precision: { decimals: 4 }
network:
  layers:
    - { name: input, neurons: [A] }
    - { name: hidden, neurons: [H], activation: identity }
    - { name: output, neurons: [P, Q], activation: identity }
  weights:
    w1: { from: A, to: H, value: 2 }
    w2: { from: H, to: P, value: 0.5 }
    w3: { from: H, to: Q, value: -1 }
examples:
  - inputs: { A: 1 }
    targets: { P: 2, Q: 0.5 }
loss: { scale: half }
training: { learning_rate: 1, iterations: 1 }
`;

// y[1] = 1, y[2] = 3; E[1] = 1/2 (2 - 1)^2 = 0.5; E[2] = 1/2 (1 - 3)^2 = 2; E = 1/2 (0.5 + 2) = 1.25;
// dE/dw1[1] = -(2 - 1) * 1 = -1; dE/dw1[2] = -(1 - 3) * 3 = 6; dE/dw1 = 1/2 (-1 + 6) = 2.5.
const meanBatch = `
id: mean-batch
title: A batch of two with the mean error
precision: { decimals: 4 }
network:
  layers:
    - { name: input, neurons: [A] }
    - { name: output, neurons: [O], activation: identity }
  weights:
    w1: { from: A, to: O, value: 1 }
examples:
  - { inputs: { A: 1 }, targets: 2 }
  - { inputs: { A: 3 }, targets: 1 }
loss: { scale: half, batch: mean }
training: { learning_rate: 0.5, iterations: 1 }
`;

// y = 1 * 0.5 + 3 * 1 = 3.5; residual = t - y = 0.5; delta_w1 = eta (1/2) x_A residual
// = 0.1 * 0.5 * 1 * 0.5 = 0.025.
const deltaRule = `
id: delta-rule
title: The delta rule on one linear neuron
precision: { decimals: 4 }
network:
  layers:
    - { name: input, neurons: [A, B] }
    - { name: output, neurons: [O], activation: identity }
  weights:
    w1: { from: A, to: O, value: 0.5 }
    w2: { from: B, to: O, value: 1 }
examples:
  - inputs: { A: 1, B: 3 }
    targets: 4
training: { rule: delta, learning_rate: 0.1, iterations: 1 }
`;

describe('mistakeValues', () => {
  it('the delta rule: the input of the other weight, the 1/n, the rate, the residual reversed', () => {
    const ctx = contextOf(deltaRule);
    // x_B for x_A: 0.1 * 0.5 * 3 * 0.5 = 0.075; without 1/2: 0.05; without eta: 0.5 * 1 * 0.5 = 0.25
    expect(codes(mistakeValues(ctx, 'delta_w1'))).toEqual([
      'wrong-input 0.075',
      'mean-dropped 0.05',
      'rate-forgotten 0.25',
      'sign-flipped -0.025',
    ]);
    expect(codes(mistakeValues(ctx, 'residual'))).toEqual(['difference-reversed -0.5', 'sign-flipped -0.5']);
    expect(
      assess(contextOf(deltaRule, { z: '3.5', y: '3.5', residual: '0.5' }), 'delta_w1', '0.05').message,
    ).toMatch(/1\/2/);
  });

  it('a sum over paths: each path left out, the updated weights, the sign', () => {
    // leaving out the path through P leaves 2.5; through Q, -0.5; with w2@2 = 2.5 and w3@2 = 4:
    // -1 * 2.5 + (-2.5) * 4 = -12.5
    expect(codes(mistakeValues(contextOf(twoPaths), 'dE/dy_H'))).toEqual([
      'updated-weight-in-backward -12.5',
      'path-left-out 2.5',
      'path-left-out -0.5',
      'sign-flipped -2',
    ]);
  });

  it('leaves out mistakes that give the right value: the slope of an identity neuron, eta = 1', () => {
    const ctx = contextOf(twoPaths);
    expect(mistakeValues(ctx, 'dE/dz_P').map((m) => m.code)).toEqual(['sign-flipped']);
    // w1@2 = 2 - 1 * 2 = 0; without eta the same; added: 2 + 2 = 4
    expect(codes(mistakeValues(ctx, 'w1@2'))).toEqual(['gradient-added 4']);
  });

  it('leaves out the sign flip of a zero', () => {
    // with A = 0: z = -1 + 1 = 0; dE/dz = 0 - 3 = -3; dE/dw1 = -3 * 0 = 0; the wrong input: -3 * 4 = -12;
    // the weight for the input: -3 * 0.5 = -1.5
    const ctx = contextOf(biasFixed.replace('A: 2, B: 4', 'A: 0, B: 4'));
    expect(codes(mistakeValues(ctx, 'dE/dw1'))).toEqual(['wrong-input -12', 'weight-for-input -1.5']);
  });

  it('a bias the exercise keeps fixed, moved anyway; weights swapped', () => {
    // b would become 1 - 0.1 * (-2) = 1.2, so z@2 = 5.2; swapped: 2 * 0.55 + 4 * 0.9 + 1 = 5.7
    expect(codes(mistakeValues(contextOf(biasFixed), 'z@2'))).toEqual([
      'wrong-weight 5.7',
      'bias-updated-wrongly 5.2',
    ]);
  });

  it('the update: the rate forgotten, the gradient added', () => {
    // 0.5 - (-4) = 4.5; 0.5 + 0.1 * (-4) = 0.1
    expect(codes(mistakeValues(contextOf(biasFixed), 'w1@2'))).toEqual([
      'rate-forgotten 4.5',
      'gradient-added 0.1',
    ]);
  });

  it('a difference written y - t, reversed, is named before the plain sign flip', () => {
    // dE/dy = y - t = -2; reversed: t - y = 2, which is also the sign flip; without the 1/2: 2 (y - t) = -4
    expect(codes(mistakeValues(contextOf(biasFixed), 'dE/dy'))).toEqual([
      'difference-reversed 2',
      'half-dropped -4',
      'sign-flipped 2',
    ]);
    const a = assess(contextOf(biasFixed, { z: '1', y: '1', E: '2' }), 'dE/dy', '2');
    expect(a.mistake?.code).toBe('difference-reversed');
    expect(a.message).toMatch(/dE\/dy = y - t/);
  });

  it('the mean over a batch left out', () => {
    const ctx = contextOf(meanBatch);
    // sum instead of mean: 0.5 + 2 = 2.5 and -1 + 6 = 5; one example alone: E[1] = 1/2 (1 - 2)^2 = 0.5,
    // E[2] = 1/2 (3 - 1)^2 = 2, and their gradients (1 - 2) * 1 = -1, (3 - 1) * 3 = 6
    expect(codes(mistakeValues(ctx, 'E'))).toEqual([
      'mean-dropped 2.5',
      'one-example-only 0.5',
      'one-example-only 2',
    ]);
    expect(codes(mistakeValues(ctx, 'dE/dw1'))).toEqual([
      'mean-dropped 5',
      'one-example-only -1',
      'one-example-only 6',
      'sign-flipped -2.5',
    ]);
    // one example's error without its 1/2: (2 - 1)^2 = 1
    expect(codes(mistakeValues(ctx, 'E[1]'))).toEqual(['half-dropped 1']);
    const a = assess(
      contextOf(meanBatch, {
        'z[1]': '1',
        'y[1]': '1',
        'z[2]': '3',
        'y[2]': '3',
        'E[1]': '0.5',
        'E[2]': '2',
      }),
      'E',
      '2.5',
    );
    expect(a.mistake?.code).toBe('mean-dropped');
    expect(a.message).toMatch(/divide by 2/);
  });

  it('names a path left out in the walkthrough', () => {
    const ctx = contextOf(twoPaths, {
      z_H: '2',
      y_H: '2',
      z_P: '1',
      y_P: '1',
      z_Q: '-2',
      y_Q: '-2',
      E: '3.625',
      'dE/dy_P': '-1',
      'dy_P/dz_P': '1',
      'dE/dz_P': '-1',
      'dz_P/dw2': '2',
      'dE/dw2': '-2',
      'dE/dy_Q': '-2.5',
      'dy_Q/dz_Q': '1',
      'dE/dz_Q': '-2.5',
      'dz_Q/dw3': '2',
      'dE/dw3': '-5',
    });
    const a = assess(ctx, 'dE/dy_H', '2.5');
    expect(a.mistake?.code).toBe('path-left-out');
    expect(a.message).toMatch(/dE\/dz_P \* w2/);
    expect(assess(ctx, 'dE/dy_H', '2').kind).toBe('right');
  });

  it('every mistake on the bundled network differs from the right value at 4 decimals', () => {
    const { exercise, plan } = loadExerciseText(
      'two-two-one-network.yaml',
      readFileSync(new URL('../exercises/two-two-one-network.yaml', import.meta.url), 'utf8'),
    );
    const exact = evaluatePlan(plan, { precision: exercise.working });
    const ctx: Context = { solved: solveExercise(exercise, plan), accepted: new Map() };
    for (const s of plan.iteration(1)) {
      for (const m of mistakeValues(ctx, s.id)) {
        expect(m.value.minus(exact.get(s.id)!).abs().gt('0.00005')).toBe(true);
      }
    }
    expect(mistakeValues(ctx, 'dE/dy_F').map((m) => m.code)).toEqual([
      'difference-reversed',
      'half-dropped',
      'sign-flipped',
    ]);
  });
});
