import { asciiText } from './glyphs.js';
import type { Line } from './lines.js';

/**
 * The first screen, written straight to the terminal while Ink loads (Ink and React take about
 * 300 ms to import; the exercise is ready well before). Ink then starts from the same place:
 * just before it mounts, the pre-frame is erased and Ink draws the same lines in its stead, in
 * one burst. Raw mode goes on at once, so keys typed meanwhile are neither echoed nor lost:
 * Ink reads them when it attaches.
 */
export interface TerminalOut {
  write(s: string): unknown;
}

const CODES = { bold: '1', dim: '2', inverse: '7' } as const;
const COLORS: Readonly<Record<string, string>> = { red: '31', green: '32', yellow: '33', blue: '34', magenta: '35', cyan: '36', gray: '90' };

export function ansiLine(l: Line, color: boolean, ascii = false): string {
  const text = (t: string) => (ascii ? asciiText(t) : t);
  if (!color) return text(l.map((s) => s.text).join(''));
  return l
    .map((s) => {
      const codes = [s.bold ? CODES.bold : '', s.dim ? CODES.dim : '', s.inverse ? CODES.inverse : '', s.color ? COLORS[s.color] ?? '' : ''].filter(Boolean);
      return codes.length > 0 ? `\x1b[${codes.join(';')}m${text(s.text)}\x1b[0m` : text(s.text);
    })
    .join('');
}

/** Colour unless NO_COLOR is set or FORCE_COLOR is 0 (bin.ts maps the first to the second). */
export function colorWanted(env: Readonly<Record<string, string | undefined>>): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '') && env.FORCE_COLOR !== '0';
}

/** Writes the lines (each already no wider than the terminal); returns how many to erase later. */
export function writePreframe(out: TerminalOut, lines: readonly Line[], color: boolean, ascii = false): number {
  out.write(lines.map((l) => `${ansiLine(l, color, ascii)}\n`).join(''));
  return lines.length;
}

/** Moves back to where the pre-frame started and clears from there down. */
export function erasePreframe(out: TerminalOut, count: number): void {
  if (count > 0) out.write(`\x1b[${count}A\r\x1b[J`);
}
