import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { plain } from '../src/ui/lines.js';
import { eraseWithFirstFrame, takeKeysEarly } from '../src/ui/preframe.js';

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

/** The hand-over: the pre-frame is erased in the same write as Ink's first frame. */
describe('erasing the pre-frame with the first frame', () => {
  const stream = () => {
    const writes: string[] = [];
    const out = { write: (s: string) => (writes.push(s), true) };
    return { out, writes };
  };

  it('lets escape codes alone through, then puts the erase before the first text, once', () => {
    const { out, writes } = stream();
    const original = out.write;
    const settle = eraseWithFirstFrame(out, 4);
    out.write('\x1b[?25l');
    out.write('\x1b[2K\x1b[1A');
    out.write('Forward pass\n');
    out.write('again\n');
    expect(writes).toEqual(['\x1b[?25l', '\x1b[2K\x1b[1A', '\x1b[4A\r\x1b[JForward pass\n', 'again\n']);
    expect(out.write).toBe(original);
    settle();
    expect(writes).toHaveLength(4);
  });

  it('erases when the session ends before anything was drawn, and restores write', () => {
    const { out, writes } = stream();
    const original = out.write;
    const settle = eraseWithFirstFrame(out, 2);
    out.write('\x1b[?25h');
    settle();
    expect(writes).toEqual(['\x1b[?25h', '\x1b[2A\r\x1b[J']);
    expect(out.write).toBe(original);
  });

  it('does nothing without a pre-frame', () => {
    const { out, writes } = stream();
    eraseWithFirstFrame(out, 0)();
    out.write('x');
    expect(writes).toEqual(['x']);
  });
});
