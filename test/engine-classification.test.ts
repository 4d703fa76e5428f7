/**
 * Seeded random networks with every new activation (leaky-relu, softplus, softmax), loss (squared,
 * cross-entropy, binary cross-entropy, by the chain or the combined route) and optimiser (sgd,
 * adam, rmsprop), against mpmath values computed by plain loops
 * (test/fixtures/gen_classification_reference.py, seed in the file): every value to at least 30
 * significant digits. The generator writes each network's exercise text beside its values, so
 * the engine computes exactly the network mpmath did.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { decimalAt } from '../src/engine/numbers.js';
import { loadExerciseText } from '../src/exercise/load.js';

interface RandomCase {
  readonly yaml: string;
  readonly values: Record<string, string>;
}
const file = JSON.parse(
  readFileSync(new URL('./fixtures/classification-reference.json', import.meta.url), 'utf8'),
) as {
  generated_by: string;
  random: Record<string, RandomCase>;
};
const R = decimalAt(80);
const DIGITS = 30;

describe(`random classification networks (${file.generated_by})`, () => {
  const cases = Object.entries(file.random);
  it('cover every new activation, loss, route and optimiser', () => {
    const all = cases.map(([, c]) => c.yaml).join('\n');
    for (const word of [
      'leaky-relu',
      'softplus',
      'softmax',
      'type: cross-entropy',
      'binary-cross-entropy',
      'route: combined',
      'route: chain',
      'optimiser: adam',
      'optimiser: rmsprop',
    ]) {
      expect(all, word).toContain(word);
    }
  });

  it.each(cases)('%s agrees with mpmath to 30 digits', (id, c) => {
    const { exercise, plan } = loadExerciseText(`${id}.yaml`, c.yaml);
    const values = evaluatePlan(plan, { precision: exercise.working });
    const entries = Object.entries(c.values);
    expect(entries.length).toBeGreaterThan(5);
    for (const [key, want] of entries) {
      const got = values.get(key);
      expect(got, `${id} ${key}: no such step`).toBeDefined();
      const w = new R(want);
      const diff = new R(got!.toString()).minus(w).abs();
      const scale = w.isZero() ? new R(1) : w.abs();
      expect(
        diff.lte(scale.times(new R(10).pow(-DIGITS))),
        `${id} ${key}: engine ${got!.toString()} vs mpmath ${want}`,
      ).toBe(true);
    }
  });
});
