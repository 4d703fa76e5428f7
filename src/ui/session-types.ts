import type { Dec } from '../engine/numbers.js';
import type { Outcome, ProgressRecord } from '../store/record.js';
import type { SaveResult } from '../store/progress.js';
import type { Practice } from './practice-plan.js';
import type { SessionMeta } from './session-record.js';

/** The walkthrough's state and events (the reducer is session.ts). */
/** values and keys are pages shown over the question (the terminal only). */
export type Mode = 'launch' | 'asking' | 'review' | 'summary' | 'values' | 'keys';

export type Offer =
  | {
      readonly kind: 'resume';
      readonly done: number;
      readonly total: number;
      readonly savedAt: string;
      /** What an edit of the exercise file kept of the saved answers (session-carry.ts). */
      readonly changed?: string;
    }
  | { readonly kind: 'finished'; readonly missed: number; readonly finishedAt: string }
  | { readonly kind: 'stale'; readonly savedAt: string };

export type Tone = 'right' | 'follow' | 'wrong' | 'warn' | 'hint' | 'reveal' | 'info' | 'error';

export interface Feedback {
  readonly key: number;
  readonly tone: Tone;
  readonly text: string;
  /** How many times in a row the same message came (shown as ×n rather than repeated). */
  readonly count?: number;
}

/** Lines that scroll away above the live region (written once: run-interactive.ts), oldest first. */
export type Entry =
  | { readonly key: number; readonly kind: 'heading'; readonly text: string }
  | {
      readonly key: number;
      readonly kind: 'step';
      readonly id: string;
      readonly symbol: string;
      readonly shown: string;
      readonly outcome: Outcome;
      readonly detail: string;
    }
  | { readonly key: number; readonly kind: 'note'; readonly tone: Tone; readonly text: string };

export interface SessionState {
  readonly practice: Practice;
  readonly meta: SessionMeta;
  readonly record: ProgressRecord;
  readonly accepted: ReadonlyMap<string, Dec>;
  readonly mode: Mode;
  readonly offer?: Offer;
  /** The saved record behind an offer, until the learner chooses. */
  readonly saved?: ProgressRecord;
  readonly input: string;
  /** Messages about the current step (cleared when the next step comes). */
  readonly feedback: readonly Feedback[];
  readonly transcript: readonly Entry[];
  /** Index into doneSteps() while reviewing. */
  readonly review: number;
  /** The page of the known values shown (mode values). */
  readonly page?: number;
  /** When the last timed event happened (for the time taken). */
  readonly lastAt: number;
  readonly keys: number;
  /** Bumped whenever the record changed and should be written. */
  readonly dirty: number;
  readonly saveError?: string;
  readonly exit?: 'quit' | 'interrupt';
}

export type Event =
  | { readonly type: 'type'; readonly text: string; readonly at: number }
  | { readonly type: 'backspace' }
  | { readonly type: 'clear-input' }
  | { readonly type: 'submit'; readonly text: string; readonly at: number }
  | { readonly type: 'hint'; readonly at: number }
  | { readonly type: 'reveal'; readonly at: number }
  | { readonly type: 'interval'; readonly at: number }
  | { readonly type: 'help' }
  | { readonly type: 'values-open' }
  | { readonly type: 'keys-open' }
  | { readonly type: 'page'; readonly by: number }
  | { readonly type: 'overlay-close' }
  | { readonly type: 'review-open' }
  | { readonly type: 'review-move'; readonly by: number }
  | { readonly type: 'review-close' }
  | { readonly type: 'resume'; readonly at: number }
  | { readonly type: 'restart'; readonly at: number }
  | { readonly type: 'redo-missed'; readonly at: number }
  | { readonly type: 'quit'; readonly at: number }
  | { readonly type: 'interrupt'; readonly at: number }
  | { readonly type: 'saved'; readonly result: SaveResult };

/** Gaps longer than this between actions count as this much (a learner who left for lunch). */
export const IDLE_CAP_MS = 5 * 60_000;
export const MAX_INPUT = 200;

export interface StartOptions {
  /** Plain mode: no questions asked; resume unfinished work, start finished or stale work again. */
  readonly auto?: boolean;
  /** Start over whatever was saved. */
  readonly restart?: boolean;
}
