/**
 * Hypotheses about how a source worked, each replayed step by step from the givens:
 * - truncated / rounded: every value the source wrote down was cut (or rounded) to the decimals
 *   it is printed with, and later steps were computed from those; values it did not write down
 *   stay unrounded;
 * - truncated-all / rounded-all: every intermediate, written down or not, cut (rounded) to the
 *   exercise's decimals;
 * - printed: the source's own printed values, typos and all, carried into later steps.
 * `raw` is a step computed from the chain's earlier values, before the chain rounds it; `value`
 * is what later steps of the chain use.
 */
import { whatIf } from '../engine/what-if.js';
import { refsOf } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import type { ChainKind } from './types.js';
import type { VerifyContext } from './context.js';
import { cutAt, cutSignificant, roundAt, roundSignificant } from './digits.js';
import { decimalsWords } from '../render/format-number.js';

export interface Chain {
  readonly kind: ChainKind;
  readonly raw: ReadonlyMap<string, Dec>;
  readonly value: ReadonlyMap<string, Dec>;
  /** Decimals a step is kept to in this chain (undefined: unrounded). */
  decimalsOf(id: string): number | undefined;
}

export const CHAIN_KINDS: readonly ChainKind[] = [
  'truncated',
  'rounded',
  'truncated-all',
  'rounded-all',
  'printed',
];

export function buildChain(ctx: VerifyContext, kind: ChainKind): Chain {
  const significant = ctx.exercise.display.kind === 'significant' ? ctx.exercise.display.digits : undefined;
  const all = kind === 'truncated-all' || kind === 'rounded-all';
  const cut = kind === 'truncated' || kind === 'truncated-all';
  const decimalsOf = (id: string): number | undefined => {
    const p = ctx.printed.get(id);
    if (p) return p.decimals;
    return all && significant === undefined ? ctx.displayDecimals : undefined;
  };
  const keep = (id: string, v: Dec): Dec => {
    if (kind === 'printed') return ctx.printed.get(id)?.value ?? v;
    const d = decimalsOf(id);
    if (d !== undefined) return cut ? cutAt(v, d) : roundAt(v, d);
    if (all && significant !== undefined && !v.isZero() && v.isFinite())
      return cut ? cutSignificant(v, significant) : roundSignificant(v, significant);
    return v;
  };
  // The one what-if evaluator, each step's value kept as the chain keeps it for the steps after.
  const pins = new Map([...ctx.givenIds].map((id) => [id, ctx.exact.get(id)!] as const));
  const run = whatIf(ctx.solved).all({ pins, keep });
  return { kind, raw: run.raw, value: run, decimalsOf };
}

export function buildChains(ctx: VerifyContext): Chain[] {
  return CHAIN_KINDS.map((k) => buildChain(ctx, k));
}

/**
 * The earlier values a step's chain value rests on: walking back from the step through values
 * the chain left unrounded, the nearest ones it did round (or take as printed) whose chain
 * value is not their exact value.
 */
export function frontier(ctx: VerifyContext, chain: Chain, id: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (ref: string) => {
    if (seen.has(ref)) return;
    seen.add(ref);
    const step = ctx.stepOf(ref);
    if (!step) return;
    const kept =
      chain.kind === 'printed'
        ? ctx.printed.has(ref)
        : chain.decimalsOf(ref) !== undefined || chain.raw.get(ref) !== chain.value.get(ref);
    const v = chain.value.get(ref);
    const exact = ctx.exact.get(ref);
    if (kept) {
      if (v && exact && !v.eq(exact)) out.push(ref);
      return;
    }
    // An unrounded value of the chain: it differs from the exact one only through its own inputs.
    for (const r of refsOfStep(ctx, ref)) visit(r);
  };
  for (const r of refsOfStep(ctx, id)) visit(r);
  return out.sort((a, b) => (ctx.order(a) ?? 0) - (ctx.order(b) ?? 0));
}

function refsOfStep(ctx: VerifyContext, id: string): string[] {
  const step = ctx.stepOf(id);
  return step ? refsOf(step.expr) : [];
}

/** The chain in words, for explanations. */
export function chainLabel(ctx: VerifyContext, kind: ChainKind): string {
  const d = ctx.displayDecimals;
  switch (kind) {
    case 'truncated':
      return 'intermediates truncated as printed';
    case 'rounded':
      return 'intermediates rounded as printed';
    case 'truncated-all':
      return `every intermediate truncated to ${decimalsWords(d)}`;
    case 'rounded-all':
      return `every intermediate rounded to ${decimalsWords(d)}`;
    case 'printed':
      return "the source's printed values";
    case 'erratum':
      return 'an earlier erratum carried';
  }
}
