/**
 * Evaluating one expression: plainly (`evalExpr`), or with a running estimate of the digits its
 * value may have lost (`evalTracked`), which is what lets the plan evaluator promise correctly
 * rounded values (docs/precision.md). Also the evaluation form of a formula: the same value,
 * written so that saturation does not cancel (1 - sigma(z) evaluated as sigma(-z)).
 */
import type { Expr } from './expr.js';
import type { Dec } from './numbers.js';
import { cancelsExactly } from './exact-zero.js';
import { applyOp, ruleOf } from './ops.js';
import type { MathContext } from './ops.js';
import { operation } from './operations/table.js';
import { probabilityForm } from './saturation-forms.js';

export function evalExpr(e: Expr, lookup: (id: string) => Dec | undefined, m: MathContext): Dec {
  switch (e.op) {
    case 'num':
      return new m.D(e.text);
    case 'ref': {
      const v = lookup(e.id);
      if (v === undefined) throw new Error(`internal: no value for ${e.id}`);
      return v;
    }
    default:
      return applyOp(
        e.op,
        e.args.map((a) => evalExpr(a, lookup, m)),
        m,
      );
  }
}

/**
 * A value and a bound on its relative error: |error| <= |value| 10^(lost - W) at W working
 * digits. `lost` is -Infinity for an exact value, +Infinity when no digit is known (a cancellation
 * to zero of inexact values).
 */
export interface Tracked {
  readonly value: Dec;
  readonly lost: number;
  /** The operation and arguments it was computed from (for exact-zero.ts). */
  readonly op?: string;
  readonly args?: readonly Tracked[];
}

export const EXACT = -Infinity;
// Operations whose exact 0 is a true 0, never an underflow: sums and differences of given values.
const GIVEN_ZERO = new Set(['add', 'sub', 'neg']);
// Relative error of one rounded operation, in units of 10^-W: half a unit of the last place is at
// most 5 (and fast exp is within one unit: 10); 20 also covers rules made of a few rounded steps.
const LOG_ROUNDING = Math.log10(20);

/** Value of an expression with the bound on its error, from each rule's conditioning. */
export function evalTracked(e: Expr, lookup: (id: string) => Tracked | undefined, m: MathContext): Tracked {
  switch (e.op) {
    case 'num':
      return { value: new m.D(e.text), lost: literalLost(e.text, m.D.precision) };
    case 'ref': {
      const v = lookup(e.id);
      if (v === undefined) throw new Error(`internal: no value for ${e.id}`);
      return v;
    }
    default: {
      const args = e.args.map((a) => evalTracked(a, lookup, m));
      const values = args.map((a) => a.value);
      const rule = ruleOf(e.op);
      let value = rule.value(values, m);
      // A given 0 (a target, a literal, 1 - t) times an overflowed value (Infinity: a finite
      // value past the magnitude limit) is exactly 0. Another computed 0 may be an underflow:
      // times Infinity it stays undefined.
      const givenZero = args.some(
        (a) => a.lost === EXACT && a.value.isZero() && (a.op === undefined || GIVEN_ZERO.has(a.op)),
      );
      if (e.op === 'mul' && value.isNaN() && givenZero && !values.some((v) => v.isNaN())) value = new m.D(0);
      let lost = lostOf(rule, values, args, value, m, absorbsZero(e.op, values, args));
      if (lost === Infinity && value.isZero() && cancelsExactly(e.op, args)) lost = EXACT;
      return { value, lost, op: e.op, args };
    }
  }
}

function lostOf(
  rule: ReturnType<typeof ruleOf>,
  values: Dec[],
  args: Tracked[],
  value: Dec,
  m: MathContext,
  zeroFactor: boolean,
): number {
  if (!value.isFinite()) return EXACT;
  const inexact = args.some((a) => a.lost !== EXACT);
  if (value.isZero() && (!inexact || zeroFactor)) return EXACT;
  if (!inexact && (rule.exact || rule.fits?.(values, m.D.precision))) return EXACT;
  const cond = rule.conditioning ? rule.conditioning(values, value) : fromPartials(rule, values, value, m);
  // log10 of the sum of 10^(k_i + lost_i) and the rounding's share, summed without overflow.
  let top = rule.exact ? -Infinity : LOG_ROUNDING;
  let sum = rule.exact ? 0 : 1;
  for (let i = 0; i < args.length; i++) {
    const lost = args[i]!.lost;
    if (lost === EXACT) continue;
    // An inexact 0 (a cancellation) bounds no error: |error| <= |0| 10^(lost - W) says nothing,
    // and the true value may be 1e-55 (y + 1e-55 - y at 50 digits). Its users are in doubt too.
    if (values[i]!.isZero()) return Infinity;
    const k = cond[i] ?? Infinity;
    // No influence (a rectifier below 0, a step) holds only while the argument's sign is known.
    if (k === -Infinity) {
      if (lost >= m.D.precision) return Infinity;
      continue;
    }
    const t = Number.isNaN(k) ? Infinity : k + lost;
    if (t === Infinity) return Infinity;
    if (t > top) {
      sum = sum * 10 ** (top - t) + 1;
      top = t;
    } else sum += 10 ** (t - top);
  }
  return top === -Infinity ? EXACT : top + Math.log10(sum);
}

/**
 * A product with an exact zero factor, or a quotient with an exact zero numerator, is exactly 0
 * (as is anything of exact arguments that came out 0). Not a sum with an exact zero term:
 * t ln y + 0 with ln y an inexact 0 (y a rounded 1) is still in doubt (it printed E = 0 for a
 * cross-entropy of 4.9e-111).
 */
function absorbsZero(op: string, values: readonly Dec[], args: readonly Tracked[]): boolean {
  const zero = (i: number) => values[i]!.isZero() && args[i]!.lost === EXACT;
  return op === 'mul' ? values.some((_, i) => zero(i)) : op === 'div' && zero(0);
}

// log10 of |a_i f_i / f| from the partials, for rules that do not state their conditioning.
function fromPartials(rule: ReturnType<typeof ruleOf>, values: Dec[], value: Dec, m: MathContext): number[] {
  const p = rule.partials(values, value, m);
  return values.map((a, i) => {
    const d = p[i];
    if (!d || d.isZero() || a.isZero()) return -Infinity;
    if (value.isZero() || !d.isFinite()) return Infinity;
    return lgOf(a.times(d).div(value));
  });
}

function lgOf(x: Dec): number {
  return x.isZero() ? -Infinity : x.abs().e + 1;
}

// A literal is exact when its digits fit the working precision. A text no longer than W has at
// most W digits: the usual literal is settled without reading it (and without a cache keyed by
// every literal ever typed, which grew for as long as a session ran).
function literalLost(text: string, W: number): number {
  return text.length <= W || exactDigits(text) <= W ? EXACT : 0.7;
}

/** Significant digits of a decimal literal as written (an upper bound: zeros included). */
export function exactDigits(text: string): number {
  const mantissa = text
    .replace(/[eE].*$/, '')
    .replace(/[-+.]/g, '')
    .replace(/^0+/, '');
  return Math.max(1, mantissa.length);
}

/**
 * The form of a step's formula that is evaluated: the same value, written so that a saturated
 * unit does not cancel. `stepExpr(y)` is the formula of step y when its value is computed from
 * it (undefined when y is pinned: then y's own value is used as written). Each operation's record
 * says how (operations/*.ts): 1 - y with y = sigma(X) is sigma(-X) (`oneMinus`); 1 - y^2 (or
 * 1 - y y) with y the hyperbolic tangent of X is 4 sigma'(2X) (`oneMinusSquare`). The logs,
 * complements and differences of a sigmoid's or a softmax's output are saturation-forms.ts's.
 */
export function evaluationForm(e: Expr, stepExpr: (id: string) => Expr | undefined): Expr {
  if (e.op === 'num' || e.op === 'ref') return e;
  const probability = probabilityForm(e, stepExpr);
  if (probability) return probability;
  if (e.op === 'sub' && e.args[0].op === 'num' && e.args[0].text === '1') {
    const rest = e.args[1];
    const f = applied(rest, stepExpr);
    const safe = f && operation(f.op).oneMinus?.(f.args[0]);
    if (safe) return safe;
    const sq = squared(rest);
    const g = sq && applied(sq, stepExpr);
    const safeSquare = g && operation(g.op).oneMinusSquare?.(g.args[0]);
    if (safeSquare) return safeSquare;
  }
  const args = e.args.map((a) => evaluationForm(a, stepExpr));
  return args.every((a, i) => a === e.args[i]) ? e : ({ op: e.op, args } as Expr);
}

// e as an operation applied to arguments, looking through a reference to the step computing it.
function applied(
  e: Expr,
  stepExpr: (id: string) => Expr | undefined,
): Exclude<Expr, { op: 'num' | 'ref' }> | undefined {
  const x = e.op === 'ref' ? stepExpr(e.id) : e;
  return x && x.op !== 'num' && x.op !== 'ref' ? x : undefined;
}

// y when e is y^2 or y y.
function squared(e: Expr): Expr | undefined {
  if (e.op === 'pow' && e.args[1].op === 'num' && e.args[1].text === '2') return e.args[0];
  if (e.op === 'mul' && e.args.length === 2 && sameRef(e.args[0]!, e.args[1]!)) return e.args[0];
  return undefined;
}

function sameRef(a: Expr, b: Expr): boolean {
  return a.op === 'ref' && b.op === 'ref' && a.id === b.id;
}
