/**
 * An unrolled recurrent layer as time columns: one column per time step (t = 0 holds h_0), one row
 * per quantity of a step (the input, the weighted input a, the hidden state h, the output y, and
 * backward dE/dy, dE/dh, dE/da), each value shown as it becomes known; `?` marks what is being
 * asked. A hidden state's gradient reads its own column and the next one's dE/da: the path
 * through time is the picture's next column.
 *
 *   quantity   t=0   t=1      t=2
 *   x                1        2
 *   a                0.5      ?
 *   h          0     0.4621   ·
 */
import type { Step } from '../engine/plan.js';
import { refsOf } from '../engine/expr.js';
import { cell } from '../engine/layers/rnn.js';
import { cellId } from '../engine/layers/types.js';
import { seg } from './lines.js';
import type { Seg } from './lines.js';
import { builtFor, fitPicture } from './picture-fit.js';
import type { PicCell, PicColumn, Picture } from './picture-fit.js';
import type { Practice } from './practice-plan.js';

export function rnnPicture(
  practice: Practice,
  known: ReadonlyMap<string, string>,
  current: Step | undefined,
  width: number,
  height = 13,
): Picture | undefined {
  const spec = practice.exercise.spec;
  if (spec.kind !== 'layers') return undefined;
  const layer = spec.layers.find((l) => l.type === 'rnn');
  if (!layer || layer.type !== 'rnn') return undefined;
  const { hidden: H, outSize: O } = layer.spec;
  const T = spec.input.rows;
  const inputs = spec.input.cols;
  const value = (id: string | undefined): Seg => {
    if (id === undefined) return seg('');
    if (current && id === current.id) return seg('?', { bold: true, inverse: true });
    const v = known.get(id);
    return v === undefined ? seg('·', { dim: true }) : seg(v);
  };
  const has = (id: string) => practice.byId.has(id) || known.has(id);
  // One row per quantity and unit: its label, and its id at time t (undefined where it has none).
  const rows: Array<{ label: string; at: (t: number) => string | undefined }> = [
    ...Array.from({ length: inputs }, (_, i) => ({
      label: inputs === 1 ? 'x' : `x_${i + 1}`,
      at: (t: number) => (t === 0 ? undefined : cellId(spec.input, 0, t - 1, i)),
    })),
    ...unitRows('a', H, (t, k) => (t === 0 ? undefined : cell('a', t, k, H))),
    ...unitRows('h', H, (t, k) => cell('h', t, k, H)),
    ...unitRows(layer.name, O, (t, o) => (t === 0 ? undefined : cell(layer.name, t, o, O))),
    ...unitRows(`dE/d${layer.name}`, O, (t, o) => (t === 0 ? undefined : `dE/d${cell(layer.name, t, o, O)}`)),
    ...unitRows('dE/dh', H, (t, k) => (t === 0 ? undefined : `dE/d${cell('h', t, k, H)}`)),
    ...unitRows('dE/da', H, (t, k) => (t === 0 ? undefined : `dE/d${cell('a', t, k, H)}`)),
  ].filter((r) => Array.from({ length: T + 1 }, (_, t) => r.at(t)).some((id) => id !== undefined && has(id)));
  const pc = (id: string | undefined): PicCell => ({
    line: [value(id !== undefined && has(id) ? id : undefined)],
    ids: id ? [id] : [],
  });
  const columns = builtFor(known, `rnn\u0000${current?.id ?? ''}`, (): PicColumn[] => [
    { header: 'quantity', cells: rows.map((r) => ({ line: [seg(r.label, { bold: true })], ids: [] })) },
    ...Array.from({ length: T + 1 }, (_, t) => ({ header: `t=${t}`, cells: rows.map((r) => pc(r.at(t))) })),
  ]);
  return fitPicture(columns, current ? [current.id, ...refsOf(current.expr)] : [], width, height);
}

function unitRows(name: string, size: number, at: (t: number, k: number) => string | undefined) {
  return Array.from({ length: size }, (_, k) => ({
    label: size === 1 ? name : `${name}_${k + 1}`,
    at: (t: number) => at(t, k),
  }));
}
