/** The training and loss sections: the rule, the optimiser and the error function, with defaults. */
import type { Example, Layer, Loss, Optimiser, Training } from '../engine/model.js';
import { decimalAt, DEFAULT_WORKING_PRECISION } from '../engine/numbers.js';
import { activationOf } from '../engine/operations/table.js';
import type { At } from './build-report.js';
import { signOfText } from './decimal-text.js';
import type { ExerciseData } from './schema.js';

export function trainingOf(d: ExerciseData, layers: readonly Layer[], at: At): Training {
  const t = d.training ?? {};
  const rule = t.rule ?? 'gradient-descent';
  const training: Training = {
    rule,
    rate: t.learning_rate ?? '1',
    mode: rule === 'gradient-descent' ? (t.mode ?? 'batch') : 'online',
    // Stopping after the gradients is one iteration's backward pass without its update.
    iterations: t.update === false ? 1 : (t.iterations ?? 1),
    forwardAfter: t.forward_after ?? false,
    updateBiases: t.update_biases ?? true,
    ...(t.weight_decay !== undefined ? { weightDecay: t.weight_decay } : {}),
    ...(t.momentum !== undefined ? { momentum: t.momentum } : {}),
    divideByInputs: t.divide_by_inputs ?? true,
    optimiser: optimiserOf(t, at),
    convention: t.convention ?? 'gradient',
    update: t.update ?? true,
  };
  trainingValues(t, at);
  conventionChecks(t, layers, d.loss, at);
  ruleChecks(t, rule, layers, at);
  gradientDescentChecks(d, rule, layers, at);
  return training;
}

/**
 * The textbook convention writes plain gradient descent (w + eta delta x); stopping after the
 * gradients has nothing to update with. A setting either would ignore is refused at its place.
 */
function conventionChecks(
  t: NonNullable<ExerciseData['training']>,
  layers: readonly Layer[],
  loss: ExerciseData['loss'],
  at: At,
): void {
  const rule = t.rule ?? 'gradient-descent';
  if (t.convention === 'textbook') {
    if (rule !== 'gradient-descent')
      at(
        ['training', 'convention'],
        'bad-value',
        `the ${rule} rule already writes w + Delta w; \`convention\` belongs to gradient descent`,
        'remove `convention`',
      );
    for (const key of ['momentum', 'weight_decay', 'optimiser'] as const)
      if (t[key] !== undefined && !(key === 'optimiser' && t.optimiser === 'sgd'))
        at(
          ['training', key],
          'unsupported',
          `\`convention: textbook\` writes plain gradient descent, w + eta delta x; it has no \`${key}\``,
          'remove it, or use the default convention (gradient)',
        );
    const out = layers[layers.length - 1];
    if (out?.activation === 'softmax' && (loss?.route ?? 'chain') === 'chain')
      at(
        ['training', 'convention'],
        'unsupported',
        'with a softmax output, `convention: textbook` takes delta = t - y at once',
        'add `route: combined` under `loss:` (softmax with cross-entropy)',
      );
  }
  if (t.update === false) {
    const unused = [
      'learning_rate',
      'iterations',
      'forward_after',
      'momentum',
      'weight_decay',
      'optimiser',
    ] as const;
    for (const key of unused)
      if (t[key] !== undefined)
        at(
          ['training', key],
          'bad-value',
          `\`update: false\` stops after the gradients, so \`${key}\` has no use`,
          `remove \`${key}\`, or \`update: false\``,
          true,
        );
    if (rule !== 'gradient-descent')
      at(['training', 'update'], 'bad-value', `the ${rule} rule has no gradients to stop after`);
  }
}

/** The training numbers that must be in range whatever the network (checked even when it is broken). */
export function trainingValues(t: NonNullable<ExerciseData['training']>, at: At): void {
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
export function optimiserOf(t: NonNullable<ExerciseData['training']>, at: At): Optimiser {
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
    // epsilon = 0 is allowed: some sources leave it out, and their printed values follow.
    else if (key === 'epsilon' ? signOfText(v) < 0 : signOfText(v) < 0 || new D(v).gte(1))
      at.value(
        ['training', key],
        'bad-value',
        key === 'epsilon' ? 'epsilon cannot be negative' : `${key} must be at least 0 and below 1`,
        key === 'epsilon'
          ? 'the usual value is 1e-8 (0 where the source leaves it out)'
          : 'the usual values are 0.9 and 0.999; 0 turns the moving average off (1 would never move it)',
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
export function lossOf(
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
  // ln y (and ln(1 - y)) is defined only for a probability: other outputs (identity, a zero-centred squashing) can be
  // negative (or above 1), and the error is then the log of a negative number.
  if (pair && output.activation !== 'sigmoid' && output.activation !== 'softmax')
    at(
      ['loss', 'type'],
      'bad-value',
      `${kind} takes the log of each output, but a ${output.activation} output is not a probability (it can be 0, negative or above 1)`,
      `use \`activation: ${pair}\` on the output layer, or \`type: squared\``,
    );
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

type TrainingData = NonNullable<ExerciseData['training']>;

/**
 * Settings that belong to another exercise kind or another rule: each is refused at its place,
 * since a setting silently ignored would mislead.
 */
function ruleChecks(t: TrainingData, rule: Training['rule'], layers: readonly Layer[], at: At): void {
  if (t.parameters !== undefined)
    at.value(
      ['training', 'parameters'],
      'bad-value',
      '`parameters` belongs to graph exercises: a network updates all its weights and biases',
      'remove it (`update_biases: false` keeps the biases fixed)',
      true,
    );
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
}

/** Gradient descent that updates needs an activation it can differentiate and an error function. */
function gradientDescentChecks(
  d: ExerciseData,
  rule: Training['rule'],
  layers: readonly Layer[],
  at: At,
): void {
  const t = d.training ?? {};
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
}
