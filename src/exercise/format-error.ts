/** Prints located problems as `file:line:col`, the source line and a caret. */
import type { Problem, SourceRange } from './errors.js';

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: end - lineStart + 1 };
}

export function location(range: SourceRange): string {
  const { line, col } = lineCol(range.text, range.start);
  return `${range.file}:${line}:${col}`;
}

/**
 * `file:line:col: message`, then the source line and a caret under the range, then what to do.
 * Tabs in the excerpt are shown as single spaces so the caret lines up.
 */
export function formatProblem(p: Problem): string {
  const out: string[] = [];
  if (p.range) {
    const { line, col } = lineCol(p.range.text, p.range.start);
    out.push(`${p.range.file}:${line}:${col}: error: ${p.message}`);
    const lines = p.range.text.split(/\r?\n/);
    const src = (lines[line - 1] ?? '').replace(/\t/g, ' ');
    if (src.length > 0) {
      const shown = src.length > 160 ? src.slice(0, 160) + '…' : src;
      const width = Math.max(1, Math.min(p.range.end - p.range.start, shown.length - col + 1));
      const gutter = String(line).length;
      out.push(`  ${line} | ${shown}`);
      out.push(`  ${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, col - 1))}${'^'.repeat(width)}`);
    }
  } else {
    out.push(`error: ${p.message}`);
  }
  if (p.hint) out.push(`  hint: ${p.hint}`);
  return out.join('\n');
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map(formatProblem).join('\n\n');
}
