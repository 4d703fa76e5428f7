/**
 * One isolated Decimal constructor per working precision. Never Decimal.set: one exercise's
 * settings must not leak into the next, and nothing here depends on global decimal.js state.
 * Exponents are bounded by MAX_VALUE_EXPONENT: a computed value past it becomes Infinity (or 0),
 * which decimal.js decides at once, instead of a number with a billion digits.
 */
import { Decimal } from 'decimal.js';
import { MAX_VALUE_EXPONENT } from './limits.js';

export type Dec = Decimal;
export type DecimalCtor = typeof Decimal;

const cache = new Map<number, DecimalCtor>();

export function decimalAt(precision: number): DecimalCtor {
  let D = cache.get(precision);
  if (!D) {
    D = Decimal.clone({
      precision,
      rounding: Decimal.ROUND_HALF_EVEN,
      toExpNeg: -30,
      toExpPos: 40,
      minE: -MAX_VALUE_EXPONENT,
      maxE: MAX_VALUE_EXPONENT,
    });
    cache.set(precision, D);
  }
  return D;
}

export const DEFAULT_WORKING_PRECISION = 40;

/**
 * Rounding as people do it by hand: half-up (ties away from zero), and cutting digits off
 * (towards zero). The modes are decimal.js's constants, the same for every clone.
 */
export const ROUND_HALF_UP: Decimal.Rounding = Decimal.ROUND_HALF_UP;
export const ROUND_HALF_EVEN: Decimal.Rounding = Decimal.ROUND_HALF_EVEN;
export const ROUND_DOWN: Decimal.Rounding = Decimal.ROUND_DOWN;

/** The constructor a value was made with (its clone, at its working precision). */
export function ctorOf(v: Dec): DecimalCtor {
  return v.constructor as DecimalCtor;
}
