import type { VariantRule } from '../engine/model.js';
import type { RandomStream } from './prng.js';

/**
 * Drawing one value for a variant rule, entirely in whole numbers: a range with `decimals: d`
 * is the set of multiples of 10^-d between min and max (both included), counted as BigInts
 * scaled by 10^d; the drawn whole number is written back as decimal text. No JS number ever
 * holds a value, so 0.1 stays 0.1.
 */

/** A decimal text as mantissa * 10^exponent, exactly. */
export function parseDecimalText(text: string): { mantissa: bigint; exponent: number } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`internal: not decimal text: ${text}`);
  const digits = `${m[2] ?? ''}${m[3] ?? ''}` || '0';
  const exp = (m[4] === undefined ? 0 : Number.parseInt(m[4], 10)) - (m[3]?.length ?? 0);
  const mantissa = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  return { mantissa, exponent: exp };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** floor or ceil of value * 10^decimals, exactly. */
export function scaled(text: string, decimals: number, direction: 'floor' | 'ceil'): bigint {
  const { mantissa, exponent } = parseDecimalText(text);
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

/** How many values a rule can give (0 when a range holds no multiple of 10^-decimals). */
export function choices(rule: VariantRule): bigint {
  if (rule.kind === 'choice') return BigInt(rule.values.length);
  const lo = scaled(rule.min, rule.decimals, 'ceil');
  const hi = scaled(rule.max, rule.decimals, 'floor');
  return hi >= lo ? hi - lo + 1n : 0n;
}

/** The k-th value (0-based) a rule can give: the k-th of a list, or the range's k-th multiple of 10^-decimals from its low end. */
export function valueAt(rule: VariantRule, k: bigint): string {
  if (rule.kind === 'choice') return rule.values[Number(k)]!;
  return unscaled(scaled(rule.min, rule.decimals, 'ceil') + k, rule.decimals);
}

/** A decimal with `decimals` places, k * 10^-decimals for a whole k in [lo, hi] other than 0 (template numbers). */
export function drawNonZero(rng: RandomStream, lo: number, hi: number, decimals: number): string {
  for (;;) {
    const k = BigInt(lo) + rng.below(BigInt(hi - lo + 1));
    if (k !== 0n) return unscaled(k, decimals);
  }
}
