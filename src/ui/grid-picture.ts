/**
 * A layers exercise's picture: feature maps, kernels and their gradients as small grids, the
 * asked cell shown `?` in reverse video and the cells its formula reads in bold (the window a
 * kernel covers, the cells a pooling window takes). Grids are found from the ids themselves
 * (`<name>_<row>_<col>`, `<name>_<channel>_<row>_<col>`, `<name>_<i>`: docs/step-ids.md), so a
 * new layer kind's grids are drawn with no code here. Shown: the asked cell's grid, then the
 * grids its formula reads, side by side as the width allows, as many as the height allows.
 *
 *   X                 K         Y
 *   3  3  2  1  0     0  1  2   6  ?  ·
 *   0  0  1  3  1     2  2  0   ·  ·  ·
 */
import { refsOf } from '../engine/expr.js';
import type { Step } from '../engine/plan.js';
import { lineWidth, seg } from './lines.js';
import type { Line, Seg } from './lines.js';
import type { Picture } from './picture-fit.js';
import type { Practice } from './practice-plan.js';

interface GridOf {
  readonly name: string;
  /** Channel (its indices before row and column, as written: "2" or "1_3"), row and column of each id. */
  readonly cells: Map<string, readonly [string, number, number]>;
  /** The channels in order of first appearance ("" for a grid of one channel). */
  readonly channels: string[];
  rows: number;
  cols: number;
}

const INDEXED = /^(.+?)((?:_\d+){1,4})$/;
const GAP = '   ';

/** Every grid of the plan (givens and steps), by name. */
function gridsOf(practice: Practice): Map<string, GridOf> {
  return practice.solved.derived('ui-grids', () => {
    const grids = new Map<string, GridOf>();
    const ids = [...practice.plan.givens.map((g) => g.id), ...practice.steps.map((s) => s.id)];
    for (const id of ids) {
      const m = INDEXED.exec(id);
      if (!m) continue;
      const idx = m[2]!.slice(1).split('_').map(Number);
      const [r, k] = idx.length === 1 ? [1, idx[0]!] : [idx.at(-2)!, idx.at(-1)!];
      const channel = idx.slice(0, -2).join('_');
      let g = grids.get(m[1]!);
      if (!g) grids.set(m[1]!, (g = { name: m[1]!, cells: new Map(), channels: [], rows: 0, cols: 0 }));
      if (!g.channels.includes(channel)) g.channels.push(channel);
      g.cells.set(id, [channel, r, k]);
      g.rows = Math.max(g.rows, r);
      g.cols = Math.max(g.cols, k);
    }
    return grids;
  });
}

export function gridPicture(
  practice: Practice,
  known: ReadonlyMap<string, string>,
  current: Step | undefined,
  width: number,
  height = 13,
): Picture | undefined {
  if (practice.exercise.spec.kind !== 'layers' || !current || height < 3) return undefined;
  const grids = gridsOf(practice);
  const read = new Set(refsOf(current.expr));
  const given = new Map(practice.plan.givens.map((g) => [g.id, g.value]));
  const value = (id: string): Seg => {
    if (id === current.id) return seg('?', { bold: true, inverse: true });
    const v = known.get(id) ?? given.get(id);
    if (v === undefined) return seg('·', { dim: true });
    return seg(v, read.has(id) ? { bold: true, color: 'cyan' } : {});
  };
  // The asked cell's grid first, then the grids its formula reads, in the order it reads them.
  const order: string[] = [];
  for (const id of [current.id, ...read]) {
    const name = INDEXED.exec(id)?.[1];
    if (name !== undefined && grids.has(name) && !order.includes(name)) order.push(name);
  }
  const blocks = order.map((n) => block(grids.get(n)!, value)).filter((b) => b.width <= width);
  // Side by side while they fit the width, in bands; as many bands as fit the height.
  const lines: Line[] = [];
  const ids = new Set<string>();
  let cropped = false;
  for (let i = 0; i < blocks.length;) {
    let j = i;
    let w = blocks[i]!.width;
    while (j + 1 < blocks.length && w + GAP.length + blocks[j + 1]!.width <= width)
      w += GAP.length + blocks[++j]!.width;
    const band = blocks.slice(i, j + 1);
    const tall = Math.max(...band.map((b) => b.lines.length));
    if (lines.length + (lines.length > 0 ? 1 : 0) + tall > height) {
      cropped = true;
      break;
    }
    if (lines.length > 0) lines.push([]);
    for (let r = 0; r < tall; r++)
      lines.push(band.flatMap((b, n) => [...(n > 0 ? [seg(GAP)] : []), ...pad(b.lines[r] ?? [], b.width)]));
    for (const b of band) for (const id of b.ids) ids.add(id);
    i = j + 1;
  }
  if (lines.length === 0) return undefined;
  return { lines, ids, cropped: cropped || blocks.length < order.length };
}

/** One grid as lines: its name, then its rows (a blank line between channels). */
function block(g: GridOf, value: (id: string) => Seg): { lines: Line[]; width: number; ids: string[] } {
  const at = new Map<string, string>();
  for (const [id, [c, r, k]] of g.cells) at.set(`${c},${r},${k}`, id);
  const cellWidth = Math.max(...[...g.cells.keys()].map((id) => [...value(id).text].length));
  const lines: Line[] = [[seg(g.name, { bold: true })]];
  for (const c of g.channels) {
    if (g.channels.length > 1) lines.push([seg(`channel ${c.replace(/_/g, ', ')}`, { dim: true })]);
    for (let r = 1; r <= g.rows; r++) {
      const row: Seg[] = [];
      for (let k = 1; k <= g.cols; k++) {
        const id = at.get(`${c},${r},${k}`);
        const v = id === undefined ? seg('') : value(id);
        if (k > 1) row.push(seg('  '));
        row.push(seg(' '.repeat(Math.max(0, cellWidth - [...v.text].length))), v);
      }
      lines.push(row);
    }
  }
  return { lines, width: Math.max(...lines.map(lineWidth)), ids: [...g.cells.keys()] };
}

function pad(l: Line, width: number): Line {
  const w = lineWidth(l);
  return w >= width ? l : [...l, seg(' '.repeat(width - w))];
}
