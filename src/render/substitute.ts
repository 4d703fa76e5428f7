import type { Exercise } from '../engine/model.js';
import type { Dec } from '../engine/numbers.js';
import type { Plan, Step } from '../engine/plan.js';
import { showValue } from './format-number.js';
import { printExpr } from './print-expr.js';
import type { Style } from './print-expr.js';

/**
 * The two forms of a step's formula every solution shows: in symbols, and with numbers
 * substituted (givens as written in the exercise, computed values at the display precision).
 */
export function formulaParts(step: Step, plan: Plan, exercise: Exercise, values: ReadonlyMap<string, Dec>, style: Style, symbolOf: (id: string) => string) {
  const givenText = givenTextOf(plan);
  const symbolic = printExpr(step.expr, style, symbolOf);
  const substituted = printExpr(step.expr, style, (id) => {
    const g = givenText.get(id);
    if (g !== undefined && !values.has(id)) return g;
    const v = values.get(id);
    if (g !== undefined && v && v.eq(g)) return g;
    return v ? showValue(v, exercise.display) : symbolOf(id);
  });
  const value = values.get(step.id);
  // A step that only names another value (dz_F/dw5 = y_C) needs no substituted form.
  return { symbolic, substituted: step.expr.op === 'ref' ? symbolic : substituted, shown: value ? showValue(value, exercise.display) : '?' };
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
export function equationParts(step: Step, plan: Plan, exercise: Exercise, values: ReadonlyMap<string, Dec>, style: Style, symbolOf: (id: string) => string): string[] {
  const { symbolic, substituted, shown } = formulaParts(step, plan, exercise, values, style, symbolOf);
  const parts = /^-?\d+(\.\d+)?$/.test(symbolic) ? [] : [symbolic];
  if (parts.length && substituted !== symbolic && substituted !== shown) parts.push(substituted);
  parts.push(shown);
  return parts;
}
