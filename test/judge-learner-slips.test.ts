/**
 * The mistakes a new learner made in tmux that got only "Not quite" (issue 20): each is named
 * now. The mistaken values are worked by test/fixtures/learner-slips.py (mpmath, from the
 * exercises' numbers, carrying values rounded as the walkthrough does), not by backstep; its
 * output is quoted beside each case. Each diagnosis is also shown not to fire where it would be
 * wrong.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assess } from '../src/judge/index.js';
import type { Context } from '../src/judge/index.js';
import { ctorOf } from '../src/engine/numbers.js';
import type { Dec } from '../src/engine/numbers.js';
import { allSteps } from '../src/engine/plan.js';
import { learnerSlips, stepLookup } from '../src/engine/slip-forms.js';
import { solveExercise } from '../src/engine/solved.js';
import type { Solved } from '../src/engine/solved.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { showValue } from '../src/render/format-number.js';

const solvedCache = new Map<string, Solved>();
function solvedOf(id: string): Solved {
  let s = solvedCache.get(id);
  if (!s) {
    const { exercise, plan } = loadExerciseText(
      `${id}.yaml`,
      readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8'),
    );
    solvedCache.set(id, (s = solveExercise(exercise, plan)));
  }
  return s;
}

/** A learner who wrote every step before `stepId` as the walkthrough shows it (rounded half-up). */
function before(id: string, stepId: string): Context {
  const solved = solvedOf(id);
  const accepted = new Map<string, Dec>();
  for (const s of allSteps(solved.plan)) {
    if (s.id === stepId) break;
    const v = solved.exact.get(s.id);
    if (v) accepted.set(s.id, new (ctorOf(v))(showValue(v, solved.exercise.display)));
  }
  return { solved, accepted };
}

const judge = (id: string, step: string, text: string) => assess(before(id, step), step, text);

describe('the learner slips of a softmax classifier (softmax-cross-entropy, 4 decimals)', () => {
  const X = 'softmax-cross-entropy';
  it.each([
    // y_P: sigmoid(z_P) = sigmoid(0.1695) = 0.5423 where the softmax gives 0.3553.
    ['y_P', '0.5423', 'sigmoid-for-softmax', /y_P is a softmax output/],
    // dE/dz_Q = y_Q - t_Q = 0.3338 - 1 = -0.6662; y_Q alone is 0.3338.
    ['dE/dz_Q', '0.3338', 'target-dropped', /its target t_Q/],
    // dz_P/dw_C_P = y_C = 0.525; the weight w_C_P = 0.5 read for it.
    ['dz_P/dw_C_P', '0.5000', 'weight-for-input', /the weight w_C_P itself/],
    // dE/dw_C_P = 0.3553 * 0.525 = 0.1865; with the weight, 0.3553 * 0.5 = 0.1777.
    ['dE/dw_C_P', '0.1777', 'weight-for-input', /the weight w_C_P itself/],
    // dE/dy_C = 0.5063 over three paths; the path through Q alone, -0.6662 * -0.4 = 0.2665.
    ['dE/dy_C', '0.2665', 'one-path-only', /all 3 neurons it feeds/],
    // The path through R alone, 0.3109 * 0.2 = 0.0622.
    ['dE/dy_C', '0.0622', 'one-path-only', /all 3 neurons it feeds/],
    // y_P from the z's rounded to 1 decimal (0.2, 0.1, 0.0): 0.3672.
    ['y_P', '0.3672', 'rounded-too-early', /rounded to 1 decimal/],
    // ... to 2 decimals (0.17, 0.11, 0.04): 0.3546.
    ['y_P', '0.3546', 'rounded-too-early', /rounded to 2 decimals/],
  ])('%s = %s is named %s', (step, text, code, words) => {
    const a = judge(X, step, text);
    expect(a.kind).toBe('wrong');
    expect(a.mistake?.code).toBe(code);
    expect(a.message).toMatch(words);
  });

  it('the path through P alone equals dE/dw_C_P with the weight for the input: each step names its own', () => {
    // 0.3553 * 0.5 = 0.1777 both times: a path of dE/dy_C, and a weight read for y_C in dE/dw_C_P.
    expect(judge(X, 'dE/dy_C', '0.1777').mistake?.code).toBe('one-path-only');
    expect(judge(X, 'dE/dw_C_P', '0.1777').mistake?.code).toBe('weight-for-input');
  });

  it('does not fire where it would be wrong', () => {
    // t_P = 0: y_P - t_P is y_P, so 0.3553 is right, not "the target is missing".
    expect(judge(X, 'dE/dz_P', '0.3553').kind).toBe('right');
    // One decimal short (z to 3 decimals) is too close to a slip in the last digit to be named.
    expect(judge(X, 'y_P', '0.3554').mistake).toBeUndefined();
    // A sigmoid neuron has no softmax to mistake: its output offers no sigmoid-for-softmax.
    const solved = solvedOf(X);
    const yC = solved.index.locate('y_C')!.step;
    expect(learnerSlips(yC, stepLookup(solved)).map((x) => x.code)).not.toContain('sigmoid-for-softmax');
    // An unrelated wrong value is still only "Not quite".
    expect(judge(X, 'dE/dy_C', '0.4000').mistake).toBeUndefined();
  });
});

describe('one example for the batch mean (or-gate-batch, 3 decimals)', () => {
  it('names one example where the step takes the mean of four', () => {
    // dCost/dw1 = (0 + 0 - 0.118 - 0.074) / 4 = -0.048; row 3 alone is -0.118, row 4 -0.074.
    for (const text of ['-0.118', '-0.074']) {
      const a = judge('or-gate-batch', 'dCost/dw1', text);
      expect(a.mistake?.code, text).toBe('one-example-only');
      expect(a.message).toMatch(/all 4 examples/);
    }
    // The sum of the four, -0.192, is the mean left out (mean-dropped), named as before.
    expect(judge('or-gate-batch', 'dCost/dw1', '-0.192').mistake?.code).toBe('mean-dropped');
  });
});

describe('a sign-flipped forward value in a circuit (cs231n-add-multiply-circuit)', () => {
  it('q = x + y = -2 + 5 = 3: -3 is named a sign slip', () => {
    const a = judge('cs231n-add-multiply-circuit', 'q', '-3');
    expect(a.mistake?.code).toBe('sign-flipped');
  });
});
