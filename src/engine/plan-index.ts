/**
 * Finding steps by id without listing the whole plan (a long training run has millions of
 * steps). Iterations are compiled on demand and kept by the index, which lives in the solved
 * exercise (solved.ts): one index per plan, made once, dropped with it.
 */
import type { Given, Plan, Step } from './plan.js';
import { passes } from './plan.js';

export interface Located {
  readonly step: Step;
  /** Position in evaluation order: steps only refer to steps with a smaller order. */
  readonly order: number;
}

export interface PlanIndex {
  readonly plan: Plan;
  given(id: string): Given | undefined;
  locate(id: string): Located | undefined;
  /** Position in evaluation order; givens come first (-1); unknown ids last. */
  order(id: string): number;
  /** Steps of iteration k, compiled once. */
  steps(k: number): readonly Step[];
  /**
   * The iteration whose steps compute `id`: `w5@2` is computed in iteration 1 (the update),
   * `z_C@2` in iteration 2. An id the plan does not have gets the iteration its suffix names.
   */
  iterationOf(id: string): number;
}

const ORDER_STRIDE = 1_000_000;

/**
 * The iteration an id's `@k` suffix names (1 without one), read from the text alone; undefined
 * for a number too large to be an iteration. Where the step is computed: PlanIndex.iterationOf.
 */
export function suffixIteration(id: string): number | undefined {
  const m = /@(\d+)$/.exec(id);
  const k = m ? Number.parseInt(m[1]!, 10) : 1;
  return Number.isSafeInteger(k) ? k : undefined;
}

export function planIndex(plan: Plan): PlanIndex {
  const givens = new Map(plan.givens.map((g) => [g.id, g]));
  const iterations = new Map<number, { steps: readonly Step[]; byId: Map<string, Located> }>();
  const lastIteration = passes(plan);

  const load = (k: number) => {
    let it = iterations.get(k);
    if (!it) {
      const steps = k >= 1 && k <= lastIteration ? plan.iteration(k) : [];
      const byId = new Map<string, Located>();
      steps.forEach((step, i) => byId.set(step.id, { step, order: k * ORDER_STRIDE + i }));
      it = { steps, byId };
      iterations.set(k, it);
    }
    return it;
  };

  const locate = (id: string): Located | undefined => {
    const k = suffixIteration(id);
    if (k === undefined) return undefined;
    return load(k).byId.get(id) ?? (k > 1 ? load(k - 1).byId.get(id) : undefined);
  };

  const orders = new Map<string, number>();
  const order = (id: string) => {
    let o = orders.get(id);
    if (o === undefined) {
      o = givens.has(id) ? -1 : (locate(id)?.order ?? Number.MAX_SAFE_INTEGER);
      orders.set(id, o);
    }
    return o;
  };

  return {
    plan,
    given: (id) => givens.get(id),
    locate,
    order,
    steps: (k) => load(k).steps,
    iterationOf: (id) => locate(id)?.step.iteration ?? suffixIteration(id) ?? 1,
  };
}
