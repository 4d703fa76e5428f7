/**
 * Two slips of method seen in widely copied worked examples, as opposed to slips of arithmetic
 * (slips.ts): the hidden-layer deltas computed with the output weights already updated (the
 * example updates the output layer first and then backpropagates through the new weights), and
 * a batch error summed where the text takes the mean, or averaged where it sums. Each detector
 * evaluates the plan again the mistaken way, recomputing only the steps downstream of the change
 * and keeping every other value exact, and is kept only when it reproduces the printed value.
 */
import { refsOf } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import { whatIf } from '../engine/what-if.js';
import type { Alteration } from '../engine/what-if.js';
import type { Printed, VerifyContext } from './context.js';
import { fitOf, showNumber } from './digits.js';
import type { Slip } from './slips.js';

/**
 * The value of `id` when the steps in `changed` are computed by `alter` instead of their own
 * formula (the what-if evaluator recomputes what depends on them; all else keeps its exact
 * value); undefined when it has no finite value.
 */
function reevaluate(
  ctx: VerifyContext,
  id: string,
  changed: ReadonlySet<string>,
  alter: Alteration,
): Dec | undefined {
  const ev = whatIf(ctx.solved).alter(new Map([...changed].map((c) => [c, alter] as const)));
  try {
    const v = ev.value(id);
    return v.isFinite() ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Hidden-layer deltas that read the output weights after their update instead of before it. */
export function updatedWeightsSlip(ctx: VerifyContext, id: string, p: Printed): Slip | undefined {
  const ancestors = ctx.ancestors(id);
  for (const iteration of new Set(ctx.steps.filter((s) => s.role === 'new-param').map((s) => s.iteration))) {
    // The parameters of this iteration as the backward pass reads them, and their values after the update.
    const updated = new Map<string, { id: string; value: Dec }>();
    for (const u of ctx.steps) {
      if (u.role !== 'new-param' || u.param === undefined || u.iteration !== iteration) continue;
      const value = ctx.exact.get(u.id);
      if (value) updated.set(iteration === 1 ? u.param : `${u.param}@${iteration}`, { id: u.id, value });
    }
    const readers = ctx.steps.filter(
      (s) =>
        s.phase === 'backward' &&
        s.iteration === iteration &&
        (ancestors.has(s.id) || s.id === id) &&
        refsOf(s.expr).some((r) => updated.has(r)),
    );
    if (readers.length === 0) continue;
    const changed = new Set(readers.map((s) => s.id));
    const after = new Map([...updated].map(([r, u]) => [r, u.value] as const));
    const v = reevaluate(ctx, id, changed, (s, ev) => ev.evaluate(s.expr, after));
    if (!v || v.eq(ctx.exact.get(id)!) || fitOf(v, p.value, p.decimals) === undefined) continue;
    const used = [...new Set(readers.flatMap((s) => refsOf(s.expr).filter((r) => updated.has(r))))];
    const shown = used
      .map((r) => `${updated.get(r)!.id} = ${showNumber(updated.get(r)!.value, p.decimals)}`)
      .join(', ');
    return {
      kind: 'updated-weights',
      text:
        `the backward pass through the hidden layer used the weights already updated (${shown}) ` +
        `instead of the weights before the update: that gives ${showNumber(v, p.decimals)}`,
    };
  }
  return undefined;
}

/** A batch cost (and its gradient) summed over the examples where the text averages, or the reverse. */
export function batchSlip(ctx: VerifyContext, id: string, p: Printed): Slip | undefined {
  const spec = ctx.exercise.spec;
  if (spec.kind !== 'network' || !spec.loss || spec.examples.length < 2) return undefined;
  const ancestors = ctx.ancestors(id);
  const changed = new Set(
    ctx.steps
      .filter(
        (s) => (s.role === 'cost' || s.role === 'batch-gradient') && (ancestors.has(s.id) || s.id === id),
      )
      .map((s) => s.id),
  );
  if (changed.size === 0) return undefined;
  const n = new ctx.D(spec.examples.length);
  const mean = spec.loss.batch === 'mean';
  const v = reevaluate(ctx, id, changed, (s, ev) => {
    const x = ev.evaluate(s.expr);
    return mean ? x.times(n) : x.div(n);
  });
  if (!v || v.eq(ctx.exact.get(id)!) || fitOf(v, p.value, p.decimals) === undefined) return undefined;
  const N = spec.examples.length;
  return {
    kind: 'batch',
    text: mean
      ? `the batch error summed over the ${N} examples where the text takes their mean (${N} times as large): that gives ${showNumber(v, p.decimals)}`
      : `the batch error averaged over the ${N} examples where the text sums them (1/${N} of it): that gives ${showNumber(v, p.decimals)}`,
  };
}
