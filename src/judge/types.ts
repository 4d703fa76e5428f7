/** The usual mistakes the walkthrough can name. Each is derived from the plan, never typed by authors. */
import type { Dec } from '../engine/numbers.js';
import type { LayerSlipCode } from '../engine/plan.js';
import type { Solved } from '../engine/solved.js';

export type MistakeCode =
  | 'sign-flipped'
  | 'difference-reversed'
  | 'activation-derivative-forgotten'
  | 'derivative-at-z'
  | 'updated-weight-in-backward'
  | 'rate-forgotten'
  | 'gradient-added'
  | 'half-dropped'
  | 'mean-dropped'
  | 'wrong-input'
  | 'wrong-weight'
  | 'path-left-out'
  | 'bias-updated-wrongly'
  | 'jacobian-cross-terms-dropped'
  | 'slope-counted-twice'
  | 'log-base-10'
  | 'loss-sign-dropped'
  | 'no-bias-correction'
  | 'epsilon-inside-root'
  // The layer kinds' slips, declared on their steps: one list, in engine/plan.ts.
  | LayerSlipCode
  | 'sigmoid-for-softmax'
  | 'target-dropped'
  | 'weight-for-input'
  | 'one-path-only'
  | 'one-example-only'
  | 'rounded-too-early';

export interface Mistake {
  code: MistakeCode;
  /** One sentence for the learner, naming the mistake without giving the answer away. */
  message: string;
  /** The value the mistake produces, with the learner's accepted earlier values. */
  value: Dec;
}

/**
 * A learner's answer, read. `decimals` and `significant` describe a typed plain number (how many
 * decimal places and significant digits it states); an expression has `decimals` undefined and
 * `significant` equal to the working precision, since it carries its full value.
 */
export type AnswerParse =
  | { ok: true; value: Dec; text: string; decimals: number | undefined; significant: number }
  | { ok: false; message: string; start: number; end: number };

export interface Assessment {
  kind: 'unreadable' | 'right' | 'right-follow-through' | 'imprecise' | 'wrong';
  /** What to tell the learner: one or two sentences. */
  message: string;
  /** The learner's value (absent when the input could not be read). */
  value?: Dec;
  /** The step's exact value, from the exercise's givens. */
  exact: Dec;
  /** The step's value computed from the learner's accepted earlier answers. */
  expected: Dec;
  /** Accepted values (closed interval) around `expected`. */
  interval: [Dec, Dec];
  mistake?: Mistake;
  /** False for unreadable input and for a right value given with too few digits. */
  costsAttempt: boolean;
}

/**
 * What judging needs: the solved exercise (its exact values and indexes), and `accepted` = step
 * id -> the value the learner now works with for every earlier step: their accepted answers, and
 * the values shown to them for steps they were not asked.
 */
export interface Context {
  readonly solved: Solved;
  readonly accepted: ReadonlyMap<string, Dec>;
}
