/**
 * Steps as people get them wrong, built from the parts the compiler declares on a step
 * (`Step.form`, plan.ts): one home for these mistaken formulas and their names, used by the
 * walkthrough's diagnosis (check/catalogue-rules) and by verify's slip detectors (verify/slips,
 * verify/method-slips). Each is an expression over the same references as the step's own formula
 * (an updated weight is a reference to the step that computes it).
 */
import { add, div, mapRefs, mul, num, ref, refsOf, sub, unary } from './expr.js';
import type { Expr } from './expr.js';
import type { LayerSlipCode, Role, Step } from './plan.js';
import type { Solved } from './solved.js';

export type FormSlipCode =
  | 'jacobian-cross-terms-dropped'
  | 'slope-counted-twice'
  | 'target-minus-output'
  | 'log-base-10'
  | 'loss-sign-dropped'
  | 'no-bias-correction'
  | 'epsilon-inside-root'
  | 'updated-weight-in-backward'
  | 'mean-dropped'
  | 'mean-taken'
  | LayerSlipCode
  | 'sigmoid-for-softmax'
  | 'target-dropped'
  | 'weight-for-input'
  | 'one-path-only'
  | 'one-example-only';

/** What each mistake is called in a report (verify) and in the docs. */
export const SLIP_NAMES: Record<FormSlipCode, string> = {
  'jacobian-cross-terms-dropped': "the softmax Jacobian's cross terms left out (diagonal only)",
  'slope-counted-twice': "the activation's slope applied on top of y - t (y - t is already dE/dz)",
  'target-minus-output': 't - y written for y - t',
  'log-base-10': 'a base-10 logarithm where the error uses ln',
  'loss-sign-dropped': 'the minus sign of the cross-entropy dropped',
  'no-bias-correction': "Adam's moments without bias correction",
  'epsilon-inside-root': 'epsilon inside the square root instead of after it',
  'updated-weight-in-backward': 'the backward pass through the weights already updated',
  'mean-dropped': 'a sum where the formula takes the mean',
  'mean-taken': 'a mean where the formula takes the sum',
  // The layer kinds' slips, declared by their compilers (engine/layers/) on the step.
  'kernel-flipped': 'the kernel turned the other way (convolution for cross-correlation, or the reverse)',
  'stride-off-by-one': 'the windows placed with a stride off by one',
  'padding-off-by-one': 'the windows placed with a padding off by one',
  'pool-gradient-spread': "max pooling's gradient given to every cell of the window, not only its largest",
  'norm-stat-paths-dropped': 'the batch-norm backward without the paths through the mean and the variance',
  'recurrent-path-dropped': 'BPTT without the path through the next hidden state',
  'attention-scale-dropped': 'attention without the 1/sqrt(d) scale',
  'softmax-wrong-axis':
    'the attention softmax taken down a column (over the queries), not along the row (over the keys)',
  'sigmoid-for-softmax': 'a sigmoid of the own weighted input where the output is a softmax',
  'target-dropped': 'y written for y - t (the target left out)',
  'weight-for-input': 'the weight where the derivative takes the input it multiplies',
  'one-path-only': 'one path alone where the sum runs over every path to the error',
  'one-example-only': "one example's value where the formula takes the batch's mean",
};

export interface FormSlip {
  readonly code: FormSlipCode;
  readonly expr: Expr;
}

/** How a slip finds the steps the formula refers to. */
export interface StepLookup {
  roleOf(id: string): Role | undefined;
  stepOf(id: string): Step | undefined;
  /**
   * For a weight as iteration k's backward pass reads it (w5, or w5@k): the id of its value
   * after iteration k's update (w5@(k+1)), when the plan computes one.
   */
  updated(id: string, iteration: number): string | undefined;
  /** A weight's value as iteration k reads it (w5, or w5@k), when the plan has it. */
  current(weight: string, iteration: number): string | undefined;
  /** The number of examples a batch cost or gradient sums or averages over (1: no batch). */
  readonly batchSize: number;
}

const BATCH_ROLES: readonly Role[] = ['cost', 'batch-gradient'];

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
  // A hidden dE/dy, or a textbook hidden delta (y (1 - y) sum_k delta_k w_jk), reads weights.
  if (step.role === 'dE/dy-hidden' || step.role === 'delta') {
    // The weights read after their update instead of before it.
    const weights = refsOf(e).filter((id) => plan.updated(id, step.iteration) !== undefined);
    if (weights.length > 0)
      out.push({
        code: 'updated-weight-in-backward',
        expr: mapRefs(e, (id) => ref(plan.updated(id, step.iteration) ?? id)),
      });
  }
  // The 1/N of a batch mean (or the delta rule's 1/n) left out; a sum divided by N.
  if (f?.scaled && (BATCH_ROLES.includes(step.role) || step.role === 'change'))
    out.push({ code: 'mean-dropped', expr: f.scaled.unscaled });
  else if (!f?.scaled && BATCH_ROLES.includes(step.role) && plan.batchSize > 1)
    out.push({ code: 'mean-taken', expr: div(e, num(String(plan.batchSize))) });
  if (f?.layerSlips) out.push(...f.layerSlips);
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

/**
 * Slips a new learner makes in a classifier and a batch (issue 20), for the walkthrough's
 * diagnosis. Not among formSlips, which verify also reads: a printed book's value is explained
 * by its method first (a batch summed, with one example's error 0, is not "one example"). Where
 * two give the same value the catalogue's order names the more specific one: with two paths, one
 * path alone is the other left out (path-left-out, so one-path-only needs three); with a target
 * of 0, y is y - t and is no mistake at all (the judge leaves out mistakes that give the right
 * value).
 */
export function learnerSlips(step: Step, plan: StepLookup): FormSlip[] {
  const out: FormSlip[] = [];
  const e = step.expr;
  const f = step.form;
  // A softmax output (its formula reads the weighted inputs of the whole layer) as a sigmoid of
  // its own weighted input alone.
  if (step.role === 'activation') {
    const zs = refsOf(e).filter((id) => plan.roleOf(id) === 'preactivation');
    const own = zs.find((id) => plan.stepOf(id)?.neuron === step.neuron);
    if (zs.length > 1 && own) out.push({ code: 'sigmoid-for-softmax', expr: unary('sigmoid', ref(own)) });
  }
  if (step.role === 'delta' && f?.combined)
    out.push({ code: 'target-dropped', expr: ref(f.combined.output) });
  // dz/dw is the input the weight multiplies; the weight itself read for it.
  const weight = step.param === undefined ? undefined : plan.current(step.param, step.iteration);
  if (weight !== undefined) {
    if (step.role === 'dz/dw') out.push({ code: 'weight-for-input', expr: ref(weight) });
    const local = refsOf(e).find((id) => plan.roleOf(id) === 'dz/dw');
    if (step.role === 'dE/dw' && local)
      out.push({ code: 'weight-for-input', expr: mapRefs(e, (id) => ref(id === local ? weight : id)) });
  }
  if ((f?.paths?.length ?? 0) > 2)
    for (const term of f!.paths!) out.push({ code: 'one-path-only', expr: term });
  // One example's term of a batch mean (its 1/N and the other examples left out).
  const sum = f?.scaled?.unscaled;
  if (sum && BATCH_ROLES.includes(step.role) && sum.op === 'add')
    for (const term of sum.args) out.push({ code: 'one-example-only', expr: term });
  return out;
}

/** The lookup of a solved exercise: steps by id, weights and their updates, the batch's size. */
export function stepLookup(solved: Solved): StepLookup {
  const { index, network } = solved;
  const weightBase = (id: string): string | undefined => {
    const located = index.locate(id)?.step;
    const base =
      index.given(id)?.kind === 'weight' ? id : located?.role === 'new-param' ? located.base : undefined;
    return base !== undefined && network?.weight.has(base) ? base : undefined;
  };
  return {
    roleOf: (id) => index.locate(id)?.step.role,
    stepOf: (id) => index.locate(id)?.step,
    updated(id, iteration) {
      const base = weightBase(id);
      const after = base === undefined ? undefined : `${base}@${iteration + 1}`;
      return after !== undefined && index.locate(after) ? after : undefined;
    },
    current(weight, iteration) {
      if (!network?.weight.has(weight)) return undefined;
      const id = iteration === 1 ? weight : `${weight}@${iteration}`;
      return index.given(id) || index.locate(id) ? id : undefined;
    },
    batchSize: network?.spec.loss ? network.spec.examples.length : 1,
  };
}
