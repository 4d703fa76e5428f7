import { describe, expect, it } from 'vitest';
import { parseKeys } from '../src/ui/key-parse.js';
import { menuKey, sessionKey } from '../src/ui/keys.js';
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
  });
});

describe('bytes read in raw mode, cut into keys', () => {
  const text = (input: string) => ({ input, key: {} });
  it.each<[string, string, unknown[]]>([
    ['typed text, one run', '0.351', [text('0.351')]],
    [
      'Enter (CR), and LF as typed before raw mode was on',
      '1\r2\n',
      [text('1'), { input: '\r', key: { return: true } }, text('2'), { input: '\r', key: { return: true } }],
    ],
    [
      'Tab, DEL and BS',
      '\t\u007f\b',
      [
        { input: '', key: { tab: true } },
        { input: '', key: { backspace: true } },
        { input: '', key: { backspace: true } },
      ],
    ],
    [
      'Ctrl-C and Ctrl-U',
      '\u0003\u0015',
      [
        { input: 'c', key: { ctrl: true } },
        { input: 'u', key: { ctrl: true } },
      ],
    ],
    [
      'arrows, CSI and SS3, and with a modifier',
      '\u001b[A\u001bOB\u001b[1;5C',
      [
        { input: '', key: { upArrow: true } },
        { input: '', key: { downArrow: true } },
        { input: '', key: { rightArrow: true } },
      ],
    ],
    [
      'PgUp, PgDn, Delete, Shift-Tab',
      '\u001b[5~\u001b[6~\u001b[3~\u001b[Z',
      [
        { input: '', key: { pageUp: true } },
        { input: '', key: { pageDown: true } },
        { input: '', key: { delete: true } },
        { input: '', key: { tab: true } },
      ],
    ],
    ['a lone Esc', '\u001b', [{ input: '', key: { escape: true } }]],
    ['Meta-Up (ESC ESC [ A) is Up', '\u001b\u001b[A', [{ input: '', key: { upArrow: true } }]],
    // Keys with no use here, whole, and the text read with them kept.
    ['F13', '\u001b[25~', []],
    ['keypad Enter in application mode', '\u001bOM', []],
    ['a focus report', '\u001b[I', []],
    ['an SGR mouse report then 51', '\u001b[<0;10;5M51', [text('51')]],
    ['a bracketed-paste marker around text', '\u001b[200~0.5\u001b[201~', [text('0.5')]],
    ['Alt with a digit, then 7', '\u001b57', [text('7')]],
    ['a sequence cut off at the end of a read', '0.3\u001b[2', [text('0.3')]],
    ['text around a control key', '0.\u00153', [text('0.'), { input: 'u', key: { ctrl: true } }, text('3')]],
  ])('%s', (_name, bytes, keys) => {
    expect(parseKeys(bytes)).toEqual(keys);
  });
});

describe('menu keys', () => {
  it.each<[string, string, KeyInfo, unknown]>([
    ['Down', '', { downArrow: true }, { type: 'move', by: 1 }],
    ['k', 'k', none, { type: 'move', by: -1 }],
    ['PgDn', '', { pageDown: true }, { type: 'move', by: 5 }],
    ['Enter', '\r', { return: true }, { type: 'choose' }],
    ['q', 'q', none, { type: 'leave', interrupted: false }],
    ['Esc', '', { escape: true }, { type: 'leave', interrupted: false }],
    ['Ctrl-C', 'c', { ctrl: true }, { type: 'leave', interrupted: true }],
    ['x', 'x', none, undefined],
  ])('%s', (_name, input, key, event) => {
    expect(menuKey(input, key)).toEqual(event);
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
