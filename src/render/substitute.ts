/**
 * The two forms of a step's formula every solution shows: in symbols, and with numbers
 * substituted (givens as written in the exercise, computed values at the display precision).
 */
import { isUnknown } from '../engine/evaluate-plan.js';
import type { Exercise } from '../engine/model.js';
import { evalExpr } from '../engine/evaluate.js';
import { mathContext } from '../engine/ops.js';
import { decimalAt } from '../engine/numbers.js';
import type { Dec } from '../engine/numbers.js';
import type { Plan, Step } from '../engine/plan.js';
import { beyondDisplay, latexValue, showValue } from './format-number.js';
import { printExpr } from './print-expr.js';
import type { Style } from './print-expr.js';

export function formulaParts(
  step: Step,
  plan: Plan,
  exercise: Exercise,
  values: ReadonlyMap<string, Dec>,
  style: Style,
  symbolOf: (id: string) => string,
) {
  const givenText = givenTextOf(plan);
  const show = style === 'latex' ? latexValue : showValue;
  const symbolic = printExpr(step.expr, style, symbolOf);
  const substituted = printExpr(step.expr, style, (id) => {
    const g = givenText.get(id);
    if (g !== undefined && !values.has(id)) return g;
    const v = values.get(id);
    if (g !== undefined && v && v.eq(g)) return g;
    // An unknown value (not certified) stays a symbol in the worked line, as it is in its own row.
    return v && !isUnknown(values, id) ? show(v, exercise.display) : symbolOf(id);
  });
  const value = values.get(step.id);
  // A step that only names another value (dz_F/dw5 = y_C) needs no substituted form.
  return {
    symbolic,
    substituted: step.expr.op === 'ref' ? symbolic : substituted,
    // A value the evaluation could not hold within one unit: its digits are not shown (precision.md).
    shown: isUnknown(values, step.id)
      ? style === 'latex'
        ? '\\text{unknown (not certified)}'
        : 'unknown (not certified)'
      : value
        ? show(value, exercise.display) + note(value, exercise, style)
        : '?',
  };
}

// Where the display rule cannot show the value as it is (3.7e-44 at 4 decimals), say so.
function note(v: Dec, exercise: Exercise, style: Style): string {
  const why = beyondDisplay(v, exercise.display);
  if (!why) return '';
  return style === 'latex' ? `\\ \\text{(${why.replace(/e([-+]?\d+)/, '$\\times 10^{$1}$')})}` : ` (${why})`;
}

// Once per plan, not once per step: a large network has 45,000 givens and 180,000 steps.
const givenTexts = new WeakMap<Plan, ReadonlyMap<string, string>>();

function givenTextOf(plan: Plan): ReadonlyMap<string, string> {
  let m = givenTexts.get(plan);
  if (!m) {
    m = new Map(plan.givens.map((g) => [g.id, g.value]));
    givenTexts.set(plan, m);
  }
  return m;
}

/**
 * What follows `symbol =` in a solution: the formula, the numbers substituted, the value, leaving
 * out what would repeat (a constant such as df/df = 1 is just its value).
 */
export function equationParts(
  step: Step,
  plan: Plan,
  exercise: Exercise,
  values: ReadonlyMap<string, Dec>,
  style: Style,
  symbolOf: (id: string) => string,
): string[] {
  const { symbolic, substituted, shown } = formulaParts(step, plan, exercise, values, style, symbolOf);
  const parts = /^-?\d+(\.\d+)?$/.test(symbolic) ? [] : [symbolic];
  if (parts.length && substituted !== symbolic && substituted !== shown) parts.push(substituted);
  // A reader checking by hand works from the numbers shown: when they do not give the value
  // shown (-0.3844 * 0.2366 is -0.0909, the exact chain -0.0910), the line says so.
  const note =
    parts.includes(substituted) &&
    substituted !== symbolic &&
    !isUnknown(values, step.id) &&
    !fromShown(step, plan, exercise, values, shown)
      ? style === 'latex'
        ? '\\ \\text{(from unrounded values)}'
        : ' (from unrounded values)'
      : '';
  parts.push(shown + note);
  return parts;
}

/** Whether the step's formula, worked from the operands as shown, gives the value shown. */
function fromShown(
  step: Step,
  plan: Plan,
  exercise: Exercise,
  values: ReadonlyMap<string, Dec>,
  shown: string,
): boolean {
  const value = values.get(step.id);
  if (!value) return true;
  const D = decimalAt(exercise.working);
  const givenText = givenTextOf(plan);
  try {
    // The operands as the substituted line shows them (formulaParts): givens as written.
    // Plain evaluation at the working precision: the operands are short decimals, and a check that
    // certified every digit would chase exact ties (products of 4-decimal numbers) to 200 digits.
    const v = evalExpr(
      step.expr,
      (id) => {
        const g = givenText.get(id);
        const x = values.get(id);
        if (g !== undefined && (!x || x.eq(g))) return new D(g);
        return x && x.isFinite() ? new D(showValue(x, exercise.display)) : x;
      },
      mathContext(D),
    );
    return !v.isFinite() || showValue(v, exercise.display) === shown;
  } catch {
    return true;
  }
}
