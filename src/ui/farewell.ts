/** What is said on the way out: whether the progress is safe and how to come back. */
import { doneCount, isFinished } from './session-record.js';
import { scoreText } from './summary.js';
import type { SessionState } from './session.js';

export function farewell(s: SessionState, interrupted: boolean): string[] {
  const quote = (w: string) => (/\s/.test(w) ? JSON.stringify(w) : w);
  const again = `backstep practice ${quote(s.meta.file)}${s.meta.variant === undefined ? '' : ` --variant ${quote(s.meta.variant)}`}`;
  const out: string[] = [];
  if (interrupted) out.push('Interrupted.');
  if (s.saveError) {
    out.push(s.saveError);
    out.push('Your last answers could not be written; earlier saved progress is unchanged.');
    return out;
  }
  if (s.meta.unsaved) {
    out.push(
      `Nothing was saved (--no-save): ${doneCount(s.record)} of ${s.record.queue.length} steps done this time.`,
    );
    return out;
  }
  if (s.mode === 'launch') {
    out.push('Your saved progress is as it was.', `To come back: ${again}`);
    return out;
  }
  const answered = Object.keys(s.record.steps).length > 0;
  if (!answered && !isFinished(s.record)) {
    out.push('Nothing answered yet, so nothing was saved.');
    return out;
  }
  if (isFinished(s.record)) out.push('Finished and saved.', `To practise again: ${again}`);
  else {
    const n = s.record.queue.length;
    out.push(
      s.record.round > 1
        ? `Progress saved: ${doneCount(s.record)} of the ${n} missed step${n === 1 ? '' : 's'} redone.`
        : `Progress saved: ${doneCount(s.record)} of ${n} steps done.`,
    );
    // A redo is a second go at the missed steps; the first pass's result stays.
    if (s.record.round > 1 && s.record.firstPass)
      out.push(`Your first pass stays: ${scoreText(s.record.firstPass)} right without help.`);
    out.push(`To continue: ${again}`);
  }
  return out;
}
