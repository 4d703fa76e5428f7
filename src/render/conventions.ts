/**
 * The conventions a solution rests on, said once under its header: the slope taken at a kink
 * (docs/authoring.md), the base of the logarithms, the softmax's shift and Adam's bias
 * correction. Only those the exercise uses.
 */
import type { Exercise } from '../engine/model.js';
import { activationOf } from '../engine/operations/table.js';

export function conventions(exercise: Exercise): string[] {
  const spec = exercise.spec;
  if (spec.kind !== 'network') return [];
  const out: string[] = [];
  const trains = spec.training.iterations > 0 && spec.training.rule === 'gradient-descent';
  for (const layer of spec.layers.slice(1)) {
    // Each activation's record says its convention (operations/*.ts).
    const said = activationOf(layer.activation).convention?.(layer, trains);
    if (said) out.push(said);
  }
  if (spec.loss && spec.loss.kind !== 'squared') out.push('Logarithms are natural: ln, base e.');
  if (spec.training.convention === 'textbook' && spec.training.iterations > 0)
    out.push(
      `${exercise.notation.delta} is the textbook error term, -dE/dz (the opposite sign of the gradient); ` +
        `each parameter becomes w + Delta w, Delta w = eta ${exercise.notation.delta} x.`,
    );
  if (spec.training.update === false) out.push('The exercise stops at the gradients: nothing is updated.');
  if (trains && spec.training.optimiser.kind === 'adam')
    out.push(
      "Adam's update k divides m by 1 - beta1^k and v by 1 - beta2^k; epsilon is added after the square root.",
    );
  if (trains && spec.training.optimiser.kind === 'rmsprop')
    out.push('epsilon is added after the square root.');
  return [...new Set(out)];
}
