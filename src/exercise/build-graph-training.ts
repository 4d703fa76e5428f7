/**
 * The training section of a graph exercise: a bare function to minimise. The author names the
 * inputs that are parameters; the optimiser and its settings are a network's (build-training.ts).
 */
import { refsOf } from '../engine/expr.js';
import type { GraphNode, GraphTraining } from '../engine/model.js';
import type { At } from './build-report.js';
import { optimiserOf, trainingValues } from './build-training.js';
import type { ExerciseData } from './schema.js';
import { closest } from './suggest.js';

/** Settings of a network's training that have no meaning for a function of a few variables. */
const NETWORK_ONLY = ['rule', 'mode', 'update_biases', 'divide_by_inputs'] as const;

export function graphTraining(
  d: ExerciseData,
  inputs: readonly string[],
  nodes: readonly GraphNode[],
  output: string,
  at: At,
): GraphTraining | undefined {
  const t = d.training;
  if (t === undefined) return undefined;
  trainingValues(t, at);
  for (const key of NETWORK_ONLY)
    if (t[key] !== undefined && !(key === 'rule' && t.rule === 'gradient-descent'))
      at.value(
        ['training', key],
        'bad-value',
        `\`${key}\` belongs to network exercises`,
        'a graph is minimised by gradient descent with its `optimiser`: remove it',
        true,
      );
  if (t.parameters === undefined) {
    at(
      ['training'],
      'missing-key',
      'a graph is trained through the inputs it names: add `parameters:` under `training`',
      `for example \`parameters: [${inputs[0] ?? 'x'}]\`; the inputs are ${inputs.join(', ')}`,
      true,
    );
    return undefined;
  }
  const reaching = reachingOutput(nodes, output);
  t.parameters.forEach((p, i) => {
    const place = ['training', 'parameters', i];
    if (!inputs.includes(p)) {
      const guess = closest(p, inputs);
      at(
        place,
        'undefined-variable',
        `the parameter "${p}" is not an input of the graph`,
        guess ? `did you mean "${guess}"?` : `the inputs are ${inputs.join(', ')}`,
      );
    } else if (t.parameters!.indexOf(p) !== i)
      at.value(place, 'bad-value', `"${p}" is listed twice`, 'list each parameter once', true);
    else if (!reaching.has(p))
      at(
        place,
        'bad-value',
        `${output} does not depend on ${p}, so ${p} has no gradient to follow`,
        'name only inputs the function uses',
      );
  });
  return {
    parameters: [...new Set(t.parameters)],
    rate: t.learning_rate ?? '1',
    iterations: t.iterations ?? 1,
    forwardAfter: t.forward_after ?? false,
    ...(t.weight_decay !== undefined ? { weightDecay: t.weight_decay } : {}),
    ...(t.momentum !== undefined ? { momentum: t.momentum } : {}),
    optimiser: optimiserOf(t, at),
  };
}

/** The variables the output is computed from, directly or through other nodes. */
function reachingOutput(nodes: readonly GraphNode[], output: string): Set<string> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const visit = (v: string): void => {
    if (seen.has(v)) return;
    seen.add(v);
    for (const r of refsOf(byName.get(v)?.expr ?? { op: 'num', text: '0' })) visit(r);
  };
  visit(output);
  return seen;
}
