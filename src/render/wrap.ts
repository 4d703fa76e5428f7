/**
 * Text width and folding to a width, for every plain-text output (solutions, handouts, lists,
 * verify's tables, the walkthrough's screens and its plain mode). Widths are display columns as
 * a terminal draws them: a CJK character or an emoji takes two, a combining mark none, so wide
 * characters wrap and pad right.
 *
 * The column of a character comes from get-east-asian-width, the Unicode table string-width is
 * built on. string-width itself is not loaded at run time: its module builds an Intl.Segmenter
 * and an RGI_Emoji pattern when imported, about 30 ms of CPU at every start of `solve`, for text
 * that is almost always ASCII. test/render-words.test.ts holds this measure against string-width.
 * What it does not do: emoji sequences (ZWJ families, a heart with VS16) count per code point.
 */
import { eastAsianWidth } from 'get-east-asian-width';

const PLAIN = /^[\x20-\x7e]*$/;
// Drawn in no column: combining and enclosing marks, format characters (ZWJ, soft hyphen), controls.
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$/u;

function charWidth(ch: string): number {
  return ZERO_WIDTH.test(ch) ? 0 : eastAsianWidth(ch.codePointAt(0) ?? 0);
}

/** Columns a terminal uses to show `s` (printable ASCII, the usual case, is one column a character). */
export function displayWidth(s: string): number {
  if (PLAIN.test(s)) return s.length;
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** `s` padded with spaces at the end to `width` columns. */
export function padToWidth(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

/** The longest start of `s` that fits `width` columns (at least one character), and the rest. */
function cutAtWidth(s: string, width: number): [string, string] {
  if (PLAIN.test(s)) return [s.slice(0, Math.max(1, width)), s.slice(Math.max(1, width))];
  const chars = [...s];
  let used = 0;
  let i = 0;
  for (; i < chars.length; i++) {
    const w = charWidth(chars[i]!);
    if (used + w > width && i > 0) break;
    used += w;
  }
  return [chars.slice(0, i).join(''), chars.slice(i).join('')];
}

/** `s` cut to `width` columns, with "..." where it was cut. */
export function clip(s: string, width: number): string {
  return displayWidth(s) <= width ? s : `${cutAtWidth(s, Math.max(1, width - 3))[0]}...`;
}

/**
 * Folds text to exactly `width` columns: each paragraph (\n) starts a new line, continuation
 * lines get the indent. A word longer than the width is cut, unless `breakWords` is false (plain
 * output, where a long path must stay whole to be copied; the terminal folds it). A paragraph
 * that fits is kept as written, runs of spaces included (tables).
 */
export function fold(text: string, width: number, indent = '', breakWords = true): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (displayWidth(para) <= width) {
      out.push(para);
      continue;
    }
    let cur = '';
    for (const word of para.split(/ +/)) {
      const candidate = cur === '' ? word : `${cur} ${word}`;
      if (displayWidth(candidate) <= width || cur === '') {
        cur = candidate;
      } else {
        out.push(cur);
        cur = indent + word;
      }
      while (breakWords && displayWidth(cur) > width) {
        const [head, rest] = cutAtWidth(cur, width);
        out.push(head);
        cur = indent + rest;
      }
    }
    out.push(cur);
  }
  return out;
}

/** Word-wraps text for reading: as fold, but never narrower than 8 columns. */
export function wrap(text: string, width: number, indent = '', breakWords = true): string[] {
  return fold(text, Math.max(8, width), indent, breakWords);
}

/** Items joined with a separator, broken into lines at item boundaries. */
export function flowItems(items: readonly string[], width: number, sep = ', ', first = ''): string[] {
  const out: string[] = [];
  let cur = first;
  for (const it of items) {
    const next = cur === first ? cur + it : cur + sep + it;
    // The line that is closed keeps the separator's mark (a comma): it must fit as well.
    if (displayWidth(next) + sep.trimEnd().length > width && cur !== first) {
      out.push(cur + sep.trimEnd());
      cur = ' '.repeat(displayWidth(first)) + it;
    } else cur = next;
  }
  if (cur !== first) out.push(cur);
  return out;
}
