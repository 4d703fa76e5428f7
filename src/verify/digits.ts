/**
 * Rounding as people do it by hand, and cutting digits off. A printed value "fits" a computed
 * one when it is that value rounded half-up (ties away from zero) or cut (truncated towards
 * zero) to the printed number of decimals.
 */
import { ctorOf, ROUND_DOWN, ROUND_HALF_UP } from '../engine/numbers.js';
import type { Dec } from '../engine/numbers.js';
import { fixed, fullValue } from '../render/format-number.js';

export function roundAt(v: Dec, decimals: number): Dec {
  return v.toDecimalPlaces(decimals, ROUND_HALF_UP);
}

/** Digits after `decimals` dropped: towards zero, so -0.09097 cut to 4 decimals is -0.0909. */
export function cutAt(v: Dec, decimals: number): Dec {
  return v.toDecimalPlaces(decimals, ROUND_DOWN);
}

export function roundSignificant(v: Dec, digits: number): Dec {
  return v.toSignificantDigits(digits, ROUND_HALF_UP);
}

export function cutSignificant(v: Dec, digits: number): Dec {
  return v.toSignificantDigits(digits, ROUND_DOWN);
}

/** How a computed value becomes the printed one, if it does. */
export type Fit = 'both' | 'rounded' | 'truncated';

export function fitOf(value: Dec, printed: Dec, decimals: number): Fit | undefined {
  if (!value.isFinite()) return undefined;
  const r = roundAt(value, decimals).eq(printed);
  const c = cutAt(value, decimals).eq(printed);
  return r && c ? 'both' : r ? 'rounded' : c ? 'truncated' : undefined;
}

/** "rounded to 0.4709", "truncated to 0.4708", "rounded or truncated to 0.0739". */
export function fitWords(fit: Fit, printed: string): string {
  return fit === 'both' ? `rounded or truncated to ${printed}` : `${fit} to ${printed}`;
}

/** Whether two values are equal up to the noise of the working precision. */
export function sameValue(a: Dec, b: Dec, working: number): boolean {
  if (!a.isFinite() || !b.isFinite()) return false;
  const scale = b.abs().gt(1) ? b.abs() : new (ctorOf(a))(1);
  return a
    .minus(b)
    .abs()
    .lte(scale.times(`1e-${Math.max(8, working - 10)}`));
}

/** A computed value in an explanation: to two decimals more than printed, trailing zeros dropped. */
export function showNumber(v: Dec, decimals: number): string {
  if (!v.isFinite()) return v.toString();
  return fullValue(roundAt(v, decimals + 2));
}

/** A value to exactly `decimals` decimals (the table's exact column). */
export function showFixed(v: Dec, decimals: number): string {
  if (!v.isFinite()) return v.toString();
  return fixed(v, decimals);
}

/**
 * A number as written with two neighbouring digits exchanged, each exchange in turn from the
 * left: the transposition slip, looked for in a printed value and in the numbers of a printed
 * expression alike.
 */
export function* digitSwaps(text: string): Generator<string> {
  for (let i = 0; i + 1 < text.length; i++) {
    const a = text[i]!;
    const b = text[i + 1]!;
    if (/\d/.test(a) && /\d/.test(b) && a !== b) yield text.slice(0, i) + b + a + text.slice(i + 2);
  }
}
