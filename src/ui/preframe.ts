/**
 * The first screen, written straight to the terminal while Ink loads (Ink and React take about
 * 300 ms to import; the exercise is ready well before). Ink then starts from the same place:
 * the pre-frame is erased in the same write as Ink's first frame, which draws the same lines in
 * its stead (eraseWithFirstFrame). Raw mode goes on at once, so keys typed meanwhile are
 * neither echoed nor lost: Ink reads them when it attaches.
 */
import { asciiText } from './glyphs.js';
import type { Line } from './lines.js';
import { ESCAPE_SEQUENCE } from './keys.js';

export interface TerminalOut {
  write(s: string): unknown;
}

const CODES = { bold: '1', dim: '2', inverse: '7' } as const;
const COLORS: Readonly<Record<string, string>> = {
  red: '31',
  green: '32',
  yellow: '33',
  blue: '34',
  magenta: '35',
  cyan: '36',
  gray: '90',
};

export function ansiLine(l: Line, color: boolean, ascii = false): string {
  const text = (t: string) => (ascii ? asciiText(t) : t);
  if (!color) return text(l.map((s) => s.text).join(''));
  return l
    .map((s) => {
      const codes = [
        s.bold ? CODES.bold : '',
        s.dim ? CODES.dim : '',
        s.inverse ? CODES.inverse : '',
        s.color ? (COLORS[s.color] ?? '') : '',
      ].filter(Boolean);
      return codes.length > 0 ? `\x1b[${codes.join(';')}m${text(s.text)}\x1b[0m` : text(s.text);
    })
    .join('');
}

/** Colour unless NO_COLOR is set or FORCE_COLOR is 0 (bin.ts maps the first to the second). */
export function colorWanted(env: Readonly<Record<string, string | undefined>>): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '') && env.FORCE_COLOR !== '0';
}

/** Writes the lines (each already no wider than the terminal); returns how many to erase later. */
export function writePreframe(
  out: TerminalOut,
  lines: readonly Line[],
  color: boolean,
  ascii = false,
): number {
  out.write(lines.map((l) => `${ansiLine(l, color, ascii)}\n`).join(''));
  return lines.length;
}

/** Moves back to where the pre-frame started and clears from there down. */
function erasePreframe(out: TerminalOut, count: number): void {
  if (count > 0) out.write(eraseCode(count));
}

const eraseCode = (count: number) => `\x1b[${count}A\r\x1b[J`;
const VISIBLE_TEXT = /\S/u;
const ALL_SEQUENCES = new RegExp(ESCAPE_SEQUENCE, 'gu');

/**
 * Erases the pre-frame in the same write as the first one that draws text (Ink's first frame),
 * so the terminal never shows the empty screen between the two: Ink draws its first frame some
 * 100 ms after it is mounted, and an erase written up front left that long a blank. Writes of
 * escape codes alone (hiding the cursor) go out before it unchanged. Returns a function that
 * undoes the patch, erasing then if nothing was drawn.
 */
export function eraseWithFirstFrame(
  out: { write: (...args: never[]) => boolean },
  count: number,
): () => void {
  if (count <= 0) return () => {};
  const own = Object.prototype.hasOwnProperty.call(out, 'write');
  const original = out.write;
  let done = false;
  const restore = () => {
    if (done) return;
    done = true;
    if (own) out.write = original;
    else delete (out as { write?: unknown }).write;
  };
  const call = (...args: unknown[]): boolean => Reflect.apply(original, out, args) as boolean;
  out.write = (chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && VISIBLE_TEXT.test(chunk.replace(ALL_SEQUENCES, ''))) {
      restore();
      return call(eraseCode(count) + chunk, ...rest);
    }
    return call(chunk, ...rest);
  };
  return () => {
    if (done) return;
    restore();
    call(eraseCode(count));
  };
}

/**
 * Keys typed while Ink loads, taken at once: each chunk goes through the same reducer (typed
 * text, Enter, Backspace; anything else waits for Ink) and the pre-frame is drawn again. A
 * learner who types the first answer straight away sees it judged without waiting for Ink.
 * `stop()` hands the terminal over: no more reading here, and the line count Ink must erase.
 * Stops by itself when the session ends (Ctrl-C) or a frame would no longer fit the terminal;
 * the state then reached is Ink's to draw.
 */
export interface EarlyKeys {
  stop(): number;
}

export interface EarlyInput {
  on(event: 'data', f: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', f: (chunk: Buffer | string) => void): unknown;
}

// Escape sequences anywhere in a chunk, and a lone ESC at its end.
const ANY_SEQUENCE = new RegExp(`${ESCAPE_SEQUENCE}|\\u001B$`, 'gu');

export function takeKeysEarly(
  input: EarlyInput,
  out: TerminalOut,
  rows: number,
  count: number,
  handle: (text: string) => readonly Line[] | undefined,
  color: boolean,
  ascii: boolean,
): EarlyKeys {
  let lines = count;
  let active = true;
  const onData = (chunk: Buffer | string) => {
    // Text, Enter, Backspace, Tab and Ctrl-C; escape sequences (arrows) pressed this early are
    // dropped (a stream in flowing mode cannot give them back to Ink), and text read with them
    // in one chunk is kept.
    const text = chunk.toString().replace(ANY_SEQUENCE, '');
    // eslint-disable-next-line no-control-regex
    if (text === '' || !/^[\x20-\x7e\r\n\x7f\b\x03\t\x15]*$/.test(text)) return;
    const next = handle(text);
    if (next === undefined || next.length >= rows) {
      stop();
      return;
    }
    erasePreframe(out, lines);
    lines = writePreframe(out, next, color, ascii);
  };
  const stop = () => {
    if (!active) return;
    active = false;
    input.off('data', onData);
    // Not paused: Ink reads through a 'readable' listener it adds at once, and a stream paused
    // here was never read by it again (Ctrl-C then lost). A key pressed in the few
    // milliseconds between this and Ink's listener can be missed.
  };
  input.on('data', onData);
  return {
    stop() {
      stop();
      return lines;
    },
  };
}
