/**
 * What is kept of one exercise's practice: per asked step, how it went (the learner's accepted
 * answer and value, wrong tries, hints, the mistakes diagnosed), and where the learner is.
 * Values are decimal text, as everywhere else. The file carries the exercise id and a sha256
 * of the exercise file's text, and each answer the step's value as the exercise showed it: after
 * an edit, only the answers whose step kept its value are reused (ui/session-carry.ts).
 */
import { z } from 'zod';
import { isDecimalText } from '../exercise/decimal-text.js';

export const PROGRESS_FORMAT = 'backstep-progress';
export const PROGRESS_VERSION = 1;

/** How an asked step was finally answered. */
export type Outcome = 'first-try' | 'follow-through' | 'after-hints' | 'revealed';
export const OUTCOMES: readonly Outcome[] = ['first-try', 'after-hints', 'revealed', 'follow-through'];

export interface MistakeSeen {
  readonly code: string;
  readonly message: string;
}

export interface StepRecord {
  /** Set once the step is done in the current round. */
  readonly outcome?: Outcome;
  /** The text the learner typed when the answer was accepted (absent when revealed). */
  readonly answer?: string;
  /** The value carried forward for follow-through: the learner's, or the revealed one. */
  readonly value?: string;
  /** Answers judged wrong (unreadable and imprecise ones do not count). */
  readonly tries: number;
  /** Hints shown: 0, 1 (the formula) or 2 (the numbers substituted). */
  readonly hints: number;
  /** The accepted interval was shown (it gives the answer away, so it counts like a hint). */
  readonly interval?: boolean;
  readonly mistakes: readonly MistakeSeen[];
  /** The outcome of an earlier round, when the step is being redone. */
  readonly previous?: Outcome;
  /**
   * The step's value as the exercise shows it (rounded to its precision) when the answer was
   * saved: after an edit of the exercise file, the answer is kept when this is unchanged.
   */
  readonly expected?: string;
}

export interface PassScore {
  readonly total: number;
  readonly firstTry: number;
  readonly followThrough: number;
  readonly afterHints: number;
  readonly revealed: number;
}

export interface ProgressRecord {
  readonly format: typeof PROGRESS_FORMAT;
  readonly version: typeof PROGRESS_VERSION;
  readonly exercise: string;
  readonly title: string;
  readonly file: string;
  /** Which file: `bundled:<id>`, or its canonical path (absent in records of backstep 0.1). */
  readonly identity?: string;
  /** The variant seed, when the record is of a variant. */
  readonly variant?: string;
  readonly hash: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
  /** Time spent answering, in milliseconds (long pauses are not counted). */
  readonly activeMs: number;
  /** 1 for the first pass; each redo of the missed steps is one more round. */
  readonly round: number;
  /** The steps asked in this round, in order. */
  readonly queue: readonly string[];
  readonly steps: Readonly<Record<string, StepRecord>>;
  /** The first pass's score, kept when later rounds redo missed steps. */
  readonly firstPass?: PassScore;
}

const decimalText = z.string().refine(isDecimalText, { message: 'not a decimal number' });
const outcome = z.enum(['first-try', 'follow-through', 'after-hints', 'revealed']);
const count = z.number().int().min(0).max(1_000_000);
const stepRecord = z.object({
  outcome: outcome.optional(),
  answer: z.string().max(2000).optional(),
  value: decimalText.optional(),
  tries: count,
  hints: z.number().int().min(0).max(2),
  interval: z.boolean().optional(),
  mistakes: z.array(z.object({ code: z.string().max(80), message: z.string().max(2000) })).max(10_000),
  previous: outcome.optional(),
  expected: z.string().max(2000).optional(),
});
const passScore = z.object({
  total: count,
  firstTry: count,
  followThrough: count,
  afterHints: count,
  revealed: count,
});
const isoTime = z.string().max(40);

const recordSchema = z.object({
  format: z.literal(PROGRESS_FORMAT),
  version: z.literal(PROGRESS_VERSION),
  exercise: z.string().min(1).max(200),
  title: z.string().max(400),
  file: z.string().max(4000),
  identity: z.string().max(4000).optional(),
  variant: z.string().max(200).optional(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  startedAt: isoTime,
  updatedAt: isoTime,
  finishedAt: isoTime.optional(),
  activeMs: z.number().min(0).max(1e13),
  round: z.number().int().min(1).max(1_000_000),
  queue: z.array(z.string().max(200)).max(1_000_000),
  steps: z.record(z.string().max(200), stepRecord),
  firstPass: passScore.optional(),
});

/**
 * The record in a file's text, what is wrong with it (one line), or the version of a newer
 * backstep that wrote it (not damage: that backstep can read it, this one must leave it alone).
 */
export function parseRecord(
  text: string,
): { record: ProgressRecord } | { problem: string } | { newer: number } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { problem: `not valid JSON (${(e as Error).message})` };
  }
  const head = data as { format?: unknown; version?: unknown } | null;
  if (
    head &&
    typeof head === 'object' &&
    head.format === PROGRESS_FORMAT &&
    typeof head.version === 'number' &&
    head.version > PROGRESS_VERSION
  )
    return { newer: head.version };
  const parsed = recordSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      problem: issue
        ? `unexpected content at ${issue.path.join('.') || 'the top'}: ${issue.message}`
        : 'unexpected content',
    };
  }
  return { record: stripUndefined(parsed.data) as ProgressRecord };
}

/**
 * What this session saves when another session saved the same exercise meanwhile: for each
 * step, the one that is done (ours when both are), else the one with more work in it. Records
 * of another exercise text or another round are not merged: ours replaces them, as before.
 */
export function mergeRecords(mine: ProgressRecord, disk: ProgressRecord): ProgressRecord {
  if (disk.hash !== mine.hash || disk.exercise !== mine.exercise || disk.round !== mine.round) return mine;
  const steps: Record<string, StepRecord> = { ...mine.steps };
  for (const [id, theirs] of Object.entries(disk.steps)) {
    const ours = Object.prototype.hasOwnProperty.call(mine.steps, id) ? mine.steps[id] : undefined;
    if (
      !ours ||
      (!ours.outcome && (theirs.outcome || theirs.tries + theirs.hints > ours.tries + ours.hints))
    ) {
      Object.defineProperty(steps, id, {
        value: theirs,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return {
    ...mine,
    steps,
    activeMs: Math.max(mine.activeMs, disk.activeMs),
    startedAt: disk.startedAt < mine.startedAt ? disk.startedAt : mine.startedAt,
  };
}

export function serialiseRecord(r: ProgressRecord): string {
  return JSON.stringify(r, null, 1) + '\n';
}

// zod's output spells absent optional fields as `undefined` in places; exactOptionalPropertyTypes
// wants them absent.
function stripUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripUndefined);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, stripUndefined(x)]),
    );
  return v;
}
