/**
 * A computation graph as a table: one row per variable with its definition (which names its
 * incoming edges), its value and its adjoint df/dv as they become known; `?` marks what is
 * being asked. Undefined when it does not fit.
 *
 *   var   definition       value      df/dvar
 *   x     input            1.5        ·
 *   a     x^2              2.25       ·
 *   b     exp(a)           ?          ·
 */
import type { Step } from '../engine/plan.js';
import { lineWidth, seg } from './lines.js';
import type { Line, Seg } from './lines.js';
import type { Practice } from './practice-plan.js';

export const MAX_GRAPH_ROWS = 12;

export function graphPicture(practice: Practice, known: ReadonlyMap<string, string>, current: Step | undefined, width: number): Line[] | undefined {
  const spec = practice.exercise.spec;
  if (spec.kind !== 'graph') return undefined;
  const vars = [...spec.inputs.map((i) => ({ name: i.name, def: 'input' })), ...spec.nodes.map((nd) => ({ name: nd.name, def: nd.text }))];
  if (vars.length > MAX_GRAPH_ROWS) return undefined;
  const value = (id: string): Seg => {
    if (current && id === current.id) return seg('?', { bold: true, inverse: true });
    const v = known.get(id);
    return v === undefined ? seg('·', { dim: true }) : seg(v);
  };
  const adjointLabel = `d${spec.fn}/d·`;
  const rows: Seg[][] = vars.map((v) => [
    seg(v.name + (v.name === spec.output ? ` = ${spec.fn}` : ''), { bold: true }),
    seg(v.def),
    value(v.name),
    practice.byId.has(`d${spec.fn}/d${v.name}`) ? value(`d${spec.fn}/d${v.name}`) : seg(''),
  ]);
  const header = ['variable', 'definition', 'value', adjointLabel];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => lineWidth([r[i]!]))));
  const gap = '   ';
  const out: Line[] = [[seg(header.map((h, i) => h.padEnd(widths[i]!)).join(gap).trimEnd(), { dim: true })]];
  for (const r of rows) {
    const line: Seg[] = [];
    r.forEach((cell, i) => {
      line.push(cell);
      if (i < r.length - 1) line.push(seg(' '.repeat(widths[i]! - lineWidth([cell]) + gap.length)));
    });
    out.push(line);
  }
  return out.every((l) => lineWidth(l) <= width) ? out : undefined;
}
