import { describe, expect, it } from 'vitest';
import { rowOf, verifyYaml } from './verify-support.js';

/**
 * verify's slips of method (src/verify/method-slips.ts), on linear networks whose values are
 * short decimals worked out by hand in the comments.
 */

/** A network exercise shown to 2 decimals, with these values printed. */
const withPrinted = (network: string, printed: Record<string, string>) =>
  `id: method-slip\ntitle: A constructed case\nprecision: { decimals: 2 }\n${network}steps:\n${Object.entries(
    printed,
  )
    .map(([id, v]) => `  "${id}": { printed: "${v}" }`)
    .join('\n')}\n`;

// One input x = 2 -> identity neuron h (w1 = 0.5) -> identity output o (w2 = 2), target 0,
// E = 1/2 (y_o - t)^2, eta = 0.1. Forward: y_h = 1, y_o = 2. Output: dE/dz_o = 2, dE/dw2 = 2 * 1 = 2,
// w2@2 = 2 - 0.1 * 2 = 1.8. Hidden, with the old w2: dE/dy_h = 2 * 2 = 4, dE/dw1 = 4 * 2 = 8,
// w1@2 = 0.5 - 0.8 = -0.3. With the updated w2 = 1.8: dE/dy_h = 3.6, dE/dw1 = 7.2, w1@2 = 0.5 - 0.72 = -0.22.
const twoLayers = (printed: Record<string, string>) =>
  withPrinted(
    `network:
  layers:
    - { neurons: [i] }
    - { neurons: [h], activation: identity }
    - { neurons: [o], activation: identity }
  weights: { w1: { from: i, to: h, value: 0.5 }, w2: { from: h, to: o, value: 2 } }
examples: [{ inputs: [2], targets: 0 }]
loss: { scale: half, difference: output-minus-target }
training: { learning_rate: 0.1 }
`,
    printed,
  );

// One identity neuron y = w x with w = 1 on two examples, x = 1 and x = 3, targets 0:
// y = 1, 3; E[n] = 0.5, 4.5; E is their mean 2.5 or their sum 5. dE/dw[n] = y x = 1, 9: mean 5, sum 10.
// eta = 0.05: w@2 = 1 - 0.05 * 5 = 0.75 with the mean, 1 - 0.05 * 10 = 0.5 with the sum.
const batch = (kind: 'mean' | 'sum', printed: Record<string, string>) =>
  withPrinted(
    `network:
  layers: [{ neurons: [i] }, { neurons: [o], activation: identity }]
  weights: { w: { from: i, to: o, value: 1 } }
examples: [{ inputs: [1], targets: 0 }, { inputs: [3], targets: 0 }]
loss: { scale: half, difference: output-minus-target, batch: ${kind} }
training: { learning_rate: 0.05, mode: batch }
`,
    printed,
  );

describe('hidden-layer deltas with the output weights already updated', () => {
  // Each printed alone: printed together, the later ones follow from the earlier printed ones (carried).
  it.each([
    ['dE/dy_h', '3.6'],
    ['dE/dw1', '7.2'],
    ['w1@2', '-0.22'],
  ])('names it for %s (printed from the updated w2 = 1.8: %s)', (step, value) => {
    const row = rowOf(verifyYaml(twoLayers({ [step]: value, 'dE/dw2': '2' })), step);
    expect(row.verdict).toBe('erratum');
    expect(row.slip).toBe('updated-weights');
    expect(row.explanation).toContain('used the weights already updated (w2@2 = 1.8)');
    expect(row.explanation).toContain(`that gives ${value}`);
  });

  it('leaves the output layer alone: its gradient does not read w2', () => {
    expect(rowOf(verifyYaml(twoLayers({ 'dE/dw2': '2' })), 'dE/dw2').verdict).toBe('match');
  });

  it('does not claim a printed value the updated weights do not give', () => {
    // 7.5 is neither 8 nor 7.2.
    const row = rowOf(verifyYaml(twoLayers({ 'dE/dw1': '7.5' })), 'dE/dw1');
    expect(row.verdict).toBe('erratum');
    expect(row.slip).not.toBe('updated-weights');
  });
});

describe('a batch error summed where the text takes the mean, or the reverse', () => {
  const SUM_FOR_MEAN = 'summed over the 2 examples where the text takes their mean';
  const MEAN_FOR_SUM = 'averaged over the 2 examples where the text sums them';
  it.each([
    ['mean', 'E', '5', SUM_FOR_MEAN],
    ['mean', 'dE/dw', '10', SUM_FOR_MEAN],
    ['mean', 'w@2', '0.5', SUM_FOR_MEAN],
    ['sum', 'E', '2.5', MEAN_FOR_SUM],
    ['sum', 'dE/dw', '5', MEAN_FOR_SUM],
    ['sum', 'w@2', '0.75', MEAN_FOR_SUM],
  ] as const)('the text takes the %s; %s printed %s', (kind, step, printed, words) => {
    const row = rowOf(verifyYaml(batch(kind, { [step]: printed })), step);
    expect(row.verdict).toBe('erratum');
    expect(row.slip).toBe('batch');
    expect(row.explanation).toContain(words);
    expect(row.explanation).toContain(`that gives ${printed}`);
  });

  it('matches the right convention without a slip', () => {
    expect(rowOf(verifyYaml(batch('mean', { E: '2.5', 'w@2': '0.75' })), 'E').verdict).toBe('match');
    expect(rowOf(verifyYaml(batch('sum', { E: '5', 'w@2': '0.5' })), 'w@2').verdict).toBe('match');
  });
});
