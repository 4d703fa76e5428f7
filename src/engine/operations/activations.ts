/**
 * The activations that are not one operation of the tree: identity, the leaky ReLU (built from
 * two relus and its slope a) and the softmax (over the whole output layer, network-forward.ts).
 * The others are the operations of the same name (their `activation` field).
 */
import { mul, neg, num, sub, unary } from '../expr.js';
import type { ActivationUse } from './types.js';

const ONE = num('1');
const DEFAULT_SLOPE = '0.01';

export const OTHER_ACTIVATIONS = {
  identity: {
    forward: (z) => z,
    slope: () => ONE,
    hint: 'A linear neuron passes its weighted input straight through.',
    describe: 'identity (linear)',
  },
  'leaky-relu': {
    // relu(z) - a relu(-z): z above 0, a z below
    forward: (z, layer) =>
      sub(unary('relu', z), mul(num(layer.slope ?? DEFAULT_SLOPE), unary('relu', neg(z)))),
    // 1 for z > 0, else a: 1 - (1 - a) step(-z), since step(0) = 1
    slope: (_y, z, layer) =>
      sub(ONE, mul(sub(ONE, num(layer.slope ?? DEFAULT_SLOPE)), unary('step', neg(z)))),
    hint: 'Keep the weighted input if it is positive; otherwise multiply it by the small slope.',
    describe: 'leaky-relu (slope a below 0)',
    kink: ' (at z = 0 the slope is taken as the leaky slope a)',
    convention: (layer, training) =>
      training
        ? `At z = 0 the leaky ReLU's slope is taken as ${layer.slope ?? DEFAULT_SLOPE}, its left slope.`
        : undefined,
    slopeDefault: DEFAULT_SLOPE,
  },
  softmax: {
    forward: () => {
      throw new Error('internal: the softmax is computed over its layer');
    },
    slope: () => ONE,
    hint: 'Exponentiate every weighted input of the layer (after subtracting the largest), then divide by their sum.',
    describe: 'softmax (output layer only)',
    convention: () =>
      'The softmax subtracts the largest weighted input, z_max, before exponentiating; the outputs are unchanged by it.',
    layerWide: true,
  },
} satisfies Record<string, ActivationUse>;
