/**
 * The fast path of evaluate-plan for long runs: every iteration of a plan without keeping its
 * steps. Each iteration's steps are compiled once into closures over a fixed array of slots, and
 * the carried values (parameters, velocities) are copied forward after each update. Memory stays
 * flat however many iterations.
 *
 * The same values as evaluatePlan (test/engine-evaluator.test.ts holds them equal), certified
 * another way, because a running error bound grows without limit over thousands of updates even
 * when the run itself is stable: two runs in lockstep, the second with a word (7 digits) more than the first, every reported
 * value (each iteration's cost, the final parameters, the last forward pass) compared after each
 * iteration. A reported value is accepted when the higher run's value, widened by a thousandth
 * of the difference between the runs, still rounds to the same p digits; otherwise both runs start again with more
 * guard digits (docs/precision.md).
 */
import { evaluationForm } from './evaluate.js';
import type { Expr } from './expr.js';
import { decimalAt } from './numbers.js';
import type { Dec, DecimalCtor } from './numbers.js';
import { mathContext, ruleOf } from './ops.js';
import type { MathContext } from './ops.js';
import type { Plan, Step } from './plan.js';
import { MAX_GUARD, roundTo } from './evaluate-plan.js';

export interface ReplayOptions {
  readonly precision: number;
  /** Called after each iteration with its cost (the error before that update), at p digits. */
  readonly onIteration?: (k: number, cost: Dec | undefined) => void;
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
  let reported = 0;
  // Lower run: the first whole number of words with REPLAY_GUARD guard digits; higher: a word more.
  let lower = WORD * Math.ceil((p + REPLAY_GUARD) / WORD);
  let higher = lower + WORD;
  for (; ; [lower, higher] = [higher, Math.min(p + MAX_GUARD, higher + 2 * (higher - p))]) {
    const last = higher >= p + MAX_GUARD;
    const lo = new Run(plan, lower);
    const hi = new Run(plan, higher);
    const uncertain = new Set<string>();
    const settle = (id: string, a: Dec | undefined, b: Dec | undefined): Dec | undefined => {
      if (a === undefined || b === undefined) return b && roundTo(Dp, b);
      if (agree(a, b, p)) return roundTo(Dp, b);
      uncertain.add(id);
      return last ? roundTo(Dp, b) : undefined;
    };
    let failed = false;
    for (let k = 1; k <= plan.iterations && !failed; k++) {
      const cost = settle(`cost@${k}`, lo.iterate(k), hi.iterate(k));
      if (uncertain.size > 0 && !last) failed = true;
      else if (k > reported) {
        opts.onIteration?.(k, cost);
        reported = k;
      }
    }
    if (failed) continue;
    const final = new Map<string, Dec>();
    for (const c of plan.carried) final.set(c, settle(c, lo.carried(c), hi.carried(c))!);
    const afterLo = lo.after();
    const afterHi = hi.after();
    const after = new Map<string, Dec>();
    for (const [id, v] of afterHi.values) after.set(id, settle(id, afterLo.values.get(id), v)!);
    if (uncertain.size > 0 && !last) continue;
    return { final, after, afterSteps: afterHi.steps, stepsEvaluated: hi.evaluated, uncertain };
  }
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

type Thunk = (s: Dec[]) => Dec;

// Roles of the values an update makes for the next iteration (a parameter, a velocity, a moment).
const NEXT_ROLES = new Set<Step['role']>(['new-param', 'velocity', 'first-moment', 'second-moment']);

/** One run of the iterations at W digits. */
class Run {
  private readonly D: DecimalCtor;
  private readonly m: MathContext;
  private readonly slots = new Map<string, number>();
  private readonly values: Dec[] = [];
  private readonly constants: Map<string, Dec>;
  private readonly programs = new Map<number, Array<{ slot: number; run: Thunk }>>();
  private readonly nextSlots: Array<readonly [number, number]>;
  private readonly period: number;
  evaluated = 0;

  constructor(
    private readonly plan: Plan,
    W: number,
  ) {
    this.D = decimalAt(W);
    this.m = mathContext(this.D);
    const carried = new Set(plan.carried);
    // Givens enter as written (exact when they fit W digits), as in evaluatePlan.
    for (const g of plan.givens) this.values[this.slotOf(g.id)] = new this.D(g.value);
    this.constants = new Map(plan.givens.filter((g) => !carried.has(g.id)).map((g) => [g.id, new this.D(g.value)] as const));
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

  private compile(steps: readonly Step[], key: (id: string) => string): Array<{ slot: number; run: Thunk }> {
    const formulas = new Map(steps.map((s) => [s.id, s.expr] as const));
    return steps.map((s) => {
      const run = compileExpr(evaluationForm(s.expr, (id) => formulas.get(id)), (id) => this.slotOf(key(id)), this.m, this.constants);
      const guard = s.undefinedWith === undefined ? undefined : this.slotOf(key(s.undefinedWith));
      const nan = new this.D(NaN);
      return { slot: this.slotOf(this.keyOf(s)), run: guard === undefined ? run : (v: Dec[]) => (v[guard]!.isNaN() ? nan : run(v)) };
    });
  }

  /** Runs iteration k; returns its cost. */
  iterate(k: number): Dec | undefined {
    const pos = ((k - 1) % this.period) + 1;
    let program = this.programs.get(pos);
    if (!program) {
      // Within iteration k, `x@k` is this iteration's x and `x@(k+1)` a value this update makes.
      const next = `@${pos + 1}`;
      program = this.compile(this.plan.iteration(pos), (id) => (id.endsWith(next) ? `${id.slice(0, -next.length)}@next` : id.replace(/@\d+$/, '')));
      this.programs.set(pos, program);
    }
    const v = this.values;
    for (const s of program) v[s.slot] = s.run(v);
    this.evaluated += program.length;
    const cost = this.plan.costBase === undefined ? undefined : v[this.slotOf(this.plan.costBase)];
    for (const [cur, nxt] of this.nextSlots) v[cur] = v[nxt]!;
    return cost;
  }

  carried(c: string): Dec | undefined {
    return this.values[this.slotOf(c)];
  }

  /** The forward pass with the final parameters. */
  after(): { steps: readonly Step[]; values: Map<string, Dec> } {
    const steps = this.plan.iterations > 0 ? this.plan.iteration(this.plan.iterations + 1) : this.plan.iteration(1);
    const program = this.compile(steps, (id) => id.replace(/@\d+$/, ''));
    const values = new Map<string, Dec>();
    program.forEach((s, i) => {
      this.values[s.slot] = s.run(this.values);
      values.set(steps[i]!.id, this.values[s.slot]!);
    });
    this.evaluated += steps.length;
    return { steps, values };
  }
}

/**
 * Compiles an expression to a closure over the slots. Givens that no iteration changes (inputs,
 * targets, the learning rate) are constants here, so constant sub-trees (1/N) are computed once
 * and exact identities (x * 0 = 0, x * 1 = x, x + 0 = x) skip an operation. They change no digit:
 * x * 1 and x + 0 are x exactly, and x * 0 is 0 for every finite x (an undefined or infinite x
 * gives NaN, as in evaluatePlan).
 */
type Compiled = { readonly run: Thunk; readonly constant?: Dec };

function compileExpr(e: Expr, slot: (id: string) => number, m: MathContext, constants: ReadonlyMap<string, Dec>): Thunk {
  return compileNode(e, slot, m, constants).run;
}

function constantNode(v: Dec): Compiled {
  return { run: () => v, constant: v };
}

function compileNode(e: Expr, slot: (id: string) => number, m: MathContext, constants: ReadonlyMap<string, Dec>): Compiled {
  if (e.op === 'num') return constantNode(new m.D(e.text));
  if (e.op === 'ref') {
    const c = constants.get(e.id);
    if (c !== undefined) return constantNode(c);
    const i = slot(e.id);
    return { run: (s) => s[i]! };
  }
  const rule = ruleOf(e.op);
  let args = e.args.map((a) => compileNode(a, slot, m, constants));
  const constant = args.map((a) => a.constant);
  if (constant.every((c) => c !== undefined)) return constantNode(rule.value(constant, m));
  if (e.op === 'mul') {
    if (constant.some((c) => c?.isZero())) {
      const zero = new m.D(0);
      const runs = args.map((a) => a.run);
      return { run: (s) => (runs.every((r) => r(s).isFinite()) ? zero : new m.D(NaN)) };
    }
    args = args.filter((a) => !(a.constant !== undefined && a.constant.eq(1)));
    if (args.length === 1) return args[0]!;
  } else if (e.op === 'add') {
    args = args.filter((a) => !(a.constant !== undefined && a.constant.isZero()));
    if (args.length === 1) return args[0]!;
  } else if (e.op === 'sub' && args[1]!.constant?.isZero()) {
    return args[0]!;
  }
  const runs = args.map((a) => a.run);
  if (e.op === 'add' || e.op === 'mul') {
    const plus = e.op === 'add';
    if (runs.length === 2) {
      const [a, b] = runs as [Thunk, Thunk];
      return { run: plus ? (s) => a(s).plus(b(s)) : (s) => a(s).times(b(s)) };
    }
    return {
      run: (s) => {
        let acc = runs[0]!(s);
        for (let i = 1; i < runs.length; i++) acc = plus ? acc.plus(runs[i]!(s)) : acc.times(runs[i]!(s));
        return acc;
      },
    };
  }
  if (e.op === 'sub') {
    const [a, b] = runs as [Thunk, Thunk];
    return { run: (s) => a(s).minus(b(s)) };
  }
  if (runs.length === 1) {
    const [a] = runs as [Thunk];
    return { run: (s) => rule.value([a(s)], m) };
  }
  const [a, b] = runs as [Thunk, Thunk];
  return { run: (s) => rule.value([a(s), b(s)], m) };
}

/**
 * One run at `precision` digits without the second run that certifies it: what the replay cost
 * before the guarantee. Only the benchmark uses it, to show what the guarantee costs.
 */
export function replayUncertified(plan: Plan, precision: number): number {
  const run = new Run(plan, precision);
  for (let k = 1; k <= plan.iterations; k++) run.iterate(k);
  run.after();
  return run.evaluated;
}
