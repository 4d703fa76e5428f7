/**
 * Key presses to session events: the one root `useInput` calls this and dispatches what comes
 * back, so which key does what is tested without a terminal. `key` is Ink's Key (the fields
 * used here).
 */
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
  /** The key's bytes as Ink's input parser cut them, when the view knows them (app.tsx). */
  readonly sequence?: string;
}

/**
 * An escape sequence Ink has no name for: a function key it does not know, keypad Enter in
 * application mode (ESC O M), a focus or mouse report, Alt with a letter, a bracketed-paste
 * marker. Ink hands it on as text without its ESC ("[15~", "OM", "[I"), which would land in
 * the answer as if typed; it is ignored whole instead. A lone Esc is a named key (escape).
 */
export function isUnnamedSequence(key: KeyInfo): boolean {
  const seq = key.sequence;
  if (seq === undefined || seq.length < 2 || !seq.startsWith('\u001B')) return false;
  const named =
    key.upArrow ||
    key.downArrow ||
    key.leftArrow ||
    key.rightArrow ||
    key.pageUp ||
    key.pageDown ||
    key.return ||
    key.escape ||
    key.tab ||
    key.backspace ||
    key.delete;
  return named !== true;
}

/** An escape sequence as terminals send keys: CSI (ESC [ ... final), SS3 (ESC O x), or ESC x. */
export const ESCAPE_SEQUENCE = String.raw`\u001B(?:\[[0-?]*[ -/]*[@-~]|O.|.)`;

/**
 * What was typed after an escape sequence in the same read: keys pressed quickly, or while the
 * program was busy, arrive together ("\x1b[<0;10;5M51": a mouse report, then 51), and Ink hands
 * them over as one key. The sequence (CSI, SS3 or ESC and one character) is dropped; printable
 * text after it is kept. Anything else after it is dropped with it.
 */
export function textAfterSequence(seq: string): string {
  const m = new RegExp(`^${ESCAPE_SEQUENCE}`, 'u').exec(seq);
  const rest = m ? seq.slice(m[0].length) : '';
  return /^[\u0020-\u007E]+$/u.test(rest) ? rest : '';
}

export function sessionKey(s: SessionState, input: string, raw: KeyInfo, at: number): Event | undefined {
  const key = normaliseKey(input, raw);
  if (key.ctrl && input === 'c') return { type: 'interrupt', at };
  if (isUnnamedSequence(key)) {
    const rest = textAfterSequence(key.sequence ?? '');
    return rest === '' ? undefined : sessionKey(s, rest, {}, at);
  }
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

/**
 * Enter arrives as "\r" in raw mode, but a key pressed before raw mode was on (while Ink was
 * starting) arrives as "\n" after the terminal's own translation, which Ink names "enter" and
 * not "return": both are Enter here.
 */
export function normaliseKey(input: string, key: KeyInfo): KeyInfo {
  return input === '\n' || input === '\r' ? { ...key, return: true } : key;
}
