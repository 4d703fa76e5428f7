/**
 * The one what-if evaluator: pin some values (a learner's earlier answers, a mistaken value, a
 * book's printed numbers), or compute some steps another way (a slip of method), and everything
 * that follows is recomputed; everything else keeps its exact value. Under it:
 * - `value(id)`, lazily, only what the changes reach: judging one answer, following a learner's
 *   own values through, diagnosis, verify's slips of method. A step whose inputs are all exact is
 *   exact, taken from the solved exercise without computing anything; each step it does compute
 *   is its formula correctly rounded (evaluateFormula);
 * - `all(...)`, every step of a run in order with the same pins (evaluatePlan): solve's values,
 *   verify's chains and the points a printed formula is tested at;
 * - `replay(...)`, a long run without keeping its steps (replay.ts, binary with a certified
 *   decimal check): the fast path of `all` for runs of thousands of iterations.
 */
import { evaluateFormula, evaluatePlan } from './evaluate-plan.js';
import type { EvaluateOptions, Evaluation } from './evaluate-plan.js';
import type { Expr } from './expr.js';
import { refsOf } from './expr.js';
import type { Dec } from './numbers.js';
import type { MathContext } from './ops.js';
import type { Step } from './plan.js';
import { replay } from './replay.js';
import type { ReplayOptions, ReplayResult } from './replay.js';
import type { Solved } from './solved.js';

/** A step computed another way: its mistaken value, evaluated with `ev` (the altered evaluator). */
export type Alteration = (step: Step, ev: WhatIf) => Dec;

export class WhatIf {
  readonly m: MathContext;
  private readonly pins = new Map<string, Dec>();
  private readonly memo = new Map<string, Dec>();
  private firstChange = Number.POSITIVE_INFINITY;
  /** Results a caller derived with these pins (diagnoses), kept with them and dropped by a new pin. */
  readonly results = new Map<string, unknown>();

  constructor(
    readonly solved: Solved,
    pins: Iterable<readonly [string, Dec]> = [],
    private readonly altered: ReadonlyMap<string, Alteration> = new Map(),
  ) {
    this.m = solved.m;
    for (const id of altered.keys()) this.firstChange = Math.min(this.firstChange, solved.index.order(id));
    for (const [id, v] of pins) this.pin(id, v);
  }

  /** The pinned values, in no particular order. */
  pinned(): ReadonlyMap<string, Dec> {
    return this.pins;
  }

  /** Pin a value; values computed after it in evaluation order are forgotten. */
  pin(id: string, v: Dec): void {
    const order = this.solved.index.order(id);
    if (v.eq(this.exact(id))) {
      this.pins.delete(id);
    } else {
      this.pins.set(id, v);
      this.firstChange = Math.min(this.firstChange, order);
    }
    for (const k of [...this.memo.keys()]) if (this.solved.index.order(k) >= order) this.memo.delete(k);
    this.results.clear();
  }

  /** A new evaluator with these pins added to this one's. */
  with(extra: Iterable<readonly [string, Dec]>): WhatIf {
    return new WhatIf(this.solved, [...this.pins, ...extra], this.altered);
  }

  /** A new evaluator where these steps are computed by their alteration instead of their formula. */
  alter(steps: ReadonlyMap<string, Alteration>): WhatIf {
    return new WhatIf(this.solved, this.pins, new Map([...this.altered, ...steps]));
  }

  exact(id: string): Dec {
    return this.solved.exactOf(id);
  }

  value(id: string): Dec {
    const pinned = this.pins.get(id);
    if (pinned) return pinned;
    const ix = this.solved.index;
    // Steps refer only to earlier steps: nothing changed before this one means it is exact.
    if (ix.order(id) < this.firstChange || ix.given(id)) return this.exact(id);
    const known = this.memo.get(id);
    if (known) return known;
    const located = ix.locate(id);
    if (!located) throw new Error(`internal: no step ${id}`);
    const alteration = this.altered.get(id);
    const v = alteration ? alteration(located.step, this) : this.computed(located.step);
    this.memo.set(id, v);
    return v;
  }

  private computed(step: Step): Dec {
    const refs = refsOf(step.expr);
    const inputs = refs.map((r) => this.value(r));
    const unchanged = inputs.every((v, i) => v === this.exact(refs[i]!));
    return unchanged ? this.exact(step.id) : this.evaluate(step.expr);
  }

  /** Value of an expression over steps and givens; `overrides` replace some of them. */
  evaluate(e: Expr, overrides?: ReadonlyMap<string, Dec>): Dec {
    return evaluateFormula(e, (r) => overrides?.get(r) ?? this.value(r), this.solved.exercise.working);
  }

  /**
   * Every step of `steps` (default: the solved exercise's) in order, with this evaluator's pins
   * and any given here; `keep` is a chain's rule for the value later steps use.
   */
  all(opts: Omit<EvaluateOptions, 'precision'> = {}): Evaluation {
    const pins = this.pins.size === 0 ? opts.pins : new Map([...this.pins, ...(opts.pins ?? [])]);
    return evaluatePlan(this.solved.plan, {
      forms: this.solved.forms,
      ...opts,
      precision: this.solved.exercise.working,
      steps: opts.steps ?? this.solved.steps,
      ...(pins ? { pins } : {}),
    });
  }

  /** The whole run without keeping its steps: final parameters and the pass after the last update. */
  replay(opts: Omit<ReplayOptions, 'precision'> = {}): ReplayResult {
    return replay(this.solved.plan, { ...opts, precision: this.solved.exercise.working });
  }
}

/** The evaluator of a solved exercise with these pins (none: every value exact). */
export function whatIf(solved: Solved, pins: Iterable<readonly [string, Dec]> = []): WhatIf {
  return new WhatIf(solved, pins);
}
