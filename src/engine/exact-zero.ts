/**
 * Recognising a sum that is exactly zero although its terms are inexact, so that it is not
 * re-evaluated in vain: symmetric hidden units with opposite outgoing weights give
 * y_C w5 + y_D w6 = 0 with y_C = y_D computed alike and w6 = -w5. No precision would ever
 * certify that 0 by its digits (evaluate-plan.ts), but it is certain by its structure.
 *
 * Sound by construction: two values get the same canonical number only when they are the same
 * operation over arguments with the same canonical numbers, or exact and equal; every operation
 * is a function, so equal numbers mean equal values. A sum is exactly zero when its terms,
 * written as (exact coefficient) x (value), have coefficients summing to exactly 0 per value.
 */
import { Decimal } from 'decimal.js';
import type { Dec } from './numbers.js';

/** The structure a tracked value keeps for this: its operation and tracked arguments. */
export interface Shaped {
  readonly value: Dec;
  readonly lost: number;
  readonly op?: string;
  readonly args?: readonly Shaped[];
}

// Coefficients are products of a few exact values: exact at this many digits.
const Exact = Decimal.clone({ defaults: true, precision: 5000 });
const numbers = new WeakMap<Shaped, number>();
const interned = new Map<string, number>();
let fresh = 0;
let issued = 0;

function canonical(t: Shaped): number {
  let n = numbers.get(t);
  if (n !== undefined) return n;
  // max returns one of its arguments as it is (the first of the largest): it is that value, so
  // the shift of a softmax, z_P - max(z_P, z_Q, z_R), is exactly 0 for the largest z.
  const picked = t.op === 'max' ? t.args?.find((a) => a.value.eq(t.value)) : undefined;
  n = picked ? canonical(picked) : numberOf(t);
  numbers.set(t, n);
  return n;
}

function numberOf(t: Shaped): number {
  let key: string | undefined;
  if (t.lost === -Infinity) key = `=${t.value.toString()}`;
  else if (t.op && t.args) {
    const ids = t.args.map(canonical);
    if (t.op === 'add' || t.op === 'mul') ids.sort((a, b) => a - b);
    key = `${t.op}(${ids.join(',')})`;
  }
  if (key === undefined) return --fresh; // a pinned or known inexact value: equal only to itself
  let n = interned.get(key);
  if (n === undefined) {
    // Bounded memory: forgetting the table only makes later values look different (never equal),
    // as long as a number is never given out twice: values numbered before the table was
    // forgotten keep theirs, so the numbers only count up.
    if (interned.size > 100_000) interned.clear();
    interned.set(key, (n = ++issued));
  }
  return n;
}

// t = coefficient x value, the coefficient exact.
function term(t: Shaped, sign: number): { coef: Decimal; of: number } {
  // The shift max(z_P, z_Q) is the picked z as a term too: z_Q = x w2 is read as x times w2,
  // so z_Q - max(...) must read the max the same way (it did not, once w2 was inexact).
  const picked = t.op === 'max' ? t.args?.find((a) => a.value.eq(t.value)) : undefined;
  if (picked) return term(picked, sign);
  if (t.op === 'neg' && t.args?.length === 1) return term(t.args[0]!, -sign);
  if (t.op === 'mul' && t.args) {
    const inexact = t.args.filter((a) => a.lost !== -Infinity);
    if (inexact.length === 1) {
      let coef = new Exact(sign);
      for (const a of t.args) if (a.lost === -Infinity) coef = coef.times(new Exact(a.value));
      return { coef, of: canonical(inexact[0]!) };
    }
  }
  return { coef: new Exact(sign), of: canonical(t) };
}

/** Whether a + b + ... (op add) or a - b (op sub) is exactly zero by the structure of its terms. */
export function cancelsExactly(op: string, args: readonly Shaped[]): boolean {
  if (op !== 'add' && op !== 'sub') return false;
  const sums = new Map<number, Decimal>();
  args.forEach((a, i) => {
    if (a.lost === -Infinity && a.value.isZero()) return;
    const { coef, of } = term(a, op === 'sub' && i === 1 ? -1 : 1);
    sums.set(of, (sums.get(of) ?? new Exact(0)).plus(coef));
  });
  return [...sums.values()].every((c) => c.isZero());
}
