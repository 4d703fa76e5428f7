/** Prints located problems as `file:line:col`, the source line and a caret. */
import type { Problem, SourceRange } from './errors.js';
import { safeLine, safeText } from './terminal-text.js';

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const starts = lineStarts(text);
  const end = Math.min(Math.max(offset, 0), text.length);
  // The last line start at or before the offset (binary search: a file with thousands of
  // problems must not cost one scan of the file each).
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= end) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: end - starts[lo]! + 1 };
}

let cached: { text: string; starts: number[] } | undefined;

function lineStarts(text: string): number[] {
  if (cached?.text === text) return cached.starts;
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  cached = { text, starts };
  return starts;
}

export function location(range: SourceRange): string {
  const { line, col } = lineCol(range.text, range.start);
  return `${safeLine(range.file)}:${line}:${col}`;
}

/**
 * `file:line:col: message`, then the source line and a caret under the range, then what to do.
 * Tabs in the excerpt are shown as single spaces so the caret lines up. File names, messages and
 * the excerpt go through the sanitiser: they quote the file, which may hold escape sequences.
 */
export function formatProblem(p: Problem): string {
  const out: string[] = [];
  if (p.range) {
    const { line, col } = lineCol(p.range.text, p.range.start);
    out.push(`${safeLine(p.range.file)}:${line}:${col}: error: ${safeText(p.message)}`);
    const src = sourceLine(p.range.text, p.range.start).replace(/\t/g, ' ');
    if (src.length > 0) {
      const cut = src.length > 160 ? src.slice(0, 160) : src;
      const shown = safeLine(cut) + (cut.length < src.length ? '…' : '');
      // Escaped characters are wider than one column: the caret is placed on the escaped text.
      const before = safeLine(cut.slice(0, Math.max(0, col - 1))).length;
      const under = safeLine(
        cut.slice(Math.max(0, col - 1), Math.max(0, col - 1) + Math.max(1, p.range.end - p.range.start)),
      ).length;
      const width = Math.max(1, Math.min(under, shown.length - before));
      const gutter = String(line).length;
      out.push(`  ${line} | ${shown}`);
      out.push(`  ${' '.repeat(gutter)} | ${' '.repeat(before)}${'^'.repeat(width)}`);
    }
  } else {
    out.push(`error: ${safeText(p.message)}`);
  }
  if (p.hint) out.push(`  hint: ${safeText(p.hint)}`);
  return out.join('\n');
}

/** The line holding an offset, without reading the whole file into lines (files can be 256 KB). */
function sourceLine(text: string, offset: number): string {
  const at = Math.min(Math.max(offset, 0), text.length);
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const nl = text.indexOf('\n', at);
  return text.slice(start, nl < 0 ? text.length : nl).replace(/\r$/, '');
}

/** How many problems of one code are printed; the rest are counted (a file can hold 25,000 bad keys). */
export const SHOWN_PER_CODE = 5;

export function formatProblems(problems: readonly Problem[]): string {
  const perCode = new Map<string, number>();
  const blocks: string[] = [];
  for (const p of problems) {
    const n = (perCode.get(p.code) ?? 0) + 1;
    perCode.set(p.code, n);
    if (n <= SHOWN_PER_CODE) blocks.push(formatProblem(p));
  }
  for (const [code, n] of perCode)
    if (n > SHOWN_PER_CODE)
      blocks.push(`... and ${n - SHOWN_PER_CODE} more ${code} error${n - SHOWN_PER_CODE === 1 ? '' : 's'}`);
  return blocks.join('\n\n');
}
