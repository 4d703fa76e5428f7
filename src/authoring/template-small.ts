/** The perceptron and computation-graph templates of `backstep new` (see template-text.ts). */
import type { Plan, Step } from '../engine/plan.js';
import { allSteps } from '../engine/plan.js';
import { FUNCTION_NAMES } from '../engine/operations/table.js';
import { drawNonZero } from './draw.js';
import type { RandomStream } from './prng.js';
import type { TemplateBody } from './template-text.js';

const pick = (plan: Plan, ids: readonly string[]): Step[] => allSteps(plan).filter((s) => ids.includes(s.id));

export function perceptronBody(rng: RandomStream | undefined): TemplateBody {
  const v = rng
    ? {
        w1: drawNonZero(rng, -9, 9, 1),
        w2: drawNonZero(rng, -9, 9, 1),
        b: drawNonZero(rng, -5, 5, 1),
        x: [
          drawNonZero(rng, 1, 9, 1),
          drawNonZero(rng, 1, 9, 1),
          drawNonZero(rng, 1, 9, 1),
          drawNonZero(rng, 1, 9, 1),
        ],
      }
    : { w1: '0.4', w2: '-0.7', b: '0.1', x: ['0.5', '0.8', '0.3', '0.6'] };
  const text = [
    'description: >',
    '  A threshold neuron with two inputs and a bias learns with the perceptron rule: after each',
    '  example, every weight moves by the learning rate times (t - y) times its input (1 for the bias).',
    '  Two examples, one update each.',
    '',
    'precision:',
    '  decimals: 2',
    '',
    'network:',
    '  layers:',
    '    - { name: input, neurons: [x1, x2] }',
    '    # step: the output is 1 when the weighted input is 0 or more, otherwise 0.',
    '    - { name: output, neurons: [out], activation: step }',
    '  weights:',
    `    w1: { from: x1, to: out, value: ${v.w1} }`,
    `    w2: { from: x2, to: out, value: ${v.w2} }`,
    '  # With a single neuron the bias is simply called b (and z, y drop their subscripts too).',
    '  biases:',
    `    out: ${v.b}`,
    '',
    '# Online training: the first update uses example 1, the second example 2.',
    'examples:',
    `  - inputs: [${v.x[0]}, ${v.x[1]}]`,
    '    targets: 1',
    `  - inputs: [${v.x[2]}, ${v.x[3]}]`,
    '    targets: 0',
    '',
    'training:',
    '  rule: perceptron    # or delta (a linear neuron), or gradient-descent',
    '  learning_rate: 0.5',
    '  iterations: 2',
    '',
  ].join('\n');
  return {
    title: 'The perceptron rule, two updates',
    text,
    pickAsked: (plan) =>
      pick(plan, ['z', 'y', 'residual', 'delta_w1', 'w1@2', 'b@2', 'z@2', 'y@2', 'residual@2', 'w2@3']),
    tail: () =>
      [
        '',
        '# Variants for a class: each listed given is drawn from a range or a list.',
        'variants:',
        '  "x_x1[1]": { min: 0.1, max: 0.9, decimals: 1 }',
        '  "x_x2[1]": { min: 0.1, max: 0.9, decimals: 1 }',
        '  w1: [-0.5, -0.3, 0.2, 0.4]',
        '',
      ].join('\n'),
  };
}

export function graphBody(rng: RandomStream | undefined): TemplateBody {
  const x = rng ? drawNonZero(rng, 2, 15, 1) : '0.5';
  const y = rng ? drawNonZero(rng, 5, 30, 1) : '2';
  const text = [
    'description: >',
    '  Reverse-mode differentiation by hand: f(x, y) = ln(exp(x y) + x), written as a chain of',
    '  intermediate variables. Work forward through the variables, then find each local partial',
    '  derivative, then the adjoints df/dv from the output back to the inputs.',
    '',
    'precision:',
    '  decimals: 4',
    '',
    'graph:',
    '  function: f        # the symbol of the function (adjoints are called df/d<variable>)',
    '  # The point where the derivatives are taken.',
    '  inputs:',
    `    x: ${x}`,
    `    y: ${y}`,
    '  # Intermediate variables in order, each a formula over inputs and earlier variables:',
    `  # + - * / ^ and ${FUNCTION_NAMES.join(', ')}.`,
    '  # The last one is f unless `output` says otherwise.',
    '  nodes:',
    '    a: x * y',
    '    b: exp(a)',
    '    c: b + x',
    '    d: ln(c)',
    '',
  ].join('\n');
  return {
    title: 'Reverse mode on a small computation graph',
    text,
    pickAsked: (plan) =>
      pick(plan, ['a', 'b', 'c', 'd', 'dd/dc', 'dc/db', 'db/da', 'df/dc', 'df/da', 'df/dx', 'df/dy']),
    tail: () =>
      [
        '',
        '# Variants for a class: each listed input is drawn from a range or a list.',
        'variants:',
        '  x: { min: 0.2, max: 1.5, decimals: 1 }',
        '  y: [1, 1.5, 2, 2.5, 3]',
        '',
      ].join('\n'),
  };
}
