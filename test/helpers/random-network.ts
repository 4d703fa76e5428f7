import fc from 'fast-check';
import type { ActivationName, Exercise, NetworkSpec } from '../../src/engine/model.js';
import { DEFAULT_NOTATION } from '../../src/engine/model.js';

/** Decimal text from an integer and a scale, by string manipulation only (no floats). */
export function decimalText(n: number, scale: number): string {
  const neg = n < 0;
  const digits = String(Math.abs(n)).padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return neg ? `-${text}` : text;
}

const smallDecimal = (max: number) => fc.integer({ min: -max, max }).map((n) => decimalText(n, 3));
const positiveDecimal = fc.integer({ min: 1, max: 2000 }).map((n) => decimalText(n, 3));

export interface RandomNetworkOptions {
  readonly activations?: readonly ActivationName[];
}

/** Random layered networks: 1-3 inputs, 0-2 hidden layers of 1-3, 1-2 outputs, any loss form. */
export function randomNetwork(opts: RandomNetworkOptions = {}): fc.Arbitrary<Exercise> {
  const acts = opts.activations ?? (['sigmoid', 'tanh', 'identity'] as const);
  return fc
    .record({
      sizes: fc.tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        fc.integer({ min: 1, max: 2 }),
      ),
      activations: fc.array(fc.constantFrom(...acts), { minLength: 4, maxLength: 4 }),
      seedWeights: fc.array(smallDecimal(1500), { minLength: 40, maxLength: 40 }),
      biasMask: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
      examples: fc.integer({ min: 1, max: 3 }),
      inputs: fc.array(smallDecimal(1000), { minLength: 12, maxLength: 12 }),
      targets: fc.array(
        fc.integer({ min: 0, max: 1000 }).map((n) => decimalText(n, 3)),
        { minLength: 6, maxLength: 6 },
      ),
      scale: fc.constantFrom('half' as const, 'one' as const),
      difference: fc.constantFrom('target-minus-output' as const, 'output-minus-target' as const),
      batch: fc.constantFrom('sum' as const, 'mean' as const),
      rate: positiveDecimal,
    })
    .map((r) => {
      const sizes = [r.sizes[0], ...r.sizes[1], r.sizes[2]];
      const layers = sizes.map((size, l) => ({
        name: l === 0 ? 'input' : l === sizes.length - 1 ? 'output' : `hidden${l}`,
        neurons: Array.from(
          { length: size },
          (_, j) => `${l === 0 ? 'i' : l === sizes.length - 1 ? 'o' : `h${l}`}${j + 1}`,
        ),
        activation: l === 0 ? 'identity' : r.activations[l - 1]!,
      }));
      let wi = 0;
      const weights = layers.slice(1).flatMap((layer, l) =>
        layer.neurons.flatMap((to) =>
          layers[l]!.neurons.map((from) => ({
            id: `w_${from}_${to}`,
            from,
            to,
            value: r.seedWeights[wi++ % 40]!,
          })),
        ),
      );
      let bi = 0;
      const biases = layers
        .slice(1)
        .flatMap((layer) =>
          layer.neurons
            .filter(() => r.biasMask[bi++ % 10])
            .map((n) => ({ id: `b_${n}`, neuron: n, value: r.seedWeights[(bi * 7) % 40]! })),
        );
      let xi = 0;
      let ti = 0;
      const examples = Array.from({ length: r.examples }, () => ({
        inputs: new Map(layers[0]!.neurons.map((n) => [n, r.inputs[xi++ % 12]!] as const)),
        targets: new Map(layers[layers.length - 1]!.neurons.map((n) => [n, r.targets[ti++ % 6]!] as const)),
      }));
      const spec: NetworkSpec = {
        kind: 'network',
        layers,
        weights,
        biases,
        examples,
        loss: { kind: 'squared', route: 'chain', scale: r.scale, difference: r.difference, batch: r.batch },
        training: {
          rule: 'gradient-descent',
          rate: r.rate,
          mode: 'batch',
          iterations: 1,
          forwardAfter: true,
          updateBiases: true,
          divideByInputs: true,
          optimiser: { kind: 'sgd' },
        },
      };
      return {
        id: 'random',
        title: 'random network',
        display: { kind: 'decimals', digits: 4 },
        working: 40,
        notation: DEFAULT_NOTATION,
        spec,
        symbols: new Map(),
        notes: new Map(),
        ask: 'all',
        variants: new Map(),
      } satisfies Exercise;
    });
}
