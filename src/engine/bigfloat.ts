/**
 * Binary floating point on native bigints, at a fixed number of bits P, for the replay of long
 * runs (replay.ts): a value is m * 2^e with m a bigint of exactly P bits (or 0) and e a small
 * integer. decimal.js keeps digits in arrays of 7-digit words and spends most of a long run
 * allocating and rounding them; a bigint product and a shift do the same work several times
 * faster.
 *
 * Every operation's result is within one unit in the last of P bits of the exact result of its
 * arguments (sign-symmetric rounding to nearest), except a power, within about n units for a^n. That is all the replay's certification needs:
 * it runs two precisions in lockstep and accepts a reported value only when both runs' values,
 * with a wide margin, round to the same p decimal digits (`settleBinary`, exact in bigints).
 *
 * What this module does not do (NaN, infinities, decimal.js's magnitude limits, arguments of exp
 * beyond 2^21, the square root of a negative number, an unsupported operation) throws
 * `Unsupported`; the replay then uses decimal.js.
 */
import type { Dec, DecimalCtor } from './numbers.js';

/** m * 2^e; m = 0n for zero, whose e is then its sign, as decimal.js keeps it: 0 for +0, 1 for -0. */
export interface BF {
  readonly m: bigint;
  readonly e: number;
}

/** Something this arithmetic does not handle; the caller falls back to decimal.js. */
export class Unsupported extends Error {}

export const ZERO: BF = { m: 0n, e: 0 };
export const NEG_ZERO: BF = { m: 0n, e: 1 };
const negative = (v: BF) => (v.m === 0n ? v.e === 1 : v.m < 0n);
const signedZero = (neg: boolean) => (neg ? NEG_ZERO : ZERO);

// Binary exponents kept well inside decimal.js's 10^+-1e6 (numbers.ts), so that no value this
// arithmetic produces would have been Infinity or 0 there.
const EMAX = 3_300_000;
const LOG2_10 = 3.321928094887362; // log2(10), for sizing only

const shifts: bigint[] = [];
/** BigInt(k), cached: converting a shift amount would otherwise cost an allocation per operation. */
function sh(k: number): bigint {
  return k < 4096 ? (shifts[k] ??= BigInt(k)) : BigInt(k);
}
const pow2: bigint[] = [];
function p2(k: number): bigint {
  return k < 4096 ? (pow2[k] ??= 1n << BigInt(k)) : 1n << BigInt(k);
}

/** Number of bits of v >= 0 (0 for 0), searched from a guess: a few comparisons when it is close. */
export function bitLength(v: bigint, guess: number): number {
  if (v === 0n) return 0;
  let L = Math.max(1, guess);
  if (L > 4000) return v.toString(16).length * 4 - (Math.clz32(parseInt(v.toString(16)[0]!, 16)) - 28);
  while (v >= p2(L)) L++;
  while (L > 1 && v < p2(L - 1)) L--;
  return L;
}

const halfLess: bigint[] = [];
/**
 * s (any sign) divided by 2^k, rounded to nearest, ties away from zero: symmetric in sign. For
 * s < 0, -floor((|s| + h) / 2^k) = floor((s + h - 1) / 2^k) with h = 2^(k-1): no negation.
 */
function shr(s: bigint, k: number): bigint {
  if (k <= 0) return s << sh(-k);
  if (s >= 0n) return (s + p2(k - 1)) >> sh(k);
  return (s + (k < 4096 ? (halfLess[k] ??= p2(k - 1) - 1n) : p2(k - 1) - 1n)) >> sh(k);
}

const tens: bigint[] = [];
function tenPow(k: number): bigint {
  return k < 4096 ? (tens[k] ??= 10n ** BigInt(k)) : 10n ** BigInt(k);
}

/** The arithmetic at P bits. */
export class BinaryArith {
  readonly P: number;
  private readonly top: bigint; // 2^P
  private readonly F: number; // fixed-point bits inside exp
  private readonly ln2: bigint; // ln 2 * 2^(F + 32)
  private readonly tables: bigint[][]; // tables[i][j] = e^(-j 256^-(i+1)) * 2^F
  private readonly taylor: bigint[]; // 2^F / k!
  readonly one: BF;

  constructor(P: number) {
    this.P = P;
    this.top = p2(P);
    this.one = { m: p2(P - 1), e: 1 - P };
    const F = (this.F = P + 32);
    // ln 2 = sum 1/(k 2^k), in fixed point with 24 spare bits (each term truncated: < 1 unit).
    const G = F + 32 + 24;
    let ln2 = 0n;
    for (let k = 1; k <= G; k++) ln2 += (1n << BigInt(G - k)) / BigInt(k);
    this.ln2 = ln2 >> 24n;
    // e^(-2^(-8i)) by its alternating Taylor series with 64 spare bits, then its 256 powers.
    const H = F + 64;
    this.tables = [];
    for (let i = 1; i <= 4; i++) {
      let term = 1n << BigInt(H);
      let a = term;
      for (let k = 1; term > 0n; k++) {
        term = (term >> BigInt(8 * i)) / BigInt(k);
        a += k % 2 === 1 ? -term : term;
      }
      const t = [1n << BigInt(H)];
      for (let j = 1; j < 256; j++) t.push((t[j - 1]! * a) >> BigInt(H));
      this.tables.push(t.map((x) => x >> 64n));
    }
    this.taylor = [1n << BigInt(F)];
    for (let k = 1n, c = 1n << BigInt(F); (c /= k) >> (32n * k) > 0n; k++) this.taylor.push(c);
  }

  /** Normalises s * 2^e (s any sign) to P bits; `guess` is s's likely bit length. */
  norm(s: bigint, e: number, guess: number): BF {
    if (s === 0n) return ZERO;
    const L = bitLength(s < 0n ? -s : s, guess);
    if (L === this.P) return { m: s, e };
    let m = shr(s, L - this.P);
    e += L - this.P;
    if (m === this.top || m === -this.top) {
      m >>= 1n;
      e += 1;
    }
    if (e > EMAX || e < -EMAX) throw new Unsupported('a value near the magnitude limit');
    return { m, e };
  }

  /** A decimal text (a given or a literal) rounded once to P bits. */
  fromText(text: string): BF {
    const r = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
    if (!r || (r[2] === '' && (r[3] ?? '') === '')) throw new Unsupported(`the number ${text}`);
    const frac = r[3] ?? '';
    const D = BigInt(`${r[2] || '0'}${frac}`);
    const k = Number(r[4] ?? 0) - frac.length;
    if (Math.abs(k) > 1_000_000) throw new Unsupported('a value near the magnitude limit');
    let v: BF;
    if (D === 0n) return signedZero(r[1] === '-');
    if (k >= 0) v = this.norm(D * tenPow(k), 0, D.toString(2).length + Math.ceil(k * LOG2_10));
    else {
      const den = tenPow(-k);
      const t = this.P + 2 + den.toString(2).length - D.toString(2).length + 1;
      const num = t >= 0 ? D << BigInt(t) : D >> BigInt(-t);
      let q = num / den;
      // A sticky bit below the rounding position keeps the one rounding of norm correct.
      if (q * den !== num || (t < 0 && num << BigInt(-t) !== D)) q |= 1n;
      v = this.norm(q, -t, this.P + 3);
    }
    return r[1] === '-' ? this.neg(v) : v;
  }

  neg(a: BF): BF {
    return a.m === 0n ? signedZero(a.e !== 1) : { m: -a.m, e: a.e };
  }

  add(a: BF, b: BF): BF {
    // As decimal.js: -0 + -0 = -0, +0 otherwise; an exact cancellation (in norm) is +0.
    if (a.m === 0n) return b.m === 0n ? signedZero(a.e === 1 && b.e === 1) : b;
    if (b.m === 0n) return a;
    if (a.e < b.e) [a, b] = [b, a];
    const d = a.e - b.e;
    // |b| < 2^(b.e + P) <= a quarter of a's last unit: a is within one unit of the sum.
    if (d > this.P + 1) return a;
    return this.norm((a.m << sh(d)) + b.m, b.e, this.P + d);
  }

  sub(a: BF, b: BF): BF {
    return this.add(a, this.neg(b));
  }

  mul(a: BF, b: BF): BF {
    if (a.m === 0n || b.m === 0n) return signedZero(negative(a) !== negative(b));
    return this.norm(a.m * b.m, a.e + b.e, 2 * this.P);
  }

  div(a: BF, b: BF): BF {
    if (b.m === 0n) throw new Unsupported('a division by 0');
    if (a.m === 0n) return signedZero(negative(a) !== negative(b));
    // |a.m| / |b.m| is in (1/2, 2): the truncated quotient has P + 1 or P + 2 bits, so its
    // truncation is below a quarter of the final unit.
    let q = (a.m << sh(this.P + 1)) / b.m;
    if (q * b.m !== a.m << sh(this.P + 1)) q = q < 0n ? q - 1n : q + 1n; // sticky
    return this.norm(q, a.e - b.e - this.P - 1, this.P + 2);
  }

  /**
   * a^n for an integer |n| <= 1,000,000 (an iteration count, as in Adam's beta^t), by repeated
   * squaring: fewer than 2 log2(n) + 2 roundings, but each squaring doubles the relative error
   * before it, so the result is within about |n| + 2 log2|n| + 2 units of its last bit, not one.
   * The replay's check still holds: that error is the same multiple of each run's unit, and
   * the runs are 64 bits apart.
   */
  powInt(a: BF, n: number): BF {
    if (n === 0) return this.one;
    let r: BF | undefined;
    let x = a;
    for (let k = Math.abs(n); k > 0; k >>= 1) {
      if (k & 1) r = r === undefined ? x : this.mul(r, x);
      if (k > 1) x = this.mul(x, x);
    }
    return n < 0 ? this.div(this.one, r!) : r!;
  }

  /** The larger of a and b (a when equal, as the decimal rule keeps the first): the sign of b - a is exact. */
  max(a: BF, b: BF): BF {
    return this.sub(b, a).m > 0n ? b : a;
  }

  /**
   * sqrt a from the integer square root of a's digits widened to 2P + 4 bits, with a sticky bit
   * when it is not exact: one rounding. A negative a (or -0, NaN in decimal.js) is left to decimal.js.
   */
  sqrt(a: BF): BF {
    if (negative(a)) throw new Unsupported('the square root of a negative number');
    if (a.m === 0n) return ZERO;
    let k = this.P + 4;
    if ((a.e - k) % 2 !== 0) k++;
    const w = a.m << sh(k);
    let r = isqrt(w, 2 * this.P + k - this.P);
    if (r * r !== w) r |= 1n;
    return this.norm(r, (a.e - k) / 2, this.P + 3);
  }

  /**
   * e^-|x| as [M, n]: e^-|x| = M 2^-(F + n), M in (2^(F-1), 2^F]. x = n ln 2 + r, 0 <= r < ln 2;
   * e^-r from four 256-entry tables of e^(-j 256^-i) and a short Taylor series for the rest.
   */
  expNegAbs(x: BF): readonly [bigint, number] {
    const F = this.F;
    if (x.m === 0n) return [p2(F), 0];
    if (x.e + this.P > 21) throw new Unsupported('an exponential of a number beyond 2^21, about two million'); // |x| >= 2^21: decimal.js's exp
    const G = F + 32;
    const mag = x.m < 0n ? -x.m : x.m;
    const Y = x.e + G >= 0 ? mag << sh(x.e + G) : mag >> sh(-(x.e + G));
    const n = Y / this.ln2;
    const R = (Y - n * this.ln2) >> 32n; // r 2^F, in [0, ln 2 2^F)
    const t = this.tables;
    const j = Number(R >> sh(F - 32)); // the top 32 bits of r: four table indices (r < 1)
    let y = t[0]![j >>> 24]!;
    y = (y * t[1]![(j >>> 16) & 255]!) >> sh(F);
    y = (y * t[2]![(j >>> 8) & 255]!) >> sh(F);
    y = (y * t[3]![j & 255]!) >> sh(F);
    const rest = R & (p2(F - 32) - 1n);
    const c = this.taylor;
    let s = c[c.length - 1]!;
    for (let k = c.length - 2; k >= 0; k--) s = c[k]! - ((s * rest) >> sh(F));
    return [(y * s) >> sh(F), Number(n)];
  }

  /** The logistic sigmoid from e^-|x| (expNegAbs(x)): 1/(1 + t) for x >= 0, t/(1 + t) for x < 0. */
  sigmoidFrom(x: BF, [M, n]: readonly [bigint, number]): BF {
    const F = this.F;
    const den = p2(F) + (n > F ? 0n : M >> sh(n));
    return x.m < 0n ? this.norm((M << sh(F)) / den, -F - n, F) : this.norm(p2(2 * F) / den, -F, F);
  }

  /**
   * tanh x = sign(x) (1 - t) / (1 + t), t = e^-2|x|. 1 - t cancels at most 30 bits for |x| >= 2^-30,
   * within the 32 fixed-point bits beyond P. A smaller |x| takes E / (E + 2) with E = e^2x - 1
   * from its Taylor series, which has no cancellation: within a few units of the last bit.
   */
  tanh(x: BF): BF {
    if (x.m === 0n) return x;
    if (x.e + this.P < -30) {
      const E = this.expm1Tiny({ m: x.m, e: x.e + 1 });
      return this.div(E, this.add(E, this.norm(2n, 0, 2)));
    }
    const F = this.F;
    const [M, n] = this.expNegAbs({ m: x.m, e: x.e + 1 });
    const T = n > F ? 0n : M >> sh(n);
    const v = this.norm(((p2(F) - T) << sh(F)) / (p2(F) + T), -F, F);
    return x.m < 0n ? this.neg(v) : v;
  }

  /**
   * e^y - 1 for |y| < 2^-29 as y (1 + y/2 + y^2/6 + ...), summed while a term reaches the last
   * bits of the sum: each term is below 2^-29 of the one before, so at most P/29 + 2 terms.
   */
  private expm1Tiny(y: BF): BF {
    let term = this.one;
    let sum = this.one;
    for (let k = 2; ; k++) {
      term = this.div(this.mul(term, y), this.norm(BigInt(k), 0, 32)); // y^(k-1) / k!
      if (term.m === 0n || term.e + this.P < sum.e - 2) break;
      sum = this.add(sum, term);
    }
    return this.mul(y, sum);
  }

  /** e^x from e^-|x|: the value itself for x <= 0, its reciprocal for x > 0. */
  expFrom(x: BF, [M, n]: readonly [bigint, number]): BF {
    const F = this.F;
    if (x.m <= 0n) return this.norm(M, -F - n, F);
    return this.norm(p2(3 * F) / M, n - 2 * F, 2 * F + 1);
  }
}

/** floor(sqrt(n)) for n > 0 of about `bits` bits: Newton's iteration from above, which decreases to it. */
function isqrt(n: bigint, bits: number): bigint {
  let x = p2(Math.ceil(bitLength(n, bits) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** |v| as an exact fraction num / den (den a power of two). */
function parts(v: BF): { num: bigint; den: bigint } {
  const mag = v.m < 0n ? -v.m : v.m;
  return v.e >= 0 ? { num: mag << sh(v.e), den: 1n } : { num: mag, den: p2(-v.e) };
}

/**
 * s 2^e rounded to p significant decimal digits, half to even (as roundTo), exactly, as a
 * digit string and a decimal exponent ('0' for zero).
 */
export function roundDecimal(s: bigint, e: number, p: number): string {
  if (s === 0n) return '0';
  const neg = s < 0n;
  const { num, den } = parts({ m: s, e });
  // Decimal exponent estimate, corrected below: q = num / den / 10^k must have p digits.
  const bits = bitLength(neg ? -s : s, 256) + e;
  let k = Math.floor(bits / LOG2_10) - p + 1;
  const lowQ = tenPow(p - 1);
  const highQ = tenPow(p);
  for (;;) {
    const n2 = k < 0 ? num * tenPow(-k) : num;
    const d2 = k > 0 ? den * tenPow(k) : den;
    let q = n2 / d2;
    if (q >= highQ) {
      k++;
      continue;
    }
    if (q < lowQ) {
      k--;
      continue;
    }
    const r2 = 2n * (n2 - q * d2);
    if (r2 > d2 || (r2 === d2 && q % 2n === 1n)) q += 1n;
    if (q === highQ) {
      q = lowQ;
      k++;
    }
    return `${neg ? '-' : ''}${q}e${k}`;
  }
}

/**
 * The replay's agreement test for two binary runs, a (lower) and b (higher precision): b is
 * accepted when b +- |a - b| / 2^9 rounds to the same p digits (computed exactly). The higher run
 * carries 64 bits more, so its own error is about 2^-64 of the difference: a margin of 2^55.
 * Returns the value rounded to p digits in Dp, or undefined when the runs do not agree.
 */
export function settleBinary(a: BF, b: BF, p: number, Dp: DecimalCtor): Dec | undefined {
  if (a.m === 0n && b.m === 0n) return new Dp(b.e === 1 ? '-0' : '0');
  const ea = a.m === 0n ? b.e : a.e;
  const eb = b.m === 0n ? a.e : b.e;
  const lo = Math.min(ea, eb);
  if (Math.max(ea, eb) - lo > 4096) return undefined;
  const A = a.m << sh(ea - lo + 9);
  const B = b.m << sh(eb - lo + 9);
  const d = A > B ? A - B : B - A;
  const D = (d + 511n) >> 9n; // rounded up: never narrower than |a - b| / 2^9
  const low = roundDecimal(B - D, lo - 9, p);
  if (D !== 0n && roundDecimal(B + D, lo - 9, p) !== low) return undefined;
  return new Dp(low);
}
