import { describe, expect, it } from 'vitest';
import { checkText } from '../src/commands/check.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { stepHint } from '../src/exercise/step-hint.js';
import { preparePractice } from '../src/ui/practice-plan.js';
import { startSession } from '../src/ui/session.js';
import { T0, apply, revealUntil } from './ui-helpers.js';

// A 3x3 input and a 2x2 kernel: a 2x2 output Y and a 2x2 kernel gradient dE/dK, each cell a step.
// One hint is written for Y_1_1 and one for dE/dK_2_1; Y_2_2 has its own.
const LAYERS = `id: hint-family
title: One hint for a grid
precision: { decimals: 1 }
layers:
  input: [[1, 2, 3], [4, 5, 6], [7, 8, 10]]
  stack:
    - type: conv
      name: Y
      kernel: [[1, 2], [3, 5]]
  upstream: [[1, 2], [3, 4]]
steps:
  Y_1_1:
    hint: Lay the kernel on the cell's window, multiply cell by cell, and add.
  Y_2_2:
    hint: The bottom-right window holds the 10.
  dE/dK_2_1:
    hint: Each output gradient times the input cell this weight met in its window, summed.
`;

const missing = (text: string) =>
  checkText('hint-family.yaml', text)
    .filter((f) => f.code === 'missing-hint')
    .map((f) => f.message);

describe('a hint for one cell of a layer grid serves its family', () => {
  it('lint counts it for every cell of the family, and only for that family', () => {
    expect(missing(LAYERS)).toEqual([]);
    // Without the dE/dK_2_1 hint, each of the four kernel-gradient cells lacks one; Y keeps its own.
    const noGradientHint = LAYERS.replace(/ {2}dE\/dK_2_1:\n.*\n/, '');
    expect(missing(noGradientHint)).toEqual(
      ['dE/dK_1_1', 'dE/dK_1_2', 'dE/dK_2_1', 'dE/dK_2_2'].map((id) => `${id} is asked but has no hint`),
    );
  });

  it("the walkthrough's hint shows the family's hint for a sibling cell, and a cell's own hint first", () => {
    const { exercise, plan } = loadExerciseText('hint-family.yaml', LAYERS);
    const start = startSession(
      preparePractice(exercise, plan),
      { hash: 'h', file: 'hint-family.yaml' },
      { kind: 'none' },
      T0,
    );
    const hintAt = (id: string) => {
      const s = apply(revealUntil(start, id), { type: 'hint', at: T0 + 1e7 });
      return s.feedback.at(-1)?.text ?? '';
    };
    expect(hintAt('Y_1_2')).toContain("Lay the kernel on the cell's window, multiply cell by cell, and add.");
    expect(hintAt('Y_2_2')).toContain('The bottom-right window holds the 10.');
    expect(hintAt('Y_2_2')).not.toContain('Lay the kernel');
    expect(hintAt('dE/dK_1_1')).toContain('Each output gradient times the input cell');
  });

  it('outside layers a hint serves only its own step (w_1 and w_2 are different weights)', () => {
    const { exercise } = loadExerciseText(
      'graph.yaml',
      `id: graph-hints
title: Two inputs
graph:
  function: f
  inputs: { x_1: 2, x_2: 3 }
  nodes:
    a_1: x_1 * x_2
    a_2: a_1 + x_1
  output: a_2
steps:
  a_1:
    hint: Multiply the two inputs.
`,
    );
    expect(stepHint(exercise, 'a_1')).toBe('Multiply the two inputs.');
    expect(stepHint(exercise, 'a_2')).toBeUndefined();
  });
});
