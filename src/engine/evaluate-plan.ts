/**
 * The one evaluation of a plan: every step's value, correctly rounded to the working precision p
 * (docs/precision.md), with some values pinned (the learner's own answers, the book's printed
 * values, a chain's rounded intermediates). Solve, practice, diagnosis, verify's chains and the
 * gradient check all evaluate through here; the replay (replay.ts) is its fast path for long runs.
 *
 * Method: evaluate at W = p + guard digits, every value carrying a bound on the digits it may have
 * lost (evaluate.ts); a value is certified when the whole interval its bound allows rounds to the
 * same p digits. If any is not, evaluate it again, with the steps it is computed from, with more
 * guard digits, up to MAX_GUARD and within a budget; values still uncertain then are listed in
 * `uncertain`.
 */
import { EXACT, evalTracked, evaluationForm, exactDigits } from './evaluate.js';
import { refsOf } from './expr.js';
import type { Tracked } from './evaluate.js';
import type { Expr } from './expr.js';
import { decimalAt } from './numbers.js';
import type { Dec, DecimalCtor } from './numbers.js';
import { mathContext } from './ops.js';
import { allSteps } from './plan.js';
import type { Plan, Step } from './plan.js';

export type Values = ReadonlyMap<string, Dec>;

/**
 * Whether a value of an evaluation is unknown (Evaluation.unknown): not held within one unit of
 * its last digit, so no renderer may print its digits. A plain map (a pinned what-if) has none.
 */
export function isUnknown(values: ReadonlyMap<string, unknown>, id: string): boolean {
  return (values as { readonly unknown?: ReadonlySet<string> }).unknown?.has(id) === true;
}

/** Values by id, with the ids whose last digit could not be certified (none, in practice). */
export interface Evaluation extends Map<string, Dec> {
  readonly uncertain: ReadonlySet<string>;
  /**
   * The uncertain ids whose bound does not even hold them within one unit of the last digit
   * (a 0 of a cancellation, a bound past half a unit): their digits are not to be shown as a
   * value (JSON writes `unknown`). The others are within one unit, as docs/precision.md says.
   */
  readonly unknown: ReadonlySet<string>;
  /** With `keep`: each step's value before the chain rounded it. */
  readonly raw: ReadonlyMap<string, Dec>;
}

export interface EvaluateOptions {
  readonly precision: number;
  /**
   * Values that replace what a given or a step would be: a learner's own earlier answers, the
   * book's printed values, rounded intermediates. Everything downstream follows from them.
   */
  readonly pins?: ReadonlyMap<string, Dec>;
  /** Evaluate these steps instead of every step of the plan. */
  readonly steps?: readonly Step[];
  /** Values of earlier steps these steps refer to (the previous iteration's results when streaming). */
  readonly known?: ReadonlyMap<string, Dec>;
  /**
   * A chain's rule: the value later steps use in place of a step's correctly rounded value (that
   * value rounded or cut as a book printed it). Returning the value itself keeps it unrounded.
   */
  readonly keep?: (id: string, value: Dec) => Dec;
  /**
   * Where the evaluation forms of formulas are kept between evaluations of the same steps (the
   * what-if evaluator keeps one with the solved exercise); without it, for this evaluation only.
   */
  readonly forms?: Forms;
}

/** Each step's evaluation form, with the steps it looked through (see formOf). */
export type Forms = WeakMap<Step, { readonly form: Expr; readonly via: readonly string[] }>;

export const FIRST_GUARD = 10;
/** Guard digits beyond which evaluation stops trying and reports values as uncertain. */
export const MAX_GUARD = 200;

export function evaluatePlan(plan: Plan, opts: EvaluateOptions): Evaluation {
  const steps = opts.steps ?? allSteps(plan);
  const p = opts.precision;
  const Dp = decimalAt(p);
  if (!opts.forms) opts = { ...opts, forms: new WeakMap() };
  let run = evaluateAt(plan, steps, opts, p + FIRST_GUARD);
  // Retries re-evaluate only the uncertain values and what they are computed from, within a
  // budget: the dilemma of a value whose exact digits end on a midpoint (0.5^58 times a factor a
  // hair below 1) is not settled by 200 guard digits either, and a large plan must still end.
  const budget = Math.max(RETRY_BUDGET_FACTOR * passCost(steps.length, p + FIRST_GUARD), RETRY_BUDGET_FLOOR);
  let spent = 0;
  for (let guard = FIRST_GUARD; run.uncertain.length > 0 && guard < MAX_GUARD;) {
    // Enough guard digits for the largest loss seen, at least twice as many as before. A value
    // that lost everything (an inexact 0) tells nothing of how many it needs: double.
    const needed = Number.isFinite(run.worst) ? Math.ceil(run.worst) + FIRST_GUARD : 0;
    guard = Math.min(MAX_GUARD, Math.max(2 * guard, needed));
    const cone = affordableCone(steps, run.uncertain, (n) => spent + passCost(n, p + guard) <= budget);
    if (cone.length === 0) break;
    spent += passCost(cone.length, p + guard);
    run = mergeRun(run, evaluateAt(plan, cone, opts, p + guard, run.values), cone);
  }
  const out = new Map<string, Dec>() as Map<string, Dec> & {
    uncertain: Set<string>;
    unknown: Set<string>;
    raw: Map<string, Dec>;
  };
  // A step the chain kept unrounded is the very value recorded as raw (callers compare them).
  for (const [id, t] of run.values)
    out.set(id, (!run.rekept.has(id) && run.raw.get(id)) || roundTo(Dp, t.value));
  out.uncertain = new Set(run.uncertain);
  out.unknown = new Set(run.uncertain.filter((id) => run.loose.has(id)));
  out.raw = run.raw;
  return out;
}

/**
 * Retries may cost this many times the first pass, or the floor, whichever is more (cost: steps
 * times the square of the digits, about how decimal.js's products and series grow). The floor
 * lets a plan of the seeds' size escalate all the way to MAX_GUARD.
 */
const RETRY_BUDGET_FACTOR = 2;
const RETRY_BUDGET_FLOOR = passCost(200, 50 + MAX_GUARD);

function passCost(steps: number, W: number): number {
  return steps * W * W;
}

/**
 * The uncertain values to retry, with the steps they are computed from, in plan order: taken in
 * plan order while the union's size stays affordable, so one value that depends on the whole
 * plan does not stop the retry of a value that depends on two steps.
 */
function affordableCone(
  steps: readonly Step[],
  ids: readonly string[],
  affordable: (n: number) => boolean,
): Step[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const inCone = new Set<string>();
  for (const id of ids) {
    const added: string[] = [];
    const todo = [id];
    for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
      const s = byId.get(next);
      if (!s || inCone.has(next)) continue;
      inCone.add(next);
      added.push(next);
      // The references of the formula cover the evaluation form's too: it looks through a
      // referenced step's formula only, whose references the cone then holds. (`undefinedWith`
      // is not followed: whether that step is NaN, the earlier run already says.)
      for (const r of refsOf(s.expr)) if (!inCone.has(r)) todo.push(r);
    }
    if (!affordable(inCone.size)) {
      for (const a of added) inCone.delete(a);
      break;
    }
  }
  return steps.filter((s) => inCone.has(s.id));
}

// A run with the retried steps' results in place of the earlier ones; values not retried keep
// their doubt.
function mergeRun(old: Run, retry: Run, cone: readonly Step[]): Run {
  const values = new Map(old.values);
  const raw = new Map(old.raw);
  const rekept = new Set(old.rekept);
  for (const [id, t] of retry.values) {
    rekept.delete(id);
    values.set(id, t);
  }
  for (const [id, v] of retry.raw) raw.set(id, v);
  for (const id of retry.rekept) rekept.add(id);
  const retried = new Set(cone.map((s) => s.id));
  const left = old.uncertain.filter((id) => !retried.has(id));
  const loose = new Set([...old.loose].filter((id) => !retried.has(id)));
  for (const id of retry.loose) loose.add(id);
  // In plan order: the retried ones come before the first value the budget left out.
  const uncertain = [...retry.uncertain, ...left];
  return {
    values,
    raw,
    rekept,
    uncertain,
    loose,
    worst: left.length > 0 ? Math.max(old.worst, retry.worst) : retry.worst,
  };
}

/** A value at p digits, rounded once (half to even, the working rounding) from any precision. */
export function roundTo(Dp: DecimalCtor, v: Dec): Dec {
  return v.isFinite() ? new Dp(v).toSignificantDigits(Dp.precision) : new Dp(v);
}

/**
 * A given value at the working precision: the text keeps every digit the source wrote, and this
 * is it rounded once. Every value map, pin and answer uses this; evaluation itself starts from
 * the text (exact when it fits the working digits).
 */
export function givenValue(D: DecimalCtor, text: string): Dec {
  return new D(text).toSignificantDigits(D.precision);
}

interface Run {
  readonly values: Map<string, Tracked>;
  readonly raw: Map<string, Dec>;
  /** Steps whose chain value differs from their computed value. */
  readonly rekept: ReadonlySet<string>;
  readonly uncertain: string[];
  /** Uncertain ids not even within one unit: their bound passes half a unit of the p-th digit. */
  readonly loose: ReadonlySet<string>;
  /** The largest number of digits lost by an uncertain value. */
  readonly worst: number;
}

function evaluateAt(
  plan: Plan,
  steps: readonly Step[],
  opts: EvaluateOptions,
  W: number,
  earlier?: ReadonlyMap<string, Tracked>,
): Run {
  const p = opts.precision;
  const D = decimalAt(W);
  const Dp = decimalAt(p);
  const m = mathContext(D);
  const values = new Map<string, Tracked>();
  const raw = new Map<string, Dec>();
  const uncertain: string[] = [];
  const loose = new Set<string>();
  const rekept = new Set<string>();
  let worst = 0;
  const exact = (v: Dec): Tracked => ({ value: new D(v), lost: EXACT });
  for (const g of plan.givens) {
    const pinned = opts.pins?.get(g.id);
    values.set(
      g.id,
      pinned ? exact(pinned) : { value: new D(g.value), lost: exactDigits(g.value) <= W ? EXACT : 0.7 },
    );
  }
  for (const [id, v] of opts.known ?? []) values.set(id, exact(v));
  // Steps computed from their formula in this run (not pinned): their formula may be rewritten.
  const formulas = new Map<string, Expr>();
  for (const s of steps) {
    const pinned = opts.pins?.get(s.id);
    if (pinned) {
      values.set(s.id, exact(pinned));
      continue;
    }
    formulas.set(s.id, s.expr);
    let t = evalTracked(formOf(s, formulas, opts.forms!), (id) => values.get(id), m);
    if (
      s.undefinedWith !== undefined &&
      (values.get(s.undefinedWith) ?? earlier?.get(s.undefinedWith))?.value.isNaN()
    )
      t = { value: new D(NaN), lost: EXACT };
    if (!certain(t, W, p)) {
      uncertain.push(s.id);
      if (!withinOneUnit(t, W, p)) loose.add(s.id);
      worst = Math.max(worst, t.lost);
    }
    if (opts.keep) {
      const rounded = roundTo(Dp, t.value);
      raw.set(s.id, rounded);
      const kept = opts.keep(s.id, rounded);
      if (kept !== rounded) {
        formulas.delete(s.id);
        rekept.add(s.id);
        t = exact(kept);
      }
    }
    values.set(s.id, t);
  }
  return { values, raw, rekept, uncertain, loose, worst };
}

// The evaluation form of a step's formula. Kept with the steps it looked through, and used
// again only while those steps are still computed from their formulas (not pinned or kept).
function formOf(s: Step, formulas: ReadonlyMap<string, Expr>, forms: Forms): Expr {
  const cached = forms.get(s);
  if (cached && cached.via.every((id) => formulas.has(id))) return cached.form;
  const via: string[] = [];
  let pure = true;
  const form = evaluationForm(s.expr, (id) => {
    const e = formulas.get(id);
    if (e) via.push(id);
    else pure = false;
    return e;
  });
  if (pure) forms.set(s, { form, via });
  return form;
}

/**
 * Whether every value the error bound allows rounds to the same p digits as the computed one.
 * Exact values are certain; a value with no known digit (lost >= W) is not. Otherwise the bound
 * is below 10^(lost - g) units of the p-th digit (g = W - p guard digits), so the rounding is in
 * doubt only when the guard digits are that close to a midpoint: when their first
 * k = g - ceil(lost) - 1 digits read 49...9 or 50...0. Read from the digits, not computed.
 */
export function certain(t: Tracked, W: number, p: number): boolean {
  if (t.lost === EXACT || !t.value.isFinite() || t.value.isZero()) return t.lost < W - p;
  const k = W - p - Math.ceil(t.lost) - 1;
  if (k < 1) return false;
  const guard = digitsOf(t.value, p + k)
    .slice(p, p + k)
    .padEnd(k, '0');
  return guard !== '4' + '9'.repeat(k - 1) && guard !== '5' + '0'.repeat(k - 1);
}

/**
 * Whether the rounded value is within one unit of the p-th digit of the exact one: the bound
 * |error| <= |v| 10^(lost - W) is at most half a unit (|v| < 10^(e+1), a unit is 10^(e+1-p)),
 * and rounding adds at most another half. A 0 that is not exact bounds nothing.
 */
function withinOneUnit(t: Tracked, W: number, p: number): boolean {
  if (t.lost === EXACT || !t.value.isFinite()) return true;
  return !t.value.isZero() && t.lost <= W - p - Math.log10(2);
}

// The first n significant digits of a nonzero finite value (fewer when it has fewer), from
// decimal.js's words of seven digits.
function digitsOf(v: Dec, n: number): string {
  const d = v.d;
  let s = String(d[0]);
  for (let i = 1; i < d.length && s.length < n; i++) s += String(d[i]).padStart(7, '0');
  return s;
}

/**
 * One formula's value from values given for its references (taken as exact: a learner's earlier
 * answers, a parsed answer's names), correctly rounded to p digits the same way as a plan.
 */
export function evaluateFormula(e: Expr, lookup: (id: string) => Dec | undefined, precision: number): Dec {
  const Dp = decimalAt(precision);
  for (let guard = FIRST_GUARD; ; guard = Math.min(MAX_GUARD, 2 * guard)) {
    const W = precision + guard;
    const D = decimalAt(W);
    const t = evalTracked(
      e,
      (id) => {
        const v = lookup(id);
        return v === undefined ? undefined : { value: new D(v), lost: EXACT };
      },
      mathContext(D),
    );
    if (guard >= MAX_GUARD || certain(t, W, precision)) return roundTo(Dp, t.value);
  }
}
