/**
 * The unrolled RNN drawn as time columns (ui/rnn-picture.ts) on the bundled BPTT exercise: one
 * column per time step with t = 0 holding h_0, the asked value as `?`, values as they are known.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExerciseText } from '../src/exercise/load.js';
import { preparePractice } from '../src/ui/practice-plan.js';
import { rnnPicture } from '../src/ui/rnn-picture.js';

const text = (lines: ReadonlyArray<ReadonlyArray<{ text: string }>>) =>
  lines.map((l) => l.map((s) => s.text).join(''));

describe('the RNN picture', () => {
  const { exercise, plan } = loadExerciseText(
    'exercises/prachub-bptt.yaml',
    readFileSync(new URL('../exercises/prachub-bptt.yaml', import.meta.url), 'utf8'),
  );
  const practice = preparePractice(exercise, plan);
  const step = (id: string) => practice.steps.find((s) => s.id === id)!;

  it('draws time columns, the known values and the asked one', () => {
    const known = new Map([
      ['x_1_1', '1'],
      ['x_2_1', '2'],
      ['h_0', '0'],
      ['a_1', '0.5000'],
    ]);
    const pic = rnnPicture(practice, known, step('h_1'), 80, 20)!;
    const lines = text(pic.lines);
    expect(lines[0]).toMatch(/^quantity\s+t=0\s+t=1\s+t=2$/);
    expect(lines.find((l) => l.startsWith('x '))).toMatch(/^x\s+1\s+2$/);
    expect(lines.find((l) => l.startsWith('a '))).toMatch(/^a\s+0\.5000\s+·$/);
    // h: h_0 = 0 at t = 0, the asked h_1, h_2 not yet known.
    expect(lines.find((l) => l.startsWith('h '))).toMatch(/^h\s+0\s+\?\s+·$/);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([
      'quantity',
      'x',
      'a',
      'h',
      'y',
      'dE/dy',
      'dE/dh',
      'dE/da',
    ]);
    expect(pic.cropped).toBe(false);
  });

  it('is not drawn for an exercise without a recurrent layer', () => {
    const other = loadExerciseText(
      'exercises/alexkode-batchnorm.yaml',
      readFileSync(new URL('../exercises/alexkode-batchnorm.yaml', import.meta.url), 'utf8'),
    );
    const p = preparePractice(other.exercise, other.plan);
    expect(rnnPicture(p, new Map(), p.steps[0], 80, 20)).toBeUndefined();
  });
});
