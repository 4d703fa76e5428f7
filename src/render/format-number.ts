/**
 * A value as the exercise shows it: rounded half-up (ties away from zero, as people round by
 * hand) to the display precision. Never exponent notation for ordinary sizes, never "-0".
 */
import { ROUND_HALF_UP } from '../engine/numbers.js';
import type { Dec } from '../engine/numbers.js';
import type { Display } from '../engine/model.js';

export function showValue(v: Dec, display: Display): string {
  if (!v.isFinite()) return v.isNaN() ? 'undefined' : v.isNeg() ? '-infinity' : 'infinity';
  const text = display.kind === 'decimals' ? v.toFixed(display.digits, ROUND_HALF_UP) : sigFigs(v, display.digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

function sigFigs(v: Dec, digits: number): string {
  if (v.isZero()) return '0';
  const r = v.toSignificantDigits(digits, ROUND_HALF_UP);
  const exp = r.e;
  if (exp < -6 || exp > 20) return r.toExponential(digits - 1, ROUND_HALF_UP);
  return r.toFixed(Math.max(0, digits - 1 - exp));
}

/** Full working precision, as a plain decimal string (JSON, verify's exact column). */
export function fullValue(v: Dec): string {
  if (!v.isFinite()) return v.toString();
  const s = v.toFixed();
  return s === '-0' ? '0' : s;
}

/** A value to `digits` decimals, half-up, without a negative zero. */
export function fixed(v: Dec, digits: number): string {
  const s = v.toFixed(digits, ROUND_HALF_UP);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** "1 decimal", "4 decimals": how many decimal places, in words. */
export function decimalsWords(n: number): string {
  return n === 1 ? '1 decimal' : `${n} decimals`;
}

/** The one wording of a display precision: "4 decimals", "1 decimal", "3 significant figures". */
export function precisionWords(display: Display): string {
  if (display.kind === 'decimals') return decimalsWords(display.digits);
  return display.digits === 1 ? '1 significant figure' : `${display.digits} significant figures`;
}
