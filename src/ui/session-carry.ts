/**
 * Saved answers carried across an edit of the exercise file. Each answer is saved with its
 * step's value as the exercise showed it then (rounded to the exercise's precision, the value a
 * learner types); after an edit, an answer is kept when its step is still asked and that value
 * is unchanged, so a new title, hint or typo fix costs nothing, and a changed number costs only
 * the steps it changes. Answers saved without that value (by backstep before it was kept) are
 * redone: nothing says what they were answers to.
 */
import { showValue } from '../render/format-number.js';
import type { ProgressRecord, StepRecord } from '../store/record.js';
import type { Practice } from './practice-plan.js';
import type { SessionMeta } from './session-record.js';

/** Each step's value as shown, computed once per practice (a save happens on every answer). */
const shownCache = new WeakMap<Practice, Map<string, string | undefined>>();

function shownOf(practice: Practice, id: string): string | undefined {
  let cache = shownCache.get(practice);
  if (!cache) shownCache.set(practice, (cache = new Map<string, string | undefined>()));
  if (!cache.has(id)) {
    const v = practice.exact.get(id);
    cache.set(id, v?.isFinite() ? showValue(v, practice.exercise.display) : undefined);
  }
  return cache.get(id);
}

/** The record as it is saved: each answered step with its value as shown (`expected`). */
export function withExpected(record: ProgressRecord, practice: Practice): ProgressRecord {
  let steps: Record<string, StepRecord> | undefined;
  for (const [id, step] of Object.entries(record.steps)) {
    if (step.expected !== undefined || (step.outcome ?? step.previous) === undefined) continue;
    const expected = shownOf(practice, id);
    if (expected === undefined) continue;
    steps ??= { ...record.steps };
    steps[id] = { ...step, expected };
  }
  return steps ? { ...record, steps } : record;
}

export interface Carried {
  /** The saved progress made a first round of the exercise as it is now. */
  readonly record: ProgressRecord;
  /** Answered steps kept, in the order asked. */
  readonly kept: readonly string[];
  /** Answered steps still asked whose value changed (or is unknown): to do again. */
  readonly redo: readonly string[];
}

/**
 * Saved progress of an earlier version of the exercise file, fitted to this one. A round of
 * redoing missed steps counts its steps' first outcomes: the carried record is a first round.
 */
export function carryRecord(practice: Practice, meta: SessionMeta, saved: ProgressRecord): Carried {
  const kept: string[] = [];
  const redo: string[] = [];
  const steps: Record<string, StepRecord> = {};
  for (const s of practice.asked) {
    const step = Object.prototype.hasOwnProperty.call(saved.steps, s.id) ? saved.steps[s.id] : undefined;
    const outcome = step?.outcome ?? step?.previous;
    if (!step || outcome === undefined) continue;
    if (step.expected !== undefined && step.expected === shownOf(practice, s.id)) {
      const { previous: _previous, ...rest } = step;
      steps[s.id] = { ...rest, outcome };
      kept.push(s.id);
    } else redo.push(s.id);
  }
  const record: ProgressRecord = {
    ...saved,
    title: practice.exercise.title,
    file: meta.file,
    hash: meta.hash,
    round: 1,
    queue: practice.asked.map((s) => s.id),
    steps,
  };
  delete (record as { finishedAt?: string }).finishedAt;
  delete (record as { firstPass?: unknown }).firstPass;
  return { record, kept, redo };
}

/** "The exercise changed since your last session: 12 answers kept, 3 to redo (z_C, y_C, E)." */
export function carriedNote(c: Carried): string {
  const n = c.redo.length;
  const listed = c.redo.slice(0, 8).join(', ') + (n > 8 ? `, and ${n - 8} more` : '');
  const redo = n === 0 ? 'none to redo' : `${n} to redo (${listed})`;
  const kept = `${c.kept.length} answer${c.kept.length === 1 ? '' : 's'} kept`;
  return `The exercise changed since your last session: ${kept}, ${redo}.`;
}
