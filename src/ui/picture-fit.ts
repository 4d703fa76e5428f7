/**
 * Fitting a picture (columns of cells, each cell naming the values it shows) into a given width
 * and height: the whole picture when it fits; otherwise a window of columns and rows around the
 * quantity being asked, with the header saying what is left out. The picture shrinks rather than
 * vanishing, and the caller learns which values are on screen, so the rest can be listed.
 */
import { clip, lineWidth, seg } from './lines.js';
import type { Line, Seg } from './lines.js';

export interface PicCell {
  readonly line: Line;
  /** The ids of the values this cell shows. */
  readonly ids: readonly string[];
}

export interface PicColumn {
  readonly header: string;
  readonly cells: readonly PicCell[];
}

export interface Picture {
  readonly lines: Line[];
  /** Ids of the values on screen. */
  readonly ids: ReadonlySet<string>;
  /** Whether part of the picture was left out. */
  readonly cropped: boolean;
}

const GAP = '   ';

/**
 * The picture in at most `width` columns and `height` lines (its header included), or undefined
 * when not even a header and two rows fit. `focus` lists ids in order of preference (the asked
 * quantity, then its inputs): the window is placed around the first one found.
 */
export function fitPicture(
  columns: readonly PicColumn[],
  focus: readonly string[],
  width: number,
  height: number,
): Picture | undefined {
  if (columns.length === 0 || height < 3) return undefined;
  const rows = Math.max(...columns.map((c) => c.cells.length));
  const at = locate(columns, focus);
  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map((x) => lineWidth(x.line))));
  const span = (a: number, b: number) =>
    widths.slice(a, b + 1).reduce((n, w) => n + w, 0) + (b - a) * GAP.length;
  // The widest window of columns holding the focus; with a choice, the focus at its right end
  // (the columns to the left hold what the asked value is computed from).
  let from = 0;
  let to = columns.length - 1;
  search: for (let len = columns.length; len >= 1; len--) {
    for (let a = Math.max(0, at.column - len + 1); a <= Math.min(at.column, columns.length - len); a++) {
      if (span(a, a + len - 1) <= width) {
        from = a;
        to = a + len - 1;
        break search;
      }
    }
    if (len === 1) from = to = at.column;
  }
  // A cropped picture says so on a last line of its own.
  const cropped = span(from, to) < span(0, columns.length - 1) || rows > height - 1;
  const bodyRows = height - 1 - (cropped ? 1 : 0);
  const first =
    rows <= bodyRows ? 0 : Math.max(0, Math.min(rows - bodyRows, at.row - Math.floor(bodyRows / 2)));
  const last = Math.min(rows, first + bodyRows);
  const shown = columns.slice(from, to + 1);
  const ids = new Set<string>();
  const body: Line[] = [];
  for (let r = first; r < last; r++) {
    const line: Seg[] = [];
    shown.forEach((c, i) => {
      const cell = c.cells[r];
      if (cell) {
        line.push(...cell.line);
        for (const id of cell.ids) ids.add(id);
      }
      if (i < shown.length - 1)
        line.push(seg(' '.repeat(widths[from + i]! - (cell ? lineWidth(cell.line) : 0) + GAP.length)));
    });
    body.push(clip(trimEnd(line), width));
  }
  const left = [
    first > 0 || last < rows ? `rows ${first + 1}-${last} of ${rows}` : '',
    from > 0 || to < columns.length - 1
      ? `${columns.length - shown.length} more column${columns.length - shown.length === 1 ? '' : 's'}`
      : '',
  ].filter(Boolean);
  const head = shown
    .map((c, i) => c.header.padEnd(widths[from + i]!))
    .join(GAP)
    .trimEnd();
  const header: Line = [seg(head, { dim: true })];
  const note: Line[] = cropped
    ? [clip([seg(`(${left.join(', ')}; ↓ all values)`, { dim: true })], width)]
    : [];
  return { lines: [clip(header, width), ...body, ...note], ids, cropped };
}

function locate(columns: readonly PicColumn[], focus: readonly string[]): { column: number; row: number } {
  for (const id of focus) {
    for (let c = 0; c < columns.length; c++) {
      const row = columns[c]!.cells.findIndex((x) => x.ids.includes(id));
      if (row >= 0) return { column: c, row };
    }
  }
  return { column: columns.length - 1, row: 0 };
}

function trimEnd(l: Seg[]): Line {
  const out = [...l];
  while (out.length > 0 && out[out.length - 1]!.text.trim() === '') out.pop();
  return out;
}

/**
 * A picture's columns built once for one set of known values (known.ts keeps that map while only
 * the typed line changes): a screen tries several heights to find the one that fits, and a
 * 64-64-64 network or a graph of 7,499 nodes takes tens of milliseconds to build.
 */
const builds = new WeakMap<ReadonlyMap<string, string>, Map<string, PicColumn[]>>();
export function builtFor(
  known: ReadonlyMap<string, string>,
  key: string,
  make: () => PicColumn[],
): PicColumn[] {
  let m = builds.get(known);
  if (!m) builds.set(known, (m = new Map<string, PicColumn[]>()));
  let columns = m.get(key);
  if (!columns) m.set(key, (columns = make()));
  return columns;
}
