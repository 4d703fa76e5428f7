import { acceptedInterval, assess, hints } from '../check/index.js';
import type { Context } from '../check/index.js';
import type { Dec } from '../engine/numbers.js';
import type { Outcome, ProgressRecord } from '../store/record.js';
import type { LoadResult, SaveResult } from '../store/progress.js';
import { showValue } from '../render/format-number.js';
import { COMMAND_HELP, parseCommand } from './commands.js';
import type { TypedCommand } from './commands.js';
import { expectedValue, intervalText, shownValue } from './values.js';
import { phaseTitle } from './practice-plan.js';
import type { Practice } from './practice-plan.js';
import { acceptedValues, currentId, doneCount, EMPTY_STEP, fitRecord, freshRecord, isFinished, missedIds, outcomeOf, scoreOf, stepOf, withStep } from './session-record.js';
import type { SessionMeta } from './session-record.js';

/**
 * The walkthrough as a pure reducer: (state, event) -> state. Every key press, answer, hint,
 * save result and exit request is an event; the Ink views and the plain line mode only render
 * the state and dispatch events, so everything here is tested without a terminal.
 * Judging, follow-through and diagnosis are src/check's; this decides what happens next.
 */
export type Mode = 'launch' | 'asking' | 'review' | 'summary';

export type Offer =
  | { readonly kind: 'resume'; readonly done: number; readonly total: number; readonly savedAt: string }
  | { readonly kind: 'finished'; readonly missed: number; readonly finishedAt: string }
  | { readonly kind: 'stale'; readonly savedAt: string };

export type Tone = 'right' | 'follow' | 'wrong' | 'warn' | 'hint' | 'reveal' | 'info' | 'error';

export interface Feedback {
  readonly key: number;
  readonly tone: Tone;
  readonly text: string;
}

/** Lines that scroll away above the live region (Ink's <Static>), oldest first. */
export type Entry =
  | { readonly key: number; readonly kind: 'heading'; readonly text: string }
  | { readonly key: number; readonly kind: 'step'; readonly id: string; readonly symbol: string; readonly shown: string; readonly outcome: Outcome; readonly detail: string }
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
  readonly lastAt?: number;
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

export function startSession(practice: Practice, meta: SessionMeta, loaded: LoadResult, at: number, opts: StartOptions = {}): SessionState {
  const fresh = asking(base(practice, meta, freshRecord(practice, meta, at), at));
  const withNote = (s: SessionState, tone: Tone, text: string) => ({ ...s, transcript: [...s.transcript, { key: s.keys, kind: 'note' as const, tone, text }], keys: s.keys + 1 });
  const intro = practice.note ? withNote(fresh, 'info', `Note: ${practice.note}.`) : fresh;
  switch (loaded.kind) {
    case 'none':
      return intro;
    case 'damaged':
      return withNote(intro, 'error', loaded.message);
    case 'stale':
      if (opts.restart) return intro;
      if (opts.auto) return withNote(intro, 'info', `The exercise file changed since your progress was saved (${when(loaded.record.updatedAt)}); starting over.`);
      return { ...intro, mode: 'launch', offer: { kind: 'stale', savedAt: loaded.record.updatedAt }, saved: loaded.record };
    case 'found': {
      const record = fitRecord(practice, loaded.record);
      if (!record || opts.restart) return intro;
      if (isFinished(record)) {
        if (opts.auto) return withNote(intro, 'info', `You finished this exercise ${when(record.finishedAt ?? record.updatedAt)}; starting again.`);
        return { ...intro, mode: 'launch', offer: { kind: 'finished', missed: missedIds(record).length, finishedAt: record.finishedAt ?? record.updatedAt }, saved: record };
      }
      if (opts.auto) return resumeFrom(intro, record);
      return { ...intro, mode: 'launch', offer: { kind: 'resume', done: doneCount(record), total: record.queue.length, savedAt: record.updatedAt }, saved: record };
    }
  }
}

function base(practice: Practice, meta: SessionMeta, record: ProgressRecord, at: number): SessionState {
  return { practice, meta, record, accepted: acceptedValues(practice, record), mode: 'asking', input: '', feedback: [], transcript: [], review: 0, lastAt: at, keys: 0, dirty: 0 };
}

function resumeFrom(s: SessionState, record: ProgressRecord): SessionState {
  const r: SessionState = { ...s, record, accepted: acceptedValues(s.practice, record), mode: 'asking', transcript: [], feedback: [] };
  delete (r as { offer?: Offer }).offer;
  delete (r as { saved?: ProgressRecord }).saved;
  const note = entry(r, { kind: 'note', tone: 'info', text: `Resuming: ${doneCount(record)} of ${record.queue.length} steps done${record.round > 1 ? ' (redoing the missed steps)' : ''}.` });
  return restoreHints(asking(note));
}

export function reduce(s: SessionState, e: Event): SessionState {
  switch (e.type) {
    case 'type':
      return s.mode === 'asking' ? typeText(s, e.text, e.at) : s;
    case 'backspace':
      return s.mode === 'asking' ? { ...s, input: [...s.input].slice(0, -1).join('') } : s;
    case 'clear-input':
      return { ...s, input: '' };
    case 'submit':
      return s.mode === 'asking' ? submit(touch(s, e.at), e.text) : s;
    case 'hint':
      return s.mode === 'asking' ? hint(touch(s, e.at)) : s;
    case 'reveal':
      return s.mode === 'asking' ? reveal(touch(s, e.at)) : s;
    case 'interval':
      return s.mode === 'asking' ? interval(touch(s, e.at)) : s;
    case 'help':
      return say(s, 'info', COMMAND_HELP.join('\n'));
    case 'review-open': {
      const done = doneSteps(s);
      return s.mode === 'asking' && done.length > 0 ? { ...s, mode: 'review', review: done.length - 1 } : s;
    }
    case 'review-move':
      return s.mode === 'review' ? { ...s, review: Math.max(0, Math.min(doneSteps(s).length - 1, s.review + e.by)) } : s;
    case 'review-close':
      return s.mode === 'review' ? { ...s, mode: 'asking' } : s;
    case 'resume':
      return s.mode === 'launch' && s.saved && s.offer?.kind === 'resume' ? resumeFrom(touch(s, e.at), s.saved) : s;
    case 'restart':
      return s.mode === 'launch' || s.mode === 'summary' ? restart(s, e.at) : s;
    case 'redo-missed':
      return redo(s, e.at);
    case 'quit':
    case 'interrupt':
      return leave(touch(s, e.at), e.type === 'quit' ? 'quit' : 'interrupt');
    case 'saved':
      if (e.result.ok) return s.saveError === undefined ? s : withoutSaveError(say(s, 'info', 'Progress saved again.'));
      return { ...s, saveError: e.result.message };
    default: {
      const unhandled: never = e;
      return unhandled;
    }
  }
}

/** Typed or pasted text: a paste may hold several lines, each one an answer. */
function typeText(s: SessionState, text: string, at: number): SessionState {
  let out = s;
  let prev = '';
  for (const ch of text) {
    if (ch === '\n' && prev === '\r') {
      prev = ch;
      continue;
    }
    prev = ch;
    if (ch === '\r' || ch === '\n') out = out.mode === 'asking' ? submit(touch(out, at), out.input) : out;
    else if (ch === '\x7f' || ch === '\b') out = { ...out, input: [...out.input].slice(0, -1).join('') };
    else if (ch === '\t') continue;
    else if (ch >= ' ' && out.mode === 'asking' && out.input.length < MAX_INPUT) out = { ...out, input: out.input + ch };
  }
  return out;
}

export function contextOf(s: SessionState): Context {
  return { exercise: s.practice.exercise, plan: s.practice.plan, exact: s.practice.exact, accepted: s.accepted };
}

export function currentStep(s: SessionState) {
  const id = currentId(s.record);
  return id === undefined ? undefined : s.practice.byId.get(id);
}

/** Done steps in the order they were asked, first pass and redo rounds together. */
export function doneSteps(s: SessionState) {
  return s.practice.asked.filter((st) => stepOf(s.record, st.id).outcome !== undefined);
}

function submit(s: SessionState, text: string): SessionState {
  const step = currentStep(s);
  const cleared = { ...s, input: '' };
  if (!step) return cleared;
  const answer = text.trim();
  if (answer === '') return say(cleared, 'info', 'Type a value and press Enter, or ? for a hint (help lists what else you can type).');
  const command = parseCommand(answer);
  if (command) return runCommand(cleared, command);
  const a = assess(contextOf(s), step.id, answer);
  const rec = stepOf(s.record, step.id);
  switch (a.kind) {
    case 'unreadable':
      return say(cleared, 'warn', a.message);
    case 'imprecise':
    case 'wrong': {
      const next = { ...rec, tries: rec.tries + (a.costsAttempt ? 1 : 0), mistakes: a.mistake ? [...rec.mistakes, { code: a.mistake.code, message: a.mistake.message }] : rec.mistakes };
      const text = a.mistake && !a.message.includes(a.mistake.message) ? `${a.message}\n${a.mistake.message}` : a.message;
      return say(changed(cleared, withStep(s.record, step.id, next)), a.kind === 'wrong' ? 'wrong' : 'warn', text);
    }
    case 'right':
    case 'right-follow-through': {
      const value = a.value && a.value.isFinite() ? a.value : undefined;
      return accept(cleared, step.id, { via: a.kind === 'right' ? 'right' : 'follow-through', answer, value, detail: a.message });
    }
    default: {
      const unhandled: never = a.kind;
      return unhandled;
    }
  }
}

function runCommand(s: SessionState, c: TypedCommand): SessionState {
  switch (c) {
    case 'hint':
      return hint(s);
    case 'reveal':
      return reveal(s);
    case 'interval':
      return interval(s);
    case 'review':
      return doneSteps(s).length > 0 ? reduce(s, { type: 'review-open' }) : say(s, 'info', 'No step is done yet.');
    case 'quit':
      return leave(s, 'quit');
    case 'help':
      return reduce(s, { type: 'help' });
    default: {
      const unhandled: never = c;
      return unhandled;
    }
  }
}

function hint(s: SessionState): SessionState {
  const step = currentStep(s);
  if (!step) return s;
  const rec = stepOf(s.record, step.id);
  if (rec.hints >= 2) return reveal(s);
  const next = { ...rec, hints: rec.hints + 1 };
  return showHint(changed(s, withStep(s.record, step.id, next)), step.id, next.hints);
}

function showHint(s: SessionState, id: string, n: number): SessionState {
  const [formula, numbers] = hints(contextOf(s), id);
  const own = s.practice.exercise.notes.get(id)?.hint;
  if (n === 1) return say(s, 'hint', `Hint 1 of 2: ${formula}${own ? `\n${own.trim()}` : ''}`);
  return say(s, 'hint', `Hint 2 of 2: ${numbers}\n(? again shows the value; it then counts as revealed)`);
}

function restoreHints(s: SessionState): SessionState {
  const step = currentStep(s);
  if (!step) return s;
  const n = stepOf(s.record, step.id).hints;
  let out = s;
  for (let i = 1; i <= n; i++) out = showHint(out, step.id, i);
  return out;
}

function reveal(s: SessionState): SessionState {
  const step = currentStep(s);
  if (!step) return s;
  const ctx = contextOf(s);
  const expected = expectedValue(ctx, step);
  const exact = s.practice.exact.get(step.id)!;
  const display = s.practice.exercise.display;
  const shown = shownValue(expected, display);
  const differs = showValue(exact, display) !== showValue(expected, display);
  const detail = differs ? `revealed; this follows from your earlier values, the exact value is ${showValue(exact, display)}` : 'revealed';
  return accept(s, step.id, { via: 'revealed', value: shown, detail });
}

function interval(s: SessionState): SessionState {
  const step = currentStep(s);
  if (!step) return s;
  const ctx = contextOf(s);
  const display = s.practice.exercise.display;
  const expected = expectedValue(ctx, step);
  const exact = s.practice.exact.get(step.id)!;
  const mine = intervalText(acceptedInterval(expected, display));
  const theirs = intervalText(acceptedInterval(exact, display));
  const text = mine === theirs ? `Accepted for ${step.symbol}: ${mine}.` : `Accepted for ${step.symbol}: ${mine} (it follows from your earlier values; around the exact value: ${theirs}).`;
  return say(s, 'info', text);
}

interface Acceptance {
  readonly via: 'right' | 'follow-through' | 'revealed';
  readonly answer?: string;
  readonly value: Dec | undefined;
  readonly detail: string;
}

function accept(s: SessionState, id: string, a: Acceptance): SessionState {
  const step = s.practice.byId.get(id)!;
  const rec = stepOf(s.record, id);
  const outcome = outcomeOf(rec, a.via);
  const value = a.value?.toFixed();
  const next = { ...rec, outcome, ...(a.answer === undefined ? {} : { answer: a.answer }), ...(value === undefined ? {} : { value }) };
  if (a.answer === undefined) delete (next as { answer?: string }).answer;
  const accepted = new Map(s.accepted);
  if (a.value) accepted.set(id, a.value);
  else accepted.delete(id);
  const shown = a.answer ?? (value === undefined ? '?' : a.value!.toString());
  let out: SessionState = { ...changed(s, withStep(s.record, id, next)), accepted, feedback: [] };
  out = entry(out, { kind: 'step', id, symbol: step.symbol, shown, outcome, detail: detailOf(outcome, rec, a.detail) });
  return asking(out);
}

function detailOf(outcome: Outcome, rec: { tries: number; hints: number }, detail: string): string {
  if (outcome === 'revealed' || outcome === 'follow-through') return detail;
  const parts = [rec.hints > 0 ? `${rec.hints} hint${rec.hints > 1 ? 's' : ''}` : '', rec.tries > 0 ? `${rec.tries} wrong ${rec.tries > 1 ? 'tries' : 'try'}` : ''].filter(Boolean);
  return outcome === 'first-try' ? 'right, first try' : `right after ${parts.join(' and ') || 'another try'}`;
}

/** Moves on: a heading when a new part of the calculation starts, the summary at the end. */
function asking(s: SessionState): SessionState {
  const step = currentStep(s);
  if (!step) return finish(s);
  const title = phaseTitle(step, s.practice.plan);
  let last = s.transcript.length - 1;
  while (last >= 0 && s.transcript[last]!.kind === 'step') last--;
  const previous = s.transcript[last];
  const out = previous?.kind === 'heading' && previous.text === title ? s : entry(s, { kind: 'heading', text: title });
  return { ...out, mode: 'asking' };
}

function finish(s: SessionState): SessionState {
  const at = s.lastAt ?? Date.now();
  let record: ProgressRecord = { ...s.record, finishedAt: new Date(at).toISOString() };
  if (record.round === 1 && !record.firstPass) record = { ...record, firstPass: scoreOf(record) };
  return { ...changed(s, record), mode: 'summary', input: '' };
}

function restart(s: SessionState, at: number): SessionState {
  const fresh = freshRecord(s.practice, s.meta, at);
  const out: SessionState = { ...base(s.practice, s.meta, fresh, at), transcript: s.transcript, keys: s.keys, dirty: s.dirty };
  return asking(entry(out, { kind: 'note', tone: 'info', text: 'Starting over.' }));
}

function redo(s: SessionState, at: number): SessionState {
  const record = s.mode === 'launch' && s.offer?.kind === 'finished' && s.saved ? s.saved : s.mode === 'summary' ? s.record : undefined;
  if (!record) return s;
  const missed = missedIds(record);
  if (missed.length === 0) return s;
  const steps = { ...record.steps };
  for (const id of missed) steps[id] = { ...EMPTY_STEP, previous: stepOf(record, id).outcome! };
  const next: ProgressRecord = { ...record, round: record.round + 1, queue: missed, steps };
  delete (next as { finishedAt?: string }).finishedAt;
  let out: SessionState = { ...touch(s, at), mode: 'asking', feedback: [], accepted: acceptedValues(s.practice, next) };
  delete (out as { offer?: Offer }).offer;
  delete (out as { saved?: ProgressRecord }).saved;
  out = entry(changed(out, next), { kind: 'note', tone: 'info', text: `Redoing the ${missed.length} missed step${missed.length > 1 ? 's' : ''}.` });
  return asking(out);
}

function leave(s: SessionState, how: 'quit' | 'interrupt'): SessionState {
  // Save on the way out only when there is something to keep: opening and leaving at once
  // leaves no file behind.
  const worth = Object.keys(s.record.steps).length > 0 && s.mode !== 'launch';
  return { ...(worth ? changed(s, s.record) : s), exit: how };
}

function touch(s: SessionState, at: number): SessionState {
  if (s.lastAt === undefined || at < s.lastAt) return { ...s, lastAt: at };
  const gap = Math.min(at - s.lastAt, IDLE_CAP_MS);
  return { ...s, lastAt: at, record: { ...s.record, activeMs: s.record.activeMs + gap } };
}

function changed(s: SessionState, record: ProgressRecord): SessionState {
  const at = s.lastAt ?? Date.now();
  return { ...s, record: { ...record, updatedAt: new Date(at).toISOString() }, dirty: s.dirty + 1 };
}

function say(s: SessionState, tone: Tone, text: string): SessionState {
  return { ...s, feedback: [...s.feedback, { key: s.keys, tone, text }], keys: s.keys + 1 };
}

type NewEntry = Entry extends infer E ? (E extends { key: number } ? Omit<E, 'key'> : never) : never;
function entry(s: SessionState, e: NewEntry): SessionState {
  return { ...s, transcript: [...s.transcript, { ...e, key: s.keys } as Entry], keys: s.keys + 1 };
}

function withoutSaveError(s: SessionState): SessionState {
  const out = { ...s };
  delete (out as { saveError?: string }).saveError;
  return out;
}

/** A saved time in the learner's own time zone: "on 2025-03-01 at 14:05". */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'earlier';
  const two = (n: number) => String(n).padStart(2, '0');
  return `on ${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} at ${two(d.getHours())}:${two(d.getMinutes())}`;
}
