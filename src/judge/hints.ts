/**
 * Two hints for a step: the formula in symbols, then the same formula with the numbers put in:
 * givens as the exercise writes them, earlier steps as the learner has them (or, for steps they
 * have no value of, the exact value at the display precision).
 */
import { ref } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import { printExpr } from '../render/print-expr.js';
import { fixed, showValue } from '../render/format-number.js';
import type { Context } from './types.js';

export function hints(ctx: Context, stepId: string): [string, string] {
  const ix = ctx.solved.index;
  const step = ix.locate(stepId)?.step;
  if (!step) throw new Error(`internal: no step ${stepId}`);
  const shown = shortened(step.expr);
  const symbolic = printExpr(shown, 'text', (id) => id);
  const numbers = printExpr(shown, 'text', (id) => {
    const given = ix.given(id);
    if (given) return given.value;
    const mine = ctx.accepted.get(id);
    if (mine) return showLearnerValue(mine, ctx);
    const exact = ctx.solved.exact.get(id);
    return exact ? showValue(exact, ctx.solved.exercise.display) : id;
  });
  const first = `${stepId} = ${symbolic}`;
  // A step that only names another value (dz_F/dw5 = y_C) shows that value.
  return [first, step.expr.op === 'ref' ? `${first} = ${numbers}` : `${stepId} = ${numbers}`];
}

/** Terms of a sum a hint writes out; a longer one shows its first and last terms. */
const HINT_TERMS = 8;

/**
 * A sum of more terms than a screen holds (a neuron fed by 64 others: 65 terms, some 40 lines at
 * 60 columns) as its first three terms, how many are left out, and its last two: the pattern
 * is what a hint gives, and every value is listed with the step anyway.
 */
function shortened(e: Expr): Expr {
  if (e.op === 'num' || e.op === 'ref') return e;
  const args = e.args.map(shortened);
  if (e.op !== 'add' || args.length <= HINT_TERMS) return { ...e, args } as Expr;
  const left = ref(`… ${args.length - 5} more terms …`);
  return { op: 'add', args: [...args.slice(0, 3), left, ...args.slice(-2)] };
}

/** A learner's value as they would recognise it: as typed when short (0.0910), else at the display precision. */
function showLearnerValue(v: Dec, ctx: Context): string {
  const display = ctx.solved.exercise.display;
  const extra = 2;
  if (display.kind === 'decimals') {
    const places = v.decimalPlaces();
    return places <= display.digits + extra
      ? fixed(v, Math.max(places, display.digits))
      : showValue(v, display);
  }
  return v.precision() <= display.digits + extra ? fixed(v, v.decimalPlaces()) : showValue(v, display);
}
