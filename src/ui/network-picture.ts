/**
 * The network as a small text picture: layers as columns with their neurons and the values
 * known so far (weighted input, output, delta), and between two layers a column listing the
 * weights on those edges (`w5 C→F 0.2`, then `→0.2373` once updated). The quantity being asked
 * is marked `?`. When it does not fit, a window around the asked quantity (picture-fit.ts).
 *
 *   input      weights         hidden        weights         output
 *   A x 0.23   w1 A→C 0.1      C z 0.351     w5 C→F 0.2      F z ·
 *   B x 0.82   w2 A→D 0.5        y 0.5868    w6 D→F 0.6        y ·
 */
import type { NetworkSpec } from '../engine/model.js';
import type { Step } from '../engine/plan.js';
import { refsOf } from '../engine/expr.js';
import { neuronLabel } from '../engine/tex-names.js';
import { seg } from './lines.js';
import type { Seg } from './lines.js';
import { builtFor, fitPicture } from './picture-fit.js';
import type { PicCell, PicColumn, Picture } from './picture-fit.js';
import type { Practice } from './practice-plan.js';

export function networkPicture(
  practice: Practice,
  known: ReadonlyMap<string, string>,
  current: Step | undefined,
  width: number,
  height = 15,
): Picture | undefined {
  const spec = practice.exercise.spec;
  if (spec.kind !== 'network') return undefined;
  const focus = current ? [current.id, ...refsOf(current.expr)] : [];
  let last: Picture | undefined;
  for (const [arrows, updates] of [
    [true, true],
    [false, true],
    [false, false],
  ] as const) {
    const columns = builtFor(known, `${current?.id ?? ''}\u0000${arrows}\u0000${updates}`, () =>
      build(practice, spec, known, current, { arrows, updates }),
    );
    last = fitPicture(columns, focus, width, height);
    if (!last || !last.cropped) return last;
  }
  return last;
}

/**
 * The walkthrough's steps of each iteration by neuron and role, once per practice: looking them
 * up by scanning (or rebuilding) an iteration of 25,000 steps for each of 128 neurons made every
 * keystroke on a 64-64-64 network take most of a second.
 */
const indexes = new WeakMap<Practice, Map<number, Map<string, Step[]>>>();
function stepsByNeuron(practice: Practice, k: number): ReadonlyMap<string, Step[]> {
  let byIteration = indexes.get(practice);
  if (!byIteration) {
    byIteration = new Map();
    for (const s of practice.steps) {
      if (s.neuron === undefined) continue;
      let m = byIteration.get(s.iteration);
      if (!m) byIteration.set(s.iteration, (m = new Map<string, Step[]>()));
      const key = `${s.neuron}\u0000${s.role}`;
      const list = m.get(key);
      if (list) list.push(s);
      else m.set(key, [s]);
    }
    indexes.set(practice, byIteration);
  }
  return byIteration.get(k) ?? new Map();
}

/** The last iteration the walkthrough works through (a loop: no spread over its steps). */
function lastIteration(practice: Practice): number {
  let k = 1;
  for (const s of practice.steps) if (s.iteration > k) k = s.iteration;
  return k;
}

function build(
  practice: Practice,
  spec: NetworkSpec,
  known: ReadonlyMap<string, string>,
  current: Step | undefined,
  opts: { arrows: boolean; updates: boolean },
): PicColumn[] {
  const { exercise, plan } = practice;
  const n = exercise.notation;
  const k = current?.iteration ?? lastIteration(practice);
  const byNeuron = stepsByNeuron(practice, k);
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
    const matches = byNeuron.get(`${neuron}\u0000${role}`) ?? [];
    return (
      matches.find((s) => s.example === current?.example) ??
      matches.find((s) => s.example === example) ??
      matches[0]
    )?.id;
  };
  const carried = new Set(plan.carried);
  const paramAt = (id: string, iteration: number) =>
    iteration === 1 || !carried.has(id) ? id : `${id}@${iteration}`;

  const givenSymbols = new Map(plan.givens.map((g) => [g.id, g.symbol]));
  const columns: PicColumn[] = [];
  spec.layers.forEach((layer, li) => {
    const cells: PicCell[] = [];
    for (const neuron of layer.neurons) {
      if (li === 0) {
        cells.push(inputCell(neuron, `${n.input}_${neuron}${tag}`, n.input, multi, givenSymbols, value));
        continue;
      }
      const name = neuronLabel(neuron);
      const pad = ' '.repeat(name.length);
      const rows: Array<[string, string | undefined]> = [
        [n.preactivation, stepFor(neuron, 'preactivation')],
        [n.activation, stepFor(neuron, 'activation')],
      ];
      const delta = stepFor(neuron, 'delta');
      if (delta) rows.push(['δ', delta]);
      const bias = spec.biases.find((b) => (b.shared ?? [b.neuron]).includes(neuron));
      if (bias) rows.push([n.bias, paramAt(bias.id, k)]);
      if (li === spec.layers.length - 1 && outputs.length > 0) {
        const t = outputs.length === 1 ? n.target : `${n.target}_${neuron}`;
        if (plan.givens.some((g) => g.id === `${t}${tag}`)) rows.push([n.target, `${t}${tag}`]);
      }
      rows.forEach(([label, id], i) =>
        cells.push({
          line: [seg(i === 0 ? name : pad, { bold: i === 0 }), seg(` ${label} `), value(id)],
          ids: id ? [id] : [],
        }),
      );
    }
    columns.push({ header: layer.name, cells });
    if (li < spec.layers.length - 1) {
      const weights = weightsColumn(spec, li, { value, paramAt, k, known, current, opts, plan });
      if (weights) columns.push(weights);
    }
  });

  return columns;
}

/**
 * An input neuron's cell. Apart from build, as the weights column is, to keep build to the
 * walk over the layers.
 */
function inputCell(
  neuron: string,
  id: string,
  inputSymbol: string,
  multi: boolean,
  givenSymbols: ReadonlyMap<string, string>,
  value: (id: string | undefined) => Seg,
): PicCell {
  // With several examples the picture shows one row of the data: its inputs are named as
  // the question names them (x_1[2]), not #1 and #2, which read as row numbers.
  const symbol = multi ? givenSymbols.get(id) : undefined;
  return {
    line: symbol
      ? [seg(symbol, { bold: true }), seg(' '), value(id)]
      : [seg(neuronLabel(neuron), { bold: true }), seg(` ${inputSymbol} `), value(id)],
    ids: [id],
  };
}

/**
 * The column of the weights from layer `li` to the next (undefined when there are none), each
 * with its value at iteration k and, when asked for and reached, its updated value.
 */
function weightsColumn(
  spec: NetworkSpec,
  li: number,
  c: {
    value: (id: string | undefined) => Seg;
    paramAt: (id: string, iteration: number) => string;
    k: number;
    known: ReadonlyMap<string, string>;
    current: Step | undefined;
    opts: { arrows: boolean; updates: boolean };
    plan: { iterations: number };
  },
): PicColumn | undefined {
  const { value, paramAt, k, known, current, opts, plan } = c;
  const next = new Set(spec.layers[li + 1]!.neurons);
  const here = new Set(spec.layers[li]!.neurons);
  const ws = spec.weights.filter((w) => here.has(w.from) && next.has(w.to));
  if (ws.length === 0) return undefined;
  return {
    header: 'weights',
    cells: ws.map((w) => {
      const cell: Seg[] = [
        seg(w.id, { bold: true }),
        seg(opts.arrows ? ` ${neuronLabel(w.from)}→${neuronLabel(w.to)} ` : ' '),
        value(paramAt(w.id, k)),
      ];
      const ids = [paramAt(w.id, k)];
      const updated = `${w.id}@${k + 1}`;
      if (opts.updates && k <= plan.iterations && (known.has(updated) || current?.id === updated)) {
        cell.push(seg('→'), value(updated));
        ids.push(updated);
      }
      return { line: cell, ids };
    }),
  };
}
