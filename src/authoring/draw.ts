/**
 * Drawing one value for a variant rule, entirely in whole numbers (the grid of
 * exercise/variant-grid); the drawn whole number is written back as decimal text.
 */
import type { VariantRule } from '../engine/model.js';
import { distinctChoices, scaled, unscaled } from '../exercise/variant-grid.js';
import type { RandomStream } from './prng.js';

/** The k-th value (0-based) a rule can give: the k-th distinct value of a list, or the range's k-th multiple of 10^-decimals from its low end. */
export function valueAt(rule: VariantRule, k: bigint): string {
  if (rule.kind === 'choice') return distinctChoices(rule.values)[Number(k)]!;
  return unscaled(scaled(rule.min, rule.decimals, 'ceil') + k, rule.decimals);
}

/** A decimal with `decimals` places, k * 10^-decimals for a whole k in [lo, hi] other than 0 (template numbers). */
export function drawNonZero(rng: RandomStream, lo: number, hi: number, decimals: number): string {
  for (;;) {
    const k = BigInt(lo) + rng.below(BigInt(hi - lo + 1));
    if (k !== 0n) return unscaled(k, decimals);
  }
}
