import { acceptedInterval, mistakeValues } from '../check/index.js';
import { evaluatePlan } from '../engine/evaluate-plan.js';
import type { Exercise } from '../engine/model.js';
import type { Dec } from '../engine/numbers.js';
import type { Plan, Step } from '../engine/plan.js';
import { showValue } from '../render/format-number.js';
import { askedSteps, shownSteps } from './asked.js';

/**
 * What makes numbers poor for practice: an asked value that is zero at the display precision
 * (a learner who forgot the whole step would be right), an update that changes nothing visible,
 * a value that is undefined, or a value that a catalogued mistake also produces (the diagnosis
 * could never tell the two apart).
 */
export type DegeneracyReason = 'zero' | 'unchanged' | 'undefined' | 'indistinguishable';

export interface Degeneracy {
  readonly step: string;
  readonly reason: DegeneracyReason;
  /** For `indistinguishable`: the mistake's code. */
  readonly mistake?: string;
  readonly message: string;
}

export function degeneracies(exercise: Exercise, plan: Plan, asked: readonly Step[] = askedSteps(exercise, plan)): Degeneracy[] {
  const exact = evaluatePlan(plan, { precision: exercise.working, steps: shownSteps(plan) });
  const out: Degeneracy[] = [];
  for (const s of asked) {
    const v = exact.get(s.id);
    if (!v) continue;
    if (!v.isFinite()) {
      out.push({ step: s.id, reason: 'undefined', message: `${s.id} is undefined with these numbers (${v.toString()})` });
      continue;
    }
    const shown = showValue(v, exercise.display);
    if (isZeroText(shown)) out.push({ step: s.id, reason: 'zero', message: `${s.id} is ${shown}` });
    if (s.role === 'new-param' && s.param !== undefined) {
      const before = exact.get(s.iteration === 1 ? s.param : `${s.param}@${s.iteration}`);
      if (before && showValue(before, exercise.display) === shown) out.push({ step: s.id, reason: 'unchanged', message: `${s.id} is ${shown}, the same as before the update` });
    }
    for (const m of indistinguishable(exercise, plan, exact, s.id, v)) {
      out.push({ step: s.id, reason: 'indistinguishable', mistake: m.code, message: `${s.id}: the mistake "${m.code}" gives the same answer (${showValue(m.value, exercise.display)}): ${m.message}` });
    }
  }
  return out;
}

/** The catalogued mistakes whose value the judge would accept as the right answer. */
export function indistinguishable(exercise: Exercise, plan: Plan, exact: ReadonlyMap<string, Dec>, stepId: string, value: Dec) {
  const [lo, hi] = acceptedInterval(value, exercise.display);
  const shown = showValue(value, exercise.display);
  return mistakeValues({ exercise, plan, exact, accepted: new Map() }, stepId).filter(
    (m) => m.value.isFinite() && ((m.value.gte(lo) && m.value.lte(hi)) || showValue(m.value, exercise.display) === shown),
  );
}

export function isZeroText(shown: string): boolean {
  return /^-?0(?:\.0*)?$/.test(shown);
}

export const degeneracyKey = (d: Degeneracy): string => `${d.step}\u0000${d.reason}\u0000${d.mistake ?? ''}`;
