/**
 * The network section to the engine's model: layers, weights (named or as matrices) and biases,
 * with every problem the format cannot see (a weight into a neuron that does not exist, a matrix
 * of the wrong shape) reported at its place. Training, loss and examples have modules of their own.
 */
import type { Bias, Layer, NetworkSpec, Weight } from '../engine/model.js';
import { ACTIVATION_NAMES, activationOf, DEFAULT_ACTIVATION } from '../engine/operations/table.js';
import type { At } from './build-report.js';
import { examplesOf } from './build-examples.js';
import { lossOf, trainingOf } from './build-training.js';
import { signOfText } from './decimal-text.js';
import type { ExerciseData } from './schema.js';
import { closest } from './suggest.js';

// The activations that take a `slope` (y = a z below 0).
const SLOPED = ACTIVATION_NAMES.filter((a) => activationOf(a).slopeDefault !== undefined);

type Net = NonNullable<ExerciseData['network']>;

export function network(d: ExerciseData, at: At): NetworkSpec {
  const net = d.network!;
  const { layers, layerOf } = layersOf(net, at);
  const wiring = wiringOf(d, layers, layerOf, at);
  namedWeights(net, wiring);
  (net.matrices ?? []).forEach((m, mi) => matrixWeights(m, mi, wiring));
  biasesOf(net, wiring);
  sharedBiases(net, wiring);
  const { weights, biases } = wiring;
  if (weights.length === 0 && !net.weights && !net.matrices)
    at(['network'], 'missing-key', 'the network has no weights', 'add `weights:` or `matrices:`', true);
  const training = trainingOf(d, layers, at);
  const examples = examplesOf(d, layers, at);
  const loss = d.loss ? lossOf(d.loss, layers[layers.length - 1]!, examples, at) : undefined;
  return { kind: 'network', layers, weights, biases, examples, ...(loss ? { loss } : {}), training };
}

function layersOf(net: Net, at: At): { layers: Layer[]; layerOf: Map<string, number> } {
  const layerOf = new Map<string, number>();
  const layers: Layer[] = net.layers.map((l, i) => {
    if (i === 0 && l.activation !== undefined)
      at.value(
        ['network', 'layers', 0, 'activation'],
        'bad-value',
        'the input layer has no activation',
        'remove `activation` from the first layer',
      );
    l.neurons.forEach((n, j) => {
      if (layerOf.has(n))
        at(
          ['network', 'layers', i, 'neurons', j],
          'bad-value',
          `neuron "${n}" is named twice`,
          'give every neuron its own name',
        );
      layerOf.set(n, i);
    });
    const activation = l.activation ?? DEFAULT_ACTIVATION;
    // Which activations take a slope is in their records (engine/operations/).
    const slopeDefault = activationOf(activation).slopeDefault;
    if (l.slope !== undefined && slopeDefault === undefined)
      at.value(
        ['network', 'layers', i, 'slope'],
        'bad-value',
        `\`slope\` belongs to the ${SLOPED.join(' or ')} activation`,
        `remove it, or use \`activation: ${SLOPED[0]}\``,
        true,
      );
    if (l.slope !== undefined && signOfText(l.slope) < 0)
      at.value(
        ['network', 'layers', i, 'slope'],
        'bad-value',
        `the slope below 0 cannot be negative, not ${l.slope}`,
        'typical values are 0.01 to 0.3',
      );
    if (activation === 'softmax' && i !== net.layers.length - 1)
      at(
        ['network', 'layers', i, 'activation'],
        'unsupported',
        'softmax belongs on the output layer',
        `use ${DEFAULT_ACTIVATION} or another activation in hidden layers`,
      );
    if (
      activation === 'softmax' &&
      i === net.layers.length - 1 &&
      net.layers.some((x) => x.neurons.includes('max'))
    )
      at(
        ['network', 'layers', i, 'activation'],
        'bad-value',
        'with a softmax the step z_max is the largest weighted input, so no neuron can be named "max"',
        'rename that neuron',
      );
    if (activation === 'softmax' && i === net.layers.length - 1 && l.neurons.length < 2)
      at(
        ['network', 'layers', i, 'activation'],
        'bad-value',
        'a softmax over one neuron is always 1',
        'give the output layer two or more neurons, or use sigmoid',
      );
    return {
      name: l.name ?? String(i),
      neurons: l.neurons,
      activation,
      ...(slopeDefault !== undefined ? { slope: l.slope ?? slopeDefault } : {}),
    };
  });
  return { layers, layerOf };
}

/** What the weight and bias readers share: the layers, the weights so far and the hints. */
interface Wiring {
  readonly at: At;
  readonly layers: readonly Layer[];
  readonly layerOf: ReadonlyMap<string, number>;
  readonly layerByName: ReadonlyMap<string, number>;
  readonly weights: Weight[];
  readonly biases: Bias[];
  readonly addWeight: (w: Weight, path: Array<string | number>) => void;
  readonly biasId: (neuron: string) => string;
  readonly neuronHint: (n: string, fits?: (layer: number) => boolean) => string;
}

function wiringOf(d: ExerciseData, layers: Layer[], layerOf: Map<string, number>, at: At): Wiring {
  const net = d.network!;
  const layerByName = new Map(layers.map((l, i) => [l.name, i]));
  // Suggestions only from neurons that could stand there: a weight's target is never an input.
  const inLayers = (ok: (layer: number) => boolean) =>
    [...layerOf].filter(([, l]) => ok(l)).map(([name]) => name);
  const neuronHint = (n: string, fits: (layer: number) => boolean = () => true) => {
    const candidates = inLayers(fits);
    const g = closest(n, candidates);
    return g
      ? `did you mean "${g}"? (neurons that fit here: ${candidates.join(', ')})`
      : `the neurons that fit here are ${candidates.join(', ')}`;
  };

  const weights: Weight[] = [];
  const pairs = new Set<string>();
  const addWeight = (w: Weight, path: Array<string | number>) => {
    const pair = `${w.from}->${w.to}`;
    if (pairs.has(pair))
      at(
        path,
        'bad-value',
        `a second weight from ${w.from} to ${w.to}`,
        'each pair of neurons has at most one weight',
        true,
      );
    pairs.add(pair);
    weights.push(w);
  };
  const biases: Bias[] = [];
  // With a single non-input neuron every id drops its subscript (docs/step-ids.md): b, not b_out.
  const singleNeuron = net.layers.slice(1).reduce((s, l) => s + l.neurons.length, 0) === 1;
  const biasId = (n: string) =>
    singleNeuron ? (d.notation?.bias ?? 'b') : `${d.notation?.bias ?? 'b'}_${n}`;
  return { at, layers, layerOf, layerByName, weights, biases, addWeight, biasId, neuronHint };
}

function namedWeights(net: Net, { at, layers, layerOf, neuronHint, addWeight }: Wiring): void {
  for (const [id, w] of Object.entries(net.weights ?? {})) {
    const f = layerOf.get(w.from);
    const t = layerOf.get(w.to);
    if (f === undefined)
      at(
        ['network', 'weights', id, 'from'],
        'unknown-neuron',
        `weight ${id} leaves neuron "${w.from}", which does not exist`,
        neuronHint(w.from, (l) => (t === undefined ? l < layers.length - 1 : l === t - 1)),
      );
    if (t === undefined)
      at(
        ['network', 'weights', id, 'to'],
        'unknown-neuron',
        `weight ${id} enters neuron "${w.to}", which does not exist`,
        neuronHint(w.to, (l) => (f === undefined ? l > 0 : l === f + 1)),
      );
    if (f !== undefined && t !== undefined && t !== f + 1)
      at(
        ['network', 'weights', id],
        'bad-value',
        `weight ${id} must connect a neuron to one in the next layer (${w.from} is in layer ${f + 1}, ${w.to} in layer ${t + 1})`,
        'weights go from one layer to the next',
        true,
      );
    if (f !== undefined && t !== undefined && t === f + 1)
      addWeight({ id, from: w.from, to: w.to, value: w.value }, ['network', 'weights', id]);
  }
}

function matrixWeights(m: NonNullable<Net['matrices']>[number], mi: number, wiring: Wiring): void {
  const { at, layers, layerByName, biases, biasId, addWeight } = wiring;
  const base = ['network', 'matrices', mi];
  const fi = layerByName.get(m.from);
  const ti = layerByName.get(m.to);
  // Suggestions only from layers that could stand there: a matrix never enters the input layer.
  const layerHint = (n: string, names: string[]) => {
    const g = closest(n, names);
    return g
      ? `did you mean "${g}"? (layers that fit here: ${names.join(', ')})`
      : `layers that fit here: ${names.join(', ')}`;
  };
  // A matrix's rows leave any layer but the last; its columns enter any layer but the first.
  const ends = [
    ['from', m.from, fi, layers.slice(0, -1)],
    ['to', m.to, ti, layers.slice(1)],
  ] as const;
  for (const [key, named, index, fitting] of ends)
    if (index === undefined)
      at(
        [...base, key],
        'unknown-layer',
        `no layer is named "${named}"`,
        layerHint(
          named,
          fitting.map((l) => l.name),
        ),
      );
  if (fi === undefined || ti === undefined) return;
  if (ti !== fi + 1)
    return at(
      [...base, 'to'],
      'bad-value',
      `a matrix connects a layer to the next one ("${m.from}" is layer ${fi + 1}, "${m.to}" layer ${ti + 1})`,
    );
  const from = layers[fi]!.neurons;
  const to = layers[ti]!.neurons;
  const expectRows = from.length + (m.bias_row ? 1 : 0);
  // A matrix of the wrong shape is reported, and built padded with zeros (extra values left
  // out): its weight ids come from the layers' neurons, so the steps stay those meant.
  if (m.rows.length !== expectRows)
    at.value(
      [...base, 'rows'],
      'wrong-count',
      `the matrix has ${m.rows.length} row${m.rows.length === 1 ? '' : 's'}; it needs ${expectRows} ` +
        `(${m.bias_row ? 'a bias row, then ' : ''}one per neuron of "${m.from}")`,
    );
  m.rows.forEach((row, r) => {
    if (row.length !== to.length && r < expectRows)
      at.value(
        [...base, 'rows', r],
        'wrong-count',
        `row ${r + 1} has ${row.length} value${row.length === 1 ? '' : 's'}; it needs ${to.length} (one per neuron of "${m.to}")`,
      );
  });
  for (let r = 0; r < expectRows; r++) {
    to.forEach((target, c) => {
      const v = m.rows[r]?.[c] ?? '0';
      if (m.bias_row && r === 0) biases.push({ id: biasId(target), neuron: target, value: v });
      else {
        const src = from[r - (m.bias_row ? 1 : 0)]!;
        const path = m.rows[r]?.[c] === undefined ? [...base, 'rows'] : [...base, 'rows', r, c];
        addWeight({ id: `w_${src}_${target}`, from: src, to: target, value: v }, path);
      }
    });
  }
}

function biasesOf(net: Net, { at, layerOf, neuronHint, biases, biasId }: Wiring): void {
  for (const [n, v] of Object.entries(net.biases ?? {})) {
    const l = layerOf.get(n);
    if (l === undefined)
      at(
        ['network', 'biases', n],
        'unknown-neuron',
        `bias for neuron "${n}", which does not exist`,
        neuronHint(n, (l) => l > 0),
        true,
      );
    else if (l === 0)
      at(['network', 'biases', n], 'bad-value', `"${n}" is an input; inputs have no bias`, undefined, true);
    else if (biases.some((b) => b.neuron === n))
      at(
        ['network', 'biases', n],
        'bad-value',
        `neuron "${n}" already has a bias from a matrix's bias row`,
        undefined,
        true,
      );
    else biases.push({ id: biasId(n), neuron: n, value: v });
  }
}

/** One bias for a whole layer, named as the source names it; no neuron of it may have its own. */
function sharedBiases(net: Net, { at, layers, layerByName, biases, weights }: Wiring): void {
  for (const [id, { layer, value }] of Object.entries(net.shared_biases ?? {})) {
    const path = ['network', 'shared_biases', id];
    const l = layerByName.get(layer);
    const taken = [...weights.map((w) => w.id), ...biases.map((b) => b.id)];
    if (l === undefined || l === 0)
      at(
        [...path, 'layer'],
        l === 0 ? 'bad-value' : 'unknown-layer',
        l === 0 ? `"${layer}" is the input layer; inputs have no bias` : `there is no layer "${layer}"`,
        `the layers that can have a bias are ${layers
          .slice(1)
          .map((x) => x.name)
          .join(', ')}`,
        true,
      );
    else if (taken.includes(id))
      at(
        path,
        'bad-value',
        `"${id}" already names a weight or a bias`,
        'give the shared bias its own name',
        true,
      );
    else {
      const neurons = layers[l]!.neurons;
      const own = biases.find((b) => neurons.includes(b.neuron));
      if (own)
        at(
          path,
          'bad-value',
          `neuron "${own.neuron}" of layer "${layer}" already has its own bias ${own.id}`,
          'a layer has either one shared bias or a bias per neuron',
          true,
        );
      else biases.push({ id, neuron: neurons[0]!, value, shared: neurons });
    }
  }
}
