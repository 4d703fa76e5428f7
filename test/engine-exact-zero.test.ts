/**
 * A sum of inexact terms that is exactly zero by its structure is certified as 0 at once
 * (exact-zero.ts), and one that only looks zero at the working digits is not: it is evaluated
 * again with more digits until its true value shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
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

  it('exact numbers over one inexact value cancel, also inside sums divided by an exact number', () => {
    // s = sqrt(8/3) is inexact. -2/s + 2/s = 0 (a normalised batch's sum), and
    // 2/s + (-(2/s) - (2/s) - (2/s))/3 = 2/s - 6/(3 s) = 0: both exactly 0 by hand.
    const text =
      'id: g\ntitle: g\ngraph:\n  inputs: { x: 8, y: 3 }\n  nodes:\n    s: sqrt(x/y)\n' +
      '    a: -2/s + 2/s\n    m: -(2/s) - (2/s) - (2/s)\n    b: 2/s + m/3\n';
    const { plan } = loadExerciseText('g.yaml', text);
    const values = evaluatePlan(plan, { precision: 40 });
    expect(values.get('a')!.toString()).toBe('0');
    expect(values.get('b')!.toString()).toBe('0');
    // Both certified (the graph's adjoints, sums of -2/s^2 terms, are another matter).
    expect(values.uncertain.has('a') || values.uncertain.has('b')).toBe(false);
  });

  it('a sum that is close to 0 but not zero by structure is not certified as 0', () => {
    // 2/s - 2.000001/s: the numerators differ, so the sum is -0.000001/s, not 0.
    const text =
      'id: g\ntitle: g\ngraph:\n  inputs: { x: 8, y: 3 }\n  nodes:\n    s: sqrt(x/y)\n    a: 2/s - 2.000001/s\n';
    const { plan } = loadExerciseText('g.yaml', text);
    const values = evaluatePlan(plan, { precision: 40 });
    // mpmath: -0.000001/sqrt(8/3) = -6.123724356957945245493210186764728479915e-7
    expect(values.get('a')!.toString()).toBe('-0.0000006123724356957945245493210186764728479915');
  });

  it('a difference that is 0 only at the working digits is not taken for an exact zero', () => {
    const text =
      'id: g\ntitle: g\ngraph:\n  function: f\n  inputs: { x: 1 }\n  nodes:\n    a: exp(-200 x)\n    b: a + 1\n    c: b - 1\n';
    const { plan } = loadExerciseText('g.yaml', text);
    const values = evaluatePlan(plan, { precision: 40 });
    // mpmath: exp(-200) = 1.383896526736737530648681456979084685403e-87 (40 digits)
    expect(values.get('c')!.toString()).toBe('1.383896526736737530648681456979084685403e-87');
  });

  it('relu below 0 is exactly 0, and what is computed from it stays certain', () => {
    const text =
      'id: g\ntitle: g\ngraph:\n  inputs: { x: 0.3, y: 0.7 }\n  nodes:\n    a: tanh(x) - 1\n    r: relu(a)\n    s: sigmoid(r * 3 + y)\n';
    const { plan } = loadExerciseText('g.yaml', text);
    const values = evaluatePlan(plan, { precision: 40 });
    expect(values.get('r')!.toString()).toBe('0');
    // sigma(0.7) = 1 / (1 + e^-0.7), by decimal.js at 60 digits, rounded to 40.
    const D = Decimal.clone({ precision: 60 });
    expect(values.get('s')!.toString()).toBe(
      new D(1).div(new D('-0.7').exp().plus(1)).toSignificantDigits(40).toString(),
    );
    expect([...values.uncertain]).toEqual([]);
  });

  // softmax-cross-entropy: the shift z_k - max(z) of the largest z is exactly 0 (max returns that
  // very value); it looked like an inexact 0 before, and the whole softmax went uncertain.
  it('no bundled exercise has a value it cannot certify', () => {
    for (const file of readdirSync(new URL('../exercises/', import.meta.url)).filter((f) =>
      f.endsWith('.yaml'),
    )) {
      const text = readFileSync(new URL(`../exercises/${file}`, import.meta.url), 'utf8');
      const { exercise, plan } = loadExerciseText(file, text);
      if (plan.stepsPerIteration * Math.max(1, plan.iterations) > 3000) continue; // replayed instead
      expect([...evaluatePlan(plan, { precision: exercise.working }).uncertain], file).toEqual([]);
    }
  });
});
