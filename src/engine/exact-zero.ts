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
  return intern(key);
}

/** The number of a structure key, given out once. */
function intern(key: string): number {
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

/**
 * A coefficient n / d, both exact (products of a few exact values and small divisors): kept as a
 * fraction, so dividing by 3 stays exact (2/sigma + (-6/sigma)/3 cancels).
 */
interface Frac {
  readonly n: Decimal;
  readonly d: Decimal;
}
const ONE: Frac = { n: new Exact(1), d: new Exact(1) };
const times = (a: Frac, b: Frac): Frac => ({ n: a.n.times(b.n), d: a.d.times(b.d) });
const plus = (a: Frac, b: Frac): Frac => ({ n: a.n.times(b.d).plus(b.n.times(a.d)), d: a.d.times(b.d) });
const exactOf = (t: Shaped) => t.lost === -Infinity;

// How deep sums inside sums are opened, and how many terms a value may open into: a plan's
// shared subexpressions would otherwise multiply (a deep DAG opened as a tree).
const MAX_DEPTH = 6;
const MAX_TERMS = 64;

/**
 * t as a sum of (exact coefficient) x (value): sums and differences opened, a factor or divisor
 * that is exact taken into the coefficient, an exact numerator over a value read as that number
 * times the value's reciprocal. Returns false when t opens into too many terms.
 */
function linear(t: Shaped, k: Frac, out: Map<number, Frac>, depth: number): boolean {
  // The shift max(z_P, z_Q) is the picked z as a term too: z_Q = x w2 is read as x times w2,
  // so z_Q - max(...) must read the max the same way (it did not, once w2 was inexact).
  const picked = t.op === 'max' ? t.args?.find((a) => a.value.eq(t.value)) : undefined;
  if (picked) return linear(picked, k, out, depth);
  // An exact value is a number times 1: exact parts of a sum cancel by their values.
  if (exactOf(t))
    return t.value.isZero() || add(out, intern('=1'), times(k, { n: new Exact(t.value), d: ONE.d }));
  const args = t.args ?? [];
  if (depth < MAX_DEPTH) {
    if (t.op === 'neg' && args.length === 1)
      return linear(args[0]!, times(k, { n: new Exact(-1), d: ONE.d }), out, depth);
    if ((t.op === 'add' || t.op === 'sub') && args.length > 0 && !exactOf(t))
      return args.every((a, i) =>
        linear(a, t.op === 'sub' && i === 1 ? times(k, { n: new Exact(-1), d: ONE.d }) : k, out, depth + 1),
      );
    if (t.op === 'mul' && args.length > 0) {
      const inexact = args.filter((a) => !exactOf(a));
      if (inexact.length === 1) {
        let c = k;
        for (const a of args) if (exactOf(a)) c = times(c, { n: new Exact(a.value), d: ONE.d });
        return linear(inexact[0]!, c, out, depth + 1);
      }
    }
    if (t.op === 'div' && args.length === 2) {
      const [n, d] = args as [Shaped, Shaped];
      if (exactOf(d) && !d.value.isZero() && !exactOf(n))
        return linear(n, times(k, { n: new Exact(1), d: new Exact(d.value) }), out, depth + 1);
      if (exactOf(n) && !exactOf(d))
        return add(out, reciprocal(d), times(k, { n: new Exact(n.value), d: ONE.d }));
    }
  }
  return add(out, canonical(t), k);
}

function add(out: Map<number, Frac>, of: number, c: Frac): boolean {
  const had = out.get(of);
  out.set(of, had ? plus(had, c) : c);
  return out.size <= MAX_TERMS;
}

/** The canonical number of 1/d: equal for divisors with equal canonical numbers. */
function reciprocal(d: Shaped): number {
  return intern(`recip(${canonical(d)})`);
}

/** Whether a + b + ... (op add) or a - b (op sub) is exactly zero by the structure of its terms. */
export function cancelsExactly(op: string, args: readonly Shaped[]): boolean {
  if (op !== 'add' && op !== 'sub') return false;
  const sums = new Map<number, Frac>();
  const minus: Frac = { n: new Exact(-1), d: new Exact(1) };
  const opened = args.every((a, i) => {
    if (exactOf(a) && a.value.isZero()) return true;
    return linear(a, op === 'sub' && i === 1 ? minus : ONE, sums, 0);
  });
  return opened && [...sums.values()].every((c) => c.n.isZero());
}
