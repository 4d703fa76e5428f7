/**
 * Holds a session's state, applies events through the reducer and writes the
 * progress record as soon as it changes (synchronously: by the time dispatch returns, an answer
 * is on disk), each answer with its step's value as shown, so an edit of the exercise keeps it
 * when that value is unchanged (session-carry.ts). The terminal loop (app.ts) and plain mode
 * drive it.
 */
import type { ProgressRecord } from '../store/record.js';
import type { SaveResult } from '../store/progress.js';
import { reduce } from './session.js';
import { withExpected } from './session-carry.js';
import type { Event, SessionState } from './session.js';

export interface Saver {
  save(record: ProgressRecord): SaveResult;
}

export interface Controller {
  readonly getState: () => SessionState;
  dispatch(e: Event): void;
  readonly subscribe: (listener: () => void) => () => void;
}

export function createController(initial: SessionState, saver: Saver): Controller {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(e) {
      const before = state;
      state = reduce(state, e);
      if (state.dirty !== before.dirty)
        state = reduce(state, {
          type: 'saved',
          result: saver.save(withExpected(state.record, state.practice)),
        });
      if (state !== before) for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
