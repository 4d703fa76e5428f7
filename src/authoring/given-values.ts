/**
 * Replacing given values (inputs, targets, weights, biases, the learning rate and the other
 * constants) by id, as `solve --ids` lists them. The result is a new Exercise whose compiled
 * plan reads the new values; the original is untouched.
 */
import { compile } from '../engine/compile.js';
import type { Example, Exercise, NetworkSpec, Optimiser } from '../engine/model.js';

function withOptimiserGivens(o: Optimiser, pick: (id: string, old: string) => string): Optimiser {
  if (o.kind === 'adam')
    return {
      ...o,
      beta1: pick('beta1', o.beta1),
      beta2: pick('beta2', o.beta2),
      epsilon: pick('epsilon', o.epsilon),
    };
  if (o.kind === 'rmsprop') return { ...o, rho: pick('rho', o.rho), epsilon: pick('epsilon', o.epsilon) };
  return o;
}

export function withGivens(exercise: Exercise, values: ReadonlyMap<string, string>): Exercise {
  if (values.size === 0) return exercise;
  const pick = (id: string, old: string) => values.get(id) ?? old;
  const spec = exercise.spec;
  let out: Exercise;
  if (spec.kind === 'layers') {
    out = { ...exercise, spec: { ...spec, replaced: new Map([...(spec.replaced ?? []), ...values]) } };
  } else if (spec.kind === 'graph') {
    out = {
      ...exercise,
      spec: { ...spec, inputs: spec.inputs.map((i) => ({ name: i.name, value: pick(i.name, i.value) })) },
    };
  } else {
    const n = exercise.notation;
    const outputs = spec.layers[spec.layers.length - 1]!.neurons;
    const multi = spec.examples.length > 1;
    // The same names compile-network gives the givens (docs/step-ids.md).
    const perExample = (base: string, e: number) => (multi ? `${base}[${e}]` : base);
    const targetBase = (o: string) => (outputs.length === 1 ? n.target : `${n.target}_${o}`);
    const examples: Example[] = spec.examples.map((ex, i) => ({
      inputs: new Map(
        [...ex.inputs].map(([neuron, v]) => [neuron, pick(perExample(`${n.input}_${neuron}`, i + 1), v)]),
      ),
      targets: new Map([...ex.targets].map(([o, v]) => [o, pick(perExample(targetBase(o), i + 1), v)])),
    }));
    const t = spec.training;
    const training = {
      ...t,
      rate: pick(n.rate, t.rate),
      ...(t.weightDecay !== undefined ? { weightDecay: pick('lambda', t.weightDecay) } : {}),
      ...(t.momentum !== undefined ? { momentum: pick('mu', t.momentum) } : {}),
      optimiser: withOptimiserGivens(t.optimiser, pick),
    };
    const next: NetworkSpec = {
      ...spec,
      weights: spec.weights.map((w) => ({ ...w, value: pick(w.id, w.value) })),
      biases: spec.biases.map((b) => ({ ...b, value: pick(b.id, b.value) })),
      examples,
      training,
    };
    out = { ...exercise, spec: next };
  }
  // The names above mirror the compiler's; make sure every value really arrived where it was meant to.
  const givens = new Map(compile(out).givens.map((g) => [g.id, g.value]));
  for (const [id, v] of values) {
    if (givens.get(id) !== v) throw new Error(`internal: the variant value for ${id} did not reach the plan`);
  }
  return out;
}
