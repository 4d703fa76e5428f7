/**
 * A dense (fully connected) layer on a vector, so a convolutional stack can end in the usual
 * output layer: z_i = sum_j W[i,j] x_j + b_i, y_i = f(z_i) with an activation of the operations'
 * table (operations/). Backward: dE/dz_i = dE/dy_i f'(z_i) (the activation's textbook slope),
 * dE/dW[i,j] = dE/dz_i x_j, dE/db_i = dE/dz_i, dE/dx_j = sum_i W[i,j] dE/dz_i.
 */
import { add, mul, ref } from '../expr.js';
import type { Expr } from '../expr.js';
import type { ActivationName } from '../model.js';
import { activationOf } from '../operations/table.js';
import { cellId } from './types.js';
import type { LayerKind } from './types.js';

export interface DenseSpec {
  readonly outSize: number;
  readonly inSize: number;
  /** W in reading order: one row per output, one column per input. */
  readonly weights: readonly string[];
  readonly bias?: readonly string[];
  readonly activation: ActivationName;
  readonly weightName: string;
  readonly biasName: string;
  /** The symbol of the weighted sums when an activation follows (z). */
  readonly preName: string;
}

const wId = (s: DenseSpec, i: number, j: number) => `${s.weightName}_${i + 1}_${j + 1}`;
const bId = (s: DenseSpec, i: number) => `${s.biasName}_${i + 1}`;
const linear = (s: DenseSpec) => s.activation === 'identity';
const layerOf = (s: DenseSpec) => ({ name: s.preName, neurons: [], activation: s.activation });

export const dense: LayerKind<DenseSpec> = {
  words: (s) => `dense ${s.inSize} -> ${s.outSize}, weights ${s.weightName}, ${s.activation}`,
  shape: (spec) => ({ channels: 1, rows: 1, cols: spec.outSize }),

  forward(spec, input, out, b) {
    for (let i = 0; i < spec.outSize; i++)
      for (let j = 0; j < spec.inSize; j++)
        b.given(
          wId(spec, i, j),
          spec.weights[i * spec.inSize + j]!,
          'weight',
          `weight from ${input.ids[j]} to output ${i + 1}`,
        );
    spec.bias?.forEach((v, i) => b.given(bId(spec, i), v, 'bias', `bias of output ${i + 1}`));
    const grid = { name: out, channels: 1, rows: 1, cols: spec.outSize };
    const ids: string[] = [];
    for (let i = 0; i < spec.outSize; i++) {
      const terms: Expr[] = input.ids.map((x, j) => mul(ref(wId(spec, i, j)), ref(x)));
      if (spec.bias) terms.push(ref(bId(spec, i)));
      const id = cellId(grid, 0, 0, i);
      ids.push(id);
      if (linear(spec)) {
        b.step({
          id,
          expr: add(...terms),
          phase: 'forward',
          role: 'preactivation',
          describe: `output ${i + 1}: the weighted sum of ${input.name}${spec.bias ? ' plus the bias' : ''}`,
        });
        continue;
      }
      const z = b.step({
        id: `${spec.preName}_${i + 1}`,
        expr: add(...terms),
        phase: 'forward',
        role: 'preactivation',
        describe: `weighted input of output ${i + 1}`,
      });
      b.step({
        id,
        expr: activationOf(spec.activation).forward(z, layerOf(spec)),
        phase: 'forward',
        role: 'activation',
        describe: `output ${i + 1}: ${spec.activation} of its weighted input`,
      });
    }
    return { ...grid, ids };
  },

  backward(spec, input, output, dOut, b, needInput) {
    const dz: string[] = [];
    for (let i = 0; i < spec.outSize; i++) {
      if (linear(spec)) {
        dz.push(dOut[i]!);
        continue;
      }
      const z = `${spec.preName}_${i + 1}`;
      const slope = activationOf(spec.activation).slope(ref(output.ids[i]!), ref(z), layerOf(spec));
      b.step({
        id: b.grad(z),
        expr: mul(ref(dOut[i]!), slope),
        phase: 'backward',
        role: 'delta',
        describe: `delta of output ${i + 1}: dE/d${output.ids[i]} times the ${spec.activation} slope`,
      });
      dz.push(b.grad(z));
    }
    for (let i = 0; i < spec.outSize; i++) {
      for (let j = 0; j < spec.inSize; j++) {
        const w = wId(spec, i, j);
        b.step({
          id: b.grad(w),
          expr: mul(ref(dz[i]!), ref(input.ids[j]!)),
          phase: 'backward',
          role: 'dE/dw',
          param: w,
          describe: `gradient of ${w}: the delta of output ${i + 1} times ${input.ids[j]}`,
        });
        b.trains(w, b.grad(w));
      }
      if (spec.bias) {
        const bias = bId(spec, i);
        b.step({
          id: b.grad(bias),
          expr: ref(dz[i]!),
          phase: 'backward',
          role: 'dE/db',
          param: bias,
          describe: `gradient of ${bias}: the delta of output ${i + 1}`,
        });
        b.trains(bias, b.grad(bias));
      }
    }
    if (!needInput) return undefined;
    return input.ids.map((x, j) => {
      const terms = dz.map((d, i) => mul(ref(wId(spec, i, j)), ref(d)));
      const gid = b.grad(x);
      b.step({
        id: gid,
        expr: add(...terms),
        phase: 'backward',
        role: 'adjoint',
        describe: `gradient of ${x}: summed over the ${spec.outSize} outputs it feeds`,
        ...(terms.length > 1 ? { form: { paths: terms } } : {}),
      });
      return gid;
    });
  },
};
