/**
 * The network as a small text picture: layers as columns with their neurons and the values
 * known so far (weighted input, output, delta), and between two layers a column listing the
 * weights on those edges (`w5 C→F 0.2`, then `→0.2373` once updated). The quantity being asked
 * is marked `?`. Undefined when it does not fit the width.
 *
 *   input      weights         hidden        weights         output
 *   A x 0.23   w1 A→C 0.1      C z 0.351     w5 C→F 0.2      F z ·
 *   B x 0.82   w2 A→D 0.5        y 0.5868    w6 D→F 0.6        y ·
 */
import type { NetworkSpec } from '../engine/model.js';
import type { Step } from '../engine/plan.js';
import { lineWidth, seg } from './lines.js';
import type { Line, Seg } from './lines.js';
import type { Practice } from './practice-plan.js';

export const MAX_PICTURE_ROWS = 14;

type Cell = Line;

export function networkPicture(practice: Practice, known: ReadonlyMap<string, string>, current: Step | undefined, width: number): Line[] | undefined {
  const spec = practice.exercise.spec;
  if (spec.kind !== 'network') return undefined;
  for (const arrows of [true, false]) {
    for (const updates of [true, false]) {
      const lines = build(practice, spec, known, current, { arrows, updates });
      if (lines.length > MAX_PICTURE_ROWS + 1) return undefined;
      if (lines.every((l) => lineWidth(l) <= width)) return lines;
    }
  }
  return undefined;
}

function build(practice: Practice, spec: NetworkSpec, known: ReadonlyMap<string, string>, current: Step | undefined, opts: { arrows: boolean; updates: boolean }): Line[] {
  const { exercise, plan } = practice;
  const n = exercise.notation;
  const k = current?.iteration ?? Math.max(1, ...practice.steps.map((s) => s.iteration));
  const stepsK = plan.iteration(k);
  const multi = spec.examples.length > 1;
  const online = spec.training.mode === 'online' && k <= plan.iterations;
  const example = current?.example ?? (online ? ((k - 1) % spec.examples.length) + 1 : 1);
  const tag = multi ? `[${example}]` : '';
  const outputs = spec.layers[spec.layers.length - 1]!.neurons;

  const value = (id: string | undefined): Seg => {
    if (id === undefined) return seg('·', { dim: true });
    if (current && id === current.id) return seg('?', { bold: true, inverse: true });
    const v = known.get(id);
    return v === undefined ? seg('·', { dim: true }) : seg(v);
  };
  const stepFor = (neuron: string, role: Step['role']) => {
    const matches = stepsK.filter((s) => s.neuron === neuron && s.role === role);
    return (matches.find((s) => s.example === current?.example) ?? matches.find((s) => s.example === example) ?? matches[0])?.id;
  };
  const carried = new Set(plan.carried);
  const paramAt = (id: string, iteration: number) => (iteration === 1 || !carried.has(id) ? id : `${id}@${iteration}`);

  const columns: Array<{ header: string; cells: Cell[] }> = [];
  spec.layers.forEach((layer, li) => {
    const cells: Cell[] = [];
    for (const neuron of layer.neurons) {
      const pad = ' '.repeat(neuron.length);
      if (li === 0) {
        cells.push([seg(neuron, { bold: true }), seg(` ${n.input} `), value(`${n.input}_${neuron}${tag}`)]);
        continue;
      }
      const rows: Array<[string, string | undefined]> = [
        [n.preactivation, stepFor(neuron, 'preactivation')],
        [n.activation, stepFor(neuron, 'activation')],
      ];
      const delta = stepFor(neuron, 'delta');
      if (delta) rows.push(['δ', delta]);
      const bias = spec.biases.find((b) => b.neuron === neuron);
      if (bias) rows.push([n.bias, paramAt(bias.id, k)]);
      if (li === spec.layers.length - 1 && outputs.length > 0) {
        const t = outputs.length === 1 ? n.target : `${n.target}_${neuron}`;
        if (plan.givens.some((g) => g.id === `${t}${tag}`)) rows.push([n.target, `${t}${tag}`]);
      }
      rows.forEach(([label, id], i) => cells.push([seg(i === 0 ? neuron : pad, { bold: i === 0 }), seg(` ${label} `), value(id)]));
    }
    columns.push({ header: layer.name, cells });
    if (li < spec.layers.length - 1) {
      const next = new Set(spec.layers[li + 1]!.neurons);
      const here = new Set(layer.neurons);
      const ws = spec.weights.filter((w) => here.has(w.from) && next.has(w.to));
      if (ws.length > 0) {
        columns.push({
          header: 'weights',
          cells: ws.map((w) => {
            const cell: Seg[] = [seg(w.id, { bold: true }), seg(opts.arrows ? ` ${w.from}→${w.to} ` : ' '), value(paramAt(w.id, k))];
            const updated = `${w.id}@${k + 1}`;
            if (opts.updates && k <= plan.iterations && (known.has(updated) || current?.id === updated)) cell.push(seg('→'), value(updated));
            return cell;
          }),
        });
      }
    }
  });

  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map(lineWidth)));
  const height = Math.max(...columns.map((c) => c.cells.length));
  const gap = '   ';
  const out: Line[] = [];
  out.push([seg(columns.map((c, i) => c.header.padEnd(widths[i]!)).join(gap).trimEnd(), { dim: true })]);
  for (let r = 0; r < height; r++) {
    const line: Seg[] = [];
    columns.forEach((c, i) => {
      const cell = c.cells[r] ?? [];
      line.push(...cell);
      const fill = widths[i]! - lineWidth(cell) + (i < columns.length - 1 ? gap.length : 0);
      if (i < columns.length - 1) line.push(seg(' '.repeat(fill)));
    });
    out.push(trimEnd(line));
  }
  return out;
}

function trimEnd(l: Seg[]): Line {
  const out = [...l];
  while (out.length > 0 && out[out.length - 1]!.text.trim() === '') out.pop();
  return out;
}
