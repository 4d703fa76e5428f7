/**
 * The gradient of what the first iteration minimises, three ways: the explicit chain-rule steps
 * the plan writes out, a generic reverse-mode pass over its forward expressions, and central
 * finite differences. They must agree (finite differences to their own accuracy, about h^2).
 */
import { evalExpr } from './evaluate.js';
import type { Dec } from './numbers.js';
import { decimalAt } from './numbers.js';
import { mathContext } from './ops.js';
import type { Plan, Step } from './plan.js';
import { reverseMode } from './reverse-mode.js';

export interface GradientComparison {
  readonly param: string;
  readonly chainRule: Dec;
  readonly reverseMode: Dec;
  readonly finiteDifference: Dec;
}

export function compareGradients(plan: Plan, precision: number): GradientComparison[] {
  const D = decimalAt(precision);
  const m = mathContext(D);
  const steps = plan.iteration(1);
  const cost = plan.costBase;
  if (!cost) return [];
  const forwardSteps = steps.filter((s) => s.phase === 'forward' || s.phase === 'loss');
  const givens = new Map(plan.givens.map((g) => [g.id, new D(g.value)] as const));
  const explicit = new Map<string, Dec>();
  const all = new Map<string, Dec>(givens);
  for (const s of steps) all.set(s.id, evalExpr(s.expr, (id) => all.get(id), m));
  // The gradient the update uses: the batch gradient, or the single example's.
  const gradientSteps = steps.filter((s) => s.role === 'batch-gradient' || ((s.role === 'dE/dw' || s.role === 'dE/db') && s.example === undefined));
  for (const s of gradientSteps) explicit.set(s.param!, all.get(s.id)!);

  const reverse = reverseMode(forwardSteps, givens, cost, m);
  // h = 10^-(p/3): truncation error ~h^2 = 10^-(2p/3), rounding ~10^-p/h = 10^-(2p/3).
  const h = new D(10).pow(-Math.floor(precision / 3));
  const costAt = (param: string, v: Dec) => evaluateCost(forwardSteps, new Map(givens).set(param, v), cost, m);
  return [...explicit.keys()].map((param) => {
    const p = givens.get(param)!;
    const fd = costAt(param, p.plus(h)).minus(costAt(param, p.minus(h))).div(h.times(2));
    return { param, chainRule: explicit.get(param)!, reverseMode: reverse.get(param) ?? new D(0), finiteDifference: fd };
  });
}

function evaluateCost(steps: readonly Step[], givens: Map<string, Dec>, cost: string, m: ReturnType<typeof mathContext>): Dec {
  const v = new Map(givens);
  for (const s of steps) v.set(s.id, evalExpr(s.expr, (id) => v.get(id), m));
  return v.get(cost)!;
}
