/**
 * The handout's picture in TikZ (Debian's texlive-pictures): layers or graph depths as columns,
 * top to bottom in the file's order, each column centred on the same line.
 *
 * Weight labels are where dense layers get illegible: every edge between two columns crosses
 * the middle of the gap. So each label is placed along its edge, one edge at a time, at the
 * point (from 15 % to 85 % of the way) where its box overlaps the labels already placed and
 * the neurons least, then where the fewest other edges pass close by (a label on a crossing could
 * belong to either edge), then nearest the middle. Labels have a white background, so an edge passing
 * behind one never strikes it through. Beyond MAX_LABELLED edges between two layers the labels
 * are left to the weight tables beside the picture.
 */
import { latexName } from '../engine/tex-names.js';
import { latexText } from './latex-text.js';
import { MAX_PICTURE_EDGES } from './picture.js';
import type { Picture, PictureNode } from './picture.js';
import { printExpr } from './print-expr.js';

/** Centimetres between neurons of a column, and between columns. */
const ROW = 1.5;
const MIN_GAP = 3.6;
/** Widest picture before it is scaled to the line (the text width with 2 cm margins is 17 cm). */
const MAX_WIDTH = 16;
/** More edges than this between two layers are drawn without labels. */
const MAX_LABELLED = 64;

export function pictureTikz(p: Picture): string {
  if (p.edges.length > MAX_PICTURE_EDGES) return '';
  // Dense layers need room along the edges for their labels.
  const gaps = p.columns.slice(1).map((c, i) => {
    const most = Math.max(c.nodes.length, p.columns[i]!.nodes.length);
    return p.kind === 'network' ? Math.max(MIN_GAP, 1.25 * most) : MIN_GAP;
  });
  const xs = gaps.reduce<number[]>((acc, g) => [...acc, acc[acc.length - 1]! + g], [0]);
  const tallest = Math.max(...p.columns.map((c) => c.nodes.length));
  const pos = new Map<string, { x: number; y: number; col: number; row: number }>();
  p.columns.forEach((c, col) =>
    c.nodes.forEach((n, row) =>
      pos.set(n.key, { x: xs[col]!, y: ((c.nodes.length - 1) / 2 - row) * ROW, col, row }),
    ),
  );

  const out: string[] = ['\\begin{center}'];
  const width = xs[xs.length - 1]! + 2;
  if (width > MAX_WIDTH) out.push('\\resizebox{\\linewidth}{!}{');
  const shape =
    p.kind === 'network'
      ? 'circle, minimum size=9mm, inner sep=1pt'
      : 'rectangle, rounded corners, minimum height=7mm, minimum width=9mm, inner sep=3pt';
  out.push(
    '\\begin{tikzpicture}[>=stealth,',
    `  neuron/.style={${shape}, draw, thick, fill=white, align=center},`,
    '  weight/.style={fill=white, inner sep=1pt, font=\\scriptsize}]',
  );
  for (const n of p.columns.flatMap((c) => c.nodes)) {
    const at = pos.get(n.key)!;
    out.push(`\\node[neuron] (${id(n.key)}) at (${cm(at.x)},${cm(at.y)}) {${nodeText(p, n)}};`);
  }
  const placed: Box[] = [...pos.values()].map((at) => ({ x: at.x, y: at.y, w: 0.5, h: 0.5 }));
  const perGap = new Map<number, number>();
  for (const e of p.edges) perGap.set(pos.get(e.from)!.col, (perGap.get(pos.get(e.from)!.col) ?? 0) + 1);
  // Labels after every edge, so that no edge is drawn over a label's white background.
  const labels: string[] = [];
  for (const e of p.edges) {
    const from = pos.get(e.from)!;
    const to = pos.get(e.to)!;
    if (e.label !== undefined && perGap.get(from.col)! <= MAX_LABELLED) {
      const others = p.edges
        .filter((o) => o !== e && pos.get(o.from)!.col === from.col)
        .map((o) => [pos.get(o.from)!, pos.get(o.to)!] as const);
      const at = placeLabel(from, to, e.label, placed, others);
      labels.push(`\\node[weight] at (${cm(at.x)},${cm(at.y)}) {$${latexName(e.label)}$};`);
    }
    // An edge that skips a column would run through the nodes between: it arcs over them instead.
    out.push(
      `\\draw[->] (${id(e.from)}) ${to.col - from.col > 1 ? 'to[bend left=30]' : '--'} (${id(e.to)});`,
    );
  }
  out.push(...labels);
  const bottom = -((tallest - 1) / 2) * ROW - (p.kind === 'graph' ? 1.3 : 1.1);
  p.columns.forEach((c, col) => {
    const width = cm(Math.max(2.6, (gaps[col] ?? MIN_GAP) - 0.4));
    const at = `(${cm(xs[col]!)},${cm(bottom)})`;
    const title = latexText(c.title);
    if (title) out.push(`\\node[font=\\small, align=center, text width=${width}cm] at ${at} {${title}};`);
  });
  out.push('\\end{tikzpicture}');
  if (width > MAX_WIDTH) out.push('}');
  out.push('\\end{center}');
  return out.join('\n') + '\n';
}

/** A label's or a neuron's box: centre and half-sizes in centimetres. */
interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Where along the edge its label goes (see the top): its box, also added to `placed`.
 * The width is estimated from the id: a letter and its subscript in \scriptsize.
 */
type Segment = readonly [Point, Point];

function placeLabel(from: Point, to: Point, label: string, placed: Box[], others: readonly Segment[]): Box {
  const w = (0.35 + 0.11 * label.replace(/[^A-Za-z0-9,]/g, '').length) / 2;
  let best = { t: 0.5, cost: Infinity };
  for (let k = 0; k <= 14; k++) {
    const t = 0.15 + 0.05 * k;
    const box = { x: from.x + t * (to.x - from.x), y: from.y + t * (to.y - from.y), w, h: 0.17 };
    // A label on a crossing could belong to either edge: other edges close by cost a little.
    const crossings = others.filter(([a, b]) => distance(box, a, b) < 0.2).length;
    const overlaps = placed.reduce((sum, b) => sum + overlap(box, b), 0);
    const cost = overlaps + 0.02 * crossings + 0.01 * Math.abs(t - 0.5);
    if (cost < best.cost) best = { t, cost };
  }
  const box = { x: from.x + best.t * (to.x - from.x), y: from.y + best.t * (to.y - from.y), w, h: 0.17 };
  placed.push(box);
  return box;
}

interface Point {
  readonly x: number;
  readonly y: number;
}

/** Distance from p to the segment a-b. */
function distance(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

function overlap(a: Box, b: Box): number {
  const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x - a.w, b.x - b.w);
  const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y - a.h, b.y - b.h);
  return dx > 0 && dy > 0 ? dx * dy : 0;
}

function nodeText(p: Picture, n: PictureNode): string {
  const fn = n.fn ? ` = ${latexName(n.fn)}` : '';
  const name = p.kind === 'network' ? `\\textsf{${latexText(n.name)}}` : `$${latexName(n.name)}${fn}$`;
  if (!n.note) return name;
  const note = `$${n.note.kind === 'bias' ? latexName(n.note.text) : printExpr(n.note.expr, 'latex', latexName)}$`;
  // A bias or formula goes under the name, smaller, inside the circle or box.
  return `${name}\\\\${n.note.kind === 'bias' ? '[-2pt]\\tiny' : '\\scriptsize'} ${note}`;
}

/** TikZ node names: a prefix keeps them apart from TikZ's own words; names are [A-Za-z0-9_] already. */
function id(key: string): string {
  return `n-${key.replace(/[^A-Za-z0-9]/g, (c) => `-${c.charCodeAt(0)}-`)}`;
}

function cm(x: number): string {
  return String(Math.round(x * 100) / 100);
}
