/**
 * The gradient of what the first iteration minimises, three ways: the explicit chain-rule steps
 * the plan writes out (through the one plan evaluator), a generic reverse-mode pass over its
 * forward expressions, and central finite differences of the cost, itself evaluated through the
 * plan evaluator with the parameter pinned. They must agree (finite differences to their own
 * accuracy, about h^2). Givens enter all three as their value at the working precision.
 */
import type { Dec } from './numbers.js';
import { decimalAt } from './numbers.js';
import { evaluatePlan, givenValue } from './evaluate-plan.js';
import { mathContext } from './ops.js';
import type { Plan } from './plan.js';
import { reverseMode } from './reverse-mode.js';

export interface GradientComparison {
  readonly param: string;
  readonly chainRule: Dec;
  readonly reverseMode: Dec;
  readonly finiteDifference: Dec;
}

export function compareGradients(plan: Plan, precision: number): GradientComparison[] {
  const D = decimalAt(precision);
  const steps = plan.iteration(1);
  const cost = plan.costBase;
  if (!cost) return [];
  const forwardSteps = steps.filter((s) => s.phase === 'forward' || s.phase === 'loss');
  const givens = new Map(plan.givens.map((g) => [g.id, givenValue(D, g.value)] as const));
  const all = evaluatePlan(plan, { precision, steps, pins: givens });
  // The gradient the update uses: the batch gradient, or the single example's.
  const explicit = new Map<string, Dec>();
  for (const s of steps) {
    const used =
      s.role === 'batch-gradient' || ((s.role === 'dE/dw' || s.role === 'dE/db') && s.example === undefined);
    if (used && s.param !== undefined) explicit.set(s.param, all.get(s.id) ?? new D(NaN));
  }

  const reverse = reverseMode(forwardSteps, givens, cost, mathContext(D));
  // h = 10^-(p/3): truncation error ~h^2 = 10^-(2p/3), rounding ~10^-p/h = 10^-(2p/3).
  const h = new D(10).pow(-Math.floor(precision / 3));
  const costAt = (param: string, v: Dec) =>
    evaluatePlan(plan, { precision, steps: forwardSteps, pins: new Map(givens).set(param, v) }).get(cost) ??
    new D(NaN);
  return [...explicit].map(([param, chainRule]) => {
    const p = givens.get(param) ?? new D(NaN);
    const fd = costAt(param, p.plus(h))
      .minus(costAt(param, p.minus(h)))
      .div(h.times(2));
    return { param, chainRule, reverseMode: reverse.get(param) ?? new D(0), finiteDifference: fd };
  });
}
