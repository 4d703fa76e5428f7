/**
 * Flatten and dropout: layers that move or mask cells without parameters. Flatten reads the
 * cells in reading order (channel, row, column, as NumPy's and PyTorch's row-major reshape does)
 * into one vector; its cells are the same values, so its steps are copies a person writes down.
 * Dropout with a given mask m (0 or 1 per cell) and keep probability q: Y = m X / q (inverted
 * dropout, as frameworks train), backward dE/dX = m dE/dY / q.
 */
import { div, mul, num, ref } from '../expr.js';
import { cellId } from './types.js';
import type { Grid, LayerKind } from './types.js';

export type FlattenSpec = Record<string, never>;

export const flatten: LayerKind<FlattenSpec> = {
  words: () => 'flatten',
  shape: (_spec, input) => ({ channels: 1, rows: 1, cols: input.channels * input.rows * input.cols }),
  forward(_spec, input, out, b) {
    const grid = { name: out, channels: 1, rows: 1, cols: input.ids.length };
    const ids = input.ids.map((from, n) => {
      const id = cellId(grid, 0, 0, n);
      b.step({
        id,
        expr: ref(from),
        phase: 'forward',
        role: 'node',
        describe: `entry ${n + 1} of the flattened ${input.name}: ${from}`,
      });
      return id;
    });
    return { ...grid, ids };
  },
  backward(_spec, input, _output, dOut, b, needInput) {
    if (!needInput) return undefined;
    return input.ids.map((id, n) => {
      const gid = b.grad(id);
      b.step({
        id: gid,
        expr: ref(dOut[n]!),
        phase: 'backward',
        role: 'adjoint',
        describe: `gradient of ${id}: that of entry ${n + 1} of the flattened vector`,
      });
      return gid;
    });
  },
};

export interface DropoutSpec {
  /** 0 or 1 per input cell, in reading order. */
  readonly mask: readonly string[];
  /** The keep probability q the kept cells are divided by (1: no scaling). */
  readonly keep: string;
  readonly maskName: string;
}

const maskId = (spec: DropoutSpec, input: Grid, n: number) =>
  `${spec.maskName}${input.ids[n]!.slice(input.name.length)}`;

export const dropout: LayerKind<DropoutSpec> = {
  words: (s) => `dropout with mask ${s.maskName}, keep probability ${s.keep}`,
  shape: (_spec, input) => ({ channels: input.channels, rows: input.rows, cols: input.cols }),
  forward(spec, input, out, b) {
    const grid = { name: out, channels: input.channels, rows: input.rows, cols: input.cols };
    const q = b.given(`${spec.maskName}_keep`, spec.keep, 'constant', 'keep probability q of the dropout');
    const ids = input.ids.map((from, n) => {
      const m = b.given(maskId(spec, input, n), spec.mask[n]!, 'constant', `dropout mask of ${from}`);
      const id = `${out}${from.slice(input.name.length)}`;
      b.step({
        id,
        expr: div(mul(m, ref(from)), q),
        phase: 'forward',
        role: 'node',
        describe: `${from} kept (mask 1) or dropped (mask 0), divided by q`,
      });
      return id;
    });
    return { ...grid, ids };
  },
  backward(spec, input, _output, dOut, b, needInput) {
    if (!needInput) return undefined;
    return input.ids.map((id, n) => {
      const gid = b.grad(id);
      b.step({
        id: gid,
        expr: div(mul(ref(maskId(spec, input, n)), ref(dOut[n]!)), ref(`${spec.maskName}_keep`)),
        phase: 'backward',
        role: 'adjoint',
        describe: `gradient of ${id}: through the mask, divided by q`,
      });
      return gid;
    });
  },
};
void num;
