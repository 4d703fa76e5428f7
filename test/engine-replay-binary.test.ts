/**
 * The replay's binary fast path (bigfloat.ts, bigfloat-compile.ts) against decimal.js.
 *
 * - Each operation of the binary arithmetic is within a unit of its last bit of the exact result
 *   (decimal.js at 1000 digits, where these values are exact or far more accurate), and the exact
 *   rounding to p decimal digits equals decimal.js's toSignificantDigits (seeded property tests).
 * - Forced to binary, the replay gives digit for digit what the decimal evaluator (evaluatePlan)
 *   gives, every iteration's cost included: on the first iterations of the bundled 10,000-update
 *   run and on the seeded random networks of the precision test (fixture seed printed in the title).
 * - A value on a rounding boundary is not accepted by the binary check: the replay then uses decimal.js.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { BinaryArith, roundDecimal, settleBinary, Unsupported } from '../src/engine/bigfloat.js';
import type { BF } from '../src/engine/bigfloat.js';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { decimalAt } from '../src/engine/numbers.js';
import { applyOp, mathContext } from '../src/engine/ops.js';
import { compileBinary } from '../src/engine/bigfloat-compile.js';
import { decimalOnly, replay } from '../src/engine/replay.js';
import type { ReplayOptions } from '../src/engine/replay.js';
import type { Plan } from '../src/engine/plan.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { MAX_DECIMAL_WORK, MAX_PLAN_OPERANDS, MAX_PLAN_STEPS, workEstimate } from '../src/exercise/work.js';
import { exprSize } from '../src/engine/expr.js';

const X = Decimal.clone({ precision: 400, rounding: Decimal.ROUND_HALF_EVEN, maxE: 9e15, minE: -9e15 });
// Reference values of exp, the sigmoid and tanh: 120 digits, far beyond P bits (58 digits).
const R = Decimal.clone({ precision: 120, rounding: Decimal.ROUND_HALF_EVEN });
const exact = (v: BF): Decimal => new X(v.m.toString()).times(new X(2).pow(v.e));

const P = 191;
const A = new BinaryArith(P);
// Decimal texts with up to 30 digits and exponents from -40 to 40, some of them negative.
const text = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.integer({ min: -40, max: 40 }))
  .map(([neg, d, k]) => `${neg ? '-' : ''}${d}e${k}`);

/** |got - want| <= ulps units of the last of P bits of want: relatively, ulps 2^(1 - P). */
const unit = new X(2).pow(1 - P);
function within(got: BF, want: Decimal, ulps: number): boolean {
  if (want.isZero()) return got.m === 0n;
  return exact(got).minus(want).div(want).abs().lte(unit.times(ulps));
}

describe('binary arithmetic (seed 1307)', () => {
  it('rounds givens, sums, differences, products and quotients within a unit of P bits', () => {
    fc.assert(
      fc.property(text, text, (s, t) => {
        const [a, b] = [A.fromText(s), A.fromText(t)];
        const [x, y] = [new X(s), new X(t)];
        expect(within(a, x, 1)).toBe(true);
        // Each result from the rounded arguments, compared with the exact result of those.
        const [ea, eb] = [exact(a), exact(b)];
        expect(within(A.add(a, b), ea.plus(eb), 1)).toBe(true);
        expect(within(A.sub(a, b), ea.minus(eb), 1)).toBe(true);
        expect(within(A.mul(a, b), ea.times(eb), 1)).toBe(true);
        expect(within(A.div(a, b), ea.div(eb), 1)).toBe(true);
        expect(within(A.powInt(a, 3), ea.pow(3), 4)).toBe(true);
        expect(y.isZero()).toBe(false);
      }),
      { numRuns: 200, seed: 1307 },
    );
  });

  it('takes square roots within a unit of P bits, n-th powers within n + 2 log2 n + 2 units, max exactly', () => {
    fc.assert(
      fc.property(text, text, fc.integer({ min: 65, max: 1_000_000 }), (s, t, n) => {
        const [a, b] = [A.fromText(s), A.fromText(t)];
        const [ea, eb] = [exact(a), exact(b)];
        if (ea.isPos()) expect(within(A.sqrt(a), ea.sqrt(), 1)).toBe(true);
        else expect(() => A.sqrt(a)).toThrow(Unsupported);
        // beta^t as Adam's bias correction has it: a base just below 1, any iteration count.
        const beta = A.fromText(`0.9${s.replace(/\D/g, '').slice(0, 8)}`);
        expect(within(A.powInt(beta, n), exact(beta).pow(n), n + 2 * Math.log2(n) + 2)).toBe(true);
        expect(exact(A.max(a, b)).eq(Decimal.max(ea, eb))).toBe(true);
      }),
      { numRuns: 200, seed: 1307 },
    );
  });

  it('computes exp, the sigmoid and tanh within a few units of P bits', () => {
    // From 1e-30 to 1e5 in magnitude: tiny arguments, saturation, and large ones for exp.
    const arg = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 1n, max: 10n ** 25n }), fc.integer({ min: -30, max: -20 }))
      .map(([n, d, k]) => `${n ? '-' : ''}${d}e${k}`);
    fc.assert(
      fc.property(arg, (s) => {
        const a = A.fromText(s);
        const x = new R(exact(a));
        const t = A.expNegAbs(a);
        expect(within(A.expFrom(a, t), new X(x.exp()), 4)).toBe(true);
        expect(within(A.sigmoidFrom(a, t), new X(new R(1).div(x.neg().exp().plus(1))), 4)).toBe(true);
        expect(within(A.tanh(a), new X(x.tanh()), 4)).toBe(true);
      }),
      { numRuns: 100, seed: 1307 },
    );
  });

  it('takes tanh of tiny arguments (below 2^-30) by its series, at any width, within a few units', () => {
    // Once left to decimal.js: a tanh network with a tiny weighted input sent a whole run there.
    const tiny = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 1n, max: 10n ** 25n }), fc.integer({ min: -330, max: -35 }))
      .map(([n, d, k]) => `${n ? '-' : ''}${d}e${k}`);
    const wide = new BinaryArith(1023);
    const unitWide = new X(2).pow(1 - 1023);
    fc.assert(
      fc.property(tiny, (s) => {
        const a = A.fromText(s);
        expect(within(A.tanh(a), new X(new R(exact(a)).tanh()), 4)).toBe(true);
        const w = wide.fromText(s);
        const want = exact(w).tanh();
        expect(exact(wide.tanh(w)).minus(want).div(want).abs().lte(unitWide.times(4))).toBe(true);
      }),
      { numRuns: 100, seed: 1307 },
    );
  });

  it('rounds exactly to p significant digits, half to even, as decimal.js does', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
        fc.integer({ min: -400, max: 100 }),
        fc.integer({ min: 1, max: 60 }),
        (m, e, p) => {
          const v = exact({ m, e });
          const want = v.toSignificantDigits(p, Decimal.ROUND_HALF_EVEN);
          expect(new X(roundDecimal(m, e, p)).eq(want)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 1307 },
    );
    // Ties: 0.125 to 2 digits is 0.12, 0.375 is 0.38.
    expect(roundDecimal(1n, -3, 2)).toBe('12e-2');
    expect(roundDecimal(3n, -3, 2)).toBe('38e-2');
  });

  it('does not accept a value whose runs straddle a rounding boundary', () => {
    const Dp = decimalAt(2);
    // 0.125 exactly and just above it: the interval between the runs holds the tie of 0.12 | 0.13.
    const b: BF = { m: 1n, e: -3 };
    const a: BF = { m: (1n << 100n) + 1n, e: -103 };
    expect(settleBinary(a, b, 2, Dp)).toBeUndefined();
    expect(settleBinary(b, b, 2, Dp)?.toString()).toBe('0.12');
    expect(settleBinary({ m: 0n, e: 0 }, { m: 0n, e: 1 }, 2, Dp)?.isNeg()).toBe(true);
  });

  it('computes relu, step and abs as ops.ts does, signed zeros included', () => {
    const D = decimalAt(60);
    const m = mathContext(D);
    for (const text of ['-1.5', '-0', '0', '2.25']) {
      for (const op of ['relu', 'step', 'abs'] as const) {
        const got = compileBinary({ op, args: [{ op: 'num', text }] }, () => 0, A, new Map())([]);
        const want = applyOp(op, [new D(text)], m);
        expect(exact(got).eq(new X(want)), `${op}(${text})`).toBe(true);
        expect(got.m === 0n ? got.e === 1 : got.m < 0n, `sign of ${op}(${text})`).toBe(want.isNeg());
      }
    }
  });

  it('leaves to decimal.js what it does not compute', () => {
    expect(() => A.div(A.one, { m: 0n, e: 0 })).toThrow(Unsupported);
    expect(() => A.expNegAbs(A.fromText('3000000'))).toThrow(Unsupported);
  });
});

/** The replay's reported values, as text: each cost, the final parameters, the last forward pass. */
function replayed(
  plan: Plan,
  precision: number,
  arithmetic: NonNullable<ReplayOptions['arithmetic']>,
): string[] {
  const out: string[] = [];
  const r = replay(plan, {
    precision,
    arithmetic,
    onIteration: (k, c) => out.push(`cost@${k}=${String(c)}`),
  });
  for (const [id, v] of r.final) out.push(`${id}=${v.toString()}`);
  for (const [id, v] of r.after) out.push(`${id}=${v.toString()}`);
  expect([...r.uncertain]).toEqual([]);
  return out;
}

/** The same values from the decimal evaluator, evaluatePlan, with its own certification. */
function evaluated(plan: Plan, precision: number): string[] {
  const v = evaluatePlan(plan, { precision });
  const out: string[] = [];
  const last = plan.iterations + 1;
  if (plan.costBase !== undefined) {
    for (let k = 1; k <= plan.iterations; k++) {
      out.push(`cost@${k}=${String(v.get(k === 1 ? plan.costBase : `${plan.costBase}@${k}`))}`);
    }
  }
  for (const c of plan.carried) out.push(`${c}=${String(v.get(`${c}@${last}`))}`);
  for (const s of plan.iteration(last)) out.push(`${s.id}=${String(v.get(s.id))}`);
  return out;
}

describe('the binary replay equals the decimal evaluation', () => {
  it('on the first 12 updates of the bundled 10,000-update run', () => {
    const yaml = readFileSync(
      new URL('../exercises/sigmoid-identity-code-example.yaml', import.meta.url),
      'utf8',
    );
    const { exercise, plan } = loadExerciseText('sigmoid-identity-code-example.yaml', yaml);
    const short = { ...plan, iterations: 12 };
    const fast = replayed(short, exercise.working, 'binary');
    expect(fast).toEqual(evaluated(short, exercise.working));
    expect(fast).toEqual(replayed(short, exercise.working, 'decimal'));
  });

  it('on 30 updates of Adam, whose formulas hold their iteration number (1 - beta^k), batch and online', () => {
    const yaml = readFileSync(new URL('../exercises/adam-two-steps.yaml', import.meta.url), 'utf8');
    for (const mode of ['batch', 'online']) {
      const text = yaml
        .replace(/iterations: \d+/, 'iterations: 30')
        .replace(/optimiser: adam/, `optimiser: adam\n  mode: ${mode}`);
      const { exercise, plan } = loadExerciseText('adam.yaml', text);
      expect(plan.iterations).toBe(30);
      const fast = replayed(plan, exercise.working, 'binary');
      // Before the iteration slot, every update reused beta^1 and all of these differed.
      expect(fast).toEqual(evaluated(plan, exercise.working));
      expect(fast).toEqual(replayed(plan, exercise.working, 'decimal'));
    }
  });

  it('on a tanh network whose weighted inputs are tiny (once left to decimal.js)', () => {
    const yaml = readFileSync(new URL('../exercises/two-two-one-network.yaml', import.meta.url), 'utf8')
      .replace(/activation: sigmoid/g, 'activation: tanh')
      .replace('inputs: { A: 0.23, B: 0.82 }', 'inputs: { A: 0.23e-12, B: 0.82e-12 }')
      .replace(/iterations: \d+/, 'iterations: 12');
    const { exercise, plan } = loadExerciseText('tiny.yaml', yaml);
    const fast = replayed(plan, exercise.working, 'binary');
    expect(fast).toEqual(evaluated(plan, exercise.working));
  });

  it('says before a run which plans need decimal.js throughout, and the work estimate counts them 20 times', () => {
    const load = (id: string, iterations?: number) => {
      const yaml = readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8');
      return loadExerciseText(
        `${id}.yaml`,
        iterations ? yaml.replace(/iterations: \d+/, `iterations: ${iterations}`) : yaml,
      );
    };
    expect(decimalOnly(load('sigmoid-identity-code-example').plan)).toBeUndefined();
    // Adam: square roots and beta^k, both on the binary path now.
    expect(decimalOnly(load('adam-two-steps', 40).plan)).toBeUndefined();
    // Cross-entropy takes ln, which the binary arithmetic does not have.
    const soft = load('softmax-cross-entropy', 400); // past the step window: replayed
    expect(decimalOnly(soft.plan)).toBe('ln');
    const {
      terms,
      work,
      limit,
      setupShare,
      share,
      decimalOnly: slow,
    } = workEstimate(soft.exercise, soft.plan);
    expect(slow).toBe('ln');
    // Held to the limit of decimal arithmetic, in the same count: terms x working digits.
    expect(work).toBe(terms * soft.exercise.working);
    expect(limit).toBe(MAX_DECIMAL_WORK);
    // Replayed, so its first pass is built and shown in full besides: its share of the size limits.
    const operands = soft.plan.iteration(1).reduce((n, s) => n + exprSize(s.expr), 0);
    expect(setupShare).toBe(
      Math.max(soft.plan.stepsPerIteration / MAX_PLAN_STEPS, operands / MAX_PLAN_OPERANDS),
    );
    expect(share).toBe(work / MAX_DECIMAL_WORK + setupShare);
  });

  interface Reference {
    readonly seed: number;
    readonly exercises: ReadonlyArray<{ yaml: string; working: number }>;
  }
  const fixture = new URL('./fixtures/precision-reference.json', import.meta.url);
  const reference = JSON.parse(readFileSync(fixture, 'utf8')) as Reference;
  // The networks the binary runs compile (a cross-entropy's ln and log-domain forms do not).
  const networks = reference.exercises.filter(
    (e) => e.yaml.includes('network:') && decimalOnly(loadExerciseText('p.yaml', e.yaml).plan) === undefined,
  );
  it.each(networks.map((e) => [/id: (.*)/.exec(e.yaml)![1]!, e] as const))(
    `%s (precision fixture, seed ${reference.seed})`,
    (_id, e) => {
      const { plan } = loadExerciseText('precision.yaml', e.yaml);
      expect(replayed(plan, e.working, 'binary')).toEqual(evaluated(plan, e.working));
    },
  );
});

describe('the replay falls back to decimal.js', () => {
  // E = 1/2 (0.15 * 1)^2 = 0.01125 exactly: at 3 digits, exactly between 0.0112 and 0.0113. In
  // binary 0.15 is inexact, so the runs can never settle the tie; decimal.js computes it exactly
  // and rounds it half to even: 0.0112.
  const tie = (activation: string) => `id: tie
title: a cost exactly between two 3-digit numbers
precision:
  significant: 3
  working: 20
network:
  layers:
    - { name: input, neurons: [x] }
    - { name: output, neurons: [o], activation: ${activation} }
  weights:
    w: { from: x, to: o, value: 0.15 }
  biases: { o: 0 }
examples:
  - inputs: { x: 1 }
    targets: { o: 0 }
loss: { scale: half, difference: output-minus-target }
training:
  learning_rate: 1
  iterations: 1
  forward_after: true
`;

  it('for a value exactly on a rounding boundary', () => {
    const { plan } = loadExerciseText('tie.yaml', tie('identity'));
    expect(() => replay(plan, { precision: 3, arithmetic: 'binary' })).toThrow(Unsupported);
    const auto = replayed(plan, 3, 'auto');
    expect(auto[0]).toBe('cost@1=0.0112');
    expect(auto).toEqual(replayed(plan, 3, 'decimal'));
    expect(auto).toEqual(evaluated(plan, 3));
  });

  it('for an operation it does not compile (softplus)', () => {
    const { plan } = loadExerciseText('tie.yaml', tie('softplus'));
    expect(() => replay(plan, { precision: 20, arithmetic: 'binary' })).toThrow(Unsupported);
    expect(replayed(plan, 20, 'auto')).toEqual(evaluated(plan, 20));
  });

  it('but not for relu, which it now compiles (it once did not)', () => {
    const { plan } = loadExerciseText('tie.yaml', tie('relu'));
    expect(replayed(plan, 20, 'binary')).toEqual(evaluated(plan, 20));
  });
});
