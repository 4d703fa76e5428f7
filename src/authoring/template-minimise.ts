/** The `backstep new --minimise` template: a bare function of two parameters, minimised with momentum. */
import type { Plan } from '../engine/plan.js';
import { allSteps } from '../engine/plan.js';
import { drawNonZero } from './draw.js';
import type { RandomStream } from './prng.js';
import type { TemplateBody } from './template-text.js';

const ASKED = ['c', 'df/dx', 'df/dy', 'v_x@2', 'x@2', 'v_y@2', 'y@2', 'df/dx@2', 'v_x@3', 'x@3', 'c@3'];

export function minimiseBody(rng: RandomStream | undefined): TemplateBody {
  const x = rng ? drawNonZero(rng, 5, 30, 1) : '2';
  const y = rng ? drawNonZero(rng, 5, 30, 1) : '1';
  const text = [
    'description: >',
    '  Gradient descent with momentum on the bare function f(x, y) = x^2 + 3 y^2, written as a',
    '  small computation graph. Each iteration: evaluate f, find its gradient by reverse mode,',
    '  then move the velocity v = mu v - eta g and the parameter by v. Two updates, then f again.',
    '',
    'precision:',
    '  decimals: 4',
    '',
    'graph:',
    '  # The starting point. The inputs listed under training.parameters are what moves.',
    '  inputs:',
    `    x: ${x}`,
    `    y: ${y}`,
    '  # The function, one intermediate variable at a time; the last one is f.',
    '  nodes:',
    '    a: x^2',
    '    b: 3 * y^2',
    '    c: a + b',
    '',
    'training:',
    '  parameters: [x, y]   # the inputs the optimiser updates',
    '  learning_rate: 0.1',
    '  momentum: 0.5        # or optimiser: adam / rmsprop with their constants (docs/authoring.md)',
    '  iterations: 2',
    '  forward_after: true  # f once more at the last parameters',
    '',
  ].join('\n');
  return {
    title: 'Minimising a function with momentum',
    text,
    pickAsked: (plan: Plan) => allSteps(plan).filter((s) => ASKED.includes(s.id)),
    tail: () =>
      [
        '',
        '# Variants for a class: each listed given is drawn from a range or a list.',
        'variants:',
        '  x: { min: 0.5, max: 3, decimals: 1 }',
        '  eta: [0.05, 0.1, 0.2]',
        '',
      ].join('\n'),
  };
}
