/**
 * Drawing one value for a variant rule, entirely in whole numbers (the grid of
 * exercise/variant-grid); the drawn whole number is written back as decimal text.
 */
import type { VariantRule } from '../engine/model.js';
import { choices, scaled, unscaled } from '../exercise/variant-grid.js';
import type { RandomStream } from './prng.js';

export function drawValue(rule: VariantRule, rng: RandomStream): string {
  if (rule.kind === 'choice') return rule.values[Number(rng.below(BigInt(rule.values.length)))]!;
  const lo = scaled(rule.min, rule.decimals, 'ceil');
  const n = choices(rule);
  if (n < 1n) throw new Error('internal: empty variant range');
  return unscaled(lo + rng.below(n), rule.decimals);
}

/** A decimal with `decimals` places, k * 10^-decimals for a whole k in [lo, hi] other than 0 (template numbers). */
export function drawNonZero(rng: RandomStream, lo: number, hi: number, decimals: number): string {
  for (;;) {
    const k = BigInt(lo) + rng.below(BigInt(hi - lo + 1));
    if (k !== 0n) return unscaled(k, decimals);
  }
}
