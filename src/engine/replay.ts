/**
 * Runs every iteration of a plan without keeping its steps: each iteration's steps are compiled
 * once into closures over a fixed array of slots, and the carried values (parameters,
 * velocities) are copied forward after each update. Memory stays flat however many iterations.
 */
import type { Expr } from './expr.js';
import { decimalAt } from './numbers.js';
import type { Dec } from './numbers.js';
import { mathContext, OPS } from './ops.js';
import type { MathContext } from './ops.js';
import type { Plan, Step } from './plan.js';
import { givenValue } from './evaluate-plan.js';

export interface ReplayOptions {
  readonly precision: number;
  /** Called after each iteration with its cost (the error before that update). */
  readonly onIteration?: (k: number, cost: Dec | undefined) => void;
}

export interface ReplayResult {
  /** Carried values after the last update, by base id. */
  readonly final: Map<string, Dec>;
  /** The forward pass with the final parameters: its step values by id. */
  readonly after: Map<string, Dec>;
  readonly afterSteps: readonly Step[];
  readonly stepsEvaluated: number;
}

type Thunk = (s: Dec[]) => Dec;

export function replay(plan: Plan, opts: ReplayOptions): ReplayResult {
  const D = decimalAt(opts.precision);
  const m = mathContext(D);
  const slots = new Map<string, number>();
  const slotOf = (key: string) => {
    let i = slots.get(key);
    if (i === undefined) {
      i = slots.size;
      slots.set(key, i);
    }
    return i;
  };
  for (const g of plan.givens) slotOf(g.id);
  const carried = new Set(plan.carried);
  const keyOf = (s: Step) => (s.role === 'new-param' || s.role === 'velocity' ? `${s.base}@next` : s.id.replace(/@\d+$/, ''));

  const programs = new Map<number, Array<{ slot: number; run: Thunk }>>();
  // Within iteration k, `x@k` is this iteration's x and `x@(k+1)` a value this update makes.
  const refKey = (k: number) => (id: string) => (id.endsWith(`@${k + 1}`) ? `${id.slice(0, -`@${k + 1}`.length)}@next` : id.replace(/@\d+$/, ''));
  const programFor = (k: number) => {
    const key = refKey(k);
    return plan.iteration(k).map((s) => ({ slot: slotOf(keyOf(s)), run: compileExpr(s.expr, (id) => slotOf(key(id)), m, constants) }));
  };
  // Iterations that differ only in their iteration number share one program; online training
  // cycles through its examples, so it needs one program per example position.
  const period = Math.max(1, plan.period);

  // Carried values start rounded to the working precision, like every value an iteration makes.
  const values: Dec[] = [];
  for (const g of plan.givens) values[slotOf(g.id)] = givenValue(D, g.value);
  const constants = new Map(plan.givens.filter((g) => !carried.has(g.id)).map((g) => [g.id, givenValue(D, g.value)] as const));
  const nextSlots = plan.carried.map((c) => [slotOf(c), slotOf(`${c}@next`)] as const);
  let evaluated = 0;

  for (let k = 1; k <= plan.iterations; k++) {
    const key = ((k - 1) % period) + 1;
    let program = programs.get(key);
    if (!program) {
      program = programFor(key);
      programs.set(key, program);
    }
    for (const p of program) values[p.slot] = p.run(values);
    evaluated += program.length;
    opts.onIteration?.(k, plan.costBase === undefined ? undefined : values[slotOf(plan.costBase)]);
    for (const [cur, next] of nextSlots) values[cur] = values[next]!;
  }

  const final = new Map<string, Dec>();
  for (const c of carried) final.set(c, values[slotOf(c)]!);
  const afterSteps = plan.iterations > 0 ? plan.iteration(plan.iterations + 1) : plan.iteration(1);
  const after = new Map<string, Dec>();
  for (const s of afterSteps) {
    const slot = slotOf(keyOf(s));
    values[slot] = compileExpr(s.expr, (id) => slotOf(id.replace(/@\d+$/, '')), m, constants)(values);
    after.set(s.id, values[slot]);
  }
  return { final, after, afterSteps, stepsEvaluated: evaluated + afterSteps.length };
}


/**
 * Compiles an expression to a closure over the slots. Givens that no iteration changes (inputs,
 * targets, the learning rate) are constants here, so constant sub-trees (1/N) are computed once
 * and exact identities (x * 0 = 0, x * 1 = x, x + 0 = x) skip an operation; every value in a
 * slot is already rounded to the working precision, so skipping them changes no digit.
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
  const rule = OPS[e.op];
  let args = e.args.map((a) => compileNode(a, slot, m, constants));
  if (args.every((a) => a.constant !== undefined)) return constantNode(rule.value(args.map((a) => a.constant!), m));
  if (e.op === 'mul') {
    if (args.some((a) => a.constant?.isZero())) return constantNode(new m.D(0));
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
