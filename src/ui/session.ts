/**
 * The walkthrough as a pure reducer: (state, event) -> state. Every key press, answer, hint,
 * save result and exit request is an event; the terminal loop and the plain line mode only render
 * the state and dispatch events, so everything here is tested without a terminal.
 * Judging, follow-through and diagnosis are src/check's; this decides what happens next.
 */
import { assess } from '../judge/index.js';
import type { ProgressRecord } from '../store/record.js';
import { COMMAND_HELP, parseCommand } from './commands.js';
import type { TypedCommand } from './commands.js';
import { acceptedValues, EMPTY_STEP, freshRecord, missedIds, stepOf, withStep } from './session-record.js';
import {
  accept,
  asking,
  base,
  changed,
  contextOf,
  currentStep,
  doneSteps,
  entry,
  withMessage,
  touch,
  withoutOffer,
  withoutSaveError,
} from './session-core.js';
import { hint, interval, reveal } from './session-help.js';
import { resumeFrom } from './session-start.js';
import { MAX_INPUT } from './session-types.js';
import type { Event, SessionState } from './session-types.js';

export * from './session-types.js';
export { startSession } from './session-start.js';
export { contextOf, currentStep, doneSteps, when } from './session-core.js';

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
      return withMessage(s, 'info', COMMAND_HELP.join('\n'));
    case 'values-open':
      return s.mode === 'asking' ? { ...s, mode: 'values', page: 0 } : s;
    case 'keys-open':
      return s.mode === 'asking' ? { ...s, mode: 'keys' } : s;
    case 'page':
      return s.mode === 'values' ? { ...s, page: Math.max(0, (s.page ?? 0) + e.by) } : s;
    case 'overlay-close':
      return s.mode === 'values' || s.mode === 'keys' ? { ...s, mode: 'asking' } : s;
    case 'review-open': {
      const done = doneSteps(s);
      return s.mode === 'asking' && done.length > 0 ? { ...s, mode: 'review', review: done.length - 1 } : s;
    }
    case 'review-move':
      return s.mode === 'review'
        ? { ...s, review: Math.max(0, Math.min(doneSteps(s).length - 1, s.review + e.by)) }
        : s;
    case 'review-close':
      return s.mode === 'review' ? { ...s, mode: 'asking' } : s;
    case 'resume':
      return s.mode === 'launch' && s.saved && s.offer?.kind === 'resume'
        ? resumeFrom(touch(s, e.at), s.saved)
        : s;
    case 'restart':
      return s.mode === 'launch' || s.mode === 'summary' ? restart(s, e.at) : s;
    case 'redo-missed':
      return redo(s, e.at);
    case 'quit':
    case 'interrupt':
      return leave(touch(s, e.at), e.type === 'quit' ? 'quit' : 'interrupt');
    case 'saved':
      if (e.result.ok)
        return s.saveError === undefined
          ? s
          : withoutSaveError(withMessage(s, 'info', 'Progress saved again.'));
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
    // Ctrl-U read with other keys in one chunk (alone, it is the clear-input key).
    else if (ch === '\x15') out = { ...out, input: '' };
    else if (ch === '\t') continue;
    else if (ch >= ' ' && out.mode === 'asking' && out.input.length < MAX_INPUT)
      out = { ...out, input: out.input + ch };
  }
  return out;
}

function submit(s: SessionState, text: string): SessionState {
  const step = currentStep(s);
  const cleared = { ...s, input: '' };
  if (!step) return cleared;
  const answer = text.trim();
  if (answer === '')
    return withMessage(cleared, 'info', 'Type a value and press Enter (help lists what else you can type).');
  const command = parseCommand(answer);
  if (command) return runCommand(cleared, command);
  const a = assess(contextOf(s), step.id, answer);
  const rec = stepOf(s.record, step.id);
  switch (a.kind) {
    case 'unreadable':
      return withMessage(cleared, 'warn', a.message);
    case 'imprecise':
    case 'wrong': {
      const next = {
        ...rec,
        tries: rec.tries + (a.costsAttempt ? 1 : 0),
        mistakes: a.mistake
          ? [...rec.mistakes, { code: a.mistake.code, message: a.mistake.message }]
          : rec.mistakes,
      };
      const text =
        a.mistake && !a.message.includes(a.mistake.message)
          ? `${a.message}\n${a.mistake.message}`
          : a.message;
      return withMessage(
        changed(cleared, withStep(s.record, step.id, next)),
        a.kind === 'wrong' ? 'wrong' : 'warn',
        text,
      );
    }
    case 'right':
    case 'right-follow-through': {
      const value = a.value && a.value.isFinite() ? a.value : undefined;
      return accept(cleared, step.id, {
        via: a.kind === 'right' ? 'right' : 'follow-through',
        answer,
        value,
        detail: a.message,
      });
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
      return doneSteps(s).length > 0
        ? reduce(s, { type: 'review-open' })
        : withMessage(s, 'info', 'No step is done yet.');
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

function restart(s: SessionState, at: number): SessionState {
  const fresh = freshRecord(s.practice, s.meta, at);
  const out: SessionState = {
    ...base(s.practice, s.meta, fresh, at),
    transcript: s.transcript,
    keys: s.keys,
    dirty: s.dirty,
    ...(s.saveError === undefined ? {} : { saveError: s.saveError }),
  };
  return asking(entry(out, { kind: 'note', tone: 'info', text: 'Starting over.' }));
}

function redo(s: SessionState, at: number): SessionState {
  const record =
    s.mode === 'launch' && s.offer?.kind === 'finished' && s.saved
      ? s.saved
      : s.mode === 'summary'
        ? s.record
        : undefined;
  if (!record) return s;
  const missed = missedIds(record);
  if (missed.length === 0) return s;
  const steps = { ...record.steps };
  for (const id of missed) steps[id] = { ...EMPTY_STEP, previous: stepOf(record, id).outcome! };
  const next: ProgressRecord = { ...record, round: record.round + 1, queue: missed, steps };
  delete (next as { finishedAt?: string }).finishedAt;
  let out: SessionState = {
    ...withoutOffer(touch(s, at)),
    mode: 'asking',
    feedback: [],
    accepted: acceptedValues(s.practice, next),
  };
  out = entry(changed(out, next), {
    kind: 'note',
    tone: 'info',
    text: `Redoing the ${missed.length} missed step${missed.length > 1 ? 's' : ''}.`,
  });
  return asking(out);
}

function leave(s: SessionState, how: 'quit' | 'interrupt'): SessionState {
  // Save on the way out only when there is something to keep: opening and leaving at once
  // leaves no file behind.
  const worth = Object.keys(s.record.steps).length > 0 && s.mode !== 'launch';
  return { ...(worth ? changed(s, s.record) : s), exit: how };
}
