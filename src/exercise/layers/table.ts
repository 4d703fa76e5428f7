/**
 * The format of each layer kind: the fields a `layers.stack` entry of that `type` may have, and
 * the builder that checks them and makes the kind's model (engine/layers/table.ts). A new kind
 * is a row here and a row there (docs/layers.md). Every field of every kind is listed in one
 * map for the schema; a field that belongs to another kind is reported by `buildLayer`.
 */
import type { LayerSpec } from '../../engine/layers/table.js';
import type { Shape3 } from '../../engine/layers/types.js';
import { ACTIVATION_NAMES } from '../../engine/operations/table.js';
import type { ActivationName } from '../../engine/model.js';
import type { At } from '../build-report.js';
import { bool, choice, decimal, either, int, list, optional, text } from '../shape.js';
import type { Field } from '../shape.js';
import { SEQ_FIELDS, SEQ_FORMATS } from './seq-formats.js';
import { nested, readNested } from './grid.js';
import type { Nested } from './grid.js';

/** One `layers.stack` entry as composed: `type` and any fields (each kind reads its own). */
export type LayerData = { type: string; name?: string } & Record<string, unknown>;

export interface LayerContext {
  readonly at: At;
  readonly path: Array<string | number>;
  /** The shape of the layer's input. */
  readonly input: Shape3;
  /** The layer's position (1-based) and whether others carry parameters, for default names. */
  readonly position: number;
  readonly suffix: string;
}

export interface LayerFormat {
  readonly fields: readonly string[];
  /** It has given values of its own (a kernel, weights, a mask): their symbols are numbered when several layers do. */
  readonly params: boolean;
  readonly describe: string;
  build(d: LayerData, ctx: LayerContext): Omit<LayerSpec, 'name'> | undefined;
}

const symbol = text(12, {
  min: 1,
  pattern: /^[A-Za-z][A-Za-z0-9]*$/,
  rule: 'a symbol is letters and digits, starting with a letter',
});
const pairShape = either(int(0, 64), list(int(0, 64), 2, 2));

/** Every field of every kind, for the schema's one map of a stack entry. */
export const LAYER_FIELDS: Record<string, Field> = {
  kernel: optional(
    nested(4),
    'conv: the kernel, kh x kw (one channel in and out), in x kh x kw (one out) or out x in x kh x kw.',
  ),
  bias: optional(
    either(decimal(), list(decimal(), 1, 256)),
    'conv, dense, rnn: one bias per output channel, output or hidden unit.',
  ),
  stride: optional(
    pairShape,
    'conv, pooling: the step between windows, one number or [rows, columns] (default 1; pooling: the window size).',
  ),
  padding: optional(
    pairShape,
    'conv: zeros added around the input, one number or [rows, columns] (default 0).',
  ),
  flip: optional(
    bool(),
    'conv: true for the convolution of the textbooks (kernel turned by 180 degrees); default false, cross-correlation as frameworks compute it.',
  ),
  size: optional(pairShape, 'pooling: the window, one number or [rows, columns].'),
  mask: optional(nested(3), "dropout: 0 or 1 per input cell, in the input's shape."),
  keep: optional(decimal(), 'dropout: the keep probability q the kept cells are divided by (default 1).'),
  weights: optional(nested(2), 'dense: one row per output, one value per input.'),
  activation: optional(
    choice(ACTIVATION_NAMES.filter((a) => a !== 'softmax')),
    'dense: the activation (default identity).',
  ),
  kernel_name: optional(
    symbol,
    "conv: the kernel's symbol (default K, numbered when several layers have parameters).",
  ),
  bias_name: optional(symbol, "conv, dense: the bias's symbol (default b)."),
  weight_name: optional(symbol, "dense: the weights' symbol (default W)."),
  mask_name: optional(symbol, "dropout: the mask's symbol (default m)."),
  ...SEQ_FIELDS,
};

/** A number or a [rows, columns] pair. */
function pairOf(v: unknown, fallback: readonly [number, number]): readonly [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2) return [v[0] as number, v[1] as number];
  return fallback;
}

function biasList(d: LayerData, n: number, ctx: LayerContext, what: string): string[] | undefined {
  if (d.bias === undefined) return undefined;
  const values = Array.isArray(d.bias) ? (d.bias as string[]) : [d.bias as string];
  if (values.length !== n) {
    ctx.at(
      [...ctx.path, 'bias'],
      'wrong-count',
      `${values.length} biases for ${n} ${what}`,
      `give one bias per ${what.replace(/s$/, '')}`,
    );
    return undefined;
  }
  return values;
}

const conv: LayerFormat = {
  describe: 'a 2-D convolution (1-D: a grid of one row)',
  params: true,
  fields: ['kernel', 'bias', 'stride', 'padding', 'flip', 'kernel_name', 'bias_name'],
  build(d, ctx) {
    if (d.kernel === undefined) {
      ctx.at(
        ctx.path,
        'missing-key',
        'a conv layer needs a `kernel`',
        'write the kernel as rows, e.g. kernel: [[0, 1], [2, 3]]',
      );
      return undefined;
    }
    const k = readNested(d.kernel as Nested, [...ctx.path, 'kernel'], ctx.at);
    if (!k) return undefined;
    const sizes = k.sizes;
    if (sizes.length < 2) {
      ctx.at(
        [...ctx.path, 'kernel'],
        'bad-value',
        'a kernel is a grid: a list of rows',
        'write it as [[a, b], [c, d]]; a 1-D kernel is one row, [[a, b, c]]',
      );
      return undefined;
    }
    const [outChannels, inChannels, kh, kw] = [...new Array<number>(4 - sizes.length).fill(1), ...sizes];
    if (inChannels !== ctx.input.channels) {
      ctx.at(
        [...ctx.path, 'kernel'],
        'wrong-count',
        `the kernel reads ${inChannels} input channel${inChannels === 1 ? '' : 's'} but its input has ${ctx.input.channels}`,
        'give the kernel one grid per input channel',
      );
      return undefined;
    }
    const stride = pairOf(d.stride, [1, 1]);
    const padding = pairOf(d.padding, [0, 0]);
    if (stride[0] < 1 || stride[1] < 1) {
      ctx.at(
        [...ctx.path, 'stride'],
        'bad-value',
        'a stride is at least 1',
        'use stride: 1 for windows side by side',
      );
      return undefined;
    }
    if (ctx.input.rows + 2 * padding[0] < kh! || ctx.input.cols + 2 * padding[1] < kw!) {
      ctx.at(
        [...ctx.path, 'kernel'],
        'bad-value',
        `the ${kh}x${kw} kernel is larger than the ${ctx.input.rows}x${ctx.input.cols} input with its padding`,
        'use a smaller kernel or more padding',
      );
      return undefined;
    }
    const bias = biasList(d, outChannels!, ctx, 'output channels');
    if (d.bias !== undefined && !bias) return undefined;
    return {
      type: 'conv',
      spec: {
        outChannels: outChannels!,
        inChannels: inChannels,
        kh: kh!,
        kw: kw!,
        kernel: k.values,
        ...(bias ? { bias } : {}),
        stride,
        padding,
        flip: d.flip === true,
        kernelName: (d.kernel_name as string | undefined) ?? `K${ctx.suffix}`,
        biasName: (d.bias_name as string | undefined) ?? `b${ctx.suffix}`,
      },
    };
  },
};

function poolFormat(mode: 'max' | 'average'): LayerFormat {
  return {
    describe: `${mode} pooling`,
    params: false,
    fields: ['size', 'stride'],
    build(d, ctx) {
      if (d.size === undefined) {
        ctx.at(
          ctx.path,
          'missing-key',
          `a ${mode}-pool layer needs a window \`size\``,
          'write size: 2 for 2x2 windows',
        );
        return undefined;
      }
      const size = pairOf(d.size, [1, 1]);
      const stride = pairOf(d.stride, size);
      if (
        size[0] < 1 ||
        size[1] < 1 ||
        stride[0] < 1 ||
        stride[1] < 1 ||
        size[0] > ctx.input.rows ||
        size[1] > ctx.input.cols
      ) {
        ctx.at(
          [...ctx.path, 'size'],
          'bad-value',
          `a ${size[0]}x${size[1]} window with stride ${stride[0]}x${stride[1]} does not fit the ${ctx.input.rows}x${ctx.input.cols} input`,
          'windows and strides are at least 1 and at most the input',
        );
        return undefined;
      }
      return { type: 'pool', spec: { mode, size, stride } };
    },
  };
}

const flatten: LayerFormat = {
  describe: 'the cells in reading order as one vector',
  params: false,
  fields: [],
  build: () => ({ type: 'flatten', spec: {} }),
};

const dropout: LayerFormat = {
  describe: 'dropout with a given mask',
  params: true,
  fields: ['mask', 'keep', 'mask_name'],
  build(d, ctx) {
    const m = d.mask === undefined ? undefined : readNested(d.mask as Nested, [...ctx.path, 'mask'], ctx.at);
    const n = ctx.input.channels * ctx.input.rows * ctx.input.cols;
    if (!m || m.values.length !== n || m.values.some((v) => v !== '0' && v !== '1')) {
      ctx.at(
        [...ctx.path, 'mask'],
        'bad-value',
        `dropout needs a mask of ${n} zeros and ones, one per input cell`,
        'write it in the shape of the input, 1 to keep a cell and 0 to drop it',
      );
      return undefined;
    }
    return {
      type: 'dropout',
      spec: {
        mask: m.values,
        keep: (d.keep as string | undefined) ?? '1',
        maskName: (d.mask_name as string | undefined) ?? `m${ctx.suffix}`,
      },
    };
  },
};

const dense: LayerFormat = {
  describe: 'a fully connected layer on a vector',
  params: true,
  fields: ['weights', 'bias', 'activation', 'weight_name', 'bias_name'],
  build(d, ctx) {
    const inSize = ctx.input.channels * ctx.input.rows * ctx.input.cols;
    if (ctx.input.channels !== 1 || ctx.input.rows !== 1) {
      ctx.at(
        ctx.path,
        'bad-value',
        `a dense layer reads a vector, and its input is ${ctx.input.channels}x${ctx.input.rows}x${ctx.input.cols}`,
        'put a `type: flatten` layer before it',
      );
      return undefined;
    }
    const w =
      d.weights === undefined ? undefined : readNested(d.weights as Nested, [...ctx.path, 'weights'], ctx.at);
    if (!w || w.sizes.length !== 2 || w.sizes[1] !== inSize) {
      ctx.at(
        [...ctx.path, 'weights'],
        'wrong-count',
        `a dense layer needs \`weights\`: one row per output, each of ${inSize} values (one per input)`,
        'write weights: [[w11, w12, ...], ...]',
      );
      return undefined;
    }
    const outSize = w.sizes[0]!;
    const bias = biasList(d, outSize, ctx, 'outputs');
    if (d.bias !== undefined && !bias) return undefined;
    return {
      type: 'dense',
      spec: {
        outSize,
        inSize,
        weights: w.values,
        ...(bias ? { bias } : {}),
        activation: (d.activation as ActivationName | undefined) ?? 'identity',
        weightName: (d.weight_name as string | undefined) ?? `W${ctx.suffix}`,
        biasName: (d.bias_name as string | undefined) ?? `b${ctx.suffix}`,
        preName: `z${ctx.suffix}`,
      },
    };
  },
};

/** The layer types a file may write, and their formats. */
export const LAYER_FORMATS: Readonly<Record<string, LayerFormat>> = {
  conv,
  'max-pool': poolFormat('max'),
  'average-pool': poolFormat('average'),
  flatten,
  dropout,
  dense,
  ...SEQ_FORMATS,
};
