/**
 * The fast path of evaluate-plan for long runs: every iteration of a plan without keeping its
 * steps. Each iteration's steps are compiled once into closures over a fixed array of slots, and
 * the carried values (parameters, velocities) are copied forward after each update. Memory stays
 * flat however many iterations.
 *
 * The same values as evaluatePlan (test/engine-precision.test.ts, test/engine-replay-binary.test.ts),
 * certified another way, because a running error bound grows without limit over thousands of
 * updates even when the run itself is stable: two runs in lockstep at two precisions, every
 * reported value (each iteration's cost, the final parameters, the last forward pass) compared
 * after each iteration, and accepted when the higher run's value, widened by a wide margin of the
 * difference between the runs, still rounds to the same p digits; otherwise both runs start again
 * with more guard digits (docs/precision.md).
 *
 * The runs are in binary floating point on bigints (bigfloat.ts), several times faster than
 * decimal.js, with 64 bits between them. A plan with an operation or a value that arithmetic does
 * not handle, or whose runs still disagree after one restart (a value exactly on a rounding
 * boundary, which a decimal given can be and a binary value cannot settle), is replayed in
 * decimal.js, a word (7 digits) between the runs, as before.
 */
import { evaluationForm } from './evaluate.js';
import type { Expr } from './expr.js';
import { decimalAt } from './numbers.js';
import type { Dec, DecimalCtor } from './numbers.js';
import { mathContext } from './ops.js';
import type { Plan, Step } from './plan.js';
import { MAX_GUARD, roundTo } from './evaluate-plan.js';
import { BinaryArith, Unsupported, settleBinary } from './bigfloat.js';
import type { BF } from './bigfloat.js';
import { compileBinary } from './bigfloat-compile.js';
import { compileExpr } from './decimal-compile.js';

export interface ReplayOptions {
  readonly precision: number;
  /** Called after each iteration with its cost (the error before that update), at p digits. */
  readonly onIteration?: (k: number, cost: Dec | undefined) => void;
  /**
   * 'auto' (the default): binary floating point when it can certify the run, else decimal.js.
   * 'decimal' and 'binary' force one (for the tests and the benchmark); 'binary' throws
   * `Unsupported` when it cannot.
   */
  readonly arithmetic?: 'auto' | 'decimal' | 'binary';
  /**
   * Called once when an 'auto' run turns to decimal.js after the binary runs met what they do
   * not handle (the reason): a caller that cannot afford that throws, and the replay ends there.
   */
  readonly onDecimal?: (why: string) => void;
}

export interface ReplayResult {
  /** Carried values after the last update, by base id. */
  readonly final: Map<string, Dec>;
  /** The forward pass with the final parameters: its step values by id. */
  readonly after: Map<string, Dec>;
  readonly afterSteps: readonly Step[];
  readonly stepsEvaluated: number;
  /** Ids (and `cost@k`) whose last digit the two runs could not settle within MAX_GUARD. */
  readonly uncertain: ReadonlySet<string>;
}

/** Guard digits of the lower of the two runs at first: at least this many. */
export const REPLAY_GUARD = 5;
// decimal.js keeps digits in words of 7: a precision costs what the next multiple of 7 costs.
const WORD = 7;

export function replay(plan: Plan, opts: ReplayOptions): ReplayResult {
  const p = opts.precision;
  const Dp = decimalAt(p);
  const progress = { reported: 0 };
  const why: string[] = [];
  const fast = opts.arithmetic === 'decimal' ? undefined : replayBinary(plan, opts, Dp, progress, why);
  if (fast) return fast;
  if (opts.arithmetic === 'binary') throw new Unsupported('the binary runs did not certify this run');
  if (opts.arithmetic !== 'decimal') opts.onDecimal?.(why[0] ?? 'the binary runs did not agree');
  // Lower run: the first whole number of words with REPLAY_GUARD guard digits; higher: a word more.
  let lower = WORD * Math.ceil((p + REPLAY_GUARD) / WORD);
  let higher = lower + WORD;
  for (; ; [lower, higher] = [higher, Math.min(p + MAX_GUARD, higher + 2 * (higher - p))]) {
    const last = higher >= p + MAX_GUARD;
    const uncertain = new Set<string>();
    const settle = (id: string, a: Dec | undefined, b: Dec | undefined): Dec | undefined => {
      if (a === undefined || b === undefined) return b && roundTo(Dp, b);
      if (agree(a, b, p)) return roundTo(Dp, b);
      uncertain.add(id);
      return last ? roundTo(Dp, b) : undefined;
    };
    const failed = () => uncertain.size > 0 && !last;
    const r = lockstep(
      plan,
      opts,
      progress,
      decimalRun(plan, lower),
      decimalRun(plan, higher),
      settle,
      failed,
    );
    if (r) return { ...r, uncertain };
  }
}

/**
 * The fast path: the two runs in binary floating point (bigfloat.ts), at 64k - 1 bits with
 * REPLAY_GUARD guard digits for the lower run and 64 bits more for the higher, then once more
 * with twice the guard. Undefined when the plan has an operation or a value this arithmetic does
 * not handle, or when the runs still disagree: decimal.js then does it all (docs/precision.md).
 */
function replayBinary(
  plan: Plan,
  opts: ReplayOptions,
  Dp: DecimalCtor,
  progress: { reported: number },
  why: string[],
): ReplayResult | undefined {
  const p = opts.precision;
  let lower = binaryBits(p);
  try {
    for (let attempt = 0; attempt < 2; attempt++, lower += 128) {
      let failed = false;
      const settle = (_id: string, a: BF | undefined, b: BF | undefined): Dec | undefined => {
        if (a === undefined || b === undefined) {
          failed ||= a !== b;
          return undefined;
        }
        const v = settleBinary(a, b, p, Dp);
        failed ||= v === undefined;
        return v;
      };
      const [lo, hi] = [binaryRun(plan, lower), binaryRun(plan, lower + 64)];
      const r = lockstep(plan, opts, progress, lo, hi, settle, () => failed);
      if (r) return { ...r, uncertain: new Set() };
    }
  } catch (e) {
    if (!(e instanceof Unsupported) || opts.arithmetic === 'binary') throw e;
    why.push(e.message);
  }
  return undefined;
}

/** Bits of the lower binary run at p digits: 64k - 1 bits holding REPLAY_GUARD guard digits. */
function binaryBits(p: number): number {
  return 64 * Math.ceil(((p + REPLAY_GUARD) * Math.log2(10) + 1) / 64) - 1;
}

/**
 * Runs a plan's first iterations as the binary replay would, at precision p; returns the value
 * they meet that the binary arithmetic does not handle (an exponential beyond 2^21 from an input
 * of 1e8, a division by 0), or undefined. A run meets such values mostly from its start, where
 * its inputs are; the work estimate reads this, so that `check` foresees what `solve` will meet.
 */
export function binaryProbe(plan: Plan, p: number, iterations: number): string | undefined {
  try {
    const run = binaryRun(plan, binaryBits(p));
    for (let k = 1; k <= Math.min(iterations, plan.iterations); k++) run.iterate(k);
    return undefined;
  } catch (e) {
    if (e instanceof Unsupported) return e.message;
    throw e;
  }
}

/**
 * The operation that keeps a plan off the binary fast path (ln, a non-integer power), or
 * undefined when every operation of it compiles there. A value met at run time can still send a
 * run to decimal.js (an exponential beyond 2^21, a division by 0).
 */
export function decimalOnly(plan: Plan): string | undefined {
  const A = new BinaryArith(64);
  const last = Math.max(1, plan.iterations);
  const passes = [...new Set([1, Math.min(2, last), last, ...(plan.forwardAfter ? [last + 1] : [])])];
  try {
    for (const k of passes) {
      const steps = plan.iteration(k);
      const formulas = new Map(steps.map((s) => [s.id, s.expr] as const));
      // The formula as written first: the message names its operation (ln), not one of the
      // evaluation form's (lse, log1mexp and the log-sigmoid forms), which a user never wrote.
      for (const s of steps) {
        compileBinary(s.expr, () => 0, A, new Map());
        compileBinary(
          evaluationForm(s.expr, (id) => formulas.get(id)),
          () => 0,
          A,
          new Map(),
        );
      }
    }
    return undefined;
  } catch (e) {
    if (e instanceof Unsupported) return e.message;
    throw e;
  }
}

/** A run of every iteration at one precision, in some arithmetic. */
interface Runner<V> {
  iterate(k: number): V | undefined;
  carried(c: string): V | undefined;
  after(): { steps: readonly Step[]; values: Map<string, V> };
  readonly evaluated: number;
}

/**
 * Two runs in lockstep: `settle` compares each reported value and rounds it to p digits; after
 * each iteration and at the end, `failed()` says whether to give up (undefined) and start again.
 * Each iteration is reported once, however many times the runs start again.
 */
function lockstep<V>(
  plan: Plan,
  opts: ReplayOptions,
  progress: { reported: number },
  lo: Runner<V>,
  hi: Runner<V>,
  settle: (id: string, a: V | undefined, b: V | undefined) => Dec | undefined,
  failed: () => boolean,
): Omit<ReplayResult, 'uncertain'> | undefined {
  for (let k = 1; k <= plan.iterations; k++) {
    const cost = settle(`cost@${k}`, lo.iterate(k), hi.iterate(k));
    if (failed()) return undefined;
    if (k > progress.reported) {
      opts.onIteration?.(k, cost);
      progress.reported = k;
    }
  }
  const final = new Map<string, Dec>();
  for (const c of plan.carried) final.set(c, settle(c, lo.carried(c), hi.carried(c))!);
  const afterLo = lo.after();
  const afterHi = hi.after();
  const after = new Map<string, Dec>();
  for (const [id, v] of afterHi.values) after.set(id, settle(id, afterLo.values.get(id), v)!);
  if (failed()) return undefined;
  return { final, after, afterSteps: afterHi.steps, stepsEvaluated: hi.evaluated };
}

/**
 * b (the higher run) is accepted when b +- |a - b| / 10^3 rounds to the same p digits: the higher
 * run's error is taken to be at most a thousandth of the difference between the runs. Rounding
 * errors scale with 10^-W, so it is about 10^-7 of it (a word more): a margin of 10^4.
 */
const SAFETY = '1e-3';
function agree(a: Dec, b: Dec, p: number): boolean {
  if (!a.isFinite() || !b.isFinite()) return a.eq(b) || (a.isNaN() && b.isNaN());
  const d = a.minus(b).abs().times(SAFETY);
  return b.minus(d).toSignificantDigits(p).eq(b.plus(d).toSignificantDigits(p));
}

/**
 * The slot holding the number of the iteration being run. Adam divides by 1 - beta^k, the only
 * place a formula holds its iteration's number: compiled with the number as a literal, the
 * program of iteration `pos` would give beta^pos to every later iteration that reuses it.
 */
const ITERATION = '#k';

/** A corrected moment's formula with its exponent k read from the iteration slot. */
function withIterationSlot(s: Step, k: number): Expr {
  if (s.role !== 'corrected-moment') return s.expr;
  const go = (e: Expr): Expr =>
    e.op === 'num' || e.op === 'ref'
      ? e
      : e.op === 'pow' && e.args[1].op === 'num' && e.args[1].text === String(k)
        ? { op: 'pow', args: [go(e.args[0]), { op: 'ref', id: ITERATION }] }
        : ({ op: e.op, args: e.args.map(go) } as Expr);
  return go(s.expr);
}

// Roles of the values an update makes for the next iteration (a parameter, a velocity, a moment).
const NEXT_ROLES = new Set<Step['role']>(['new-param', 'velocity', 'first-moment', 'second-moment']);

/** How a run computes: a given's value, and a step compiled to a closure over the slots. */
interface Backend<V> {
  given(text: string): V;
  compile(
    e: Expr,
    slot: (id: string) => number,
    constants: ReadonlyMap<string, V>,
    guard: number | undefined,
  ): (s: V[]) => V;
}

/** A run in decimal.js at W digits: given text enters exactly when it fits W digits, as in evaluatePlan. */
function decimalRun(plan: Plan, W: number): Run<Dec> {
  const m = mathContext(decimalAt(W));
  const nan = new m.D(NaN);
  return new Run(plan, {
    given: (text) => new m.D(text),
    compile: (e, slot, constants, guard) => {
      const run = compileExpr(e, slot, m, constants);
      return guard === undefined ? run : (v: Dec[]) => (v[guard]!.isNaN() ? nan : run(v));
    },
  });
}

/** A run in binary floating point at P bits (never undefined: what would be NaN throws instead). */
function binaryRun(plan: Plan, P: number): Run<BF> {
  const A = new BinaryArith(P);
  return new Run(plan, {
    given: (text) => A.fromText(text),
    compile: (e, slot, constants) => compileBinary(e, slot, A, constants),
  });
}

/** One run of the iterations. */
class Run<V> implements Runner<V> {
  private readonly slots = new Map<string, number>();
  private readonly values: V[] = [];
  private readonly constants: Map<string, V>;
  private readonly programs = new Map<number, Array<{ slot: number; run: (s: V[]) => V }>>();
  private readonly nextSlots: Array<readonly [number, number]>;
  private readonly period: number;
  evaluated = 0;

  constructor(
    private readonly plan: Plan,
    private readonly backend: Backend<V>,
  ) {
    const carried = new Set(plan.carried);
    for (const g of plan.givens) this.values[this.slotOf(g.id)] = backend.given(g.value);
    const constant = plan.givens.filter((g) => !carried.has(g.id));
    this.constants = new Map(constant.map((g) => [g.id, this.values[this.slotOf(g.id)]!] as const));
    this.nextSlots = plan.carried.map((c) => [this.slotOf(c), this.slotOf(`${c}@next`)] as const);
    // Iterations that differ only in their iteration number share one program; online training
    // cycles through its examples, so it needs one program per example position.
    this.period = Math.max(1, plan.period);
  }

  private slotOf(key: string): number {
    let i = this.slots.get(key);
    if (i === undefined) {
      i = this.slots.size;
      this.slots.set(key, i);
    }
    return i;
  }

  private keyOf(s: Step): string {
    return NEXT_ROLES.has(s.role) ? `${s.base}@next` : s.id.replace(/@\d+$/, '');
  }

  private compile(
    steps: readonly Step[],
    key: (id: string) => string,
    k?: number,
  ): Array<{ slot: number; run: (s: V[]) => V }> {
    const formulas = new Map(steps.map((s) => [s.id, s.expr] as const));
    return steps.map((s) => {
      const guard = s.undefinedWith === undefined ? undefined : this.slotOf(key(s.undefinedWith));
      const e = evaluationForm(k === undefined ? s.expr : withIterationSlot(s, k), (id) => formulas.get(id));
      const run = this.backend.compile(e, (id) => this.slotOf(key(id)), this.constants, guard);
      return { slot: this.slotOf(this.keyOf(s)), run };
    });
  }

  /** Runs iteration k; returns its cost. */
  iterate(k: number): V | undefined {
    const pos = ((k - 1) % this.period) + 1;
    let program = this.programs.get(pos);
    if (!program) {
      // Within iteration k, `x@k` is this iteration's x and `x@(k+1)` a value this update makes.
      const next = `@${pos + 1}`;
      program = this.compile(
        this.plan.iteration(pos),
        (id) => (id.endsWith(next) ? `${id.slice(0, -next.length)}@next` : id.replace(/@\d+$/, '')),
        pos,
      );
      this.programs.set(pos, program);
    }
    const v = this.values;
    v[this.slotOf(ITERATION)] = this.backend.given(String(k));
    for (const s of program) v[s.slot] = s.run(v);
    this.evaluated += program.length;
    const cost = this.plan.costBase === undefined ? undefined : v[this.slotOf(this.plan.costBase)];
    for (const [cur, nxt] of this.nextSlots) v[cur] = v[nxt]!;
    return cost;
  }

  carried(c: string): V | undefined {
    return this.values[this.slotOf(c)];
  }

  /** The forward pass with the final parameters. */
  after(): { steps: readonly Step[]; values: Map<string, V> } {
    const steps =
      this.plan.iterations > 0 ? this.plan.iteration(this.plan.iterations + 1) : this.plan.iteration(1);
    const program = this.compile(steps, (id) => id.replace(/@\d+$/, ''));
    const values = new Map<string, V>();
    program.forEach((s, i) => {
      this.values[s.slot] = s.run(this.values);
      values.set(steps[i]!.id, this.values[s.slot]!);
    });
    this.evaluated += steps.length;
    return { steps, values };
  }
}

/**
 * One run at `precision` digits without the second run that certifies it: what the replay cost
 * before the guarantee. Only the benchmark uses it, to show what the guarantee costs.
 */
export function replayUncertified(plan: Plan, precision: number): number {
  const run = decimalRun(plan, precision);
  for (let k = 1; k <= plan.iterations; k++) run.iterate(k);
  run.after();
  return run.evaluated;
}
