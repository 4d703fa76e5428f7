/**
 * From schema-valid data to the engine's model: defaults filled in, names resolved, and every
 * problem the schema cannot see (a weight to a neuron that does not exist, a cycle in a graph)
 * reported at its place in the file.
 */
import { refsOf } from '../engine/expr.js';
import { DEFAULT_NOTATION } from '../engine/model.js';
import type {
  Notation,
  Bias,
  Example,
  Exercise,
  GraphNode,
  Layer,
  NetworkSpec,
  GraphSpec,
  StepNote,
  Training,
  VariantRule,
  Weight,
  Loss,
  Optimiser,
} from '../engine/model.js';
import { parseExpr } from '../engine/parse-expr.js';
import { ACTIVATION_NAMES, activationOf, DEFAULT_ACTIVATION } from '../engine/operations/table.js';
import { decimalAt, DEFAULT_WORKING_PRECISION } from '../engine/numbers.js';
import { signOfText } from './decimal-text.js';
import type { Problem } from './errors.js';
import type { ExerciseData } from './schema.js';
import { closest } from './suggest.js';
import type { YamlSource } from './yaml-source.js';

// The activations that take a `slope` (y = a z below 0).
const SLOPED = ACTIVATION_NAMES.filter((a) => activationOf(a).slopeDefault !== undefined);

/**
 * The exercise is built whenever every problem is `valueOnly` (a number out of range, a setting
 * that is ignored): its steps are then those the author meant, so `check` can go on to the
 * checks that name steps. A problem in the structure (a weight into a missing neuron) leaves
 * the exercise unbuilt.
 */
export function normalise(
  d: ExerciseData,
  src: YamlSource,
): { exercise?: Exercise; problems: Problem[]; valueOnly: ReadonlySet<Problem> } {
  const problems: Problem[] = [];
  const valueOnly = new Set<Problem>();
  const push = (
    path: Array<string | number>,
    code: Problem['code'],
    message: string,
    hint?: string,
    key = false,
  ) => {
    const p: Problem = {
      code,
      message,
      ...(hint ? { hint } : {}),
      range: key ? src.keyRangeAt(path) : src.rangeAt(path),
    };
    problems.push(p);
    return p;
  };
  const at: At = Object.assign((...args: Parameters<typeof push>) => void push(...args), {
    value: (...args: Parameters<typeof push>) => void valueOnly.add(push(...args)),
  });

  // Shown digits must be computed digits: keep 5 of the working precision in reserve.
  const working = d.precision?.working ?? DEFAULT_WORKING_PRECISION;
  for (const key of ['decimals', 'significant'] as const) {
    const digits = d.precision?.[key];
    if (digits !== undefined && digits > working - 5)
      at.value(
        ['precision', key],
        'bad-value',
        `${digits} ${key === 'decimals' ? 'decimals' : 'significant figures'} need more than the ${working} working digits can give`,
        `raise \`working\` to at least ${digits + 5}, or show fewer digits`,
      );
  }
  if (d.precision?.decimals !== undefined && d.precision.significant !== undefined) {
    at.value(
      ['precision', 'significant'],
      'bad-value',
      'give either `decimals` or `significant`, not both',
      'keep the one the source uses',
      true,
    );
  }
  const given = Object.fromEntries(
    Object.entries(d.notation ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<Notation>;
  const notation: Notation = {
    ...DEFAULT_NOTATION,
    ...given,
    cost: given.cost ?? given.error ?? DEFAULT_NOTATION.cost,
  };

  let spec: NetworkSpec | GraphSpec | undefined;
  if (d.network && d.graph)
    at(
      ['graph'],
      'bad-value',
      'an exercise has either `network` or `graph`, not both',
      'split it into two files',
      true,
    );
  else if (d.network) spec = network(d, at);
  else if (d.graph) spec = graph(d, at);
  else {
    // No network to build (a repaired file may have lost it): its training numbers still count.
    if (d.training) trainingValues(d.training, at);
    at(
      [],
      'missing-key',
      'the exercise needs a `network` or a `graph`',
      'run `backstep new` to see both forms',
    );
  }

  const notes = new Map<string, StepNote>();
  for (const [id, n] of Object.entries(d.steps ?? {})) {
    notes.set(id, {
      ...(n.printed !== undefined ? { printed: String(n.printed) } : {}),
      ...(n.printed_expression !== undefined ? { printedExpression: n.printed_expression } : {}),
      ...(n.printed_formula !== undefined ? { printedFormula: n.printed_formula } : {}),
      ...(n.where !== undefined ? { where: n.where } : {}),
      ...(n.hint !== undefined ? { hint: n.hint } : {}),
      ...(n.ask !== undefined ? { ask: n.ask } : {}),
      ...(n.erratum !== undefined ? { erratum: n.erratum } : {}),
    });
  }
  const variants = new Map<string, VariantRule>();
  for (const [id, v] of Object.entries(d.variants ?? {})) {
    if (Array.isArray(v)) variants.set(id, { kind: 'choice', values: v });
    else {
      if (!new (decimalAt(DEFAULT_WORKING_PRECISION))(v.min).lt(v.max))
        at.value(['variants', id, 'max'], 'bad-value', '`max` must be greater than `min`');
      variants.set(id, { kind: 'range', min: v.min, max: v.max, decimals: v.decimals ?? 2 });
    }
  }
  if (!spec || problems.some((p) => !valueOnly.has(p))) return { problems, valueOnly };

  const display =
    d.precision?.significant !== undefined
      ? { kind: 'significant' as const, digits: d.precision.significant }
      : { kind: 'decimals' as const, digits: d.precision?.decimals ?? 4 };
  const exercise: Exercise = {
    id: d.id,
    title: d.title,
    ...(d.description !== undefined ? { description: d.description } : {}),
    ...(d.source
      ? {
          source: {
            ...(d.source.title ? { title: d.source.title } : {}),
            document: d.source.document,
            ...(d.source.section ? { section: d.source.section } : {}),
            ...(d.source.url ? { url: d.source.url } : {}),
          },
        }
      : {}),
    display,
    working: d.precision?.working ?? DEFAULT_WORKING_PRECISION,
    notation,
    spec,
    symbols: new Map(Object.entries(d.symbols ?? {})),
    notes,
    ask: d.practice?.ask ?? 'all',
    variants,
  };
  return { exercise, problems, valueOnly };
}

type AtFn = (
  path: Array<string | number>,
  code: Problem['code'],
  message: string,
  hint?: string,
  key?: boolean,
) => void;
/** Reports a problem; `at.value` one that leaves the exercise's steps as the author meant them. */
type At = AtFn & { value: AtFn };

function network(d: ExerciseData, at: At): NetworkSpec | undefined {
  const net = d.network!;
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

  const biases: Bias[] = [];
  // With a single non-input neuron every id drops its subscript (docs/step-ids.md): b, not b_out.
  const singleNeuron = net.layers.slice(1).reduce((s, l) => s + l.neurons.length, 0) === 1;
  const biasId = (n: string) =>
    singleNeuron ? (d.notation?.bias ?? 'b') : `${d.notation?.bias ?? 'b'}_${n}`;
  (net.matrices ?? []).forEach((m, mi) => {
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
    if (fi === undefined)
      at(
        [...base, 'from'],
        'unknown-layer',
        `no layer is named "${m.from}"`,
        layerHint(
          m.from,
          layers.slice(0, -1).map((l) => l.name),
        ),
      );
    if (ti === undefined)
      at(
        [...base, 'to'],
        'unknown-layer',
        `no layer is named "${m.to}"`,
        layerHint(
          m.to,
          layers.slice(1).map((l) => l.name),
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
  });
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
  if (weights.length === 0 && !net.weights && !net.matrices)
    at(['network'], 'missing-key', 'the network has no weights', 'add `weights:` or `matrices:`', true);

  const t = d.training ?? {};
  const rule = t.rule ?? 'gradient-descent';
  const training: Training = {
    rule,
    rate: t.learning_rate ?? '1',
    mode: rule === 'gradient-descent' ? (t.mode ?? 'batch') : 'online',
    iterations: t.iterations ?? 1,
    forwardAfter: t.forward_after ?? false,
    updateBiases: t.update_biases ?? true,
    ...(t.weight_decay !== undefined ? { weightDecay: t.weight_decay } : {}),
    ...(t.momentum !== undefined ? { momentum: t.momentum } : {}),
    divideByInputs: t.divide_by_inputs ?? true,
    optimiser: optimiserOf(t, at),
  };
  trainingValues(t, at);
  if (rule !== 'gradient-descent' && t.mode === 'batch')
    at.value(
      ['training', 'mode'],
      'bad-value',
      `the ${rule} rule updates after each example`,
      'remove `mode` or use `online`',
    );
  if (rule !== 'gradient-descent' && layers.length !== 2)
    at(
      ['training', 'rule'],
      'unsupported',
      `the ${rule} rule trains a single layer of weights; this network has ${layers.length - 1}`,
      'use gradient-descent for hidden layers',
    );
  // The perceptron and delta rules use neither: a setting silently ignored would mislead.
  for (const key of ['momentum', 'weight_decay'] as const) {
    if (rule !== 'gradient-descent' && t[key] !== undefined)
      at.value(
        ['training', key],
        'bad-value',
        `the ${rule} rule does not use \`${key}\``,
        'remove it, or use `rule: gradient-descent`',
        true,
      );
  }
  if (rule !== 'delta' && t.divide_by_inputs !== undefined)
    at.value(
      ['training', 'divide_by_inputs'],
      'bad-value',
      '`divide_by_inputs` belongs to the delta rule',
      undefined,
      true,
    );
  if (rule === 'gradient-descent' && (t.iterations ?? 1) > 0) {
    layers.slice(1).forEach((l, i) => {
      if (l.activation !== undefined && activationOf(l.activation).untrainable)
        at(
          ['network', 'layers', i + 1, 'activation'],
          'unsupported',
          `${l.activation} has no useful derivative, so gradient descent cannot train through it`,
          'use `rule: perceptron`, or a sigmoid',
        );
    });
    if (!d.loss)
      at(
        [],
        'missing-key',
        'gradient descent needs an error function: add `loss:`',
        '`loss: {}` gives 1/2 (t - y)^2, summed over outputs, mean over a batch',
      );
  }

  const inputs = layers[0]!.neurons;
  const outputs = layers[layers.length - 1]!.neurons;
  const needTargets = (t.iterations ?? 1) > 0 || d.loss !== undefined;
  const examples: Example[] = [];
  if (!d.examples)
    at(
      [],
      'missing-key',
      'a network exercise needs `examples:` (inputs, and targets to learn)',
      'add `examples: [{inputs: [...], targets: [...]}]`',
    );
  (d.examples ?? []).forEach((e, i) => {
    const base = ['examples', i];
    const ins = new Map<string, string>();
    if (Array.isArray(e.inputs)) {
      if (e.inputs.length !== inputs.length)
        at(
          [...base, 'inputs'],
          'wrong-count',
          `${e.inputs.length} input values for ${inputs.length} input neurons (${inputs.join(', ')})`,
        );
      else e.inputs.forEach((v, j) => ins.set(inputs[j]!, v));
    } else {
      const given = e.inputs;
      const missing = inputs.filter((n) => !Object.hasOwn(given, n));
      const meant = new Set<string>();
      for (const [k, v] of Object.entries(given)) {
        if (!inputs.includes(k)) {
          // A misspelt input (b for B) is one mistake: its did-you-mean, not also "no value for B".
          const guess = closest(k, missing);
          if (guess) meant.add(guess);
          at(
            [...base, 'inputs', k],
            'unknown-neuron',
            `"${k}" is not an input neuron`,
            guess
              ? `did you mean "${guess}"? (inputs: ${inputs.join(', ')})`
              : `inputs: ${inputs.join(', ')}`,
            true,
          );
        } else ins.set(k, v);
      }
      for (const n of missing)
        if (!meant.has(n)) at([...base, 'inputs'], 'missing-key', `no value for input ${n}`);
    }
    const tg = new Map<string, string>();
    if (e.targets === undefined) {
      if (needTargets)
        at(
          base,
          'missing-key',
          `example ${i + 1} has no target`,
          `add \`targets:\` (one per output: ${outputs.join(', ')})`,
        );
    } else if (typeof e.targets === 'string') {
      if (outputs.length !== 1)
        at(
          [...base, 'targets'],
          'wrong-count',
          `one target for ${outputs.length} outputs (${outputs.join(', ')})`,
        );
      else tg.set(outputs[0]!, e.targets);
    } else if (Array.isArray(e.targets)) {
      if (e.targets.length !== outputs.length)
        at(
          [...base, 'targets'],
          'wrong-count',
          `${e.targets.length} target${e.targets.length === 1 ? '' : 's'} for ${outputs.length} ` +
            `output${outputs.length === 1 ? '' : 's'} (${outputs.join(', ')})`,
        );
      else e.targets.forEach((v, j) => tg.set(outputs[j]!, v));
    } else {
      const given = e.targets;
      const missing = outputs.filter((n) => !Object.hasOwn(given, n));
      for (const [k, v] of Object.entries(given)) {
        const guess = outputs.includes(k) ? undefined : closest(k, missing);
        if (!outputs.includes(k))
          at(
            [...base, 'targets', k],
            'unknown-neuron',
            `"${k}" is not an output neuron`,
            guess
              ? `did you mean "${guess}"? (outputs: ${outputs.join(', ')})`
              : `outputs: ${outputs.join(', ')}`,
            true,
          );
        else tg.set(k, v);
      }
    }
    examples.push({ inputs: ins, targets: tg });
  });

  const loss = d.loss ? lossOf(d.loss, layers[layers.length - 1]!, examples, at) : undefined;
  return { kind: 'network', layers, weights, biases, examples, ...(loss ? { loss } : {}), training };
}

/** The training numbers that must be in range whatever the network (checked even when it is broken). */
function trainingValues(t: NonNullable<ExerciseData['training']>, at: At): void {
  const D = decimalAt(DEFAULT_WORKING_PRECISION);
  if (t.learning_rate !== undefined && signOfText(t.learning_rate) <= 0)
    at.value(
      ['training', 'learning_rate'],
      'bad-value',
      `the learning rate must be positive, not ${t.learning_rate}`,
      'typical values are 0.01 to 1',
    );
  if (t.weight_decay !== undefined && signOfText(t.weight_decay) < 0)
    at.value(['training', 'weight_decay'], 'bad-value', 'weight decay cannot be negative');
  if (t.momentum !== undefined && (signOfText(t.momentum) < 0 || new D(t.momentum).gte(1)))
    at.value(['training', 'momentum'], 'bad-value', 'momentum is between 0 (none) and 1 (exclusive)');
}

/** The optimiser and its constants; each constant only where its optimiser reads it. */
function optimiserOf(t: NonNullable<ExerciseData['training']>, at: At): Optimiser {
  const kind = t.optimiser ?? 'sgd';
  const D = decimalAt(DEFAULT_WORKING_PRECISION);
  const owners = { beta1: 'adam', beta2: 'adam', rho: 'rmsprop', epsilon: 'adam or rmsprop' } as const;
  for (const key of ['beta1', 'beta2', 'rho', 'epsilon'] as const) {
    const v = t[key];
    if (v === undefined) continue;
    if (!owners[key].includes(kind) || kind === 'sgd')
      at.value(
        ['training', key],
        'bad-value',
        `\`${key}\` belongs to the ${owners[key]} optimiser`,
        `set \`optimiser: ${owners[key].split(' ')[0]}\`, or remove it`,
        true,
      );
    else if (key === 'epsilon' ? signOfText(v) <= 0 : signOfText(v) < 0 || new D(v).gte(1))
      at.value(
        ['training', key],
        'bad-value',
        key === 'epsilon' ? 'epsilon must be positive' : `${key} is between 0 and 1 (exclusive)`,
        key === 'epsilon' ? 'the usual value is 1e-8' : 'the usual values are 0.9 and 0.999',
      );
  }
  if (kind !== 'sgd' && t.momentum !== undefined)
    at.value(
      ['training', 'momentum'],
      'bad-value',
      `\`momentum\` belongs to plain gradient descent; ${kind} keeps its own moving averages`,
      'remove `momentum`',
      true,
    );
  if (kind !== 'sgd' && (t.rule ?? 'gradient-descent') !== 'gradient-descent')
    at(
      ['training', 'optimiser'],
      'bad-value',
      `the ${kind} optimiser needs gradients: use \`rule: gradient-descent\``,
    );
  const epsilon = t.epsilon ?? '1e-8';
  if (kind === 'adam') return { kind, beta1: t.beta1 ?? '0.9', beta2: t.beta2 ?? '0.999', epsilon };
  if (kind === 'rmsprop') return { kind, rho: t.rho ?? '0.9', epsilon };
  return { kind };
}

/** The loss with its defaults, and the combinations that have no meaning refused at their place. */
function lossOf(
  l: NonNullable<ExerciseData['loss']>,
  output: Layer,
  examples: readonly Example[],
  at: At,
): Loss {
  const kind = l.type ?? 'squared';
  const route = l.route ?? 'chain';
  if (kind !== 'squared') {
    for (const key of ['scale', 'difference'] as const)
      if (l[key] !== undefined)
        at.value(
          ['loss', key],
          'bad-value',
          `\`${key}\` belongs to the squared error`,
          `remove it: ${kind} has neither a 1/2 nor a difference`,
          true,
        );
  }
  const pair = kind === 'cross-entropy' ? 'softmax' : kind === 'binary-cross-entropy' ? 'sigmoid' : undefined;
  if (route === 'combined' && output.activation !== pair) {
    const hint = pair
      ? `use \`activation: ${pair}\` on the output layer, or \`route: chain\``
      : 'the combined route belongs to cross-entropy losses; remove `route`';
    at(
      ['loss', 'route'],
      'bad-value',
      `dE/dz = y - t holds for softmax with cross-entropy and sigmoid with binary cross-entropy, not ${output.activation} with ${kind}`,
      hint,
    );
  }
  if (kind !== 'squared') {
    const D = decimalAt(DEFAULT_WORKING_PRECISION);
    examples.forEach((e, i) => {
      const ts = [...e.targets.values()].map((v) => new D(v));
      if (ts.some((t) => t.lt(0) || t.gt(1)))
        at.value(
          ['examples', i, 'targets'],
          'bad-value',
          `${kind} reads targets as probabilities; example ${i + 1} has one outside 0..1`,
          'use targets between 0 and 1',
        );
      else if (
        kind === 'cross-entropy' &&
        route === 'combined' &&
        ts.length > 0 &&
        !ts.reduce((s, t) => s.plus(t), new D(0)).eq(1)
      ) {
        at.value(
          ['examples', i, 'targets'],
          'bad-value',
          `dE/dz = y - t needs targets that add up to 1; example ${i + 1}'s do not`,
          'use a one-hot target such as [0, 1, 0], or `route: chain`',
        );
      }
    });
  }
  return {
    kind,
    route,
    scale: l.scale ?? 'half',
    difference: l.difference ?? 'target-minus-output',
    batch: l.batch ?? 'mean',
  };
}

function graph(d: ExerciseData, at: At): GraphSpec | undefined {
  const g = d.graph!;
  const inputs = Object.entries(g.inputs).map(([name, value]) => ({ name, value }));
  const known = new Set(inputs.map((i) => i.name));
  const parsed: GraphNode[] = [];
  const all = new Set([...known, ...Object.keys(g.nodes)]);
  for (const [name, text] of Object.entries(g.nodes)) {
    if (known.has(name))
      at(
        ['graph', 'nodes', name],
        'bad-value',
        `"${name}" is already an input`,
        'give the node another name',
        true,
      );
    const r = parseExpr(text);
    if (!r.ok) {
      at(
        ['graph', 'nodes', name],
        'bad-expression',
        `cannot read the formula of ${name}: ${r.error.message} (at character ${r.error.start + 1})`,
        'write it like x^2, exp(a), a + b, sqrt(c)',
      );
      continue;
    }
    parsed.push({ name, expr: r.expr, text });
  }
  // Order by dependencies; a node that depends on itself through others is a cycle.
  const byName = new Map(parsed.map((n) => [n.name, n]));
  const ordered: GraphNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (n: GraphNode, trail: string[]): void => {
    if (state.get(n.name) === 'done') return;
    if (state.get(n.name) === 'visiting') {
      at(
        ['graph', 'nodes', n.name],
        'graph-cycle',
        `the graph has a cycle: ${[...trail.slice(trail.indexOf(n.name)), n.name].join(' -> ')}`,
        'a computation graph cannot use a variable to compute itself',
      );
      return;
    }
    state.set(n.name, 'visiting');
    for (const r of refsOf(n.expr)) {
      if (!all.has(r)) {
        const guess = closest(r, all);
        at(
          ['graph', 'nodes', n.name],
          'undefined-variable',
          `${n.name} uses "${r}", which is neither an input nor a node`,
          guess ? `did you mean "${guess}"?` : `define ${r} under \`inputs\` or \`nodes\``,
        );
      } else {
        const dep = byName.get(r);
        if (dep) visit(dep, [...trail, n.name]);
      }
    }
    state.set(n.name, 'done');
    ordered.push(n);
  };
  for (const n of parsed) visit(n, []);
  const output = g.output ?? parsed[parsed.length - 1]?.name ?? '';
  if (g.output !== undefined && !byName.has(g.output))
    at(
      ['graph', 'output'],
      'undefined-variable',
      `the output "${g.output}" is not a node`,
      `nodes: ${parsed.map((n) => n.name).join(', ')}`,
    );
  return { kind: 'graph', fn: g.function ?? 'f', inputs, nodes: ordered, output };
}
