import { describe, expect, it } from 'vitest';
import { graphExercise, rowOf, verifyYaml } from './verify-support.js';

/**
 * Printed formulas in symbols against the step, at the exercise's values and at other points.
 * The graph is p = a b, q = p c with a = 0.3, b = 0.7, c = 1.1, so q = a b c = 0.231.
 */
const formula = (text: string, symbols = '') =>
  rowOf(
    verifyYaml(
      graphExercise(
        { a: '0.3', b: '0.7', c: '1.1' },
        { p: 'a * b', q: 'p * c' },
        { q: { printed_formula: text } },
      ) + symbols,
    ),
    'q',
    'formula',
  );

describe('printed formulas', () => {
  it('agrees with an equivalent formula', () => {
    const r = formula('a * b * c');
    expect(r.verdict).toBe('match');
    expect(r.explanation).toBe("agrees with the step at the exercise's values and at 4 other points");
    expect(r.shownExact).toBe('0.231000');
  });

  it('names the symbol that, put in place of another, makes them agree', () => {
    // a p = a^2 b; with c in place of a: c p = a b c.
    const r = formula('a * p');
    expect(r.verdict).toBe('erratum');
    expect(r.slip).toBe('substitution');
    // at the exercise's values: 0.3 * 0.21 = 0.063 against 0.231
    expect(r.explanation).toBe(
      'the printed formula gives 0.063, the step 0.231; with c in place of a it agrees at every point tested',
    );
  });

  it('uses the name as typed in the formula', () => {
    const r = formula('p * k', 'symbols:\n  k: a\n');
    expect(r.explanation).toContain('with c in place of k it agrees');
  });

  it('names a missing factor', () => {
    const r = formula('a * b');
    expect(r.slip).toBe('factor');
    expect(r.explanation).toBe(
      'the printed formula gives 0.21, the step 0.231; it lacks a factor c: the step is the printed formula times c at every point tested',
    );
  });

  it('names an extra factor', () => {
    const r = formula('a * b * c * c');
    expect(r.slip).toBe('factor');
    expect(r.explanation).toContain('it has an extra factor c');
  });

  it('names a constant factor', () => {
    const r = formula('2 * a * b * c');
    expect(r.slip).toBe('factor');
    expect(r.explanation).toContain('the step is always 0.5 times the printed formula');
  });

  it('says when no single change explains the difference', () => {
    const r = formula('a + b + c');
    expect(r.verdict).toBe('erratum');
    expect(r.slip).toBeUndefined();
    expect(r.explanation).toContain('no single substitution or factor makes them agree');
  });
});

describe('hyperparameters stay as the exercise sets them', () => {
  // The delta rule on one linear neuron: delta_w = eta x_A (t - y). A source may leave out a
  // learning rate of 1, but not one of 0.5.
  const network = (rate: string) =>
    verifyYaml(`id: rate
title: rate
network:
  layers:
    - { neurons: [A] }
    - { neurons: [F], activation: identity }
  weights: { w: { from: A, to: F, value: 0.5 } }
examples: [{ inputs: [2], targets: 3 }]
training: { rule: delta, divide_by_inputs: false, learning_rate: ${rate}, iterations: 1 }
steps:
  delta_w: { printed_formula: "x_A * residual" }
`);

  it('accepts a formula without a learning rate of 1', () => {
    expect(rowOf(network('1'), 'delta_w', 'formula').verdict).toBe('match');
  });

  it('finds the learning rate missing when it is not 1', () => {
    // y = 0.5 * 2 = 1, residual 2, delta_w = 0.5 * 2 * 2 = 2; the formula gives 4.
    const r = rowOf(network('0.5'), 'delta_w', 'formula');
    expect(r.verdict).toBe('erratum');
    expect(r.explanation).toBe(
      'the printed formula gives 4, the step 2; it lacks a factor eta: the step is the printed formula times eta at every point tested',
    );
  });
});
