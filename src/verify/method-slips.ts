/**
 * Two slips of method seen in widely copied worked examples, as opposed to slips of arithmetic
 * (slips.ts): the hidden-layer deltas computed with the output weights already updated (the
 * example updates the output layer first and then backpropagates through the new weights), and
 * a batch error summed where the text takes the mean, or averaged where it sums. The mistaken
 * formulas are the mistake catalogue's (engine/slip-forms, which the walkthrough's diagnosis
 * names too); each detector puts them in place of the steps that lead to the printed one in the
 * what-if evaluator, which recomputes only what follows, and is kept only when it reproduces the
 * printed value.
 */
import { refsOf } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import { formSlips, stepLookup } from '../engine/slip-forms.js';
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
  changed: ReadonlyMap<string, unknown>,
  alter: Alteration,
): Dec | undefined {
  const ev = whatIf(ctx.solved).alter(new Map([...changed.keys()].map((c) => [c, alter] as const)));
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
  const lookup = stepLookup(ctx.solved);
  for (const iteration of new Set(ctx.steps.filter((s) => s.role === 'new-param').map((s) => s.iteration))) {
    // The backward steps of this iteration that lead to `id`, each with its mistaken formula.
    const readers = ctx.steps.filter(
      (s) => s.phase === 'backward' && s.iteration === iteration && (ancestors.has(s.id) || s.id === id),
    );
    const mistaken = new Map<string, Expr>();
    for (const s of readers) {
      const slip = formSlips(s, lookup).find((x) => x.code === 'updated-weight-in-backward');
      if (slip) mistaken.set(s.id, slip.expr);
    }
    if (mistaken.size === 0) continue;
    // The weights after the update at their exact values, as the worked example has them.
    const used = [
      ...new Set(
        [...mistaken.keys()].flatMap((r) =>
          refsOf(ctx.stepOf(r)!.expr).flatMap((w) => lookup.updated(w, iteration) ?? []),
        ),
      ),
    ];
    const after = new Map(used.map((u) => [u, ctx.solved.exactOf(u)] as const));
    const v = reevaluate(ctx, id, mistaken, (s, ev) => ev.evaluate(mistaken.get(s.id)!, after));
    if (!v || v.eq(ctx.exact.get(id)!) || fitOf(v, p.value, p.decimals) === undefined) continue;
    const shown = used.map((u) => `${u} = ${showNumber(after.get(u)!, p.decimals)}`).join(', ');
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
  const lookup = stepLookup(ctx.solved);
  const mistaken = new Map<string, Expr>();
  for (const s of ctx.steps) {
    if (!(ancestors.has(s.id) || s.id === id)) continue;
    const slip = formSlips(s, lookup).find(
      (x) => (x.code === 'mean-dropped' || x.code === 'mean-taken') && s.role !== 'change',
    );
    if (slip) mistaken.set(s.id, slip.expr);
  }
  if (mistaken.size === 0) return undefined;
  const v = reevaluate(ctx, id, mistaken, (s, ev) => ev.evaluate(mistaken.get(s.id)!));
  if (!v || v.eq(ctx.exact.get(id)!) || fitOf(v, p.value, p.decimals) === undefined) return undefined;
  const N = spec.examples.length;
  return {
    kind: 'batch',
    text:
      spec.loss.batch === 'mean'
        ? `the batch error summed over the ${N} examples where the text takes their mean ` +
          `(${N} times as large): that gives ${showNumber(v, p.decimals)}`
        : `the batch error averaged over the ${N} examples where the text sums them (1/${N} of it): that gives ${showNumber(v, p.decimals)}`,
  };
}
