/**
 * What every part of the reducer shares: reading the state (the current step, the judging
 * context), saying things, recording a done step and moving on to the next one or the end.
 */
import type { Context } from '../judge/index.js';
import { isDecimalText } from '../exercise/decimal-text.js';
import type { Dec } from '../engine/numbers.js';
import { showValue } from '../render/format-number.js';
import type { Outcome, ProgressRecord } from '../store/record.js';
import { phaseTitle } from './practice-plan.js';
import type { Practice } from './practice-plan.js';
import { acceptedValues, currentId, outcomeOf, scoreOf, stepOf, withStep } from './session-record.js';
import type { SessionMeta } from './session-record.js';
import { IDLE_CAP_MS } from './session-types.js';
import type { Entry, Offer, SessionState, Tone } from './session-types.js';

export function contextOf(s: SessionState): Context {
  return { solved: s.practice.solved, accepted: s.accepted };
}

export function currentStep(s: SessionState) {
  const id = currentId(s.record);
  return id === undefined ? undefined : s.practice.byId.get(id);
}

/** Done steps in the order they were asked, first pass and redo rounds together. */
export function doneSteps(s: SessionState) {
  return s.practice.asked.filter((st) => stepOf(s.record, st.id).outcome !== undefined);
}

export function base(
  practice: Practice,
  meta: SessionMeta,
  record: ProgressRecord,
  at: number,
): SessionState {
  return {
    practice,
    meta,
    record,
    accepted: acceptedValues(practice, record),
    mode: 'asking',
    input: '',
    feedback: [],
    transcript: [],
    review: 0,
    lastAt: at,
    keys: 0,
    dirty: 0,
  };
}

export function withoutOffer(s: SessionState): SessionState {
  const out = { ...s };
  delete (out as { offer?: Offer }).offer;
  delete (out as { saved?: ProgressRecord }).saved;
  return out;
}

export interface Acceptance {
  readonly via: 'right' | 'follow-through' | 'revealed';
  readonly answer?: string;
  readonly value: Dec | undefined;
  readonly detail: string;
}

export function accept(s: SessionState, id: string, a: Acceptance): SessionState {
  const step = s.practice.byId.get(id)!;
  const rec = stepOf(s.record, id);
  const outcome = outcomeOf(rec, a.via);
  const value = a.value?.toFixed();
  const next = {
    ...rec,
    outcome,
    ...(a.answer === undefined ? {} : { answer: a.answer }),
    ...(value === undefined ? {} : { value }),
  };
  if (a.answer === undefined) delete (next as { answer?: string }).answer;
  const accepted = new Map(s.accepted);
  if (a.value) accepted.set(id, a.value);
  else accepted.delete(id);
  const display = s.practice.exercise.display;
  // A typed expression is shown with the value it comes to.
  const shown =
    a.answer === undefined
      ? a.value
        ? showValue(a.value, display)
        : '?'
      : isDecimalText(a.answer) || !a.value
        ? a.answer
        : `${a.answer} = ${showValue(a.value, display)}`;
  let out: SessionState = { ...changed(s, withStep(s.record, id, next)), accepted, feedback: [] };
  out = entry(out, {
    kind: 'step',
    id,
    symbol: step.symbol,
    shown,
    outcome,
    detail: detailOf(outcome, rec, a.detail),
  });
  return asking(out);
}

function detailOf(
  outcome: Outcome,
  rec: { tries: number; hints: number; interval?: boolean },
  detail: string,
): string {
  if (outcome === 'revealed' || outcome === 'follow-through') return detail;
  const parts = [
    rec.hints > 0 ? `${rec.hints} hint${rec.hints > 1 ? 's' : ''}` : '',
    rec.interval ? 'the interval' : '',
    rec.tries > 0 ? `${rec.tries} wrong ${rec.tries > 1 ? 'tries' : 'try'}` : '',
  ].filter(Boolean);
  // The reminder in "Right. (Rounded, it is 0.5869.)" is kept: a truncated answer is accepted, once.
  const reminder = /\((.*)\)$/.exec(detail)?.[1];
  const how =
    outcome === 'first-try' ? 'right, first try' : `right after ${parts.join(' and ') || 'another try'}`;
  return reminder ? `${how}; ${reminder[0]!.toLowerCase()}${reminder.slice(1)}` : how;
}

/** Moves on: a heading when a new part of the calculation starts, the summary at the end. */
export function asking(s: SessionState): SessionState {
  const step = currentStep(s);
  if (!step) return finish(s);
  const title = phaseTitle(step, s.practice.plan);
  let last = s.transcript.length - 1;
  while (last >= 0 && s.transcript[last]!.kind === 'step') last--;
  const previous = s.transcript[last];
  const out =
    previous?.kind === 'heading' && previous.text === title ? s : entry(s, { kind: 'heading', text: title });
  return { ...out, mode: 'asking' };
}

function finish(s: SessionState): SessionState {
  let record: ProgressRecord = { ...s.record, finishedAt: new Date(s.lastAt).toISOString() };
  if (record.round === 1 && !record.firstPass) record = { ...record, firstPass: scoreOf(record) };
  return { ...changed(s, record), mode: 'summary', input: '' };
}

export function touch(s: SessionState, at: number): SessionState {
  if (at < s.lastAt) return { ...s, lastAt: at };
  const gap = Math.min(at - s.lastAt, IDLE_CAP_MS);
  return { ...s, lastAt: at, record: { ...s.record, activeMs: s.record.activeMs + gap } };
}

export function changed(s: SessionState, record: ProgressRecord): SessionState {
  return { ...s, record: { ...record, updatedAt: new Date(s.lastAt).toISOString() }, dirty: s.dirty + 1 };
}

export function withMessage(s: SessionState, tone: Tone, text: string): SessionState {
  const last = s.feedback[s.feedback.length - 1];
  if (last && last.tone === tone && last.text === text) {
    return {
      ...s,
      feedback: [...s.feedback.slice(0, -1), { ...last, key: s.keys, count: (last.count ?? 1) + 1 }],
      keys: s.keys + 1,
    };
  }
  return { ...s, feedback: [...s.feedback, { key: s.keys, tone, text }], keys: s.keys + 1 };
}

type NewEntry = Entry extends infer E ? (E extends { key: number } ? Omit<E, 'key'> : never) : never;
export function entry(s: SessionState, e: NewEntry): SessionState {
  return { ...s, transcript: [...s.transcript, { ...e, key: s.keys }], keys: s.keys + 1 };
}

export function withoutSaveError(s: SessionState): SessionState {
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
