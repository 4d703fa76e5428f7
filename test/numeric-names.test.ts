/**
 * Neurons named by numbers ('1', '2', ...): a bare number in words ("weighted input of 1") or in
 * the picture reads as a value, so everywhere a learner reads a neuron's name it is #1, and the
 * step ids keep the name (z_1), since they are typed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExerciseText } from '../src/exercise/load.js';
import { neuronLabel } from '../src/engine/tex-names.js';
import { pictureOf } from '../src/render/picture.js';
import { buildSolution } from '../src/render/solution.js';
import { renderText } from '../src/render/text.js';
import { lineText } from '../src/ui/lines.js';
import { preparePractice } from '../src/ui/practice-plan.js';
import { screenLines } from '../src/ui/screen.js';
import { startSession } from '../src/ui/session.js';
import { T0 } from './ui-helpers.js';

const YAML = readFileSync(new URL('./fixtures/numbered-neurons.yaml', import.meta.url), 'utf8');

describe('numeric neuron names', () => {
  const { exercise, plan } = loadExerciseText('numbered.yaml', YAML);

  it('neuronLabel marks a name that starts with a digit, and leaves others alone', () => {
    expect(neuronLabel('1')).toBe('#1');
    expect(neuronLabel('10a')).toBe('#10a');
    expect(neuronLabel('h1')).toBe('h1');
    expect(neuronLabel('A')).toBe('A');
  });

  it('descriptions of steps and givens never name a neuron by a bare number', () => {
    const texts = [...plan.givens.map((g) => g.describe), ...plan.iteration(1).map((s) => s.describe)];
    expect(texts).toContain('weighted input of #3');
    expect(texts).toContain('input #1');
    expect(texts).toContain('weight from #1 to #3');
    expect(texts).toContain('bias of #5');
    for (const t of texts) expect(t, t).not.toMatch(/\b(of|from|to|input|output) [0-9]\b/);
    // The ids keep the names as they are typed.
    expect(plan.iteration(1).map((s) => s.id)).toContain('z_3');
  });

  it('the solution picture and the walkthrough screen show #n, like the descriptions', () => {
    expect(pictureOf(exercise).columns[1]!.nodes.map((n) => n.name)).toEqual(['#3', '#4']);
    const s = startSession(
      preparePractice(exercise, plan),
      { hash: 'h', file: 'numbered.yaml' },
      { kind: 'none' },
      T0,
    );
    const shot = screenLines(s, { columns: 80, rows: 24 }).map(lineText).join('\n');
    expect(shot).toContain('z_3: weighted input of #3');
    expect(shot).toMatch(/#3 +z \?/);
    expect(shot).not.toMatch(/weighted input of 3\b/);
    const text = renderText(buildSolution(exercise, plan));
    expect(text).not.toMatch(/\b(of|from) [0-9]\b/);
  });
});
