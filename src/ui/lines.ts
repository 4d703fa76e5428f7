/**
 * Screens are built as lists of lines, each no wider than the terminal, before Ink sees them:
 * the height of every part is then known exactly, so the live region can be fitted to the
 * terminal (a frame as tall as the terminal makes Ink clear the screen on every update).
 */
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
  return { text, ...style };
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

/**
 * Word-wraps text to a width; each paragraph (\n) starts a new line, continuation lines get the
 * indent. A word longer than the width is cut, unless `breakWords` is false (plain output, where
 * a long path must stay whole to be copied; the terminal folds it).
 */
export function wrap(text: string, width: number, indent = '', breakWords = true): string[] {
  const w = Math.max(8, width);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if ([...para].length <= w) {
      // Fits: kept as written, runs of spaces included (tables).
      out.push(para);
      continue;
    }
    let cur = '';
    for (const word of para.split(/ +/)) {
      const candidate = cur === '' ? word : `${cur} ${word}`;
      if ([...candidate].length <= w || cur === '') {
        cur = candidate;
      } else {
        out.push(cur);
        cur = indent + word;
      }
      while (breakWords && [...cur].length > w) {
        out.push([...cur].slice(0, w).join(''));
        cur = indent + [...cur].slice(w).join('');
      }
    }
    out.push(cur);
  }
  return out;
}

export function wrapStyled(text: string, width: number, style: Omit<Seg, 'text'> = {}, indent = '', breakWords = true): Line[] {
  return wrap(text, width, indent, breakWords).map((t) => plain(t, style));
}

/** Items joined with a separator, broken into lines at item boundaries. */
export function flowItems(items: readonly string[], width: number, sep = ', ', first = ''): string[] {
  const out: string[] = [];
  let cur = first;
  for (const it of items) {
    const next = cur === first ? cur + it : cur + sep + it;
    if ([...next].length > width && cur !== first) {
      out.push(cur + sep.trimEnd());
      cur = ' '.repeat([...first].length) + it;
    } else cur = next;
  }
  if (cur !== first) out.push(cur);
  return out;
}
