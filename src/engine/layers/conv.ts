/**
 * 2-D convolution (1-D is the case of one row), as frameworks compute it: cross-correlation,
 * Y[o,i,j] = b[o] + sum_c sum_a sum_b K[o,c,a,b] X[c, i s + a - p, j s + b - p], with stride s
 * and zero padding p (cells outside the input are 0 and left out of the sum). With `flip`, the
 * textbook convolution: the kernel is read turned by 180 degrees, K[o,c,kh-1-a,kw-1-b].
 * Backward: dE/dK[o,c,u,v] = sum_ij dE/dY[o,i,j] X[c, i s + a - p, j s + b - p] (a the window
 * offset that reads cell u), dE/db[o] = sum_ij dE/dY[o,i,j], and dE/dX[c,r,k] the sum over every
 * output cell whose window covers (r, k) of dE/dY times the kernel cell that met it.
 */
import { add, mul, num, ref } from '../expr.js';
import type { Expr } from '../expr.js';
import type { LayerSlipCode } from '../plan.js';
import { at, cellId } from './types.js';
import type { Grid, LayerBuilder, LayerKind, Shape3 } from './types.js';

export interface ConvSpec {
  readonly outChannels: number;
  readonly inChannels: number;
  readonly kh: number;
  readonly kw: number;
  /** Kernel values in reading order: output channel, input channel, row, column. */
  readonly kernel: readonly string[];
  /** One bias per output channel, or none. */
  readonly bias?: readonly string[];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  /** Convolution proper (kernel turned by 180 degrees) instead of cross-correlation. */
  readonly flip: boolean;
  /** The kernel's and the bias's symbols (K, b). */
  readonly kernelName: string;
  readonly biasName: string;
}

/** The output size along one axis: floor((n + 2p - k) / s) + 1. */
export function convSize(n: number, k: number, s: number, p: number): number {
  return Math.floor((n + 2 * p - k) / s) + 1;
}

export function kernelId(spec: ConvSpec, o: number, c: number, u: number, v: number): string {
  const idx = [
    ...(spec.outChannels > 1 ? [o + 1] : []),
    ...(spec.inChannels > 1 ? [c + 1] : []),
    u + 1,
    v + 1,
  ];
  return `${spec.kernelName}_${idx.join('_')}`;
}

export function biasId(spec: ConvSpec, o: number): string {
  return spec.outChannels > 1 ? `${spec.biasName}_${o + 1}` : spec.biasName;
}

/** The kernel cell that window offset (a, b) reads: itself, or turned by 180 degrees. */
function kernelCell(spec: ConvSpec, flip: boolean, a: number, b: number): [number, number] {
  return flip ? [spec.kh - 1 - a, spec.kw - 1 - b] : [a, b];
}

/**
 * One output cell's sum, with the kernel read turned or not and the window placed with the given
 * stride and padding: the layer's own formula, and the slips' (a flipped kernel, an off-by-one).
 */
export function convCell(
  spec: ConvSpec,
  input: Grid,
  o: number,
  i: number,
  j: number,
  how: { flip: boolean; stride: readonly [number, number]; padding: readonly [number, number] },
): Expr {
  const terms: Expr[] = [];
  for (let c = 0; c < spec.inChannels; c++)
    for (let a = 0; a < spec.kh; a++)
      for (let b = 0; b < spec.kw; b++) {
        const r = i * how.stride[0] + a - how.padding[0];
        const k = j * how.stride[1] + b - how.padding[1];
        if (r < 0 || k < 0 || r >= input.rows || k >= input.cols) continue; // a zero of the padding
        const [u, v] = kernelCell(spec, how.flip, a, b);
        terms.push(mul(ref(kernelId(spec, o, c, u, v)), ref(input.ids[at(input, c, r, k)]!)));
      }
  if (spec.bias) terms.push(ref(biasId(spec, o)));
  return terms.length === 0 ? num('0') : add(...terms);
}

export const conv: LayerKind<ConvSpec> = {
  words: (s) =>
    `${s.flip ? 'convolution (kernel flipped)' : 'convolution (cross-correlation)'}, ${s.outChannels}x${s.inChannels}x${s.kh}x${s.kw} ` +
    `kernel ${s.kernelName}, stride ${pair(s.stride)}, padding ${pair(s.padding)}${s.bias ? `, bias ${s.biasName}` : ''}`,
  shape: (spec, input): Shape3 => ({
    channels: spec.outChannels,
    rows: convSize(input.rows, spec.kh, spec.stride[0], spec.padding[0]),
    cols: convSize(input.cols, spec.kw, spec.stride[1], spec.padding[1]),
  }),

  forward(spec, input, out, b) {
    forEachKernelCell(spec, (o, c, u, v, n) =>
      b.given(
        kernelId(spec, o, c, u, v),
        spec.kernel[n]!,
        'weight',
        `kernel cell (${o + 1}, ${c + 1}, ${u + 1}, ${v + 1})`,
      ),
    );
    spec.bias?.forEach((value, o) =>
      b.given(biasId(spec, o), value, 'bias', `bias of output channel ${o + 1}`),
    );
    const shape = conv.shape(spec, input);
    const grid = { name: out, ...shape };
    const ids: string[] = [];
    const how = { flip: spec.flip, stride: spec.stride, padding: spec.padding };
    for (let o = 0; o < shape.channels; o++)
      for (let i = 0; i < shape.rows; i++)
        for (let j = 0; j < shape.cols; j++) {
          const id = cellId(grid, o, i, j);
          ids.push(id);
          b.step({
            id,
            expr: convCell(spec, input, o, i, j, how),
            phase: 'forward',
            role: 'node',
            describe:
              `output cell ${id}: the kernel${spec.flip ? ' turned by 180 degrees' : ''} over the ` +
              `${spec.kh}x${spec.kw} window of ${input.name} from row ${i * spec.stride[0] - spec.padding[0] + 1}, ` +
              `column ${j * spec.stride[1] - spec.padding[1] + 1}` +
              (spec.padding[0] + spec.padding[1] > 0
                ? ' (rows and columns below 1 are the zero padding)'
                : ''),
            form: { layerSlips: convSlips(spec, input, o, i, j) },
          });
        }
    return { ...grid, ids };
  },

  backward(spec, input, output, dOut, b, needInput) {
    const d = (o: number, i: number, j: number) => ref(dOut[at(output, o, i, j)]!);
    forEachKernelCell(spec, (o, c, u, v) => {
      const [a, bb] = kernelCell(spec, spec.flip, u, v); // the turn is its own inverse
      const terms: Expr[] = [];
      for (let i = 0; i < output.rows; i++)
        for (let j = 0; j < output.cols; j++) {
          const r = i * spec.stride[0] + a - spec.padding[0];
          const k = j * spec.stride[1] + bb - spec.padding[1];
          if (r < 0 || k < 0 || r >= input.rows || k >= input.cols) continue;
          terms.push(mul(d(o, i, j), ref(input.ids[at(input, c, r, k)]!)));
        }
      const param = kernelId(spec, o, c, u, v);
      b.step({
        id: b.grad(param),
        expr: terms.length === 0 ? num('0') : add(...terms),
        phase: 'backward',
        role: 'dE/dw',
        param,
        describe: `gradient of kernel cell ${param}: each output gradient times the input cell this kernel cell met`,
      });
      b.trains(param, b.grad(param));
    });
    spec.bias?.forEach((_, o) => {
      const param = biasId(spec, o);
      const terms: Expr[] = [];
      for (let i = 0; i < output.rows; i++) for (let j = 0; j < output.cols; j++) terms.push(d(o, i, j));
      b.step({
        id: b.grad(param),
        expr: add(...terms),
        phase: 'backward',
        role: 'dE/db',
        param,
        describe: `gradient of the bias ${param}: the sum of the output gradients of channel ${o + 1}`,
      });
      b.trains(param, b.grad(param));
    });
    if (!needInput) return undefined;
    return inputGradients(spec, input, output, dOut, b);
  },
};

function inputGradients(
  spec: ConvSpec,
  input: Grid,
  output: Grid,
  dOut: readonly string[],
  b: LayerBuilder,
): string[] {
  const terms: Expr[][] = input.ids.map(() => []);
  for (let o = 0; o < output.channels; o++)
    for (let i = 0; i < output.rows; i++)
      for (let j = 0; j < output.cols; j++)
        for (let c = 0; c < spec.inChannels; c++)
          for (let a = 0; a < spec.kh; a++)
            for (let bb = 0; bb < spec.kw; bb++) {
              const r = i * spec.stride[0] + a - spec.padding[0];
              const k = j * spec.stride[1] + bb - spec.padding[1];
              if (r < 0 || k < 0 || r >= input.rows || k >= input.cols) continue;
              const [u, v] = kernelCell(spec, spec.flip, a, bb);
              terms[at(input, c, r, k)]!.push(
                mul(ref(dOut[at(output, o, i, j)]!), ref(kernelId(spec, o, c, u, v))),
              );
            }
  return input.ids.map((id, n) => {
    const gid = b.grad(id);
    const t = terms[n]!;
    b.step({
      id: gid,
      expr: t.length === 0 ? num('0') : add(...t),
      phase: 'backward',
      role: 'adjoint',
      describe: `gradient of input cell ${id}: summed over the output cells whose window covers it`,
      ...(t.length > 1 ? { form: { paths: t } } : {}),
    });
    return gid;
  });
}

const pair = (p: readonly [number, number]) => (p[0] === p[1] ? String(p[0]) : `${p[0]}x${p[1]}`);

function forEachKernelCell(
  spec: ConvSpec,
  f: (o: number, c: number, u: number, v: number, n: number) => void,
): void {
  let n = 0;
  for (let o = 0; o < spec.outChannels; o++)
    for (let c = 0; c < spec.inChannels; c++)
      for (let u = 0; u < spec.kh; u++) for (let v = 0; v < spec.kw; v++) f(o, c, u, v, n++);
}

/** The classic slips of an output cell: the kernel turned the other way, a stride or padding off by one. */
function convSlips(spec: ConvSpec, input: Grid, o: number, i: number, j: number) {
  const own = { flip: spec.flip, stride: spec.stride, padding: spec.padding };
  const slips = [
    {
      code: 'kernel-flipped',
      expr: convCell(spec, input, o, i, j, { ...own, flip: !spec.flip }),
    },
  ] as Array<{ code: LayerSlipCode; expr: Expr }>;
  const s = spec.stride;
  const p = spec.padding;
  for (const ds of [-1, 1]) {
    const stride = [s[0] + ds, s[1] + ds] as const;
    if (stride[0] >= 1 && stride[1] >= 1)
      slips.push({ code: 'stride-off-by-one', expr: convCell(spec, input, o, i, j, { ...own, stride }) });
    const padding = [p[0] + ds, p[1] + ds] as const;
    if (padding[0] >= 0 && padding[1] >= 0)
      slips.push({ code: 'padding-off-by-one', expr: convCell(spec, input, o, i, j, { ...own, padding }) });
  }
  return slips;
}
