/**
 * Key presses to events, for the walkthrough (sessionKey) and the menu (menuKey): the terminal
 * loop (run-interactive.ts) cuts the bytes it reads into keys (key-parse.ts), calls these and
 * hands what comes back to the reducer, so which key does what is tested without a terminal.
 */
import type { MenuEvent } from './menu.js';
import type { Event, SessionState } from './session.js';

export interface KeyInfo {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly tab?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
}

export function sessionKey(s: SessionState, input: string, key: KeyInfo, at: number): Event | undefined {
  if (key.ctrl && input === 'c') return { type: 'interrupt', at };
  switch (s.mode) {
    case 'launch': {
      const offer = s.offer?.kind;
      if (input === 'q' || key.escape) return { type: 'quit', at };
      if (key.return) return offer === 'resume' ? { type: 'resume', at } : { type: 'restart', at };
      if (input === 'n') return { type: 'restart', at };
      if (input === 'r' && offer === 'finished') return { type: 'redo-missed', at };
      if (input === 'r' && offer === 'resume') return { type: 'resume', at };
      return undefined;
    }
    case 'review':
      if (key.upArrow || key.pageUp || input === 'k') return { type: 'review-move', by: -1 };
      if (key.downArrow || key.pageDown || input === 'j') return { type: 'review-move', by: 1 };
      if (key.escape || key.return || key.leftArrow || input === 'q') return { type: 'review-close' };
      return undefined;
    case 'summary':
      if (input === 'r') return { type: 'redo-missed', at };
      if (input === 'n') return { type: 'restart', at };
      if (input === 'q' || key.return || key.escape) return { type: 'quit', at };
      return undefined;
    case 'values':
      if (key.upArrow || key.pageUp || input === 'k') return { type: 'page', by: -1 };
      if (key.downArrow || key.pageDown || input === 'j' || input === ' ') return { type: 'page', by: 1 };
      if (key.escape || key.return || key.leftArrow || input === 'q') return { type: 'overlay-close' };
      return undefined;
    case 'keys':
      return { type: 'overlay-close' };
    case 'asking':
      if (key.return && input.length <= 1) return { type: 'submit', text: s.input, at };
      if (key.backspace || key.delete) return { type: 'backspace' };
      if (key.ctrl && input === 'u') return { type: 'clear-input' };
      if (key.escape) return s.input === '' ? undefined : { type: 'clear-input' };
      if (key.upArrow || key.pageUp) return { type: 'review-open' };
      if (key.downArrow || key.pageDown) return { type: 'values-open' };
      if (key.tab) return { type: 'hint', at };
      if (key.ctrl || key.meta || key.leftArrow || key.rightArrow) return undefined;
      // ? opens the keys, as in most terminal programs; a hint has its own key (Tab).
      if (s.input === '' && input === '?') return { type: 'keys-open' };
      if (s.input === '' && input === 'q') return { type: 'quit', at };
      return input === '' ? undefined : { type: 'type', text: input, at };
  }
}

/** The menu's keys: arrows or j/k move, PgUp/PgDn by five, Enter opens, q or Esc leave. */
export function menuKey(input: string, key: KeyInfo): MenuEvent | undefined {
  if (key.ctrl && input === 'c') return { type: 'leave', interrupted: true };
  if (input === 'q' || key.escape) return { type: 'leave', interrupted: false };
  if (key.upArrow || input === 'k') return { type: 'move', by: -1 };
  if (key.downArrow || input === 'j') return { type: 'move', by: 1 };
  if (key.pageUp) return { type: 'move', by: -5 };
  if (key.pageDown) return { type: 'move', by: 5 };
  if (key.return) return { type: 'choose' };
  return undefined;
}
