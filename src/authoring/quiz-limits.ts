/**
 * What an LMS can hold: the numbers of a question, and the size of a whole export.
 *
 * Moodle reads an answer and its tolerance as PHP floats, Canvas as Ruby floats: IEEE doubles.
 * Past 1.8e308 a double is INF, below 2.2e-308 it loses digits and below 4.9e-324 it is 0, so
 * a value near 1e-999000 with tolerance 5e-999003 becomes 0 +- 0. A question is exported only
 * when its numbers keep their meaning as doubles: every nonzero one between 1e-300 and 1e300,
 * and a tolerance of at least 1e-13 of the value (a double's rounding, 1.1e-16 of the value,
 * then moves the accepted ends by under a thousandth of the tolerance).
 *
 * The size of an export grows with the questions and the values each states (its `Uses:`, no
 * more), so it is estimated from the plan before anything is evaluated, and bounded like the
 * work of a run (exercise/work.ts): each variant costs about what solving its pass does.
 */
import { refsOf } from '../engine/expr.js';
import type { Display, Exercise } from '../engine/model.js';
import { decimalAt } from '../engine/numbers.js';
import type { Dec } from '../engine/numbers.js';
import type { Plan } from '../engine/plan.js';
import { sizeShare } from '../exercise/work.js';
import type { QuizAnswer } from '../render/quiz.js';
import { shownSteps } from '../render/solution.js';
import { askedOrEvery } from './asked.js';

const X = decimalAt(50);
const SMALLEST = new X('1e-300');
const LARGEST = new X('1e300');
const RELATIVE = new X('1e-13');

function fits(v: Dec): boolean {
  const a = v.abs();
  return a.isZero() || (a.gte(SMALLEST) && a.lte(LARGEST));
}

/**
 * Whether a value can become a question at all, before its answers are written: a value near
 * 1e-999000 shown to 3 significant figures would need a tolerance with a million decimals.
 */
export function valueFitsDouble(v: Dec, display: Display): boolean {
  if (display.kind === 'significant') return fits(v);
  return v.abs().lte(LARGEST);
}

/** Whether an answer's value and tolerance keep their meaning as doubles. */
export function doubleSafe(a: QuizAnswer): boolean {
  const v = new X(a.value);
  const t = new X(a.tolerance);
  return fits(v) && fits(t) && t.gte(v.abs().times(RELATIVE));
}

/**
 * Bytes of one question besides the values it states: its name, pass, sentence, formula,
 * answers and markup (measured: 1,000 to 1,400 bytes in Moodle XML, the title counted apart).
 */
const QUESTION_BYTES = 1500;
/** Bytes of one stated value besides its symbol: " = ", the value, markup (measured: 20 to 40). */
const USE_BYTES = 48;

/**
 * The cap on one export's text (all variants together). A 64-64-64 network with every step
 * asked writes about 60 MB; 200 MB is a file an LMS upload form still takes in one piece.
 */
export const MAX_EXPORT_BYTES = 200_000_000;

export interface ExportEstimate {
  readonly questions: number;
  readonly bytes: number;
  /** One variant's share of the size limits of a pass (exercise/work.ts): variants x share <= 1. */
  readonly share: number;
}

/**
 * An upper bound on one variant's export, from the plan alone: a question per asked step, its
 * stated values from its formula's references; its share covers every step of the pass, asked
 * or not (each is evaluated). Multiply the bytes and the share by the variants.
 */
export function exportEstimate(exercise: Exercise, plan: Plan): ExportEstimate {
  let bytes = 0;
  const steps = shownSteps(plan);
  const { asked } = askedOrEvery(exercise, steps);
  const title = exercise.title.length;
  for (const s of asked) {
    const refs = refsOf(s.expr);
    bytes += QUESTION_BYTES + title + refs.reduce((n, id) => n + USE_BYTES + id.length, 0);
  }
  // Building the questions costs what solving the pass does: the same evaluation, one formula
  // per question again, and text of the same order; so each variant takes a pass's share.
  return { questions: asked.length, bytes, share: sizeShare(plan) };
}
