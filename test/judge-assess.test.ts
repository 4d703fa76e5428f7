import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptedInterval, assess, hints } from '../src/judge/index.js';
import type { Context } from '../src/judge/index.js';
import { solveExercise } from '../src/engine/solved.js';
import { decimalAt } from '../src/engine/numbers.js';
import type { Dec } from '../src/engine/numbers.js';
import { allSteps } from '../src/engine/plan.js';
import { loadExerciseText } from '../src/exercise/load.js';

/*
 * Judging answers on the bundled 2-2-1 network. Exact values come from the independent mpmath
 * reference (test/fixtures/reference.json); the learner-side values are worked by hand in the
 * comments, with the 4-decimal numbers a learner writes down.
 */
const { exercise, plan } = loadExerciseText(
  'two-two-one-network.yaml',
  readFileSync(new URL('../exercises/two-two-one-network.yaml', import.meta.url), 'utf8'),
);
const reference = (
  JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8')) as {
    exercises: Record<string, Record<string, string>>;
  }
).exercises['two-two-one-network']!;
const solved = solveExercise(exercise, plan);
const D = decimalAt(exercise.working);
const steps = allSteps(plan);

/** A context in which the learner has written down every step before `stepId`: the reference value rounded half-up to 4 decimals, unless `mine` says otherwise. */
function walkthrough(stepId: string, mine: Record<string, string> = {}): Context {
  const accepted = new Map<string, Dec>();
  for (const s of steps) {
    if (s.id === stepId) break;
    accepted.set(
      s.id,
      new D(mine[s.id] ?? new D(reference[s.id]!).toDecimalPlaces(4, D.ROUND_HALF_UP).toFixed()),
    );
  }
  return { solved, accepted };
}
const only = (entries: Record<string, string>): Context => ({
  solved,
  accepted: new Map(Object.entries(entries).map(([k, v]) => [k, new D(v)])),
});

describe('assess: right, imprecise, wrong', () => {
  const ctx = walkthrough('y_C');

  it('reports the exact value (agreeing with the reference) and the accepted interval', () => {
    const a = assess(ctx, 'y_C', '0.5869');
    expect(a.exact.toSignificantDigits(35).eq(new D(reference['y_C']!).toSignificantDigits(35))).toBe(true);
    expect(a.expected.eq(a.exact)).toBe(true);
    expect(a.interval.map(String)).toEqual(acceptedInterval(a.expected, exercise.display).map(String));
  });

  it.each([
    // y_C = 0.586860055...: rounded 0.5869, truncated 0.5868
    ['0.5869', 'right', true, /^Right\.$/],
    ['0.5868', 'right', true, /Rounded, it is 0\.5869/],
    ['0.58686', 'right', true, /^Right\.$/],
    ['sigmoid(0.351)', 'right', true, /^Right\.$/],
    ['σ(z_C)', 'right', true, /^Right\.$/],
    ['0.587', 'imprecise', false, /give 4 decimals/],
    ['0.59', 'imprecise', false, /give 4 decimals/],
    ['0.5867', 'wrong', true, /Not quite/],
    ['0.5870', 'wrong', true, /Not quite/],
    // 0.58661...: an expression is judged by its value, which is z_C = 0.3510 rounded to 2 decimals.
    ['sigmoid(0.35)', 'wrong', true, /z_C rounded to 2 decimals/],
    ['5.869', 'wrong', true, /decimal point/],
    ['0.58', 'imprecise', false, /give 4 decimals/], // the truncation at 2 decimals
    ['0.57', 'wrong', true, /Not quite, and give 4 decimals/],
    // One significant digit is too little to be "right so far": 0.6 is taken as 0.6000.
    ['0.6', 'wrong', true, /Not quite, and give 4 decimals/],
    ['1', 'wrong', true, /Not quite, and give 4 decimals/],
    ['0.5 1', 'unreadable', false, /two numbers.*character 1/],
    ['y_F', 'unreadable', false, /not known yet/],
  ])('y_C: %s is %s', (text, kind, costs, message) => {
    const a = assess(ctx, 'y_C', text);
    expect(a.kind).toBe(kind);
    expect(a.costsAttempt).toBe(costs);
    expect(a.message).toMatch(message);
  });
});

describe('assess: precision and trailing zeros', () => {
  it.each([
    // dy_D/dz_D = 0.2420286...: rounded and truncated 0.2420
    ['0.2420', 'right'],
    ['0.24200', 'right'],
    ['0.24203', 'right'],
    // One rule, trailing zeros optional: 0.242 is 0.2420 as shown, as 0.23 is 0.2300 for x_A.
    ['0.242', 'right'],
    ['0.24', 'imprecise'],
    ['0.2421', 'wrong'],
  ])('dy_D/dz_D: %s is %s', (text, kind) => {
    expect(assess(walkthrough('dy_D/dz_D'), 'dy_D/dz_D', text).kind).toBe(kind);
  });

  it('takes a value that is exact as it stands, however few its digits: dz_C/dw1 = x_A = 0.23', () => {
    const a = assess(walkthrough('dz_C/dw1'), 'dz_C/dw1', '0.23');
    expect(a.kind).toBe('right');
    expect(assess(walkthrough('dz_C/dw1'), 'dz_C/dw1', 'x_A').kind).toBe('right');
  });

  it('the same rule below the last decimal shown: -0.001 is -0.0010, as 0.23 is 0.2300', () => {
    // The 2-2-1 with inputs A = -0.0098, B = 0: z_C = -0.0098 * 0.1 + 0 * 0.4 = -0.00098 -> -0.0010.
    const text = readFileSync(
      new URL('../exercises/two-two-one-network.yaml', import.meta.url),
      'utf8',
    ).replace('inputs: { A: 0.23, B: 0.82 }', 'inputs: { A: -0.0098, B: 0 }');
    const small = loadExerciseText('small.yaml', text);
    const ctx: Context = { solved: solveExercise(small.exercise, small.plan), accepted: new Map() };
    expect(ctx.solved.exact.get('z_C')!.toFixed()).toBe('-0.00098');
    expect(assess(ctx, 'z_C', '-0.001').kind).toBe('right');
    expect(assess(ctx, 'z_C', '-0.0010').kind).toBe('right');
    expect(assess(ctx, 'z_C', '-0.0009').kind).toBe('right'); // truncated
    expect(assess(ctx, 'z_C', '-0.002').kind).toBe('wrong');
  });

  it('names no decimal-point slip for a value that shows as 0: any small number would fit it', () => {
    // The 2-2-1 with inputs A = 0, B = 0: z_C = 0 exactly; 1 is simply wrong, not 0.001 misplaced.
    const text = readFileSync(
      new URL('../exercises/two-two-one-network.yaml', import.meta.url),
      'utf8',
    ).replace('inputs: { A: 0.23, B: 0.82 }', 'inputs: { A: 0, B: 0 }');
    const zero = loadExerciseText('zero.yaml', text);
    const ctx: Context = { solved: solveExercise(zero.exercise, zero.plan), accepted: new Map() };
    const a = assess(ctx, 'z_C', '1');
    expect(a.kind).toBe('wrong');
    expect(a.message).not.toMatch(/decimal point/);
  });

  it('costs nothing for unreadable input and says where the problem is', () => {
    const a = assess(walkthrough('y_C'), 'y_C', '0,5869');
    expect(a.kind).toBe('unreadable');
    expect(a.costsAttempt).toBe(false);
    expect(a.message).toMatch(/point.*character 2/);
    expect(a.value).toBeUndefined();
  });
});

describe('assess: follow-through', () => {
  it('credits z_F worked from the learner’s own truncated y_C and y_D', () => {
    // y_C = 0.5868 and y_D = 0.5892 are the truncations of 0.58686... and 0.58928...:
    // z_F = 0.5868 * 0.2 + 0.5892 * 0.6 = 0.11736 + 0.35352 = 0.47088, which truncates to 0.4708.
    // The exact z_F = 0.4709415... accepts [0.47085, 0.4709830], so 0.4708 is right only with the learner's values.
    const ctx = walkthrough('z_F', { y_C: '0.5868', y_D: '0.5892' });
    const a = assess(ctx, 'z_F', '0.4708');
    expect(a.kind).toBe('right-follow-through');
    expect(a.expected.eq('0.47088')).toBe(true);
    expect(a.message).toMatch(/earlier answers.*0\.4709/);
    expect(a.costsAttempt).toBe(true);
    expect(assess(ctx, 'z_F', '0.4709').kind).toBe('right');
    expect(assess(ctx, 'z_F', 'y_C*w5 + y_D*w6').kind).toBe('right'); // 0.47088 is also within the exact interval
  });

  it('does not credit a value worked from an arbitrary earlier number', () => {
    // y_C = 0.7 is no rounding of 0.58686 and no diagnosed mistake: it is set aside, so
    // 0.7 * 0.2 + 0.5893 * 0.6 = 0.49358 gets no follow-through credit.
    const ctx = walkthrough('z_F', { y_C: '0.7' });
    const a = assess(ctx, 'z_F', '0.4936');
    expect(a.kind).toBe('wrong');
    // expected: the exact y_C with the learner's y_D = 0.5893: 0.1173720110578... + 0.35358
    expect(a.expected.toDecimalPlaces(8).eq('0.47095201')).toBe(true);
  });

  it('follows through from a diagnosed mistake the learner kept, and says so', () => {
    // dE/dy_F = +0.3844 has the difference reversed; kept, dE/dz_F = 0.3844 * 0.2366 = 0.09094904.
    const ctx = walkthrough('dE/dz_F', { 'dE/dy_F': '0.3844' });
    const a = assess(ctx, 'dE/dz_F', '0.0909');
    expect(a.kind).toBe('right-follow-through');
    expect(a.message).toMatch(/correct earlier values it would be -0\.0910/);
  });

  it('does not follow through from an arbitrary dE/dy_F', () => {
    // 0.5 * 0.2366 = 0.1183
    expect(assess(walkthrough('dE/dz_F', { 'dE/dy_F': '0.5' }), 'dE/dz_F', '0.1183').kind).toBe('wrong');
  });
});

describe('assess: naming the mistake', () => {
  it.each([
    // -(t - y_F) = -(1 - 0.6156) = -0.3844; reversed: 1 - 0.6156 = 0.3844 (also a sign flip; the reversal is named)
    ['dE/dy_F', '0.3844', 'difference-reversed', /wrong way round.*-\(t - y_F\)/],
    // without the 1/2: 2 (0.6156 - 1) = -0.7688
    ['dE/dy_F', '-0.7688', 'half-dropped', /twice/],
    // (1 - 0.6156)^2 = 0.3844^2 = 0.14776336
    ['E', '0.1478', 'half-dropped', /1\/2/],
    // z_F (1 - z_F) = 0.4709 * 0.5291 = 0.24915319
    ['dy_F/dz_F', '0.2492', 'derivative-at-z', /from z_F/],
    // z_C (1 - z_C) = 0.351 * 0.649 = 0.227799
    ['dy_C/dz_C', '0.2278', 'derivative-at-z', /from z_C/],
    // dE/dz_F = dE/dy_F alone
    ['dE/dz_F', '-0.3844', 'activation-derivative-forgotten', /slope of the activation/],
    ['dE/dz_C', '-0.0182', 'activation-derivative-forgotten', /dy_C\/dz_C/],
    // with exact values: 0.0909609... rounds to 0.0910 (the learner's own -0.3844 * 0.2366 flips to 0.0909)
    ['dE/dz_F', '0.0910', 'sign-flipped', /sign/],
    ['dE/dz_F', '0.0909', 'sign-flipped', /sign/],
    // y_D in place of y_C
    ['dz_F/dw5', '0.5893', 'wrong-input', /y_D/],
    // -0.0910 * 0.5893 = -0.0536263
    ['dE/dw5', '-0.0536', 'wrong-input', /y_D/],
    // -(-0.0910 * 0.5869) = 0.0534079
    ['dE/dw5', '0.0534', 'sign-flipped', /sign/],
    // w5@2 = 0.2 - 0.7 * (-0.0534) = 0.23738; -0.0910 * 0.23738 = -0.02160158
    ['dE/dy_C', '-0.0216', 'updated-weight-in-backward', /w5@2/],
    // -0.0910 * w6 = -0.0910 * 0.6 = -0.0546
    ['dE/dy_C', '-0.0546', 'wrong-weight', /w6/],
    // x_A w3 + x_B w1 = 0.23 * 0.4 + 0.82 * 0.1 = 0.092 + 0.082 = 0.174
    ['z_C', '0.1740', 'wrong-weight', /swapped/],
    // a weight into D read for C: x_A w1 + x_B w4 = 0.023 + 0.82 * 0.3 = 0.023 + 0.246 = 0.269
    ['z_C', '0.2690', 'wrong-weight', /w4, a weight into D; this sum takes w3/],
    // x_A w2 + x_B w3 = 0.23 * 0.5 + 0.328 = 0.115 + 0.328 = 0.443
    ['z_C', '0.4430', 'wrong-weight', /w2, a weight into D; this sum takes w1/],
    // D's weights for C: x_A w2 + x_B w4 = 0.115 + 0.246 = 0.361
    ['z_C', '0.3610', 'wrong-weight', /weights into D: the weighted input of C/],
    // and C's for D: x_A w1 + x_B w3 = 0.023 + 0.328 = 0.351
    ['z_D', '0.3510', 'wrong-weight', /weights into C: the weighted input of D/],
    // without eta: 0.2 - (-0.0534) = 0.2534
    ['w5@2', '0.2534', 'rate-forgotten', /learning rate/],
    // added: 0.2 + 0.7 * (-0.0534) = 0.16262
    ['w5@2', '0.1626', 'gradient-added', /uphill/],
  ])('%s = %s: %s', (step, text, code, message) => {
    const a = assess(walkthrough(step), step, text);
    expect(a.kind).toBe('wrong');
    expect(a.costsAttempt).toBe(true);
    expect(a.mistake?.code).toBe(code);
    expect(a.message).toBe(a.mistake?.message);
    expect(a.message).toMatch(message);
  });

  it('does not name a mistake for a wrong answer that matches none', () => {
    const a = assess(walkthrough('dE/dz_F'), 'dE/dz_F', '-0.1234');
    expect(a.kind).toBe('wrong');
    expect(a.mistake).toBeUndefined();
  });

  it('finds a slip in a step the learner did not write down', () => {
    // Nothing written down: dE/dw5 = dE/dy_F * y_C, the slope forgotten in dE/dz_F:
    // -0.3843934270... * 0.5868600552... = -0.2255851478...
    const a = assess(only({}), 'dE/dw5', '-0.2256');
    expect(a.mistake?.code).toBe('activation-derivative-forgotten');
    expect(a.message).toMatch(/^The slip seems to be earlier, in dE\/dz_F\./);
  });
});

describe('hints', () => {
  it('gives the formula, then the numbers: givens as written, earlier steps as the learner has them', () => {
    expect(hints(walkthrough('z_C'), 'z_C')).toEqual([
      'z_C = x_A * w1 + x_B * w3',
      'z_C = 0.23 * 0.1 + 0.82 * 0.4',
    ]);
    expect(hints(walkthrough('dE/dz_F', { 'dy_F/dz_F': '0.23663' }), 'dE/dz_F')).toEqual([
      'dE/dz_F = dE/dy_F * dy_F/dz_F',
      'dE/dz_F = -0.3844 * 0.23663',
    ]);
    expect(hints(walkthrough('dE/dw5'), 'dE/dw5')).toEqual([
      'dE/dw5 = dE/dz_F * dz_F/dw5',
      'dE/dw5 = -0.0910 * 0.5869',
    ]);
    expect(hints(walkthrough('dz_F/dw5', { y_C: '0.5868' }), 'dz_F/dw5')).toEqual([
      'dz_F/dw5 = y_C',
      'dz_F/dw5 = y_C = 0.5868',
    ]);
    expect(hints(only({}), 'w5@2')).toEqual(['w5@2 = w5 - eta * dE/dw5', 'w5@2 = 0.2 - 0.7 * (-0.0534)']);
  });

  it('a sum of more than 8 terms shows its first three and last two, and how many are left out', () => {
    // One neuron fed by n inputs, x_ik = k/10 and wk = k/100 (k = 1..n), no bias: n terms.
    const hintsFor = (n: number) => {
      const k = Array.from({ length: n }, (_, i) => i + 1);
      const text = [
        'id: wide',
        'title: Wide',
        'network:',
        '  layers:',
        `    - { neurons: [${k.map((i) => `i${i}`).join(', ')}] }`,
        '    - { neurons: [o], activation: sigmoid }',
        '  weights:',
        ...k.map((i) => `    w${i}: { from: i${i}, to: o, value: ${i / 100} }`),
        'examples:',
        `  - { inputs: [${k.map((i) => i / 10).join(', ')}], targets: 1 }`,
        'loss: {}',
        '',
      ].join('\n');
      const { exercise, plan } = loadExerciseText('wide.yaml', text);
      return hints({ solved: solveExercise(exercise, plan), accepted: new Map() }, 'z');
    };
    expect(hintsFor(12)).toEqual([
      'z = x_i1 * w1 + x_i2 * w2 + x_i3 * w3 + … 7 more terms … + x_i11 * w11 + x_i12 * w12',
      'z = 0.1 * 0.01 + 0.2 * 0.02 + 0.3 * 0.03 + … 7 more terms … + 1.1 * 0.11 + 1.2 * 0.12',
    ]);
    // Eight terms are written out whole.
    expect(hintsFor(8)[0]).toBe(
      'z = x_i1 * w1 + x_i2 * w2 + x_i3 * w3 + x_i4 * w4 + x_i5 * w5 + x_i6 * w6 + x_i7 * w7 + x_i8 * w8',
    );
  });
});

describe('assess: any input', () => {
  const pieces = [
    '0.5869',
    '-',
    '+',
    '*',
    '/',
    '(',
    ')',
    ' ',
    ',',
    '=',
    'y_C',
    'y_F',
    'w5',
    'dE/dz_F',
    'sigmoid(',
    'exp(',
    '1e-9',
    '9^9^9',
    '%',
    '.',
  ];
  const input = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.array(fc.constantFrom(...pieces), { maxLength: 16 }).map((p) => p.join('')),
  );
  it('is always judged, and unreadable input never costs an attempt', () => {
    fc.assert(
      fc.property(fc.constantFrom(...steps.map((s) => s.id)), input, (step, text) => {
        const a = assess(walkthrough(step), step, text);
        if (a.kind === 'unreadable') expect(a.costsAttempt).toBe(false);
        else expect(a.value?.isFinite()).toBe(true);
        expect(a.interval[0].lte(a.expected) && a.expected.lte(a.interval[1])).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
