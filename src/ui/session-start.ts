/**
 * How a walkthrough begins: fresh, or from saved progress. In the terminal, saved progress is
 * offered (resume, start over, redo the missed steps); plain mode decides by itself.
 */
import type { LoadResult } from '../store/progress.js';
import type { ProgressRecord } from '../store/record.js';
import type { Practice } from './practice-plan.js';
import {
  doneCount,
  fitRecord,
  freshRecord,
  isFinished,
  missedIds,
  acceptedValues,
} from './session-record.js';
import type { SessionMeta } from './session-record.js';
import { asking, base, entry, when, withoutOffer } from './session-core.js';
import { restoreHints } from './session-help.js';
import { carriedNote, carryRecord } from './session-carry.js';
import type { Offer, SessionState, StartOptions, Tone } from './session-types.js';

export function startSession(
  practice: Practice,
  meta: SessionMeta,
  loaded: LoadResult,
  at: number,
  opts: StartOptions = {},
): SessionState {
  const blank = base(practice, meta, freshRecord(practice, meta, at), at);
  const noted = practice.note
    ? entry(blank, { kind: 'note', tone: 'info', text: `Note: ${practice.note}.` })
    : blank;
  const note = (s: SessionState, tone: Tone, text: string) => entry(s, { kind: 'note', tone, text });
  // An offer waits for the learner's choice; nothing goes to the transcript before it.
  const offer = (o: Offer, saved: ProgressRecord): SessionState => ({
    ...noted,
    mode: 'launch',
    offer: o,
    saved,
  });
  switch (loaded.kind) {
    case 'none':
      return asking(noted);
    case 'damaged':
    case 'newer':
      return asking(note(noted, 'error', loaded.message));
    case 'stale': {
      if (opts.restart) return asking(noted);
      const carried = carryRecord(practice, meta, loaded.record);
      if (carried.kept.length > 0) return fromSaved(carried.record, carriedNote(carried));
      if (opts.auto)
        return asking(
          note(
            noted,
            'info',
            `The exercise file changed since your progress was saved (${when(loaded.record.updatedAt)}); starting over.`,
          ),
        );
      return offer({ kind: 'stale', savedAt: loaded.record.updatedAt }, loaded.record);
    }
    case 'found': {
      const record = fitRecord(practice, loaded.record);
      if (!record || opts.restart) return asking(noted);
      return fromSaved(record);
    }
  }

  // Saved progress that fits the exercise (`changed`: what an edit of the file kept of it).
  function fromSaved(record: ProgressRecord, changed?: string): SessionState {
    if (isFinished(record)) {
      if (opts.auto)
        return asking(
          note(
            noted,
            'info',
            `You finished this exercise ${when(record.finishedAt ?? record.updatedAt)}; starting again.`,
          ),
        );
      const finishedAt = record.finishedAt ?? record.updatedAt;
      return offer({ kind: 'finished', missed: missedIds(record).length, finishedAt }, record);
    }
    const done = doneCount(record);
    const o: Offer = { kind: 'resume', done, total: record.queue.length, savedAt: record.updatedAt };
    const resume = offer(changed === undefined ? o : { ...o, changed }, record);
    return opts.auto ? resumeFrom(resume, record) : resume;
  }
}

/** The transcript only grows (the terminal loop prints each entry once, by position). */
export function resumeFrom(s: SessionState, record: ProgressRecord): SessionState {
  const changed = s.offer?.kind === 'resume' ? s.offer.changed : undefined;
  const r: SessionState = {
    ...withoutOffer(s),
    record,
    accepted: acceptedValues(s.practice, record),
    mode: 'asking',
    feedback: [],
  };
  const told = changed === undefined ? r : entry(r, { kind: 'note', tone: 'info', text: changed });
  const note = entry(told, {
    kind: 'note',
    tone: 'info',
    text: `Resuming: ${doneCount(record)} of ${record.queue.length} steps done${record.round > 1 ? ' (redoing the missed steps)' : ''}.`,
  });
  return restoreHints(asking(note));
}
