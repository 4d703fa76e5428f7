import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { makeExp, makeSigmoid } from '../src/engine/fast-exp.js';

/*
 * Reference values: test/fixtures/exp-reference.json, made once by mpmath at 140 significant
 * digits and written with 120 (the command is recorded in the file).
 *
 * The accuracy rule, at p significant digits: the result must equal the reference rounded to p
 * significant digits (round half even), or differ from that rounded value by at most one unit in
 * its p-th (last) significant digit.
 *
 * Not part of that contract, but a guard against a systematic 1-ulp bias (which the rule alone
 * would let through): at least 95% of the results must equal the correctly rounded value.
 */
interface Case {
  x: string;
  exp: string;
  sigmoid: string;
}
interface Reference {
  command: string;
  dps: number;
  digits: number;
  cases: Case[];
}
const reference = JSON.parse(
  readFileSync(new URL('./fixtures/exp-reference.json', import.meta.url), 'utf8'),
) as Reference;

const HALF_EVEN = Decimal.ROUND_HALF_EVEN;
const at = (p: number) => Decimal.clone({ defaults: true, precision: p, rounding: HALF_EVEN });
// Exact enough for every check below: differences of values with at most 120 digits.
const C = Decimal.clone({ defaults: true, precision: 400 });

/** |got - round(want, p)| in units of the p-th significant digit of round(want, p); NaN if not finite. */
function ulpsOff(got: Decimal, want: Decimal.Value, p: number): number {
  const w = new C(want).toSignificantDigits(p, HALF_EVEN);
  if (!w.isFinite() || !got.isFinite()) return got.eq(w) || (got.isNaN() && w.isNaN()) ? 0 : NaN;
  if (w.isZero()) return got.isZero() ? 0 : NaN;
  return new C(got)
    .minus(w)
    .abs()
    .div(new C(`1e${w.e - p + 1}`))
    .toNumber();
}

/** Cases breaking the rule, for a readable failure message; also the largest error seen. */
function check(p: number, f: (x: Decimal) => Decimal, pick: (c: Case) => string) {
  const D = at(p);
  const bad: { x: string; got: string; want: string }[] = [];
  let max = 0;
  let exact = 0;
  for (const c of reference.cases) {
    const got = f(new D(c.x));
    const off = ulpsOff(got, pick(c), p);
    if (!(off <= 1))
      bad.push({
        x: c.x,
        got: got.toString(),
        want: new C(pick(c)).toSignificantDigits(p, HALF_EVEN).toString(),
      });
    else max = Math.max(max, off);
    if (off === 0) exact++;
  }
  return { bad, max, exactShare: exact / reference.cases.length };
}

describe('fast exp against mpmath', () => {
  it('has a reference file with about 200 cases and its generating command', () => {
    expect(reference.command).toContain('gen_exp_reference.py');
    expect(reference.cases.length).toBeGreaterThan(190);
    expect(reference.digits).toBeGreaterThanOrEqual(110);
  });

  for (const p of [20, 40, 50, 100]) {
    it(`exp is within 1 ulp of mpmath at ${p} digits`, () => {
      const { bad, max, exactShare } = check(p, makeExp(at(p)), (c) => c.exp);
      expect(bad).toEqual([]);
      expect(max).toBeLessThanOrEqual(1);
      expect(exactShare).toBeGreaterThanOrEqual(0.95);
    });

    it(`sigmoid is within 1 ulp of mpmath at ${p} digits`, () => {
      const { bad, exactShare } = check(p, makeSigmoid(at(p)), (c) => c.sigmoid);
      expect(bad).toEqual([]);
      expect(exactShare).toBeGreaterThanOrEqual(0.95);
    });
  }
});

describe('fast exp special cases', () => {
  const D = at(50);
  const exp = makeExp(D);
  const sigmoid = makeSigmoid(D);

  it('gives exactly 1 and 1/2 at zero, of either sign', () => {
    for (const z of ['0', '-0']) {
      expect(exp(new D(z)).toString()).toBe('1');
      expect(sigmoid(new D(z)).toString()).toBe('0.5');
    }
  });

  it('follows decimal.js for NaN and the infinities', () => {
    expect(exp(new D(NaN)).isNaN()).toBe(true);
    expect(exp(new D(Infinity)).toString()).toBe('Infinity');
    expect(exp(new D(-Infinity)).toString()).toBe('0');
    expect(sigmoid(new D(NaN)).isNaN()).toBe(true);
    expect(sigmoid(new D(Infinity)).toString()).toBe('1');
    expect(sigmoid(new D(-Infinity)).toString()).toBe('0');
  });

  it('returns instances of the given constructor, rounded to its precision', () => {
    const y = exp(new D('1.5'));
    expect(y.constructor).toBe(D);
    expect(y.precision(true)).toBeLessThanOrEqual(50);
    expect(sigmoid(new D('1.5')).constructor).toBe(D);
  });

  it("overflows and underflows at the constructor's own maxE and minE", () => {
    const Small = Decimal.clone({ defaults: true, precision: 30, minE: -100, maxE: 100 });
    const e = makeExp(Small);
    expect(e(new Small('1000')).toString()).toBe('Infinity');
    expect(e(new Small('-1000')).toString()).toBe('0');
    expect(e(new Small('230')).isFinite()).toBe(true); // e^230 ~ 7.7e99
    expect(makeSigmoid(Small)(new Small('-1000')).toString()).toBe('0');
  });

  it('uses 1 + x below 10^-(p+10), correctly rounded in directed modes too', () => {
    const Up = Decimal.clone({ defaults: true, precision: 20, rounding: Decimal.ROUND_CEIL });
    const Down = Decimal.clone({ defaults: true, precision: 20, rounding: Decimal.ROUND_FLOOR });
    expect(makeExp(Up)(new Up('1e-40')).toString()).toBe('1.0000000000000000001');
    expect(makeExp(Down)(new Down('1e-40')).toString()).toBe('1');
    expect(makeExp(Down)(new Down('-1e-40')).toString()).toBe('0.99999999999999999999');
    expect(makeExp(Up)(new Up('-1e-40')).toString()).toBe('1');
  });
});

// Random decimal strings: sign, up to 3 integer digits, up to 60 fraction digits, and an exponent
// that shifts the point, so magnitudes run from about 1e-120 to about 1e4.
const decimalString = fc
  .record({
    neg: fc.boolean(),
    int: fc.integer({ min: 0, max: 999 }),
    frac: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 60 }),
    exp: fc.oneof(fc.integer({ min: -2, max: 1 }), fc.integer({ min: -120, max: 1 })),
  })
  .map(({ neg, int, frac, exp }) => `${neg ? '-' : ''}${int}.${frac || '0'}e${exp}`);

describe('fast exp properties at 50 digits', () => {
  const D = at(50);
  const exp = makeExp(D);

  it("agrees with decimal.js's correctly rounded exp to within 1 ulp", () => {
    fc.assert(
      fc.property(decimalString, (s) => {
        const x = new D(s);
        expect(ulpsOff(exp(x), D.exp(x), 50)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });

  it("does not depend on the configuration of the input's constructor or of D's parent", () => {
    // Inputs built by clones with other precisions, rounding modes, notation and modulo settings
    // (the value of a Decimal is never rounded on construction, so all of them hold the same x).
    const others = [
      Decimal.clone({ precision: 3, rounding: Decimal.ROUND_DOWN }),
      Decimal.clone({ precision: 200, rounding: Decimal.ROUND_CEIL, toExpNeg: -1, toExpPos: 1 }),
      Decimal.clone({ precision: 1, rounding: Decimal.ROUND_UP, modulo: Decimal.EUCLID }),
    ];
    // A D whose parent clone had a different rounding mode, notation and precision: only D's own
    // precision and rounding may matter.
    const Parent = Decimal.clone({ precision: 7, rounding: Decimal.ROUND_UP, toExpNeg: -2, toExpPos: 2 });
    const D2 = Parent.clone({ precision: 50, rounding: HALF_EVEN });
    const exp2 = makeExp(D2);
    const sigmoid = makeSigmoid(D);
    const sigmoid2 = makeSigmoid(D2);
    const before = { precision: Decimal.precision, rounding: Decimal.rounding };
    fc.assert(
      fc.property(decimalString, (s) => {
        const want = exp(new D(s));
        const wantSigmoid = sigmoid(new D(s));
        for (const O of others) {
          expect(exp(new O(s)).eq(want)).toBe(true);
          expect(sigmoid(new O(s)).eq(wantSigmoid)).toBe(true);
        }
        expect(exp2(new D2(s)).eq(want)).toBe(true);
        expect(sigmoid2(new D2(s)).eq(wantSigmoid)).toBe(true);
      }),
      { numRuns: 300 },
    );
    // And the global constructor is never configured.
    expect({ precision: Decimal.precision, rounding: Decimal.rounding }).toEqual(before);
  });
});
