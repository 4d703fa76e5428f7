/**
 * Scaled dot-product attention, one head (Vaswani et al. 2017, section 3.2.1), on a grid whose rows
 * are the tokens and whose columns are their features:
 *   Q = X Wq, K = X Wk, V = X Wv;  S_ij = (Σ_a Q_ia K_ja) / √d;  A_ij = exp(S_ij) / Σ_k exp(S_ik)
 *   (the softmax over the keys j, along each query's row);  O_ib = Σ_j A_ij V_jb.
 * Backward, from dE/dO: dV_jb = Σ_i A_ij dO_ib, dA_ij = Σ_b dO_ib V_jb,
 * dS_ij = A_ij (dA_ij - Σ_k A_ik dA_ik), dQ_ia = Σ_j dS_ij K_ja / √d, dK_ja = Σ_i dS_ij Q_ia / √d,
 * dW = Xᵀ dQ (dK, dV), and dX, when asked, through all three projections.
 * The slips are the scale left out (forward and backward) and the softmax taken down a column.
 */
import { add, div, mul, num, ref, sub, unary } from '../expr.js';
import type { Expr } from '../expr.js';
import type { Grid, LayerBuilder, LayerKind } from './types.js';

export interface AttentionSpec {
  /** d, the size of a query and a key (the scale is 1/√d). */
  readonly keySize: number;
  /** The size of a value, and so of each output row. */
  readonly valueSize: number;
  /** The projections in reading order, one row per input feature: Wq and Wk (features x d), Wv (features x dv). */
  readonly wq: readonly string[];
  readonly wk: readonly string[];
  readonly wv: readonly string[];
}

const id2 = (name: string, i: number, j: number) => `${name}_${i + 1}_${j + 1}`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The three projections' givens and steps: M_ia = Σ_r X_ir W_ra. */
function project(
  b: LayerBuilder,
  input: Grid,
  name: string,
  weights: readonly string[],
  size: number,
  what: string,
) {
  const W = `W${name.toLowerCase()}`;
  range(input.cols).forEach((r) =>
    range(size).forEach((a) =>
      b.given(
        id2(W, r, a),
        weights[r * size + a]!,
        'weight',
        `${what} projection, row ${r + 1}, column ${a + 1}`,
      ),
    ),
  );
  for (const i of range(input.rows))
    for (const a of range(size))
      b.step({
        id: id2(name, i, a),
        expr: add(
          ...range(input.cols).map((r) => mul(ref(input.ids[i * input.cols + r]!), ref(id2(W, r, a)))),
        ),
        phase: 'forward',
        role: 'preactivation',
        describe: `${what} of token ${i + 1}, component ${a + 1}: row ${i + 1} of the input times column ${a + 1} of ${W}`,
      });
}

function forward(spec: AttentionSpec, input: Grid, out: string, b: LayerBuilder): Grid {
  const n = input.rows;
  project(b, input, 'Q', spec.wq, spec.keySize, 'query');
  project(b, input, 'K', spec.wk, spec.keySize, 'key');
  project(b, input, 'V', spec.wv, spec.valueSize, 'value');
  const root = unary('sqrt', num(String(spec.keySize)));
  for (const i of range(n))
    for (const j of range(n)) {
      const dot = add(...range(spec.keySize).map((a) => mul(ref(id2('Q', i, a)), ref(id2('K', j, a)))));
      b.step({
        id: id2('S', i, j),
        expr: div(dot, root),
        phase: 'forward',
        role: 'node',
        describe: `score of query ${i + 1} against key ${j + 1}: their dot product over √${spec.keySize}`,
        form: { layerSlips: [{ code: 'attention-scale-dropped', expr: dot }] },
      });
    }
  const e = (i: number, j: number) => unary('exp', ref(id2('S', i, j)));
  for (const i of range(n))
    for (const j of range(n))
      b.step({
        id: id2('A', i, j),
        expr: div(e(i, j), add(...range(n).map((k) => e(i, k)))),
        phase: 'forward',
        role: 'activation',
        describe: `attention weight of query ${i + 1} on key ${j + 1}: the softmax along row ${i + 1} of the scores`,
        form: {
          layerSlips: [
            { code: 'softmax-wrong-axis', expr: div(e(i, j), add(...range(n).map((k) => e(k, j)))) },
          ],
        },
      });
  const ids: string[] = [];
  for (const i of range(n))
    for (const c of range(spec.valueSize)) {
      const id = id2(out, i, c);
      ids.push(id);
      b.step({
        id,
        expr: add(...range(n).map((j) => mul(ref(id2('A', i, j)), ref(id2('V', j, c))))),
        phase: 'forward',
        role: 'node',
        describe: `output of token ${i + 1}, component ${c + 1}: the values weighted by row ${i + 1} of the attention`,
      });
    }
  return { name: out, channels: 1, rows: n, cols: spec.valueSize, ids };
}

function step(
  b: LayerBuilder,
  id: string,
  expr: Expr,
  role: 'adjoint' | 'dE/dw',
  describe: string,
  extra = {},
) {
  b.step({ id, expr, phase: 'backward', role, describe, ...extra });
  return id;
}

/** Backward through the output and the softmax: dV, dA and dS; then on to the projections. */
function backward(
  spec: AttentionSpec,
  input: Grid,
  dOut: readonly string[],
  b: LayerBuilder,
  needInput: boolean,
) {
  const n = input.rows;
  const dv = spec.valueSize;
  const dO = (i: number, c: number) => ref(dOut[i * dv + c]!);
  const g = (name: string, i: number, j: number) => ref(b.grad(id2(name, i, j)));
  for (const j of range(n))
    for (const c of range(dv))
      step(
        b,
        b.grad(id2('V', j, c)),
        add(...range(n).map((i) => mul(ref(id2('A', i, j)), dO(i, c)))),
        'adjoint',
        `gradient of V_${j + 1}_${c + 1}: the output gradients of column ${c + 1} weighted by column ${j + 1} of the attention`,
      );
  for (const i of range(n))
    for (const j of range(n))
      step(
        b,
        b.grad(id2('A', i, j)),
        add(...range(dv).map((c) => mul(dO(i, c), ref(id2('V', j, c))))),
        'adjoint',
        `gradient of A_${i + 1}_${j + 1}: row ${i + 1} of the output gradient times value ${j + 1}`,
      );
  for (const i of range(n))
    for (const j of range(n)) {
      const along = add(...range(n).map((k) => mul(ref(id2('A', i, k)), g('A', i, k))));
      const down = add(...range(n).map((k) => mul(ref(id2('A', k, j)), g('A', k, j))));
      step(
        b,
        b.grad(id2('S', i, j)),
        mul(ref(id2('A', i, j)), sub(g('A', i, j), along)),
        'adjoint',
        `gradient of S_${i + 1}_${j + 1}: through the softmax of row ${i + 1}`,
        {
          form: {
            layerSlips: [
              { code: 'softmax-wrong-axis', expr: mul(ref(id2('A', i, j)), sub(g('A', i, j), down)) },
            ],
          },
        },
      );
    }
  return toProjections(spec, input, b, needInput);
}

/** Backward from dE/dS and dE/dV: dQ and dK (with the scale), the projections' gradients, and dX. */
function toProjections(spec: AttentionSpec, input: Grid, b: LayerBuilder, needInput: boolean) {
  const n = input.rows;
  const dv = spec.valueSize;
  const g = (name: string, i: number, j: number) => ref(b.grad(id2(name, i, j)));
  const root = unary('sqrt', num(String(spec.keySize)));
  const scaled = (id: string, sum: Expr, describe: string) =>
    step(b, id, div(sum, root), 'adjoint', describe, {
      form: { layerSlips: [{ code: 'attention-scale-dropped', expr: sum }] },
    });
  for (const i of range(n))
    for (const a of range(spec.keySize))
      scaled(
        b.grad(id2('Q', i, a)),
        add(...range(n).map((j) => mul(g('S', i, j), ref(id2('K', j, a))))),
        `gradient of Q_${i + 1}_${a + 1}: row ${i + 1} of the score gradients times the keys, over √${spec.keySize}`,
      );
  for (const j of range(n))
    for (const a of range(spec.keySize))
      scaled(
        b.grad(id2('K', j, a)),
        add(...range(n).map((i) => mul(g('S', i, j), ref(id2('Q', i, a))))),
        `gradient of K_${j + 1}_${a + 1}: column ${j + 1} of the score gradients times the queries, over √${spec.keySize}`,
      );
  for (const [name, size] of [
    ['Q', spec.keySize],
    ['K', spec.keySize],
    ['V', dv],
  ] as const) {
    const W = `W${name.toLowerCase()}`;
    for (const r of range(input.cols))
      for (const a of range(size)) {
        const w = id2(W, r, a);
        step(
          b,
          b.grad(w),
          add(...range(n).map((i) => mul(ref(input.ids[i * input.cols + r]!), g(name, i, a)))),
          'dE/dw',
          `gradient of ${w}: input feature ${r + 1} of each token times its ${name} gradient, summed over the tokens`,
          { param: w },
        );
        b.trains(w, b.grad(w));
      }
  }
  if (!needInput) return undefined;
  return input.ids.map((x, at) => {
    const i = Math.floor(at / input.cols);
    const r = at % input.cols;
    const paths = (['Q', 'K', 'V'] as const).map((name) => {
      const size = name === 'V' ? dv : spec.keySize;
      return add(...range(size).map((a) => mul(g(name, i, a), ref(id2(`W${name.toLowerCase()}`, r, a)))));
    });
    return step(
      b,
      b.grad(x),
      add(...paths),
      'adjoint',
      `gradient of ${x}: through its query, its key and its value`,
      { form: { paths } },
    );
  });
}

export const attention: LayerKind<AttentionSpec> = {
  words: (spec) => `scaled dot-product attention, one head, d = ${spec.keySize}`,
  shape: (spec, input) => ({ channels: 1, rows: input.rows, cols: spec.valueSize }),
  forward,
  backward: (spec, input, _output, dOut, b, needInput) => backward(spec, input, dOut, b, needInput),
};
