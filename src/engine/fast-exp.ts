/*
 * Fast e^x and the logistic sigmoid for a decimal.js constructor, accurate to its working precision.
 *
 * decimal.js's own exp is correctly rounded but slow (hundreds of microseconds at 50 digits). Here
 * the work is done in binary fixed point with native bigints, GUARD decimal digits beyond the
 * precision, and the result is rounded once, with the constructor's rounding mode. The error is at
 * most 1 unit in the last place (in practice the result is almost always correctly rounded).
 *
 * Method, for |x| < 1e6: x = n + j1/256 + j2/256^2 + j3/256^3 + j4/256^4 + r, n an integer,
 * 0 <= r < 2^-32; e^x = e^n * e^(j1/256) * ... * e^(j4/256^4) * e^r, with four 256-entry tables
 * per precision (anchored on decimal.js's exp), e^n cached per n (decimal.js's exp, once) and a
 * short Taylor polynomial for e^r.
 *
 * No global configuration is read or written: the working clone is made with `defaults: true`, every
 * rounding is given its mode explicitly, and inputs from any clone are copied before use.
 */
import { Decimal } from 'decimal.js';

type Ctor = typeof Decimal;

const GUARD = 10; // Extra decimal digits carried through the computation.
const BITS = 8; // Bits of the reduced argument removed per table: 256 entries each.
const LEVELS = 4; // Tables per precision, so the Taylor argument is below 2^-32.
const POW_CACHE_MAX = 4096; // Most cached e^n per precision.
const RECENT_MAX = 512; // Most recent arguments of expCore kept per precision.

interface State {
  p: number; // The precision served.
  w: number; // Working decimal digits.
  W: Ctor; // Private clone with w significant digits.
  B: bigint; // Fixed point: a bigint v stands for v / 2^B.
  ONE: bigint; // 2^B, i.e. 1.
  MASK: bigint; // 2^B - 1: the fractional bits.
  TEN_W: bigint; // 10^w.
  tables: bigint[][]; // tables[i][j] = e^(j * 256^-(i+1)).
  shifts: bigint[]; // shifts[i] = B - BITS * (i+1): the bits selecting an entry of tables[i].
  taylor: bigint[]; // taylor[k] = 2^B / k!, while 2^-32k / k! is visible in fixed point.
  powE: Map<number, readonly [bigint, number]>; // n => [m, E] with e^n = m * 10^E, 1 <= m < 10.
  recent: Map<string, readonly [bigint, number]>; // x (w decimals) => expCore(x), for repeats.
}

// v (finite, |v| < 1e6) in fixed point: rounded to w decimal places, then to B bits.
function fix(s: State, v: Decimal): bigint {
  return (BigInt(v.toFixed(s.w, Decimal.ROUND_HALF_EVEN).replace('.', '')) << s.B) / s.TEN_W;
}

function makeState(D: Ctor, p: number): State {
  const w = Math.max(p, 10) + GUARD;
  const W = D.clone({ defaults: true, precision: w, rounding: Decimal.ROUND_HALF_EVEN });
  const B = BigInt(Math.ceil(w * 3.33) + 16); // 3.33 > log2(10), plus 16 guard bits.
  const s: State = {
    p,
    w,
    W,
    B,
    ONE: 1n << B,
    MASK: (1n << B) - 1n,
    TEN_W: 10n ** BigInt(w),
    tables: [],
    shifts: [],
    taylor: [1n << B],
    powE: new Map(),
    recent: new Map(),
  };
  for (let i = 1; i <= LEVELS; i++) {
    // Anchor: decimal.js's exp of 2^(-8i) (itself rounded to w digits only when i = 4 and w < 23,
    // a harmless 10^-(w+9)). Entries are its powers: relative error at most ~255x the anchor's.
    const a = fix(s, W.exp(new W(2).pow(-BITS * i)));
    const t = [s.ONE];
    for (let j = 1; j < 1 << BITS; j++) t.push((t[j - 1]! * a) >> B);
    s.tables.push(t);
    s.shifts.push(B - BigInt(BITS * i));
  }
  const L = BigInt(BITS * LEVELS);
  for (let k = 1n, c = s.ONE; (c /= k) >> (L * k) > 0n; k++) s.taylor.push(c); // Drops < 1 ulp.
  return s;
}

// e^n for an integer n, |n| <= 1e6, as a fixed-point mantissa in [1, 10) and a decimal exponent.
function powE(s: State, n: number): readonly [bigint, number] {
  let r = s.powE.get(n);
  if (r === undefined) {
    const v = s.W.exp(new s.W(BigInt(n))); // From a bigint: no float conversion.
    r = [fix(s, v.times(`1e${-v.e}`)), v.e]; // Multiplying by a power of ten is exact.
    if (s.powE.size < POW_CACHE_MAX) s.powE.set(n, r);
  }
  return r;
}

// e^x for finite |x| < 1e6 as [V, E]: e^x = V / 2^B * 10^E with 1 <= V / 2^B < 10e.
// Arguments repeat: the sigmoid of z and, in a backward pass, sigma(-z) = 1 - sigma(z) share
// e^-|z|. The last RECENT_MAX arguments are kept (by their fixed-point text, computed anyway).
function expCore(s: State, x: Decimal): readonly [bigint, number] {
  const key = x.toFixed(s.w, Decimal.ROUND_HALF_EVEN);
  const seen = s.recent.get(key);
  if (seen) return seen;
  const r = expCoreOf(s, (BigInt(key.replace('.', '')) << s.B) / s.TEN_W);
  if (s.recent.size >= RECENT_MAX) s.recent.clear();
  s.recent.set(key, r);
  return r;
}

function expCoreOf(s: State, X: bigint): readonly [bigint, number] {
  const f = X & s.MASK; // Fractional part, in [0, 1): the floor of x is X >> B, also for x < 0.
  let y = s.ONE;
  for (let i = 0; i < LEVELS; i++) y = (y * s.tables[i]![Number((f >> s.shifts[i]!) & 255n)]!) >> s.B;
  // e^r, 0 <= r < 2^-32, by Horner's rule on the Taylor polynomial.
  const r = f & ((1n << s.shifts[LEVELS - 1]!) - 1n);
  const c = s.taylor;
  let sum = c[c.length - 1]!;
  for (let k = c.length - 2; k >= 0; k--) sum = ((sum * r) >> s.B) + c[k]!;
  const [m, E] = powE(s, Number(X >> s.B));
  return [(((y * sum) >> s.B) * m) >> s.B, E];
}

// V / 2^B * 10^E as a D, rounded once to p significant digits with D's rounding mode.
// Overflow and underflow beyond D.maxE and D.minE are applied by the D constructor.
function round(D: Ctor, s: State, V: bigint, E: number): Decimal {
  return new D(`${(V * s.TEN_W) >> s.B}e${E - s.w}`).toSignificantDigits(s.p, D.rounding);
}

// One cached State per precision of D, so changing D.precision later is honoured.
function stateFor(D: Ctor): () => State {
  const states = new Map<number, State>();
  let last: State | undefined;
  return () => {
    if (last?.p === D.precision) return last;
    let s = states.get(D.precision);
    if (s === undefined) states.set(D.precision, (s = makeState(D, D.precision)));
    return (last = s);
  };
}

/** e^x at D.precision significant digits, within 1 ulp, rounded with D.rounding. */
export function makeExp(D: Ctor): (x: Decimal) => Decimal {
  const state = stateFor(D);
  return (x) => {
    const s = state();
    const xw = new s.W(x); // Copy: x's own constructor settings must not matter.
    // e^0 = 1 exactly (also for -0).
    if (xw.isZero()) return new D(1);
    // NaN, +-Infinity, |x| >= 1e6: decimal.js's exp, which overflows to Infinity and underflows to 0.
    if (!xw.isFinite() || xw.e >= 6) return D.exp(xw);
    // 0 < |x| < 10^-w: e^x = 1 + x + O(10^-2w), on the same side of every p-digit rounding boundary
    // as 1 + x, so 1 + x rounded once is correctly rounded.
    if (xw.e < -s.w) return new D(1).plus(xw);
    const [V, E] = expCore(s, xw);
    return round(D, s, V, E);
  };
}

/** 1 / (1 + e^-x) at D.precision significant digits, within 1 ulp, rounded with D.rounding. */
export function makeSigmoid(D: Ctor): (x: Decimal) => Decimal {
  const state = stateFor(D);
  return (x) => {
    const s = state();
    const xw = new s.W(x);
    // NaN, +-Infinity, |x| >= 1e6: in the working clone with decimal.js's exp (NaN stays NaN,
    // +Infinity gives 1, -Infinity gives 0), then rounded once.
    if (!xw.isFinite() || xw.e >= 6) {
      return new D(new s.W(1).div(s.W.exp(xw.neg()).plus(1))).toSignificantDigits(s.p, D.rounding);
    }
    // e^-|x| = V / 2^B * 10^E <= 1, so E <= 0. Zero falls through: sigma(0) = 1/2 exactly.
    const neg = xw.isNeg();
    const [V, E] = expCore(s, neg ? xw : xw.neg());
    // e^-|x| in fixed point; below 10^-(w+1) it cannot change 1 + e^-|x| at this precision.
    const d = s.ONE + (-E > s.w + 2 ? 0n : V / 10n ** BigInt(-E));
    // x >= 0: sigma = 1 / (1 + e^-x), in [1/2, 1).
    // x < 0: sigma = e^x / (1 + e^x), kept as a mantissa times 10^E so tiny results keep their digits.
    return neg ? round(D, s, (V << s.B) / d, E) : round(D, s, (s.ONE << s.B) / d, 0);
  };
}
