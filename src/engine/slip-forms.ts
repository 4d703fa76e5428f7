/**
 * The classification and optimiser steps as people get them wrong, built from the parts the
 * compiler declares on a step (`Step.form`, plan.ts): one home for these mistaken formulas, used
 * by the walkthrough's diagnosis (check/catalogue) and by verify's slip detectors
 * (verify/slips). Each is an expression over the same references as the step's own formula.
 */
import { add, div, mapRefs, mul, num, ref, refsOf, sub, unary } from './expr.js';
import type { Expr } from './expr.js';
import type { Role, Step } from './plan.js';

export type FormSlipCode =
  | 'jacobian-cross-terms-dropped'
  | 'slope-counted-twice'
  | 'target-minus-output'
  | 'log-base-10'
  | 'loss-sign-dropped'
  | 'no-bias-correction'
  | 'epsilon-inside-root';

export interface FormSlip {
  readonly code: FormSlipCode;
  readonly expr: Expr;
}

/** How a slip finds the steps the formula refers to. */
export interface StepLookup {
  roleOf(id: string): Role | undefined;
  stepOf(id: string): Step | undefined;
}

export function formSlips(step: Step, plan: StepLookup): FormSlip[] {
  const out: FormSlip[] = [];
  const e = step.expr;
  const f = step.form;
  if (step.role === 'delta') {
    // Through a softmax, only the diagonal of the Jacobian kept: the cross terms as 0.
    const cross = refsOf(e).filter((id) => plan.roleOf(id) === 'jacobian-cross');
    if (cross.length > 0)
      out.push({
        code: 'jacobian-cross-terms-dropped',
        expr: mapRefs(e, (id) => (cross.includes(id) ? num('0') : ref(id))),
      });
    if (f?.combined) {
      const y = ref(f.combined.output);
      const t = ref(f.combined.target);
      // y - t with the activation's slope y (1 - y) multiplied on top, and t - y for y - t.
      out.push({ code: 'slope-counted-twice', expr: mul(e, y, sub(num('1'), y)) });
      out.push({ code: 'target-minus-output', expr: sub(t, y) });
    }
  }
  // log10 = ln / ln 10, and the cross-entropy and its derivative are linear in the logs.
  if (f?.naturalLog) out.push({ code: 'log-base-10', expr: div(e, unary('ln', num('10'))) });
  if (f?.negated) out.push({ code: 'loss-sign-dropped', expr: f.negated });
  if (f?.corrected) out.push({ code: 'no-bias-correction', expr: f.corrected.raw });
  if (f?.adaptive) {
    const a = f.adaptive;
    const rawOf = (id: string) =>
      plan.roleOf(id) === 'corrected-moment' ? plan.stepOf(id)?.form?.corrected?.raw : undefined;
    if (refsOf(e).some((id) => rawOf(id) !== undefined))
      out.push({ code: 'no-bias-correction', expr: mapRefs(e, (id) => rawOf(id) ?? ref(id)) });
    out.push({
      code: 'epsilon-inside-root',
      expr: sub(a.from, div(mul(a.rate, a.numerator), unary('sqrt', add(a.second, a.epsilon)))),
    });
  }
  return out;
}
