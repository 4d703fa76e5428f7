/**
 * Max and average pooling over windows of `size` moved by `stride`, channel by channel, without
 * padding. Max: Y = max of the window; backward, the whole gradient goes to the window's first
 * largest cell in reading order (row by row) and 0 to the others, as PyTorch's max_pool2d routes
 * a tie (docs/layers.md). Which cell that is, a person reads off the numbers: the compiler does
 * too (the exact values), and the formula names the cells that receive. Average:
 * Y = (1/n) sum of the window; every cell gets dE/dY / n.
 */
import { add, div, max, num, ref } from '../expr.js';
import type { Dec } from '../numbers.js';
import type { Expr } from '../expr.js';
import { convSize } from './conv.js';
import { at, cellId } from './types.js';
import type { Grid, LayerKind } from './types.js';

export interface PoolSpec {
  readonly mode: 'max' | 'average';
  readonly size: readonly [number, number];
  readonly stride: readonly [number, number];
}

/** The input positions (in `ids`) of output cell (c, i, j)'s window, in reading order. */
function windowOf(spec: PoolSpec, input: Grid, c: number, i: number, j: number): number[] {
  const cells: number[] = [];
  for (let a = 0; a < spec.size[0]; a++)
    for (let b = 0; b < spec.size[1]; b++)
      cells.push(at(input, c, i * spec.stride[0] + a, j * spec.stride[1] + b));
  return cells;
}

export const pool: LayerKind<PoolSpec> = {
  words: (s) => `${s.mode} pooling, ${s.size[0]}x${s.size[1]} window, stride ${s.stride[0]}x${s.stride[1]}`,
  shape: (spec, input) => ({
    channels: input.channels,
    rows: convSize(input.rows, spec.size[0], spec.stride[0], 0),
    cols: convSize(input.cols, spec.size[1], spec.stride[1], 0),
  }),

  forward(spec, input, out, b) {
    const grid = { name: out, ...pool.shape(spec, input) };
    const ids: string[] = [];
    const n = spec.size[0] * spec.size[1];
    for (let c = 0; c < grid.channels; c++)
      for (let i = 0; i < grid.rows; i++)
        for (let j = 0; j < grid.cols; j++) {
          const id = cellId(grid, c, i, j);
          ids.push(id);
          const cells = windowOf(spec, input, c, i, j).map((p) => ref(input.ids[p]!));
          const sum = add(...cells);
          b.step({
            id,
            expr: spec.mode === 'max' ? max(...cells) : div(sum, num(String(n))),
            phase: 'forward',
            role: 'node',
            describe:
              `${spec.mode === 'max' ? 'largest' : 'mean'} of the ${spec.size[0]}x${spec.size[1]} window at row ${i * spec.stride[0] + 1}, ` +
              `column ${j * spec.stride[1] + 1} of ${input.name}${grid.channels > 1 ? `, channel ${c + 1}` : ''}`,
            ...(spec.mode === 'average' ? { form: { scaled: { n, unscaled: sum } } } : {}),
          });
        }
    return { ...grid, ids };
  },

  backward(spec, input, output, dOut, b, needInput) {
    if (!needInput) return undefined;
    const n = spec.size[0] * spec.size[1];
    const terms: Expr[][] = input.ids.map(() => []);
    const spread: Expr[][] = input.ids.map(() => []);
    for (let c = 0; c < output.channels; c++)
      for (let i = 0; i < output.rows; i++)
        for (let j = 0; j < output.cols; j++) {
          const d = ref(dOut[at(output, c, i, j)]!);
          const window = windowOf(spec, input, c, i, j);
          const first = spec.mode === 'max' ? firstLargest(window.map((p) => b.value(input.ids[p]!))) : -1;
          window.forEach((p, k) => {
            if (spec.mode === 'average') terms[p]!.push(div(d, num(String(n))));
            else if (k === first) terms[p]!.push(d);
            spread[p]!.push(d);
          });
        }
    return input.ids.map((id, p) => {
      const gid = b.grad(id);
      const t = terms[p]!;
      const how =
        spec.mode === 'average'
          ? `the output gradient of each window that holds it, divided by ${n}`
          : t.length === 0
            ? 'it is the largest of no window, so 0'
            : `the output gradient of each window whose largest cell it is (the first in reading order on a tie)`;
      b.step({
        id: gid,
        expr: t.length === 0 ? num('0') : add(...t),
        phase: 'backward',
        role: 'adjoint',
        describe: `gradient of ${id}: ${how}`,
        ...(spec.mode === 'max' && spread[p]!.length > t.length
          ? { form: { layerSlips: [{ code: 'pool-gradient-spread' as const, expr: add(...spread[p]!) }] } }
          : {}),
      });
      return gid;
    });
  },
};

/** The position of the first largest value (reading order), as PyTorch routes a tie. */
function firstLargest(values: readonly Dec[]): number {
  let best = 0;
  values.forEach((v, k) => {
    if (v.gt(values[best]!)) best = k;
  });
  return best;
}
