/**
 * Every bundled exercise has `variants:`, and a class set of 30 (seeds 1..30, as `backstep
 * variants --count 30` draws them) holds at least 25 distinct number sets; the drawing takes
 * seed k to position k - 1 of a shuffle of the space, so in fact all 30 differ whenever the
 * space holds 30 and no redraw lands on another seed's position.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drawVariant, possibleSets } from '../src/authoring/variants.js';
import { loadExerciseText } from '../src/exercise/load.js';

const dir = new URL('../exercises/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('variants of the bundled exercises', () => {
  it.each(files)('%s draws 30 distinct sets for seeds 1..30', (file) => {
    const { exercise } = loadExerciseText(file, readFileSync(new URL(file, dir), 'utf8'));
    expect(exercise.variants.size, 'declares variants').toBeGreaterThan(0);
    expect(possibleSets(exercise)).toBeGreaterThanOrEqual(30n);
    const sets = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify([...drawVariant(exercise, String(i + 1)).values]),
    );
    expect(new Set(sets).size).toBe(30);
  });
});
