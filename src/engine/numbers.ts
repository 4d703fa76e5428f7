import { Decimal } from 'decimal.js';

/**
 * One isolated Decimal constructor per working precision. Never Decimal.set: one exercise's
 * settings must not leak into the next, and nothing here depends on global decimal.js state.
 */
export type Dec = Decimal;
export type DecimalCtor = typeof Decimal;

const cache = new Map<number, DecimalCtor>();

export function decimalAt(precision: number): DecimalCtor {
  let D = cache.get(precision);
  if (!D) {
    D = Decimal.clone({ precision, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40, minE: -9e15, maxE: 9e15 });
    cache.set(precision, D);
  }
  return D;
}

export const DEFAULT_WORKING_PRECISION = 40;
