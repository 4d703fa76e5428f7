/**
 * Lines of styled segments as the terminal's own codes (SGR: bold, dim, inverse, colours), and
 * the few cursor codes the live region needs (terminal.ts). Written by hand: eight codes do not
 * need a library, and NO_COLOR is decided here once.
 */
import { asciiText } from './glyphs.js';
import type { Line } from './lines.js';

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

export const HIDE_CURSOR = '\x1b[?25l';
export const SHOW_CURSOR = '\x1b[?25h';
/** Clears the visible screen and puts the cursor at its top left (the scrollback stays). */
export const CLEAR_SCREEN = '\x1b[2J\x1b[H';

/** Moves up `count` lines to the first column and clears from there to the end of the screen. */
export function eraseUp(count: number): string {
  return count > 0 ? `\x1b[${count}A\r\x1b[J` : '\r\x1b[J';
}

/** A line as text with styles, or without any when colour is off (NO_COLOR, FORCE_COLOR=0). */
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
