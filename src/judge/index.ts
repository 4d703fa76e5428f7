/**
 * The judging brain of the walkthrough: read a learner's answer, judge it against the step's
 * value (exact, and as it follows from the learner's own earlier answers), and name the usual
 * mistake when a wrong answer matches one. Pure: no I/O.
 */
import { diagnose } from './diagnose.js';
import { learnerValues } from './learner-values.js';
import type { Context, Mistake } from './types.js';

export type { AnswerParse, Assessment, Context, Mistake, MistakeCode } from './types.js';
export { parseAnswer } from './parse-answer.js';
export { assess } from './assess.js';
export { hints } from './hints.js';
export { acceptedInterval } from './interval.js';

/**
 * Every catalogue mistake made at this step, with the value it gives from the learner's accepted
 * values; mistakes that give the right value for this exercise's numbers are left out. Most
 * specific first: when two give the same value, the first is the one `assess` names. (`assess`
 * also looks for mistakes made at earlier steps the learner has no value for.)
 */
export function mistakeValues(ctx: Context, stepId: string): Mistake[] {
  const step = ctx.solved.index.locate(stepId)?.step;
  if (!step) throw new Error(`internal: no step ${stepId}`);
  const learner = learnerValues(ctx, stepId);
  return diagnose(step, learner.ev, learner.known, false);
}
