/**
 * A sum of inexact terms that is exactly zero by its structure is certified as 0 at once
 * (exact-zero.ts), and one that only looks zero at the working digits is not: it is evaluated
 * again with more digits until its true value shows.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { loadExerciseText } from '../src/exercise/load.js';

const symmetric = `id: symmetric
title: symmetric hidden units
network:
  layers:
    - { name: input, neurons: [A, B] }
    - { name: hidden, neurons: [C, D], activation: sigmoid }
    - { name: output, neurons: [F], activation: sigmoid }
  weights:
    w1: { from: A, to: C, value: 0.1 }
    w2: { from: A, to: D, value: 0.1 }
    w3: { from: B, to: C, value: 0.4 }
    w4: { from: B, to: D, value: 0.4 }
    w5: { from: C, to: F, value: 0.5 }
    w6: { from: D, to: F, value: -0.5 }
examples:
  - inputs: { A: 0.23, B: 0.82 }
    targets: 1
loss: { scale: half, difference: target-minus-output }
training: { learning_rate: 0.7, iterations: 1, forward_after: true }
`;

describe('sums that are exactly zero', () => {
  it('symmetric hidden units with opposite outgoing weights: z_F is exactly 0, certified', () => {
    const { plan } = loadExerciseText('s.yaml', symmetric);
    const values = evaluatePlan(plan, { precision: 40 });
    expect(values.get('z_F')!.toString()).toBe('0');
    expect(values.get('y_F')!.toString()).toBe('0.5');
    expect([...values.uncertain]).toEqual([]);
  });

  it('a difference that is 0 only at the working digits is not taken for an exact zero', () => {
    const text =
      'id: g\ntitle: g\ngraph:\n  function: f\n  inputs: { x: 1 }\n  nodes:\n    a: exp(-200 x)\n    b: a + 1\n    c: b - 1\n';
    const { plan } = loadExerciseText('g.yaml', text);
    const values = evaluatePlan(plan, { precision: 40 });
    // mpmath: exp(-200) = 1.383896526736737530648681456979084685403e-87 (40 digits)
    expect(values.get('c')!.toString()).toBe('1.383896526736737530648681456979084685403e-87');
  });
});
