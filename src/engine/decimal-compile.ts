/**
 * The decimal.js counterpart of bigfloat-compile.ts: an expression compiled once into a closure
 * over a run's slots, so that replay.ts evaluates each iteration's steps without walking the tree.
 */
import type { Expr } from './expr.js';
import type { Dec } from './numbers.js';
import { ruleOf } from './ops.js';
import type { MathContext } from './ops.js';

type Thunk = (s: Dec[]) => Dec;

/**
 * Compiles an expression to a closure over the slots. Givens that no iteration changes (inputs,
 * targets, the learning rate) are constants here, so constant sub-trees (1/N) are computed once
 * and exact identities (x * 0 = 0, x * 1 = x, x + 0 = x) skip an operation. They change no digit:
 * x * 1 and x + 0 are x exactly, and x * 0 is 0 for every x but NaN (an undefined x gives NaN;
 * an infinite one is a value past the magnitude limit, as in evaluatePlan).
 */
type Compiled = { readonly run: Thunk; readonly constant?: Dec };

export function compileExpr(
  e: Expr,
  slot: (id: string) => number,
  m: MathContext,
  constants: ReadonlyMap<string, Dec>,
): Thunk {
  return compileNode(e, slot, m, constants).run;
}

function constantNode(v: Dec): Compiled {
  return { run: () => v, constant: v };
}

function compileNode(
  e: Expr,
  slot: (id: string) => number,
  m: MathContext,
  constants: ReadonlyMap<string, Dec>,
): Compiled {
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
      // An overflowed (infinite) factor is still a finite value past the limit: 0 times it is 0.
      return { run: (s) => (runs.every((r) => !r(s).isNaN()) ? zero : new m.D(NaN)) };
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
  if (runs.length === 2) {
    const [a, b] = runs as [Thunk, Thunk];
    return { run: (s) => rule.value([a(s), b(s)], m) };
  }
  // max of three or more (a softmax's shift), lse: every argument (only two were taken before).
  return {
    run: (s) =>
      rule.value(
        runs.map((r) => r(s)),
        m,
      ),
  };
}
