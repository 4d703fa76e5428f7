/**
 * A plain-text table whose cells wrap within their columns, so that the whole fits a width.
 * Words are kept whole where they fit; a word wider than its column is broken.
 */
import { displayWidth, fold, padToWidth } from '../render/wrap.js';

export interface Column {
  readonly title: string;
  readonly width: number;
}

// "y_C = 0.5868" stays on one line where it fits: the spaces around = do not break.
const GLUE = '\u00a0';

/** A cell's text folded to its column: words whole where they fit, " = " kept on one line where it fits. */
export function wrapCell(text: string, width: number): string[] {
  const lines = text.split('\n').flatMap((paragraph) => {
    const words = paragraph
      .replace(/ = /g, `${GLUE}=${GLUE}`)
      .split(' ')
      .filter((w) => w.length > 0);
    const unglued = words.map((w) =>
      displayWidth(w.split(GLUE).join(' ')) <= width ? w : w.split(GLUE).join(' '),
    );
    return fold(unglued.join(' '), width);
  });
  return lines.map((l) => l.split(GLUE).join(' '));
}

/**
 * Rows of cells under a header. `decorate` may colour a cell after it is padded, so that escape
 * codes never count towards the width.
 */
export function renderTable(
  columns: readonly Column[],
  rows: ReadonlyArray<readonly string[]>,
  decorate: (col: number, row: number, padded: string) => string = (_c, _r, s) => s,
): string[] {
  const gap = '  ';
  const out: string[] = [];
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : padToWidth(c, columns[i]!.width)))
      .join(gap)
      .trimEnd();
  out.push(line(columns.map((c) => c.title)));
  out.push(line(columns.map((c) => '-'.repeat(c.width))));
  rows.forEach((row, r) => {
    const wrapped = columns.map((c, i) => wrapCell(row[i] ?? '', c.width));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let k = 0; k < height; k++) {
      const cells = wrapped.map((w, i) => {
        const text = w[k] ?? '';
        const padded = i === columns.length - 1 ? text : padToWidth(text, columns[i]!.width);
        return k === 0 ? decorate(i, r, padded) : padded;
      });
      out.push(cells.join(gap).trimEnd());
    }
  });
  return out;
}
