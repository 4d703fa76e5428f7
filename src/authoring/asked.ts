/**
 * The steps an exercise asks of the learner, in the order they are worked: what the walkthrough
 * asks, what a blank handout leaves room for, and what variants and `check` look at.
 *
 * - `practice: {ask: all}` (the default): every step, except those marked `ask: false`.
 * - `ask: printed`: the steps with a printed value, plus those marked `ask: true`.
 * - `ask: listed`: only the steps marked `ask: true`.
 *
 * Long runs (more steps than a worked solution shows in full) ask only the first iteration.
 * An exercise that marks no step as asked (`ask: printed` or `listed` with none) has every step
 * not marked `ask: false` asked instead (`askedOrEvery`), so the walkthrough, a blank handout,
 * the LMS export, variants and lint all ask the same steps and none is empty.
 */
import type { Exercise } from '../engine/model.js';
import type { Plan, Step } from '../engine/plan.js';
import { shownSteps } from '../render/solution.js';

export function askedSteps(exercise: Exercise, plan: Plan): Step[] {
  return askedOrEvery(exercise, shownSteps(plan)).asked;
}

export function isAsked(exercise: Exercise, id: string): boolean {
  const note = exercise.notes.get(id);
  if (note?.ask !== undefined) return note.ask;
  if (exercise.ask === 'all') return true;
  if (exercise.ask === 'printed') return note?.printed !== undefined;
  return false;
}

/**
 * The asked steps among `steps`; when the exercise marks none (ask: printed or listed), every
 * step not marked `ask: false`, with `fallback` set so the caller can say so.
 */
export function askedOrEvery(
  exercise: Exercise,
  steps: readonly Step[],
): { asked: Step[]; fallback: boolean } {
  const asked = steps.filter((s) => isAsked(exercise, s.id));
  if (asked.length > 0 || exercise.ask === 'all') return { asked, fallback: false };
  return { asked: steps.filter((s) => exercise.notes.get(s.id)?.ask !== false), fallback: true };
}
