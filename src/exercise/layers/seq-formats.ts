/**
 * The formats of the sequence and normalisation kinds (engine/layers/batchnorm.ts, layernorm.ts,
 * attention.ts, rnn.ts): their fields, and the builders that check them against the input's shape
 * and make each kind's model. Their rows are in table.ts with the others'.
 */
import { decimal, list, optional } from '../shape.js';
import type { Field } from '../shape.js';
import { nested, readNested } from './grid.js';
import type { Nested } from './grid.js';
import type { LayerContext, LayerData, LayerFormat } from './table.js';

const numbers = (what: string): Field => optional(list(decimal(), 1, 256), what);

/** The fields these kinds add to a stack entry (the schema's one map). */
export const SEQ_FIELDS: Record<string, Field> = {
  gamma: numbers('batchnorm, layernorm: the scale γ, one per feature (column of the input).'),
  beta: numbers('batchnorm, layernorm: the shift β, one per feature.'),
  epsilon: optional(
    decimal(),
    'batchnorm, layernorm: ε, added to the variance under the root (default 0.00001).',
  ),
  wq: optional(
    nested(2),
    'attention: the query projection Wq, one row per input feature, one column per query component.',
  ),
  wk: optional(nested(2), 'attention: the key projection Wk, shaped as Wq.'),
  wv: optional(
    nested(2),
    'attention: the value projection Wv, one row per input feature, one column per value component.',
  ),
  wx: optional(nested(2), 'rnn: the input weights Wx, one row per hidden unit, one value per input feature.'),
  wh: optional(
    nested(2),
    'rnn: the recurrent weights Wh, one row per hidden unit, one value per hidden unit.',
  ),
  wy: optional(nested(2), 'rnn: the read-out weights Wy, one row per output, one value per hidden unit.'),
  output_bias: numbers('rnn: the read-out bias by, one per output (default none).'),
  h0: numbers('rnn: the initial hidden state h_0, one per hidden unit (default zeros).'),
};

/** A matrix field read as rows x columns, or undefined after reporting what it should be. */
function matrix(
  d: LayerData,
  key: string,
  ctx: LayerContext,
  rows: number | undefined,
  cols: number | undefined,
  words: string,
) {
  const m = d[key] === undefined ? undefined : readNested(d[key] as Nested, [...ctx.path, key], ctx.at);
  const ok =
    m &&
    m.sizes.length === 2 &&
    (rows === undefined || m.sizes[0] === rows) &&
    (cols === undefined || m.sizes[1] === cols);
  if (!ok) {
    ctx.at(
      [...ctx.path, key],
      d[key] === undefined ? 'missing-key' : 'wrong-count',
      `\`${key}\` must be ${words}`,
      `write it as rows: ${key}: [[a, b], [c, d]]`,
    );
    return undefined;
  }
  return { rows: m.sizes[0]!, cols: m.sizes[1]!, values: m.values };
}

/** A list of exactly n numbers, or its default, or undefined after reporting. */
function vector(d: LayerData, key: string, ctx: LayerContext, n: number, words: string, fallback?: string[]) {
  const v = d[key] as string[] | undefined;
  if (v === undefined && fallback) return fallback;
  if (v === undefined || v.length !== n) {
    ctx.at(
      [...ctx.path, key],
      v === undefined ? 'missing-key' : 'wrong-count',
      `\`${key}\` must be ${n} number${n === 1 ? '' : 's'}, ${words}`,
      `write ${key}: [${Array.from({ length: n }, (_, i) => `v${i + 1}`).join(', ')}]`,
    );
    return undefined;
  }
  return v;
}

/** These kinds read a grid of one channel: rows are examples, tokens or time steps. */
function oneChannel(ctx: LayerContext, what: string): boolean {
  if (ctx.input.channels === 1) return true;
  ctx.at(
    ctx.path,
    'bad-value',
    `${what} reads a grid of one channel, and its input has ${ctx.input.channels}`,
    'give the input as one grid: a row per example (token, time step), a column per feature',
  );
  return false;
}

function normalisation(type: 'batchnorm' | 'layernorm', describe: string): LayerFormat {
  return {
    describe,
    fields: ['gamma', 'beta', 'epsilon'],
    // Its symbols (gamma_1, mu_1...) are not numbered by position: one such layer a stack.
    params: false,
    build(d, ctx) {
      if (!oneChannel(ctx, `a ${type} layer`)) return undefined;
      const cols = ctx.input.cols;
      const groupSize = type === 'batchnorm' ? ctx.input.rows : cols;
      if (groupSize < 2) {
        ctx.at(
          ctx.path,
          'bad-value',
          type === 'batchnorm'
            ? 'batch normalisation needs a batch of at least 2 rows'
            : 'layer normalisation needs at least 2 features (columns)',
          'give the input as a grid: a row per example, a column per feature',
        );
        return undefined;
      }
      const gamma = vector(d, 'gamma', ctx, cols, 'one per feature (column)', Array(cols).fill('1'));
      const beta = vector(d, 'beta', ctx, cols, 'one per feature (column)', Array(cols).fill('0'));
      if (!gamma || !beta) return undefined;
      return { type, spec: { gamma, beta, epsilon: (d.epsilon as string | undefined) ?? '0.00001' } };
    },
  };
}

const attention: LayerFormat = {
  describe: 'scaled dot-product attention, one head: rows are tokens',
  fields: ['wq', 'wk', 'wv'],
  params: false,
  build(d, ctx) {
    if (!oneChannel(ctx, 'an attention layer')) return undefined;
    const f = ctx.input.cols;
    const q = matrix(d, 'wq', ctx, f, undefined, `${f} rows (one per input feature)`);
    const k = q && matrix(d, 'wk', ctx, f, q.cols, `${f} x ${q.cols}, the shape of wq`);
    const v = k && matrix(d, 'wv', ctx, f, undefined, `${f} rows (one per input feature)`);
    if (!q || !k || !v) return undefined;
    return {
      type: 'attention',
      spec: { keySize: q.cols, valueSize: v.cols, wq: q.values, wk: k.values, wv: v.values },
    };
  },
};

const rnn: LayerFormat = {
  describe: 'an Elman (tanh) recurrent layer with a linear read-out: rows are time steps',
  fields: ['wx', 'wh', 'wy', 'bias', 'output_bias', 'h0'],
  params: false,
  build(d, ctx) {
    if (!oneChannel(ctx, 'an rnn layer')) return undefined;
    const wx = matrix(
      d,
      'wx',
      ctx,
      undefined,
      ctx.input.cols,
      `one row per hidden unit, each of ${ctx.input.cols} values (one per input feature)`,
    );
    const H = wx?.rows;
    const wh =
      wx && matrix(d, 'wh', ctx, H, H, `${H} x ${H}: one row per hidden unit, one value per hidden unit`);
    const wy =
      wh &&
      matrix(d, 'wy', ctx, undefined, H, `one row per output, each of ${H} values (one per hidden unit)`);
    if (!wx || !wh || !wy || H === undefined) return undefined;
    const b = d.bias === undefined ? undefined : vector(d, 'bias', ctx, H, 'one per hidden unit');
    const by =
      d.output_bias === undefined ? undefined : vector(d, 'output_bias', ctx, wy.rows, 'one per output');
    const h0 = vector(d, 'h0', ctx, H, 'one per hidden unit', Array(H).fill('0'));
    if ((d.bias !== undefined && !b) || (d.output_bias !== undefined && !by) || !h0) return undefined;
    return {
      type: 'rnn',
      spec: {
        hidden: H,
        outSize: wy.rows,
        wx: wx.values,
        wh: wh.values,
        wy: wy.values,
        ...(b ? { b } : {}),
        ...(by ? { by } : {}),
        h0,
      },
    };
  },
};

export const SEQ_FORMATS: Readonly<Record<string, LayerFormat>> = {
  batchnorm: normalisation(
    'batchnorm',
    'batch normalisation in training mode: each column over the rows (the batch)',
  ),
  layernorm: normalisation('layernorm', 'layer normalisation: each row over its columns (the features)'),
  attention,
  rnn,
};
