/** The examples of a network exercise: inputs and targets by position or by neuron name. */
import type { Example, Layer } from '../engine/model.js';
import type { At } from './build-report.js';
import type { ExerciseData } from './schema.js';
import { closest } from './suggest.js';

type Given = NonNullable<ExerciseData['examples']>[number];

export function examplesOf(d: ExerciseData, layers: readonly Layer[], at: At): Example[] {
  const t = d.training ?? {};
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
    const ins = inputsOf(e.inputs, base, inputs, at);
    const tg = targetsOf(e, i, base, outputs, needTargets, at);
    examples.push({ inputs: ins, targets: tg });
  });
  return examples;
}

function inputsOf(
  given: Given['inputs'],
  base: Array<string | number>,
  inputs: readonly string[],
  at: At,
): Map<string, string> {
  const e = { inputs: given };
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
          guess ? `did you mean "${guess}"? (inputs: ${inputs.join(', ')})` : `inputs: ${inputs.join(', ')}`,
          true,
        );
      } else ins.set(k, v);
    }
    for (const n of missing)
      if (!meant.has(n)) at([...base, 'inputs'], 'missing-key', `no value for input ${n}`);
  }
  return ins;
}

function targetsOf(
  e: Given,
  i: number,
  base: Array<string | number>,
  outputs: readonly string[],
  needTargets: boolean,
  at: At,
): Map<string, string> {
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
  return tg;
}
