/**
 * The progress record as the session keeps it: pure helpers to start one, read one back for a
 * resume (keeping only what still fits the exercise), and score it.
 */
import type { Dec } from '../engine/numbers.js';
import { decimalAt } from '../engine/numbers.js';
import { PROGRESS_FORMAT, PROGRESS_VERSION } from '../store/record.js';
import type { Outcome, PassScore, ProgressRecord, StepRecord } from '../store/record.js';
import type { Practice } from './practice-plan.js';

export interface SessionMeta {
  /** sha256 of the exercise file's text. */
  readonly hash: string;
  /** The exercise as the learner named it (id or path), for messages. */
  readonly file: string;
  /** The variant seed, when practising a variant (`--variant`). */
  readonly variant?: string;
  /** Which file, for the progress key: `bundled:<id>` or the canonical path. */
  readonly identity?: string;
  /** Nothing is written (`--no-save`). */
  readonly unsaved?: true;
  /** `--watch`: when the file was last read ("12:04:31"), shown in the header at any size. */
  readonly watchedAt?: string;
}

export const EMPTY_STEP: StepRecord = { tries: 0, hints: 0, mistakes: [] };

export function freshRecord(practice: Practice, meta: SessionMeta, at: number): ProgressRecord {
  const t = new Date(at).toISOString();
  return {
    format: PROGRESS_FORMAT,
    version: PROGRESS_VERSION,
    exercise: practice.exercise.id,
    title: practice.exercise.title,
    file: meta.file,
    ...(meta.identity === undefined ? {} : { identity: meta.identity }),
    ...(meta.variant === undefined ? {} : { variant: meta.variant }),
    hash: meta.hash,
    startedAt: t,
    updatedAt: t,
    activeMs: 0,
    round: 1,
    queue: practice.asked.map((s) => s.id),
    steps: {},
  };
}

/**
 * A saved record made to fit the exercise as it is now: steps the plan no longer has are
 * dropped (a newer backstep may name steps differently). Undefined when nothing usable is left.
 */
export function fitRecord(practice: Practice, record: ProgressRecord): ProgressRecord | undefined {
  const queue = record.queue.filter((id) => practice.byId.has(id));
  if (queue.length === 0) return undefined;
  const steps = Object.fromEntries(Object.entries(record.steps).filter(([id]) => practice.byId.has(id)));
  return { ...record, queue, steps };
}

export function stepOf(record: ProgressRecord, id: string): StepRecord {
  return Object.prototype.hasOwnProperty.call(record.steps, id) ? record.steps[id]! : EMPTY_STEP;
}

export function withStep(record: ProgressRecord, id: string, step: StepRecord): ProgressRecord {
  return { ...record, steps: { ...record.steps, [id]: step } };
}

/**
 * The values the learner works with, for follow-through: every done step's accepted value, and
 * for the steps not asked the value shown to them.
 */
export function acceptedValues(practice: Practice, record: ProgressRecord): Map<string, Dec> {
  const D = decimalAt(practice.exercise.working);
  const out = new Map<string, Dec>(practice.shown);
  for (const [id, s] of Object.entries(record.steps))
    if (s.outcome !== undefined && s.value !== undefined && practice.byId.has(id))
      out.set(id, new D(s.value));
  return out;
}

export function doneCount(record: ProgressRecord): number {
  return record.queue.filter((id) => stepOf(record, id).outcome !== undefined).length;
}

export function currentId(record: ProgressRecord): string | undefined {
  return record.queue.find((id) => stepOf(record, id).outcome === undefined);
}

export function outcomeOf(step: StepRecord, via: 'right' | 'follow-through' | 'revealed'): Outcome {
  if (via === 'revealed') return 'revealed';
  if (step.tries > 0 || step.hints > 0 || step.interval === true) return 'after-hints';
  return via === 'follow-through' ? 'follow-through' : 'first-try';
}

export function scoreOf(record: ProgressRecord, ids: readonly string[] = record.queue): PassScore {
  const n = (o: Outcome) => ids.filter((id) => stepOf(record, id).outcome === o).length;
  return {
    total: ids.length,
    firstTry: n('first-try'),
    followThrough: n('follow-through'),
    afterHints: n('after-hints'),
    revealed: n('revealed'),
  };
}

/** Right without help: first try, or right with the learner's own earlier values. */
export function points(s: PassScore): number {
  return s.firstTry + s.followThrough;
}

/** Steps worth another go: revealed, or right only after hints or wrong tries. */
export function missedIds(record: ProgressRecord): string[] {
  return record.queue.filter((id) => {
    const o = stepOf(record, id).outcome;
    return o === 'revealed' || o === 'after-hints';
  });
}

export function isFinished(record: ProgressRecord): boolean {
  return currentId(record) === undefined;
}
