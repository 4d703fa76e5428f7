/**
 * An erratum followed into later values. A source that prints a wrong number usually goes on
 * computing from it: a blog's wrong logit 0.185 gives its softmax 0.56045 and its loss 0.579.
 * The chain of all printed values cannot show this when some other printed value on the way is
 * itself off (the loss line does not use the rounded 0.561), so each earlier erratum is carried
 * on its own, and then all of them together: the erratum as printed, everything else computed
 * from it unrounded, or with the values the source printed rounded as printed.
 */
import type { Dec } from '../engine/numbers.js';
import { whatIf } from '../engine/what-if.js';
import type { VerifyContext } from './context.js';
import { fitOf, fitWords, roundAt, showNumber } from './digits.js';
import type { Fit } from './digits.js';

/** An earlier printed value found wrong, and what was found about it. */
export interface KnownErratum {
  readonly id: string;
  /** The slip found for it, in words, when one was. */
  readonly slip?: string;
}

export interface ErratumCarry {
  readonly from: readonly KnownErratum[];
  readonly value: Dec;
  readonly fit: Fit;
  /** The other printed values: unrounded, rounded as printed, or taken as printed. */
  readonly others: 'unrounded' | 'rounded' | 'printed';
}

/** A chain's values as later steps use them, and each step before the chain kept it. */
export interface CarriedRun {
  readonly value: ReadonlyMap<string, Dec>;
  readonly raw: ReadonlyMap<string, Dec>;
}

type Cache = Map<string, CarriedRun>;

/** The first way of carrying earlier errata into `id` that gives its printed value. */
export function carryErrata(
  ctx: VerifyContext,
  errata: readonly KnownErratum[],
  id: string,
  cache: Cache,
): ErratumCarry | undefined {
  const p = ctx.printed.get(id);
  if (!p) return undefined;
  const ancestors = ctx.ancestors(id);
  const before = errata.filter((e) => ancestors.has(e.id));
  if (before.length === 0) return undefined;
  const sets = before.length > 1 ? [...before.map((e) => [e]), before] : [before];
  for (const rounded of [false, true]) {
    for (const set of sets) {
      const v = chainOf(ctx, set, rounded, cache).raw.get(id);
      const fit = v && fitOf(v, p.value, p.decimals);
      if (v && fit) return { from: set, value: v, fit, others: rounded ? 'rounded' : 'unrounded' };
    }
  }
  return undefined;
}

function chainOf(
  ctx: VerifyContext,
  set: readonly KnownErratum[],
  rounded: boolean,
  cache: Cache,
): CarriedRun {
  const key = `${rounded ? 'r' : 'u'}:${set.map((e) => e.id).join(',')}`;
  const known = cache.get(key);
  if (known) return known;
  const pinned = new Set(set.map((e) => e.id));
  const keep = (id: string, v: Dec): Dec => {
    const p = ctx.printed.get(id);
    if (!p) return v;
    if (pinned.has(id)) return p.value;
    return rounded ? roundAt(v, p.decimals) : v;
  };
  const pins = new Map([...ctx.givenIds].map((g) => [g, ctx.exact.get(g)!] as const));
  const run = whatIf(ctx.solved).all({ pins, keep });
  const out = { value: run, raw: run.raw };
  cache.set(key, out);
  return out;
}

/** "carried from the erratum at z_4o (printed 0.185; exact 0.15744): ..." */
export function carryWords(ctx: VerifyContext, c: ErratumCarry, id: string): string {
  const p = ctx.printed.get(id)!;
  const sources = c.from
    .map((e) => {
      const pe = ctx.printed.get(e.id)!;
      const slip = e.slip ? `; ${e.slip}` : '';
      return `${e.id} (printed ${pe.text}, exact ${showNumber(ctx.exact.get(e.id)!, pe.decimals)}${slip})`;
    })
    .join(' and ');
  const how = {
    unrounded: 'the rest unrounded',
    rounded: 'the other printed values rounded as printed',
    printed: "the source's other printed values",
  }[c.others];
  return (
    `carried from the erratum${c.from.length > 1 ? 'a' : ''} at ${sources}: ` +
    `with ${c.from.length > 1 ? 'them' : 'it'} as printed and ${how}, this step is ${showNumber(c.value, p.decimals)}, ` +
    `${fitWords(c.fit, p.text)}; the exact value is ${showNumber(ctx.exact.get(id)!, p.decimals)}`
  );
}
