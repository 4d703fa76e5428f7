/**
 * What every solution format shows: the steps grouped by iteration and phase with their values,
 * and for long runs a summary (the error every so often, the final parameters and outputs)
 * instead of every step of every iteration.
 */
import { STEP_WINDOW } from '../engine/limits.js';
import type { Exercise } from '../engine/model.js';
import type { Dec } from '../engine/numbers.js';
import { allSteps, passes, PHASE_TITLES, totalSteps } from '../engine/plan.js';
import type { Phase, Plan, Step } from '../engine/plan.js';
import { solveExercise } from '../engine/solved.js';
import { whatIf } from '../engine/what-if.js';
import { affordDecimalReplay } from '../exercise/work.js';

export interface Section {
  readonly title: string;
  readonly phase: Phase;
  readonly iteration: number;
  readonly steps: readonly Step[];
}

export interface SolutionSummary {
  readonly every: number;
  readonly history: ReadonlyArray<{ readonly iteration: number; readonly cost: Dec }>;
  readonly finalParams: ReadonlyMap<string, Dec>;
  readonly after: ReadonlyMap<string, Dec>;
  readonly afterSteps: readonly Step[];
}

export interface Solution {
  readonly exercise: Exercise;
  readonly plan: Plan;
  readonly sections: readonly Section[];
  readonly values: ReadonlyMap<string, Dec>;
  readonly summary?: SolutionSummary;
}

/**
 * Whether a solution shows every step: a plan inside the step window, or one of a single pass
 * (a large graph), where the first iteration is everything and a summary would repeat it.
 */
function showsEverything(plan: Plan): boolean {
  return totalSteps(plan) <= STEP_WINDOW || passes(plan) === 1;
}

/** The steps a solution shows in full: all of them, or the first iteration of a long run. */
export function shownSteps(plan: Plan): Step[] {
  return showsEverything(plan) ? allSteps(plan) : [...plan.iteration(1)];
}

export function buildSolution(exercise: Exercise, plan: Plan): Solution {
  const full = showsEverything(plan);
  const steps = shownSteps(plan);
  // The what-if evaluator with nothing pinned: the exact values, and its replay for a long run.
  const solved = solveExercise(exercise, plan, steps);
  const values = solved.exact;
  const sections = groupSections(steps, plan);
  if (full) return { exercise, plan, sections, values };

  const every = Math.max(1, Math.round(plan.iterations / 20));
  const history: Array<{ iteration: number; cost: Dec }> = [];
  const r = whatIf(solved).replay({
    onDecimal: affordDecimalReplay(exercise, plan),
    onIteration: (k, cost) => {
      if (cost && (k === 1 || k % every === 0)) history.push({ iteration: k, cost });
    },
  });
  const finalCost = plan.costBase ? r.after.get(`${plan.costBase}@${plan.iterations + 1}`) : undefined;
  if (finalCost) history.push({ iteration: plan.iterations + 1, cost: finalCost });
  return {
    exercise,
    plan,
    sections,
    values,
    summary: { every, history, finalParams: r.final, after: r.after, afterSteps: r.afterSteps },
  };
}

/**
 * Every step of every iteration, one iteration at a time, keeping only what the next iteration
 * needs: memory stays flat for `solve --all-steps` of a 10,000-iteration run.
 */
export function* streamSolution(
  exercise: Exercise,
  plan: Plan,
): Generator<{ sections: Section[]; values: ReadonlyMap<string, Dec> }> {
  const last = passes(plan);
  const ev = whatIf(solveExercise(exercise, plan, []));
  let known = new Map<string, Dec>();
  for (let k = 1; k <= last; k++) {
    const steps = plan.iteration(k);
    const values = ev.all({ steps, known });
    yield { sections: groupSections(steps, plan), values };
    known = new Map(
      plan.carried
        .map((c) => [`${c}@${k + 1}`, values.get(`${c}@${k + 1}`)!] as const)
        .filter(([, v]) => v !== undefined),
    );
  }
}

export function groupSections(steps: readonly Step[], plan: Plan): Section[] {
  const out: Array<{ title: string; phase: Phase; iteration: number; steps: Step[] }> = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && last.phase === s.phase && last.iteration === s.iteration) last.steps.push(s);
    else
      out.push({
        title: titleOf(s.phase, s.iteration, plan),
        phase: s.phase,
        iteration: s.iteration,
        steps: [s],
      });
  }
  return out;
}

function titleOf(phase: Phase, k: number, plan: Plan): string {
  const base = PHASE_TITLES[phase];
  if (phase === 'after')
    return plan.iterations === 1
      ? 'Second forward pass (updated parameters)'
      : `${base} (after update ${k - 1})`;
  return plan.iterations > 1 ? `${base}, iteration ${k}` : base;
}
