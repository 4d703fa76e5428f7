/**
 * Bytes read from the terminal in raw mode, cut into keys: printable text (a paste or keys typed
 * quickly arrive as one run), Enter, Tab, Backspace, control keys, and escape sequences. Only
 * the sequences a key of the walkthrough means are named (arrows, PgUp/PgDn, Delete, a lone
 * Esc, Shift-Tab as Tab); any other (a function key, keypad Enter in application mode, a focus
 * or mouse report, Alt with a key, a bracketed-paste marker) is dropped whole, so none of its
 * bytes lands in an answer as if typed. Text read with them in one chunk is kept.
 */
import type { KeyInfo } from './keys.js';

export interface KeyPress {
  /** The text typed, or the letter of a control key (Ctrl-C: "c"); empty for a named key. */
  readonly input: string;
  readonly key: KeyInfo;
}

// CSI (ESC [ parameters intermediates final), SS3 (ESC O x), or ESC and one character; a CSI
// or SS3 cut off by the end of the read is taken whole. Control characters are what is parsed here.
/* eslint-disable no-control-regex */
const SEQUENCE = /^\u001B(?:\[[0-?]*[ -/]*[@-~]|O.|[^[O]|\[[0-?]*[ -/]*$|O$)/u;
const TEXT = /^[^\u0000-\u001F\u007F]+/u;
const ARROW = /^\u001B(?:\[(?:1;\d+)?|O)([A-D])$/u;
const TILDE_OR_Z = /^\u001B\[([0-9]*~|Z)$/u;
/* eslint-enable no-control-regex */

const NAMED: Readonly<Record<string, KeyInfo>> = {
  A: { upArrow: true },
  B: { downArrow: true },
  C: { rightArrow: true },
  D: { leftArrow: true },
  '5~': { pageUp: true },
  '6~': { pageDown: true },
  '3~': { delete: true },
  Z: { tab: true },
};

/** The key an escape sequence stands for, or undefined for one the walkthrough has no use for. */
function namedSequence(seq: string): KeyInfo | undefined {
  // Arrows come as CSI or SS3, with or without a modifier (ESC [ 1 ; 5 A is Ctrl-Up).
  const arrow = ARROW.exec(seq);
  if (arrow) return NAMED[arrow[1]!];
  const csi = TILDE_OR_Z.exec(seq);
  return csi ? NAMED[csi[1]!] : undefined;
}

/** A control character as a key: Enter (CR, or LF from before raw mode was on), Tab, Backspace, Ctrl-letter. */
function controlKey(ch: string): KeyPress | undefined {
  if (ch === '\r' || ch === '\n') return { input: '\r', key: { return: true } };
  if (ch === '\t') return { input: '', key: { tab: true } };
  if (ch === '\u007F' || ch === '\b') return { input: '', key: { backspace: true } };
  const code = ch.charCodeAt(0);
  if (code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ctrl: true } };
  return undefined;
}

export function parseKeys(chunk: string): KeyPress[] {
  const out: KeyPress[] = [];
  let rest = chunk;
  while (rest.length > 0) {
    const text = TEXT.exec(rest);
    if (text) {
      out.push({ input: text[0], key: {} });
      rest = rest.slice(text[0].length);
      continue;
    }
    if (rest[0] === '\u001B') {
      // A lone Esc (or Esc twice, Alt-Esc) is a key; Esc before a sequence is Alt or Meta with
      // that key (ESC ESC [ A), which is the key.
      if (rest.length === 1 || rest === '\u001B\u001B') {
        out.push({ input: '', key: { escape: true } });
        rest = '';
        continue;
      }
      if (rest[1] === '\u001B') {
        rest = rest.slice(1);
        continue;
      }
      const seq = SEQUENCE.exec(rest)?.[0] ?? rest;
      const named = namedSequence(seq);
      if (named) out.push({ input: '', key: named });
      rest = rest.slice(seq.length);
      continue;
    }
    const control = controlKey(rest[0]!);
    if (control) out.push(control);
    rest = rest.slice(1);
  }
  return out;
}
