/**
 * Starter hints for the steps a template asks. They say what to do, not the number: an author
 * is expected to rewrite them for the class, but a starting file should practise well as it is.
 */
import type { Exercise } from '../engine/model.js';
import type { Step } from '../engine/plan.js';
import { activationOf, DEFAULT_ACTIVATION } from '../engine/operations/table.js';

export function starterHint(step: Step, exercise: Exercise): string {
  const spec = exercise.spec;
  if (spec.kind === 'layers') return `Work out ${step.describe}.`;
  if (spec.kind === 'graph') {
    if (step.role === 'node') return "Put the values you already have into this node's formula.";
    if (step.role === 'local-partial')
      return "Differentiate this one node's formula with respect to that input alone, then put the numbers in.";
    if (step.role === 'adjoint') {
      if (step.expr.op === 'num') return 'The output changes one for one with itself.';
      return "For every node that uses this variable: that node's adjoint times its local partial. Add them up.";
    }
    return 'Work it out from the values above.';
  }
  const layerOf = (n: string | undefined) =>
    spec.layers.find((l) => n !== undefined && l.neurons.includes(n));
  const activation = layerOf(step.neuron)?.activation ?? DEFAULT_ACTIVATION;
  const hasBias = spec.biases.some((b) => b.neuron === step.neuron);
  const isOutput =
    step.neuron !== undefined && spec.layers[spec.layers.length - 1]!.neurons.includes(step.neuron);
  switch (step.role) {
    case 'preactivation':
      return (
        `Multiply each value coming into ${step.neuron} by the weight it travels along and ` +
        `add the products${hasBias ? ', then add the bias' : ''}.`
      );
    case 'activation':
      return activationOf(activation).hint;
    case 'error':
    case 'cost':
      return 'Square the difference between target and output, halve it, and add over the outputs.';
    case 'delta':
      return isOutput
        ? `First dE/dy = -(t - y), then multiply by the slope of the activation at ${step.neuron}${activationOf(activation).slopeHint ?? ''}.`
        : `Add up, over the weights leaving ${step.neuron}, the next neuron's delta times that weight; ` +
            `then multiply by the slope of the activation${activationOf(activation).slopeHint ?? ''}.`;
    case 'dE/dw':
      return 'The delta of the neuron the weight enters, times the value that flows in along the weight.';
    case 'dE/db':
      return 'A bias sees a constant input of 1, so its gradient is the delta of its neuron.';
    case 'new-param':
      return spec.training.rule === 'gradient-descent'
        ? 'The old value minus the learning rate times its gradient. Use the old weights for every gradient.'
        : 'The old value plus the change you just found.';
    case 'residual':
      return 'How far off the neuron was: target minus output.';
    case 'change':
      return 'The learning rate times the input along this weight (1 for the bias) times the residual.';
    default:
      return 'Work it out from the values above.';
  }
}
