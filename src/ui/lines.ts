/**
 * Screens are built as lists of lines, each no wider than the terminal, before they are written:
 * the height of every part is then known exactly, so the live region can be fitted to the
 * terminal (terminal.ts redraws the region by moving the cursor up over it).
 */
// Text folding is shared with the plain-text renderers (render/wrap.ts).
import { safeLine } from '../exercise/terminal-text.js';
import { flowItems, wrap } from '../render/wrap.js';
export { flowItems, wrap };

export type Color = 'green' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'blue' | 'gray';

export interface Seg {
  readonly text: string;
  readonly color?: Color;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

export type Line = readonly Seg[];

export function seg(text: string, style: Omit<Seg, 'text'> = {}): Seg {
  // Every segment on screen is made here: file text and typed answers lose their control characters.
  return { text: safeLine(text), ...style };
}

export function plain(text: string, style: Omit<Seg, 'text'> = {}): Line {
  return [seg(text, style)];
}

export function lineText(l: Line): string {
  return l.map((s) => s.text).join('');
}

export function lineWidth(l: Line): number {
  return l.reduce((n, s) => n + [...s.text].length, 0);
}

/** Cuts a line to a width, ending with "…" when something was cut. */
export function clip(l: Line, width: number): Line {
  if (lineWidth(l) <= width) return l;
  const out: Seg[] = [];
  let left = Math.max(0, width - 1);
  for (const s of l) {
    const chars = [...s.text];
    if (chars.length <= left) {
      out.push(s);
      left -= chars.length;
      continue;
    }
    out.push({ ...s, text: chars.slice(0, left).join('') });
    break;
  }
  out.push(seg('…', { dim: true }));
  return out;
}

export function wrapStyled(
  text: string,
  width: number,
  style: Omit<Seg, 'text'> = {},
  indent = '',
  breakWords = true,
): Line[] {
  return wrap(text, width, indent, breakWords).map((t) => plain(t, style));
}
