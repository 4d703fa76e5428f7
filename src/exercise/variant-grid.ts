/**
 * The values a variant rule can give, entirely in whole numbers: a range with `decimals: d` is
 * the set of multiples of 10^-d between min and max (both included), counted as BigInts scaled
 * by 10^d. No JS number ever holds a value, so 0.1 stays 0.1. Loading checks a rule with it;
 * authoring draws from it.
 */
import type { VariantRule } from '../engine/model.js';
import { decimalParts, valueKey } from './decimal-text.js';

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** floor or ceil of value * 10^decimals, exactly. */
export function scaled(text: string, decimals: number, direction: 'floor' | 'ceil'): bigint {
  const { mantissa, exponent } = decimalParts(text);
  const shift = exponent + decimals;
  if (shift >= 0) return mantissa * pow10(shift);
  const d = pow10(-shift);
  const q = mantissa / d; // truncates toward zero
  const exact = q * d === mantissa;
  if (exact) return q;
  if (direction === 'floor') return mantissa < 0n ? q - 1n : q;
  return mantissa > 0n ? q + 1n : q;
}

/** The whole number k written as k * 10^-decimals, without trailing zeros: (-5, 2) -> -0.05, (150, 2) -> 1.5. */
export function unscaled(k: bigint, decimals: number): string {
  const neg = k < 0n;
  let digits = (neg ? -k : k).toString();
  if (decimals > 0) {
    digits = digits.padStart(decimals + 1, '0');
    const int = digits.slice(0, digits.length - decimals);
    const frac = digits.slice(digits.length - decimals).replace(/0+$/, '');
    digits = frac ? `${int}.${frac}` : int;
  }
  return digits === '0' ? '0' : `${neg ? '-' : ''}${digits}`;
}

const distinctCache = new WeakMap<readonly string[], readonly string[]>();

/**
 * The values of a list rule, each number once (as first written): `[0.5, 0.50, 5e-1]` is one
 * value, so it is drawn as often as any other, and counted once in the sets the rules allow.
 */
export function distinctChoices(values: readonly string[]): readonly string[] {
  let hit = distinctCache.get(values);
  if (!hit) {
    const seen = new Set<string>();
    hit = values.filter((v) => {
      const k = valueKey(v);
      return seen.has(k) ? false : (seen.add(k), true);
    });
    distinctCache.set(values, hit);
  }
  return hit;
}

/** The entries of a list rule that repeat an earlier value (by number): their index, and the value first written. */
export function repeatedChoices(values: readonly string[]): Array<{ index: number; same: string }> {
  const first = new Map<string, string>();
  const out: Array<{ index: number; same: string }> = [];
  values.forEach((v, index) => {
    const k = valueKey(v);
    const same = first.get(k);
    if (same === undefined) first.set(k, v);
    else out.push({ index, same });
  });
  return out;
}

/** How many values a rule can give (0 when a range holds no multiple of 10^-decimals). */
export function choices(rule: VariantRule): bigint {
  if (rule.kind === 'choice') return BigInt(distinctChoices(rule.values).length);
  const lo = scaled(rule.min, rule.decimals, 'ceil');
  const hi = scaled(rule.max, rule.decimals, 'floor');
  return hi >= lo ? hi - lo + 1n : 0n;
}

/** The givens a variant may change: every given except an optimiser's state, which starts at 0 by definition. */
export function variableGivens<G extends { readonly kind: string; readonly id: string }>(
  givens: readonly G[],
): G[] {
  // velocities v_, Adam's moments m_ and v_, RMSProp's s_
  return givens.filter((g) => !(g.kind === 'constant' && /^[mvs]_/.test(g.id)));
}
