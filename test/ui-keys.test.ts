import { describe, expect, it } from 'vitest';
import { isUnnamedSequence, sessionKey, textAfterSequence } from '../src/ui/keys.js';
import type { KeyInfo } from '../src/ui/keys.js';
import { parseCommand } from '../src/ui/commands.js';
import { T0, answer, apply, session } from './ui-helpers.js';

const NET = 'two-two-one-network';
const none: KeyInfo = {};

describe('keys while asking', () => {
  const s = session(NET);
  const typed = apply(s, { type: 'type', text: '0.3', at: T0 });

  it.each<[string, string, KeyInfo, unknown]>([
    ['Enter submits the input', '\r', { return: true }, { type: 'submit', text: '', at: T0 }],
    ['Enter pressed before raw mode arrives as \\n', '\n', none, { type: 'submit', text: '', at: T0 }],
    ['Ctrl-C interrupts', 'c', { ctrl: true }, { type: 'interrupt', at: T0 }],
    ['? on an empty line opens the keys', '?', none, { type: 'keys-open' }],
    ['Tab is a hint', '', { tab: true }, { type: 'hint', at: T0 }],
    ['q on an empty line leaves', 'q', none, { type: 'quit', at: T0 }],
    ['Up opens the review', '', { upArrow: true }, { type: 'review-open' }],
    ['Backspace (as delete on Linux and macOS)', '', { delete: true }, { type: 'backspace' }],
    ['Backspace (as backspace)', '', { backspace: true }, { type: 'backspace' }],
    ['Ctrl-U clears', 'u', { ctrl: true }, { type: 'clear-input' }],
    ['a digit is typed', '7', none, { type: 'type', text: '7', at: T0 }],
    ['a paste is typed as one chunk', '0.351\r', none, { type: 'type', text: '0.351\r', at: T0 }],
    ['other control keys do nothing', 'a', { ctrl: true }, undefined],
    ['Down opens the known values', '', { downArrow: true }, { type: 'values-open' }],
    ['PgDn opens the known values', '', { pageDown: true }, { type: 'values-open' }],
    ['Escape on an empty line does nothing', '', { escape: true }, undefined],
  ])('%s', (_name, input, key, event) => {
    expect(sessionKey(s, input, key, T0)).toEqual(event);
  });

  it('with text typed, ? and q are part of the answer, Escape clears, Enter submits the text', () => {
    expect(sessionKey(typed, '?', none, T0)).toEqual({ type: 'type', text: '?', at: T0 });
    expect(sessionKey(typed, 'q', none, T0)).toEqual({ type: 'type', text: 'q', at: T0 });
    expect(sessionKey(typed, '', { escape: true }, T0)).toEqual({ type: 'clear-input' });
    expect(sessionKey(typed, '\r', { return: true }, T0)).toEqual({ type: 'submit', text: '0.3', at: T0 });
    // Ctrl-U and the keys after it in one read: Ink names no key, and the chunk goes to the
    // reducer as typed text, which clears at the Ctrl-U (test/ui-session.test.ts).
    expect(sessionKey(typed, '\x150.5', none, T0)).toEqual({ type: 'type', text: '\x150.5', at: T0 });
  });
});

describe('escape sequences Ink has no name for', () => {
  // What Ink 6's useInput passes for each (input, key), the bytes in `sequence`: the input is the
  // sequence without its ESC, which would otherwise be typed into the answer.
  const unnamed: Array<[string, string, string, KeyInfo]> = [
    ['F13 (a function key Ink does not know)', '\u001b[25~', '[25~', {}],
    ['keypad Enter in application mode', '\u001bOM', 'OM', {}],
    ['a focus report', '\u001b[I', '[I', {}],
    ['an SGR mouse report', '\u001b[<0;10;5M', '[<0;10;5M', {}],
    ['a bracketed-paste marker', '\u001b[200~', '[200~', {}],
    ['Alt with a digit', '\u001b5', '5', { meta: true }],
    ['an unknown CSI with Ink setting meta', '\u001b[99x', '[99x', { meta: true }],
  ];
  it.each(unnamed)('%s is ignored while asking, typed or not', (_name, sequence, input, key) => {
    const k = { ...key, sequence };
    expect(isUnnamedSequence(k)).toBe(true);
    expect(sessionKey(session(NET), input, k, T0)).toBeUndefined();
    const typed = apply(session(NET), { type: 'type', text: '0.3', at: T0 });
    expect(sessionKey(typed, input, k, T0)).toBeUndefined();
  });

  it.each(unnamed)('%s does nothing in the other modes either', (_name, sequence, input, key) => {
    const k = { ...key, sequence };
    const s = session(NET);
    for (const mode of [apply(s, { type: 'values-open' }), apply(s, { type: 'keys-open' })])
      expect(sessionKey(mode, input, k, T0)).toBeUndefined();
  });

  it.each<[string, string, KeyInfo, unknown]>([
    ['a lone Esc', '\u001b', { escape: true, meta: true }, { type: 'clear-input' }],
    ['Up', '\u001b[A', { upArrow: true }, { type: 'review-open' }],
    ['Meta-Up (ESC ESC [A)', '\u001b\u001b[A', { upArrow: true }, { type: 'review-open' }],
    ['PgDn', '\u001b[6~', { pageDown: true }, { type: 'values-open' }],
    [
      'Shift-Tab, Ink names it tab',
      '\u001b[Z',
      { tab: true, shift: true } as KeyInfo,
      { type: 'hint', at: T0 },
    ],
    ['Delete', '\u001b[3~', { delete: true }, { type: 'backspace' }],
  ])('%s is still a key', (_name, sequence, key, event) => {
    const typed = apply(session(NET), { type: 'type', text: '0.3', at: T0 });
    expect(isUnnamedSequence({ ...key, sequence })).toBe(false);
    expect(sessionKey(typed, '', { ...key, sequence }, T0)).toEqual(event);
  });

  it.each([
    ['an SGR mouse report then 51', '\u001b[<0;10;5M51', '[<0;10;5M51', '51'],
    ['keypad Enter then 7', '\u001bOM7', 'OM7', '7'],
    ['F13 then .5', '\u001b[25~.5', '[25~.5', '.5'],
  ])('%s in one read: the sequence is dropped, the text typed', (_name, sequence, input, text) => {
    expect(textAfterSequence(sequence)).toBe(text);
    const typed = apply(session(NET), { type: 'type', text: '0.3', at: T0 });
    expect(sessionKey(typed, input, { sequence }, T0)).toEqual({ type: 'type', text, at: T0 });
  });

  it('keeps nothing after a sequence that is not plain text', () => {
    expect(textAfterSequence('\u001b[25~\u001b[I')).toBe('');
    expect(textAfterSequence('\u001b[25~')).toBe('');
  });

  it('plain text, pasted or typed, is no sequence', () => {
    expect(isUnnamedSequence({ sequence: '[25~' })).toBe(false);
    expect(isUnnamedSequence({ sequence: '0.351' })).toBe(false);
    expect(isUnnamedSequence({})).toBe(false);
    expect(sessionKey(session(NET), '[1]', { sequence: '[1]' }, T0)).toEqual({
      type: 'type',
      text: '[1]',
      at: T0,
    });
  });
});

describe('keys in the other modes', () => {
  it('values: arrows page, Escape goes back; keys: any key goes back', () => {
    const v = apply(session(NET), { type: 'values-open' });
    expect(v.mode).toBe('values');
    expect(sessionKey(v, '', { pageDown: true }, T0)).toEqual({ type: 'page', by: 1 });
    expect(sessionKey(v, '', { upArrow: true }, T0)).toEqual({ type: 'page', by: -1 });
    expect(apply(v, { type: 'overlay-close' }).mode).toBe('asking');
    const k = apply(session(NET), { type: 'keys-open' });
    expect(k.mode).toBe('keys');
    expect(sessionKey(k, 'x', none, T0)).toEqual({ type: 'overlay-close' });
  });

  it('review: arrows and j/k move, Escape, Enter or q go back', () => {
    const s = apply(answer(session(NET), '0.351'), { type: 'review-open' });
    expect(sessionKey(s, '', { upArrow: true }, T0)).toEqual({ type: 'review-move', by: -1 });
    expect(sessionKey(s, 'j', none, T0)).toEqual({ type: 'review-move', by: 1 });
    for (const [input, key] of [
      ['', { escape: true }],
      ['\r', { return: true }],
      ['q', none],
    ] as const)
      expect(sessionKey(s, input, key, T0)).toEqual({ type: 'review-close' });
    expect(sessionKey(s, 'c', { ctrl: true }, T0)).toEqual({ type: 'interrupt', at: T0 });
  });

  it('launch: Enter resumes (or starts over when the file changed), n starts over, r redoes, q leaves', () => {
    const rec = answer(session(NET), '0.351').record;
    const resume = session(NET, { kind: 'found', record: rec });
    expect(sessionKey(resume, '\r', { return: true }, T0)).toEqual({ type: 'resume', at: T0 });
    expect(sessionKey(resume, 'n', none, T0)).toEqual({ type: 'restart', at: T0 });
    expect(sessionKey(resume, 'q', none, T0)).toEqual({ type: 'quit', at: T0 });
    const stale = session(NET, { kind: 'stale', record: rec });
    expect(sessionKey(stale, '\r', { return: true }, T0)).toEqual({ type: 'restart', at: T0 });
    expect(sessionKey(stale, 'r', none, T0)).toBeUndefined();
  });

  it('summary: r redoes the missed steps, n starts again, Enter or q leave', () => {
    let s = session('matrix-forward');
    for (let i = 0; i < s.record.queue.length; i++) s = apply(s, { type: 'reveal', at: T0 });
    expect(s.mode).toBe('summary');
    expect(sessionKey(s, 'r', none, T0)).toEqual({ type: 'redo-missed', at: T0 });
    expect(sessionKey(s, 'n', none, T0)).toEqual({ type: 'restart', at: T0 });
    expect(sessionKey(s, '\r', { return: true }, T0)).toEqual({ type: 'quit', at: T0 });
  });
});

describe('typed commands', () => {
  it.each([
    ['?', 'help'],
    [' HINT ', 'hint'],
    ['reveal', 'reveal'],
    ['interval', 'interval'],
    ['back', 'review'],
    ['review', 'review'],
    ['q', 'quit'],
    ['help', 'help'],
    ['0.351', undefined],
    ['y_C', undefined],
    ['exp(-0.351)', undefined],
  ])('%j -> %s', (text, command) => {
    expect(parseCommand(text)).toBe(command);
  });
});
