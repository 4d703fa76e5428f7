/**
 * Where in the file a warning about a step, a weight or a neuron should point: the `steps:`
 * entry when the author wrote one, otherwise the definition the step comes from (the weight,
 * the neuron, the graph node), otherwise the section that produces it.
 */
import type { Exercise } from '../engine/model.js';
import type { Step } from '../engine/plan.js';
import type { SourceRange } from '../exercise/errors.js';
import type { Plain, YamlSource } from '../exercise/yaml-source.js';

export interface Locator {
  step(step: Step): SourceRange;
  weight(id: string): SourceRange;
  neuron(name: string): SourceRange;
  /** A graph input or node. */
  variable(name: string): SourceRange;
}

const get = (v: Plain | undefined, key: string | number): Plain | undefined => {
  if (v === null || v === undefined || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) return typeof key === 'number' ? v[key] : undefined;
  return Object.prototype.hasOwnProperty.call(v, key) ? v[String(key)] : undefined;
};

/** Where each neuron is written: its layer's index and name, and its place in the layer. */
type NeuronPlaces = Map<string, { layer: number; index: number; layerName: string }>;

function neuronPlaces(layers: readonly Plain[]): NeuronPlaces {
  const places: NeuronPlaces = new Map();
  layers.forEach((l, i) => {
    const neurons = (get(l, 'neurons') as Plain[] | undefined) ?? [];
    const name = get(l, 'name');
    neurons.forEach((n, j) =>
      places.set(typeof n === 'object' ? JSON.stringify(n) : String(n), {
        layer: i,
        index: j,
        layerName: typeof name === 'string' ? name : String(i),
      }),
    );
  });
  return places;
}

/** A weight's or bias's place: under `weights:`/`biases:`, or its cell in a matrix. */
function parameterRange(ex: Exercise, src: YamlSource, places: NeuronPlaces): (id: string) => SourceRange {
  const network = get(src.value, 'network');
  // By id, not by scanning: a warning per step of a large network would make this quadratic.
  const weightById = new Map(
    ex.spec.kind === 'network' ? ex.spec.weights.map((w) => [w.id, w] as const) : [],
  );
  const biasById = new Map(ex.spec.kind === 'network' ? ex.spec.biases.map((b) => [b.id, b] as const) : []);
  const matrices = (get(network, 'matrices') as Plain[] | undefined) ?? [];
  const inMatrix = (test: (m: Plain) => boolean, cell: (m: Plain) => [number, number]) => {
    const mi = matrices.findIndex(test);
    return mi < 0 ? undefined : src.rangeAt(['network', 'matrices', mi, 'rows', ...cell(matrices[mi]!)]);
  };
  return (id) => {
    if (get(get(network, 'weights'), id) !== undefined) return src.keyRangeAt(['network', 'weights', id]);
    const w = weightById.get(id);
    const from = w && places.get(w.from);
    const to = w && places.get(w.to);
    if (from && to) {
      const at = inMatrix(
        (m) => get(m, 'from') === from.layerName && get(m, 'to') === to.layerName,
        (m) => [from.index + (get(m, 'bias_row') === true ? 1 : 0), to.index],
      );
      if (at) return at;
    }
    // A bias given in a matrix's bias row, or in `biases:`.
    const b = biasById.get(id);
    if (b) {
      if (get(get(network, 'biases'), b.neuron) !== undefined)
        return src.keyRangeAt(['network', 'biases', b.neuron]);
      const into = places.get(b.neuron);
      const at =
        into &&
        inMatrix(
          (m) => get(m, 'to') === into.layerName && get(m, 'bias_row') === true,
          () => [0, into.index],
        );
      if (at) return at;
    }
    return src.keyRangeAt(['network']);
  };
}

export function locator(ex: Exercise, src: YamlSource): Locator {
  const raw = src.value;
  const layerOfNeuron = neuronPlaces((get(get(raw, 'network'), 'layers') as Plain[] | undefined) ?? []);
  const neuron = (name: string): SourceRange => {
    const at = layerOfNeuron.get(name);
    return at
      ? src.rangeAt(['network', 'layers', at.layer, 'neurons', at.index])
      : src.keyRangeAt(['network']);
  };
  const weight = parameterRange(ex, src, layerOfNeuron);

  const variable = (name: string): SourceRange => {
    if (get(get(get(raw, 'graph'), 'nodes'), name) !== undefined)
      return src.keyRangeAt(['graph', 'nodes', name]);
    if (get(get(get(raw, 'graph'), 'inputs'), name) !== undefined)
      return src.keyRangeAt(['graph', 'inputs', name]);
    return src.keyRangeAt(['graph']);
  };

  const step = (s: Step): SourceRange => {
    if (get(get(raw, 'steps'), s.id) !== undefined) return src.keyRangeAt(['steps', s.id]);
    if (ex.spec.kind === 'graph') {
      // d<node>/d<input>: the node's formula; d<f>/d<v> and nodes themselves: the variable.
      const partial = /^d(.+)\/d(.+)$/.exec(s.id);
      return variable(
        s.role === 'adjoint'
          ? (partial?.[2] ?? s.id)
          : s.role === 'local-partial'
            ? (partial?.[1] ?? s.id)
            : s.id,
      );
    }
    if (ex.spec.kind === 'layers') {
      // A cell of a layer's output (Y_1_2, dE/dY_1_2): that layer in the stack; else the section.
      const family = s.id.replace(/^dE\/d/, '').replace(/(_\d+)+(@\d+)?$/, '');
      const at = ex.spec.layers.findIndex((l) => l.name === family);
      return at >= 0 ? src.rangeAt(['layers', 'stack', at]) : src.keyRangeAt(['layers']);
    }
    if (s.param !== undefined) return weight(s.param);
    if (s.neuron !== undefined) return neuron(s.neuron);
    if (s.role === 'error' || s.role === 'cost')
      return get(raw, 'loss') !== undefined ? src.keyRangeAt(['loss']) : src.rangeAt([]);
    return src.keyRangeAt(['training']);
  };

  return { step, weight, neuron, variable };
}
