import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../src/judge/index.js';
import type { Context } from '../src/judge/index.js';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { solveExercise } from '../src/engine/solved.js';
import { decimalAt } from '../src/engine/numbers.js';
import { loadExerciseText } from '../src/exercise/load.js';

/*
 * Reading answers. Expected values are worked by hand: 0.5868 * (1 - 0.5868) = 0.5868 * 0.4132 =
 * 0.24246576; -0.0910 * 0.5868 = -0.0533988; 1/3 at the exercise's 40 working digits is 0.333...3
 * (40 threes).
 */
const { exercise, plan } = loadExerciseText(
  'two-two-one-network.yaml',
  readFileSync(new URL('../exercises/two-two-one-network.yaml', import.meta.url), 'utf8'),
);
const exact = evaluatePlan(plan, { precision: exercise.working });
const D = decimalAt(exercise.working);
const accepted = new Map([
  ['z_C', new D('0.351')],
  ['y_C', new D('0.5868')],
  ['dE/dz_F', new D('-0.0910')],
]);
const ctx: Context = { solved: solveExercise(exercise, plan), accepted };

const read = (text: string, step = 'dE/dw5') => parseAnswer(text, ctx, step);
const valueOf = (text: string, step = 'dE/dw5') => {
  const r = read(text, step);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to read, got: ${r.message}`);
  return r;
};

describe('parseAnswer: numbers', () => {
  it.each([
    ['0.5868', '0.5868', 4, 4],
    ['-.0533', '-0.0533', 4, 3],
    ['5.868e-1', '0.5868', 4, 4],
    ['5868E-4', '0.5868', 4, 4],
    ['0.2420', '0.242', 4, 4],
    ['0.05868', '0.05868', 5, 4],
    ['+0.5', '0.5', 1, 1],
    ['12', '12', 0, 2],
    ['1.2e3', '1200', 0, 2],
    ['0', '0', 0, 1],
    ['0.0000', '0', 4, 1],
    ['(0.5868)', '0.5868', 4, 4],
  ])('%s is %s with %i decimals and %i significant digits', (text, value, decimals, significant) => {
    const r = valueOf(text);
    expect(r.value.eq(value)).toBe(true);
    expect(r.decimals).toBe(decimals);
    expect(r.significant).toBe(significant);
  });

  it('tidies the input first: spaces, a leading "=", the step named before "=", unicode minus', () => {
    expect(valueOf('  0.5868  ').value.eq('0.5868')).toBe(true);
    expect(valueOf('= 0.5868').value.eq('0.5868')).toBe(true);
    expect(valueOf('\u22120.0533').value.eq('-0.0533')).toBe(true);
    expect(valueOf('\u2013 0.0533').value.eq('-0.0533')).toBe(true);
    expect(valueOf('dE/dw5 = -0.0534').value.eq('-0.0534')).toBe(true);
    expect(valueOf('=\u22120.0533', 'dE/dw5').text).toBe('-0.0533');
  });
});

describe('parseAnswer: arithmetic', () => {
  it.each([
    ['1/3', `0.${'3'.repeat(40)}`],
    ['sigmoid(0)', '0.5'],
    ['σ(0)', '0.5'],
    ['2^-2', '0.25'],
    ['2**3', '8'],
    ['sqrt(0.25)', '0.5'],
    ['exp(0)', '1'],
    ['ln(1)', '0'],
    ['0.5869*0.2', '0.11738'],
    ['0.2 - 0.7 * (-0.0534)', '0.23738'],
    ['2(3)', '6'],
    ['3 × 0.5', '1.5'],
    ['1 ÷ 4', '0.25'],
  ])('%s = %s', (text, value) => {
    const r = valueOf(text);
    expect(r.value.eq(value)).toBe(true);
    expect(r.decimals).toBeUndefined();
    expect(r.significant).toBe(exercise.working);
  });

  it('takes earlier steps at the learner’s accepted values and givens at their exact values', () => {
    expect(valueOf('y_C*(1-y_C)').value.eq('0.24246576')).toBe(true);
    expect(valueOf('y_C (1 − y_C)').value.eq('0.24246576')).toBe(true);
    expect(valueOf('dE/dz_F*y_C').value.eq('-0.0533988')).toBe(true);
    expect(valueOf('dE/dz_F * dz_F/dw5'.replace('dz_F/dw5', 'y_C')).value.eq('-0.0533988')).toBe(true);
    expect(valueOf('w5 - eta*0.0534', 'w5@2').value.eq('0.16262')).toBe(true);
    expect(valueOf('sigmoid(z_C)', 'y_C').value.eq(exact.get('y_C')!)).toBe(true);
  });

  it('knows the exercise’s own symbols', () => {
    const symbols = new Map([['delta_F', 'dE/dz_F']]);
    const withSymbols = { ...ctx, solved: solveExercise({ ...exercise, symbols }, plan) };
    const r = parseAnswer('delta_F * 2', withSymbols, 'dE/dw5');
    expect(r.ok && r.value.eq('-0.182')).toBe(true);
  });
});

describe('parseAnswer: what cannot be read', () => {
  // Positions are in the text as typed (0-based, end exclusive).
  it.each([
    ['', /nothing to read/, 0, 0],
    ['   ', /nothing to read/, 0, 0],
    ['1,5', /point/, 1, 2],
    ['  = 0,5868', /point/, 5, 6],
    ['0. 5868', /two numbers/, 0, 7],
    ['(0.5', /missing "\)"/, 4, 4], // at the end of the text: an empty range there
    ['0.5)', /unmatched/, 3, 4],
    ['0.5868%', /unexpected "%"/, 6, 7],
    ['y_F', /y_F is not known yet/, 0, 3],
    ['2*dE/dy_F', /dE\/dy_F is not known yet/, 2, 9],
    ['dE/dw5', /the value you are working out/, 0, 6],
    ['foo', /foo is not a name in this exercise$/, 0, 3],
    ['0.5*y_c', /did you mean y_C\?/, 4, 7],
    ['e^2', /exp\(/, 0, 1],
    ['exp 2', /exp.*function/, 0, 3],
    ['bogus(1)', /bogus is not a function or a name/, 0, 5],
    ['sigmod(0.3)', /did you mean sigmoid\?/, 0, 6],
    ['1/0', /no value/, 0, 3],
    ['ln(-1)', /no value/, 0, 6],
    ['sqrt(-4)', /no value/, 0, 8],
    ['1 +', /ends too early/, 3, 3],
    ['x'.repeat(500), /too long/, 0, 500],
  ])('%j: %s', (text, message, start, end) => {
    const r = read(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(message);
    expect([r.start, r.end]).toEqual([start, end]);
  });
});

describe('parseAnswer: properties', () => {
  const inRange = (r: ReturnType<typeof read>, text: string) =>
    r.ok || (r.start >= 0 && r.start <= r.end && r.end <= text.length);

  it('never throws: any text reads, or fails with a place inside it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const r = read(text);
        expect(inRange(r, text)).toBe(true);
        if (r.ok) expect(r.value.isFinite()).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  const pieces = [
    '1',
    '0.5',
    '.5',
    '5.',
    '1e5',
    '2e-3',
    '+',
    '-',
    '−',
    '*',
    '/',
    '^',
    '**',
    '(',
    ')',
    ' ',
    ',',
    '=',
    '.',
    'e',
    'y_C',
    'y_F',
    'w5',
    'eta',
    'dE/dz_F',
    'dE/dw5',
    'exp(',
    'ln(',
    'sqrt(',
    'sigmoid(',
    'σ(',
    "σ'(",
    'sigma',
    'abs(',
    'x',
    '%',
    '9^9^9',
  ];
  it('never throws on text made of the pieces answers are made of', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
        const text = parts.join('');
        const r = read(text);
        expect(inRange(r, text)).toBe(true);
        if (r.ok) expect(r.value.isFinite()).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  // Decimal text built from integers by string manipulation, in plain and exponent notation.
  const numberText = fc
    .record({
      sign: fc.constantFrom('', '-', '+'),
      whole: fc.stringMatching(/^\d{0,12}$/),
      fraction: fc.stringMatching(/^\d{0,30}$/),
      point: fc.boolean(),
      exponent: fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }),
    })
    .filter(({ whole, fraction, point }) => whole.length > 0 || (point && fraction.length > 0))
    .map(
      ({ sign, whole, fraction, point, exponent }) =>
        `${sign}${whole}${point ? `.${fraction}` : ''}${exponent === undefined ? '' : `e${exponent}`}`,
    );

  it('reads a typed number as exactly that decimal, with its stated decimals', () => {
    fc.assert(
      fc.property(numberText, (text) => {
        const r = read(text);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.eq(new Decimal(text))).toBe(true);
        // decimals: digits after the point, less the exponent, never below zero
        const m = /^[+-]?\d*(?:\.(\d*))?(?:e(-?\d+))?$/.exec(text)!;
        const places = (m[1]?.length ?? 0) - Number(m[2] ?? 0);
        expect(r.decimals).toBe(Math.max(0, places));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('one function table for formulas and answers', () => {
  it('every function as printed reads back as the same operation', async () => {
    const { FUNCTION_TEXT, parseExpr } = await import('../src/engine/parse-expr.js');
    for (const [op, name] of Object.entries(FUNCTION_TEXT)) {
      const r = parseExpr(`${name}(x)`);
      expect(r.ok && r.expr.op, name).toBe(op);
    }
  });
});
