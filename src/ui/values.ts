import type { Context } from '../check/index.js';
import { evaluatePlan } from '../engine/evaluate-plan.js';
import type { Display } from '../engine/model.js';
import type { Dec, DecimalCtor } from '../engine/numbers.js';
import type { Step } from '../engine/plan.js';
import { showValue } from '../render/format-number.js';

/**
 * Values the walkthrough shows besides judging: what a step comes to from the learner's own
 * accepted values (for reveal and the accepted interval), and a value as the exercise shows it.
 */
export function expectedValue(ctx: Context, step: Step): Dec {
  if (ctx.accepted.size === 0) return ctx.exact.get(step.id)!;
  const steps = [];
  for (let k = 1; k <= step.iteration; k++) {
    for (const s of ctx.plan.iteration(k)) {
      steps.push(s);
      if (s.id === step.id) break;
    }
  }
  return evaluatePlan(ctx.plan, { precision: ctx.exercise.working, pins: ctx.accepted, steps }).get(step.id) ?? ctx.exact.get(step.id)!;
}

/** The value rounded as the exercise shows it, as a number (undefined when not finite). */
export function shownValue(v: Dec, display: Display): Dec | undefined {
  if (!v.isFinite()) return undefined;
  const D = v.constructor as DecimalCtor;
  return new D(showValue(v, display));
}

export function intervalText([lo, hi]: readonly [Dec, Dec]): string {
  const a = plain(lo);
  const b = plain(hi);
  return a === b ? `exactly ${a}` : `from ${a} to ${b}`;
}

function plain(v: Dec): string {
  const s = v.toFixed();
  return s === '-0' ? '0' : s;
}
