/** Evaluates the steps of a plan at a working precision, with some values pinned. */
import { evalExpr } from './evaluate.js';
import { decimalAt } from './numbers.js';
import type { Dec } from './numbers.js';
import { mathContext } from './ops.js';
import { allSteps } from './plan.js';
import type { Plan, Step } from './plan.js';

export type Values = ReadonlyMap<string, Dec>;

export interface EvaluateOptions {
  readonly precision: number;
  /**
   * Values that replace what a given or a step would be: a learner's own earlier answers, the
   * book's printed values, rounded intermediates. Everything downstream follows from them.
   */
  readonly pins?: ReadonlyMap<string, Dec>;
  /** Evaluate these steps instead of every step of the plan. */
  readonly steps?: readonly Step[];
  /** Values of earlier steps these steps refer to (the previous iteration's results when streaming). */
  readonly known?: ReadonlyMap<string, Dec>;
}

export function evaluatePlan(plan: Plan, opts: EvaluateOptions): Map<string, Dec> {
  const D = decimalAt(opts.precision);
  const m = mathContext(D);
  const values = new Map<string, Dec>();
  for (const g of plan.givens) values.set(g.id, opts.pins?.get(g.id) ?? givenValue(D, g.value));
  for (const [id, v] of opts.known ?? []) values.set(id, v);
  for (const s of opts.steps ?? allSteps(plan)) {
    const pinned = opts.pins?.get(s.id);
    values.set(s.id, pinned ?? evalExpr(s.expr, (id) => values.get(id), m));
  }
  return values;
}

/**
 * A given value at the working precision. The text keeps every digit the source wrote; the
 * computation starts from it rounded once, here, for every evaluation and for replay alike.
 */
export function givenValue(D: ReturnType<typeof decimalAt>, text: string): Dec {
  return new D(text).toSignificantDigits(D.precision);
}
