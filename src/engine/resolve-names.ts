/**
 * Which step or given a name in a formula or an answer means: an exercise's own `symbols`
 * first, then step ids and given ids as they are.
 */
import type { Expr } from './expr.js';
import { mapRefs, ref, refsOf } from './expr.js';
import type { Plan } from './plan.js';
import { passes } from './plan.js';

export function resolveNames(
  e: Expr,
  known: (id: string) => boolean,
  symbols: ReadonlyMap<string, string>,
): { expr: Expr; unknown: string[] } {
  const unknown = refsOf(e).filter((n) => !symbols.has(n) && !known(n));
  return { expr: mapRefs(e, (n) => ref(symbols.get(n) ?? n)), unknown };
}

/** Ids of the givens and of the steps of the iterations the plan shows in full. */
export function knownIds(plan: Plan, iterationsToScan: number): Set<string> {
  const ids = new Set(plan.givens.map((g) => g.id));
  const last = Math.min(passes(plan), iterationsToScan);
  for (let k = 1; k <= Math.max(1, last); k++) for (const s of plan.iteration(k)) ids.add(s.id);
  return ids;
}

/** Whether an id names a step of the plan, looking into the iteration an `@k` suffix names. */
export function hasStep(plan: Plan, id: string): boolean {
  const m = /@(\d+)$/.exec(id);
  const k = m ? Number.parseInt(m[1]!, 10) : 1;
  if (k < 1 || k > plan.iterations + 2) return false;
  return (
    plan.givens.some((g) => g.id === id) ||
    plan.iteration(k).some((s) => s.id === id) ||
    (k > 1 && plan.iteration(k - 1).some((s) => s.id === id))
  );
}
