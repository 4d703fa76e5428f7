/**
 * The conventions a solution rests on, said once under its header: the slope taken at a kink
 * (docs/authoring.md), the base of the logarithms, the softmax's shift and Adam's bias
 * correction. Only those the exercise uses.
 */
import type { Exercise } from '../engine/model.js';

export function conventions(exercise: Exercise): string[] {
  const spec = exercise.spec;
  if (spec.kind !== 'network') return [];
  const out: string[] = [];
  const trains = spec.training.iterations > 0 && spec.training.rule === 'gradient-descent';
  for (const layer of spec.layers.slice(1)) {
    const a = layer.activation;
    if (trains && a === 'relu') out.push("At z = 0 the ReLU's slope is taken as 0, its left slope.");
    if (trains && a === 'leaky-relu')
      out.push(`At z = 0 the leaky ReLU's slope is taken as ${layer.slope ?? '0.01'}, its left slope.`);
    if (a === 'step') out.push('step(z) is 1 for z >= 0 and 0 below; its slope is 0 wherever it has one.');
    if (a === 'softmax')
      out.push(
        'The softmax subtracts the largest weighted input, z_max, before exponentiating; the outputs are unchanged by it.',
      );
  }
  if (spec.loss && spec.loss.kind !== 'squared') out.push('Logarithms are natural: ln, base e.');
  if (trains && spec.training.optimiser.kind === 'adam')
    out.push(
      "Adam's update k divides m by 1 - beta1^k and v by 1 - beta2^k; epsilon is added after the square root.",
    );
  if (trains && spec.training.optimiser.kind === 'rmsprop')
    out.push('epsilon is added after the square root.');
  return [...new Set(out)];
}
