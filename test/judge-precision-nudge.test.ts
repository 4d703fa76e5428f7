/**
 * The precision nudge ("give 6 significant figures") counts in the unit the exercise uses: an
 * answer with as many significant figures as asked is never told to give them, whatever its
 * magnitude against the right value's (issue 20: Adam's -0.000104031 was).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assess } from '../src/judge/index.js';
import type { Context } from '../src/judge/index.js';
import { decimalAt } from '../src/engine/numbers.js';
import type { Dec } from '../src/engine/numbers.js';
import { allSteps } from '../src/engine/plan.js';
import { solveExercise } from '../src/engine/solved.js';
import { loadExerciseText } from '../src/exercise/load.js';

const { exercise, plan } = loadExerciseText(
  'adam-two-steps.yaml',
  readFileSync(new URL('../exercises/adam-two-steps.yaml', import.meta.url), 'utf8'),
);
const solved = solveExercise(exercise, plan);
const D = decimalAt(exercise.working);

/** Every step before `stepId` written down exactly (the nudge does not depend on them). */
function before(stepId: string): Context {
  const accepted = new Map<string, Dec>();
  for (const s of allSteps(plan)) {
    if (s.id === stepId) break;
    accepted.set(s.id, solved.exact.get(s.id) ?? new D(0));
  }
  return { solved, accepted };
}

describe('the precision nudge in significant figures (adam-two-steps: 6 significant figures)', () => {
  // v_w1@2 = (1 - beta2) g^2 with beta2 = 0.999 and g = dE/dw1 = -0.104031063867...:
  // 0.001 * 0.0108224622... = 0.0000108224622..., whose 6th significant digit is at 1e-10.
  const id = 'v_w1@2';
  it('a wrong answer with 6 significant figures is not told to give 6 (it has them)', () => {
    // (1 - beta2) g, the square forgotten: -0.000104031 (6 significant figures, last digit 1e-9).
    const a = assess(before(id), id, '-0.000104031');
    expect(a.kind).toBe('wrong');
    expect(a.message).not.toMatch(/significant/);
  });
  it('a wrong answer with 3 significant figures is told to give 6', () => {
    const a = assess(before(id), id, '0.0000109');
    expect(a.kind).toBe('wrong');
    expect(a.message).toMatch(/give 6 significant figures/);
  });
  it('a right answer with 3 significant figures is right so far', () => {
    const a = assess(before(id), id, '0.0000108');
    expect(a.kind).toBe('imprecise');
    expect(a.message).toBe('Right so far, but give 6 significant figures.');
  });
  it('the right answer with 6 significant figures is right', () => {
    expect(assess(before(id), id, '0.0000108225').kind).toBe('right');
  });
});
