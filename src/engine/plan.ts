/**
 * A plan: the exercise compiled into the quantities a person writes down, in order.
 * Each step is an expression over given values and earlier steps.
 */
import type { Expr } from './expr.js';

export type Phase =
  'forward' | 'loss' | 'backward' | 'gradient' | 'update' | 'after' | 'graph' | 'local' | 'adjoint';

export const PHASE_TITLES: Record<Phase, string> = {
  forward: 'Forward pass',
  loss: 'Error',
  backward: 'Backward pass',
  gradient: 'Batch gradient',
  update: 'Update',
  after: 'Forward pass with the updated parameters',
  graph: 'Forward: the intermediate variables',
  local: 'Local partial derivatives',
  adjoint: 'Reverse mode: adjoints',
};

/** What a step is, for descriptions and mistake diagnosis. */
export type Role =
  | 'preactivation'
  | 'activation'
  | 'error'
  | 'cost'
  | 'dE/dy-output'
  | 'dE/dy-hidden'
  | 'dy/dz'
  | 'softmax-shift'
  | 'jacobian-cross'
  | 'delta'
  | 'dz/dw'
  | 'dE/dw'
  | 'dE/db'
  | 'batch-gradient'
  | 'regularised-gradient'
  | 'velocity'
  | 'first-moment'
  | 'second-moment'
  | 'corrected-moment'
  | 'residual'
  | 'change'
  | 'new-param'
  | 'node'
  | 'local-partial'
  | 'adjoint';

export interface Step {
  readonly id: string;
  /** The id without example and iteration suffixes. */
  readonly base: string;
  readonly symbol: string;
  readonly latex: string;
  readonly phase: Phase;
  readonly iteration: number;
  readonly example?: number;
  readonly expr: Expr;
  readonly role: Role;
  /** One line saying what the quantity is. */
  readonly describe: string;
  readonly neuron?: string;
  /** For gradients, changes and updates: the parameter concerned. */
  readonly param?: string;
  /** The parts of the formula the compiler declares (see StepForm). */
  readonly form?: StepForm;
  /**
   * A derivative of a function is undefined where the function is: the id of the step whose
   * value, when undefined, makes this one undefined too (a local partial and its node).
   */
  readonly undefinedWith?: string;
}

/**
 * The contract between the compilers and mistake diagnosis: the parts of a step's formula, named
 * by the compiler that builds it, so diagnosis rebuilds a mistaken formula from the parts and
 * never has to recognise the shape of an emitted expression.
 */
export interface StepForm {
  /** The formula is (1/n) times `unscaled`: the 1/2 of an error, the 1/N of a mean, the delta rule's 1/n. */
  readonly scaled?: { readonly n: number; readonly unscaled: Expr };
  /** A descent step, `from` minus `change` (a new parameter, a velocity). */
  readonly descent?: { readonly from: Expr; readonly change: Expr };
  /** A sum over the paths a value reaches the output by (hidden dE/dy, an adjoint): its terms. */
  readonly paths?: readonly Expr[];
  /**
   * The target-output differences the formula is written in (as first - second), which is the
   * only way it uses those outputs: an error, dE/dy of a squared error, a residual, y - t.
   */
  readonly differences?: ReadonlyArray<{ readonly first: string; readonly second: string }>;
  /** The formula is minus `inner` (a cross-entropy and its derivative). */
  readonly negated?: Expr;
  /** The formula takes natural logarithms (or is the derivative of one): base 10 divides it by ln 10. */
  readonly naturalLog?: true;
  /** The output delta written at once as y - t (softmax with cross-entropy, sigmoid with binary cross-entropy). */
  readonly combined?: { readonly output: string; readonly target: string };
  /** A bias-corrected moment: `raw` divided by 1 - beta^k. */
  readonly corrected?: { readonly raw: Expr };
  /** An adaptive step (Adam, RMSProp): from - rate numerator / (sqrt(second) + epsilon). */
  readonly adaptive?: {
    readonly from: Expr;
    readonly rate: Expr;
    readonly numerator: Expr;
    readonly second: Expr;
    readonly epsilon: Expr;
  };
  /** A layer kind's own mistaken formulas (engine/layers/): a kernel turned, a stride off by one. */
  readonly layerSlips?: ReadonlyArray<{ readonly code: LayerSlipCode; readonly expr: Expr }>;
}

/** The slips a layer kind declares on its steps (named in slip-forms.ts). */
export type LayerSlipCode =
  | 'kernel-flipped'
  | 'stride-off-by-one'
  | 'padding-off-by-one'
  | 'pool-gradient-spread'
  | 'norm-stat-paths-dropped'
  | 'recurrent-path-dropped'
  | 'attention-scale-dropped'
  | 'softmax-wrong-axis';

export type GivenKind = 'input' | 'target' | 'weight' | 'bias' | 'rate' | 'constant' | 'variable';

export interface Given {
  readonly id: string;
  readonly symbol: string;
  readonly latex: string;
  readonly value: string;
  readonly kind: GivenKind;
  readonly describe: string;
}

export interface Plan {
  readonly exerciseId: string;
  readonly givens: readonly Given[];
  /** Number of updates. */
  readonly iterations: number;
  readonly forwardAfter: boolean;
  /** Base ids of the values carried from one iteration to the next (parameters, velocities). */
  readonly carried: readonly string[];
  /** The id of the error (or cost) step of an iteration, when there is one. */
  readonly costBase?: string;
  /** Ids of the output activations (per example), for summaries. */
  readonly outputBases: readonly string[];
  /** Steps of iteration k (1-based); k = iterations + 1 is the forward pass after the last update. */
  iteration(k: number): readonly Step[];
  /** Steps per iteration, for deciding how much to show. */
  readonly stepsPerIteration: number;
  /**
   * After how many iterations the steps repeat but for their numbering: 1 for full-batch
   * training and graphs, the number of examples for online training (one example per update).
   */
  readonly period: number;
}

/** `base`, with `[n]` for an example of a batch and `@k` for iterations after the first. */
export function stepId(base: string, iteration: number, example?: number): string {
  return `${base}${example === undefined ? '' : `[${example}]`}${iteration > 1 ? `@${iteration}` : ''}`;
}

/** How many steps the whole plan has: every iteration, and the forward pass after the last update. */
export function totalSteps(plan: Plan): number {
  if (plan.iterations === 0) return plan.stepsPerIteration;
  return (
    plan.stepsPerIteration * plan.iterations +
    (plan.forwardAfter ? plan.iteration(plan.iterations + 1).length : 0)
  );
}

/** How many passes the plan has: every iteration and the forward pass after the last update, or one. */
export function passes(plan: Plan): number {
  return Math.max(1, plan.iterations + (plan.forwardAfter ? 1 : 0));
}

/** Every step of every iteration, and the after pass. For plans of a reasonable size. */
export function allSteps(plan: Plan): Step[] {
  const out: Step[] = [];
  const last = passes(plan);
  for (let k = 1; k <= last; k++) for (const s of plan.iteration(k)) out.push(s); // no spread: 100,000s of steps
  return out;
}
