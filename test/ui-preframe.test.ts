import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { plain } from '../src/ui/lines.js';
import { takeKeysEarly } from '../src/ui/preframe.js';

/** Keys typed while Ink loads: handled through the caller's reducer, the pre-frame redrawn. */
describe('keys taken before Ink is up', () => {
  const setup = (rows = 30) => {
    const input = new EventEmitter();
    let written = '';
    const out = { write: (s: string) => ((written += s), true) };
    const seen: string[] = [];
    const early = takeKeysEarly(
      input,
      out,
      rows,
      3,
      (text) => {
        seen.push(text);
        // Like the walkthrough, the redraw shows typed text only (Enter and Tab act, they are not shown).
        return text.includes('\x03') ? undefined : [plain(`typed ${seen.join('').replace(/[\r\t]/g, '')}`)];
      },
      false,
      false,
    );
    return { input, early, seen, written: () => written };
  };

  it('passes text, Enter and Tab on, redraws over the last frame, and hands over its line count', () => {
    const { input, early, seen, written } = setup();
    input.emit('data', Buffer.from('0.35'));
    input.emit('data', '1\r\t');
    expect(seen).toEqual(['0.35', '1\r\t']);
    // Each redraw first erases the lines before it: 3 (the pre-frame), then 1.
    expect(written()).toBe('\x1b[3A\r\x1b[Jtyped 0.35\n\x1b[1A\r\x1b[Jtyped 0.351\n');
    expect(early.stop()).toBe(1);
    input.emit('data', 'x');
    expect(seen).toHaveLength(2);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('drops escape sequences, and stops when the session ends (Ctrl-C)', () => {
    const { input, early, seen } = setup();
    input.emit('data', '\x1b[A');
    expect(seen).toEqual([]);
    input.emit('data', '\x03');
    expect(seen).toEqual(['\x03']);
    expect(input.listenerCount('data')).toBe(0);
    expect(early.stop()).toBe(3);
  });

  it('keeps text that arrives in one read with escape sequences (keys sent quickly, or while busy)', () => {
    const { input, seen } = setup();
    input.emit('data', '0.3\x1b[<0;10;5M5\x1bOM1\x1b');
    expect(seen).toEqual(['0.351']);
  });
});
