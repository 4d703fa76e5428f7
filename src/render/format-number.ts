/**
 * Numbers as text. Every format switches to scientific notation for a large or tiny exponent, so
 * no value is ever written with thousands of digits (sigmoid(-100000) is 3.5e-43430, not a
 * 43,000-character string):
 * - showValue: the exercise's display rule (decimals or significant digits), rounded half-up as
 *   people round by hand; too large for fixed decimals, scientific notation;
 * - beyondDisplay: the note a renderer adds when the rule cannot show a value as it is (nonzero
 *   but below the last decimal, or too large);
 * - latexValue: showValue with 10^{n} in LaTeX;
 * - fullValue: every working digit, for JSON and verify's exact column.
 */
import type { Dec } from '../engine/numbers.js';
import { ROUND_HALF_UP } from '../engine/numbers.js';
import type { Display } from '../engine/model.js';
import { MAX_VALUE_EXPONENT } from '../engine/limits.js';

// A computed value past the magnitude bound is Infinity (numbers.ts): shown as an overflow.
const BOUND = `1e${MAX_VALUE_EXPONENT}`;

/** Exponents beyond these are written in scientific notation in every format. */
export const SCIENTIFIC_BELOW = -6;
export const SCIENTIFIC_ABOVE = 20;
/** Full-precision text (JSON) stays positional within these, like decimal.js's toString here. */
const FULL_BELOW = -30;
const FULL_ABOVE = 40;

/** A value as the exercise shows it; never "-0". What a learner may type back as the answer. */
export function showValue(v: Dec, display: Display): string {
  return shown(v, display).text;
}

/** The same in LaTeX math: 1.23 \times 10^{-44}. */
export function latexValue(v: Dec, display: Display): string {
  const text = shown(v, display).text;
  const m = /^(-?[\d.]+)e([-+]\d+)$/.exec(text);
  return m ? `${m[1]} \\times 10^{${m[2]!.replace('+', '')}}` : text;
}

/**
 * When the display rule cannot show a value as it is, a note saying so: a nonzero value that
 * rounds to 0 at the display's decimals ("3.7e-44, below 4 decimals"), or one too large for
 * fixed decimals (shown in scientific notation). Undefined when the display shows it.
 */
export function beyondDisplay(v: Dec, display: Display): string | undefined {
  if (!v.isFinite() || v.isZero() || display.kind !== 'decimals') return undefined;
  const d = display.digits;
  const r = v.toDecimalPlaces(d, ROUND_HALF_UP);
  if (r.isZero())
    return `${v.toSignificantDigits(2, ROUND_HALF_UP).toExponential()}, below ${decimalsWords(d)}`;
  return r.e > SCIENTIFIC_ABOVE ? `too large for ${decimalsWords(d)}` : undefined;
}

function shown(v: Dec, display: Display): { readonly text: string } {
  if (!v.isFinite())
    return { text: v.isNaN() ? 'undefined' : `overflow (${v.isNeg() ? 'below -' : 'above '}${BOUND})` };
  if (display.kind === 'significant') return { text: sigFigs(v, display.digits) };
  const d = display.digits;
  // Too large for fixed decimals: scientific notation with the display's digits after the point.
  if (v.e > SCIENTIFIC_ABOVE) return { text: v.toExponential(d, ROUND_HALF_UP) };
  return { text: noNegativeZero(v.toFixed(d, ROUND_HALF_UP)) };
}

function sigFigs(v: Dec, digits: number): string {
  if (v.isZero()) return '0';
  const r = v.toSignificantDigits(digits, ROUND_HALF_UP);
  if (r.e < SCIENTIFIC_BELOW || r.e > SCIENTIFIC_ABOVE) return r.toExponential(digits - 1, ROUND_HALF_UP);
  return r.toFixed(Math.max(0, digits - 1 - r.e));
}

/**
 * Every digit of a value, as a decimal string: positional for ordinary sizes, scientific beyond
 * (e.g. "3.5e-43430"), so JSON keeps full digits without a 43,000-character string.
 */
export function fullValue(v: Dec): string {
  // JSON keeps decimal.js's words (NaN, Infinity, -Infinity): machine-readable, like the digits.
  if (!v.isFinite()) return v.toString();
  if (v.isZero()) return '0';
  if (v.e < FULL_BELOW || v.e > FULL_ABOVE) return v.toExponential();
  return v.toFixed();
}

/** A value to `digits` decimals, half-up, without a negative zero; scientific when it is huge. */
export function fixed(v: Dec, digits: number): string {
  if (v.isFinite() && v.e > SCIENTIFIC_ABOVE) return v.toExponential(digits, ROUND_HALF_UP);
  return noNegativeZero(v.toFixed(digits, ROUND_HALF_UP));
}

function noNegativeZero(s: string): string {
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
