/**
 * The judging brain of the walkthrough: read a learner's answer, judge it against the step's
 * value (exact, and as it follows from the learner's own earlier answers), and name the usual
 * mistake when a wrong answer matches one. Pure: no I/O.
 */
import type { Dec } from '../engine/numbers.js';
import type { Exercise } from '../engine/model.js';
import type { Plan } from '../engine/plan.js';

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
  | 'bias-updated-wrongly';
export interface Mistake {
  code: MistakeCode;
  message: string;
  value: Dec;
}
export type AnswerParse = { ok: true; value: Dec; text: string; decimals: number | undefined; significant: number } | { ok: false; message: string; start: number; end: number };
export interface Assessment {
  kind: 'unreadable' | 'right' | 'right-follow-through' | 'imprecise' | 'wrong';
  message: string;
  value?: Dec;
  exact: Dec;
  expected: Dec;
  interval: [Dec, Dec];
  mistake?: Mistake;
  costsAttempt: boolean;
}
export interface Context {
  exercise: Exercise;
  plan: Plan;
  exact: ReadonlyMap<string, Dec>;
  accepted: ReadonlyMap<string, Dec>;
}

export function parseAnswer(text: string, ctx: Context, stepId: string): AnswerParse {
  void text;
  void ctx;
  void stepId;
  throw new Error('not implemented yet');
}
export function assess(ctx: Context, stepId: string, text: string): Assessment {
  void ctx;
  void stepId;
  void text;
  throw new Error('not implemented yet');
}
export function mistakeValues(ctx: Context, stepId: string): Mistake[] {
  void ctx;
  void stepId;
  return [];
}
export function hints(ctx: Context, stepId: string): [string, string] {
  void ctx;
  void stepId;
  return ['', ''];
}
export function acceptedInterval(expected: Dec, display: Exercise['display']): [Dec, Dec] {
  return [expected, expected];
}
