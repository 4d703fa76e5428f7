import type { Expr } from './expr.js';
import { decimalAt } from './numbers.js';
import type { Dec } from './numbers.js';
import { mathContext, OPS } from './ops.js';
import type { MathContext } from './ops.js';
import type { Plan, Step } from './plan.js';

/**
 * Runs every iteration of a plan without keeping its steps: each iteration's steps are compiled
 * once into closures over a fixed array of slots, and the carried values (parameters,
 * velocities) are copied forward after each update. Memory stays flat however many iterations.
 */
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
  const programFor = (k: number) => {
    const steps = plan.iteration(k);
    return steps.map((s) => ({ slot: slotOf(keyOf(s)), run: compileExpr(s.expr, (id) => slotOf(id.replace(/@\d+$/, '')), m) }));
  };
  // Iterations that differ only in their iteration number share one program; online training
  // cycles through its examples, so it needs one program per example position.
  const period = Math.max(1, periodOf(plan));

  const values: Dec[] = [];
  for (const g of plan.givens) values[slotOf(g.id)] = new D(g.value);
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
    values[slot] = compileExpr(s.expr, (id) => slotOf(id.replace(/@\d+$/, '')), m)(values);
    after.set(s.id, values[slot]!);
  }
  return { final, after, afterSteps, stepsEvaluated: evaluated + afterSteps.length };
}

function periodOf(plan: Plan): number {
  // An online plan's first iteration shows one example without a [n] tag; the period is the
  // number of examples, read from the givens' input tags.
  const tags = new Set(plan.givens.map((g) => /\[(\d+)\]$/.exec(g.id)?.[1]).filter((t) => t !== undefined));
  const first = plan.iteration(1);
  const batch = first.some((s) => s.example !== undefined) || tags.size <= 1;
  return batch ? 1 : tags.size;
}

function compileExpr(e: Expr, slot: (id: string) => number, m: MathContext): Thunk {
  switch (e.op) {
    case 'num': {
      const v = new m.D(e.text);
      return () => v;
    }
    case 'ref': {
      const i = slot(e.id);
      return (s) => s[i]!;
    }
    default: {
      const rule = OPS[e.op];
      const args = e.args.map((a) => compileExpr(a, slot, m));
      if (args.length === 1) {
        const [a] = args as [Thunk];
        return (s) => rule.value([a(s)], m);
      }
      if (args.length === 2) {
        const [a, b] = args as [Thunk, Thunk];
        return (s) => rule.value([a(s), b(s)], m);
      }
      return (s) => rule.value(args.map((a) => a(s)), m);
    }
  }
}
