/**
 * Values of steps with some of them pinned (the learner's earlier answers), evaluating only what
 * the pins change: a step whose inputs are all exact is exact, and is taken from `ctx.exact`
 * without computing anything. This keeps judging one answer to a handful of operations. Each
 * step it does compute goes through the engine's one formula evaluation (evaluateFormula), so a
 * follow-through value is its formula correctly rounded from the learner's values.
 */
import { evaluateFormula, givenValue } from '../engine/evaluate-plan.js';
import type { Expr } from '../engine/expr.js';
import { refsOf } from '../engine/expr.js';
import { decimalAt } from '../engine/numbers.js';
import type { Dec } from '../engine/numbers.js';
import { mathContext } from '../engine/ops.js';
import type { MathContext } from '../engine/ops.js';
import type { PlanIndex } from './plan-index.js';
import type { Context } from './types.js';

export class Evaluator {
  readonly m: MathContext;
  private readonly pins = new Map<string, Dec>();
  private readonly memo = new Map<string, Dec>();
  private firstPinOrder = Number.POSITIVE_INFINITY;

  constructor(
    readonly ctx: Context,
    readonly ix: PlanIndex,
    pins: Iterable<readonly [string, Dec]> = [],
  ) {
    this.m = mathContext(decimalAt(ctx.exercise.working));
    for (const [id, v] of pins) this.pin(id, v);
  }

  /** The pinned values, in no particular order. */
  pinned(): ReadonlyMap<string, Dec> {
    return this.pins;
  }

  /** Pin a value; values computed after it in evaluation order are forgotten. */
  pin(id: string, v: Dec): void {
    const exact = this.exact(id);
    const order = this.ix.order(id);
    if (v.eq(exact)) {
      this.pins.delete(id);
    } else {
      this.pins.set(id, v);
      this.firstPinOrder = Math.min(this.firstPinOrder, order);
    }
    for (const k of [...this.memo.keys()]) if (this.ix.order(k) >= order) this.memo.delete(k);
  }

  /** A new evaluator with these pins added to this one's. */
  with(extra: Iterable<readonly [string, Dec]>): Evaluator {
    return new Evaluator(this.ctx, this.ix, [...this.pins, ...extra]);
  }

  exact(id: string): Dec {
    return this.ctx.exact.get(id) ?? exactFallback(this.ctx, this.ix, id);
  }

  value(id: string): Dec {
    const pinned = this.pins.get(id);
    if (pinned) return pinned;
    // Steps refer only to earlier steps: nothing pinned before this one means it is exact.
    if (this.ix.order(id) < this.firstPinOrder || this.ix.given(id)) return this.exact(id);
    const known = this.memo.get(id);
    if (known) return known;
    const located = this.ix.locate(id);
    if (!located) throw new Error(`internal: no step ${id}`);
    const expr = located.step.expr;
    const refs = refsOf(expr);
    const inputs = refs.map((r) => this.value(r));
    const unchanged = inputs.every((v, i) => v === this.exact(refs[i]!));
    const v = unchanged
      ? this.exact(id)
      : evaluateFormula(expr, (r) => this.value(r), this.ctx.exercise.working);
    this.memo.set(id, v);
    return v;
  }

  /** Value of an expression over steps and givens; `overrides` replace some of them. */
  evaluate(e: Expr, overrides?: ReadonlyMap<string, Dec>): Dec {
    return evaluateFormula(e, (r) => overrides?.get(r) ?? this.value(r), this.ctx.exercise.working);
  }
}

// Exact values the caller did not supply (a context made from a partial evaluation).
const fallbacks = new WeakMap<ReadonlyMap<string, Dec>, Map<string, Dec>>();

function exactFallback(ctx: Context, ix: PlanIndex, id: string): Dec {
  let memo = fallbacks.get(ctx.exact);
  if (!memo) {
    memo = new Map();
    fallbacks.set(ctx.exact, memo);
  }
  const known = memo.get(id);
  if (known) return known;
  const D = decimalAt(ctx.exercise.working);
  const g = ix.given(id);
  let v: Dec;
  if (g) {
    v = givenValue(D, g.value);
  } else {
    const located = ix.locate(id);
    if (!located) throw new Error(`internal: no step ${id}`);
    v = evaluateFormula(
      located.step.expr,
      (r) => ctx.exact.get(r) ?? exactFallback(ctx, ix, r),
      ctx.exercise.working,
    );
  }
  memo.set(id, v);
  return v;
}
