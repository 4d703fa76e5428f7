/**
 * What a walkthrough of one exercise asks: the steps worked through (every iteration of a short
 * run; the first iterations of a long one), which of them the learner is asked for, and their
 * exact values at the exercise's working precision.
 */
import { askedOrEvery } from '../authoring/asked.js';
import { STEP_WINDOW } from '../engine/limits.js';
import type { Exercise } from '../engine/model.js';
import type { Dec } from '../engine/numbers.js';
import { passes, PHASE_TITLES } from '../engine/plan.js';
import { suffixIteration } from '../engine/plan-index.js';
import { solveExercise } from '../engine/solved.js';
import type { Solved } from '../engine/solved.js';
import { shownValue } from './values.js';
import type { Phase, Plan, Step } from '../engine/plan.js';

export interface Practice {
  /** The exercise solved over the steps worked through: exact values, indexes, judging's memo. */
  readonly solved: Solved;
  readonly exercise: Exercise;
  readonly plan: Plan;
  /** The steps worked through, in order (asked or not). */
  readonly steps: readonly Step[];
  /** The steps the learner is asked for, in order. */
  readonly asked: readonly Step[];
  readonly byId: ReadonlyMap<string, Step>;
  readonly exact: ReadonlyMap<string, Dec>;
  /** Steps not asked, with the value shown for them (exact, rounded as the exercise shows values). */
  readonly shown: ReadonlyMap<string, Dec>;
  /** Something to tell the learner about the choice of steps (a long run cut short). */
  readonly note?: string;
}

export function preparePractice(exercise: Exercise, plan: Plan): Practice {
  const chosen = chooseSteps(exercise, plan);
  const solved = solveExercise(exercise, plan, chosen.steps);
  const exact = solved.exact;
  const asked = new Set(chosen.asked.map((s) => s.id));
  const shown = new Map<string, Dec>();
  for (const s of chosen.steps) {
    const v = asked.has(s.id) ? undefined : shownValue(exact.get(s.id)!, exercise.display);
    if (v) shown.set(s.id, v);
  }
  return {
    solved,
    exercise,
    plan,
    ...chosen,
    byId: new Map(chosen.steps.map((s) => [s.id, s])),
    exact,
    shown,
  };
}

/** Which steps are worked through and which asked, without evaluating anything (the menu). */
export function chooseSteps(exercise: Exercise, plan: Plan): { steps: Step[]; asked: Step[]; note?: string } {
  const wanted = passes(plan);
  const notedIterations = [...exercise.notes.keys()].map((id) => suffixIteration(id) ?? 1);
  // Iterations 1..k must all be evaluated to reach iteration k; stop at the budget.
  const fit = Math.max(1, Math.min(wanted, Math.floor(STEP_WINDOW / Math.max(1, plan.stepsPerIteration))));
  const full = fit >= wanted;
  const upTo = full ? wanted : Math.min(fit, Math.max(1, ...notedIterations.filter((k) => k <= fit)));
  const steps: Step[] = [];
  for (let k = 1; k <= upTo; k++) for (const s of plan.iteration(k)) steps.push(s); // no spread: 100,000s of steps

  const { asked, fallback } = askedOrEvery(exercise, steps);
  let note: string | undefined;
  if (fallback)
    note = `the exercise marks no step as asked (practice: ask: ${exercise.ask}), so every step is asked`;
  if (!full) {
    const shown = upTo === 1 ? 'the first iteration' : `the first ${upTo} iterations`;
    note = `this run has ${plan.iterations} iterations; the walkthrough covers ${shown} (\`backstep solve\` of the same exercise shows the rest)`;
  }
  return { steps, asked, ...(note === undefined ? {} : { note }) };
}

/** The heading of a step's part of the calculation, as the worked solution titles it. */
export function phaseTitle(step: Pick<Step, 'phase' | 'iteration'>, plan: Plan): string {
  const phase: Phase = step.phase;
  if (phase === 'after')
    return plan.iterations === 1
      ? 'Second forward pass (updated parameters)'
      : `${PHASE_TITLES.after} (after update ${step.iteration - 1})`;
  return plan.iterations > 1 ? `${PHASE_TITLES[phase]}, iteration ${step.iteration}` : PHASE_TITLES[phase];
}
