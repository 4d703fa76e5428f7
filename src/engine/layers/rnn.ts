/**
 * An Elman recurrent layer unrolled over T time steps, with a linear read-out (Goodfellow, Bengio &
 * Courville, Deep Learning, section 10.2, eqs. 10.8-10.11 with a linear output): the grid's rows
 * are the time steps and its columns the input features;
 *   a_t = Wx x_t + Wh h_{t-1} + b,  h_t = tanh(a_t),  y_t = Wy h_t (+ by),
 * and the output grid has one row per time step. Backpropagation through time (eqs. 10.18-10.22):
 *   dE/dh_t = Wyᵀ dE/dy_t + Whᵀ dE/da_{t+1}   (the second term, the path through h_{t+1}, is the
 *   one the classic slip forgets),  dE/da_t = dE/dh_t (1 - h_t²),
 *   dE/dWx = Σ_t dE/da_t x_tᵀ, dE/dWh = Σ_t dE/da_t h_{t-1}ᵀ, dE/db = Σ_t dE/da_t, dE/dWy = Σ_t dE/dy_t h_tᵀ.
 * With one hidden unit (or one input, or one output) that index is left out of the ids: h_2, Wx.
 */
import { add, mul, ref } from '../expr.js';
import { activationOf } from '../operations/table.js';
import type { ActivationName } from '../operations/table.js';
import type { Expr } from '../expr.js';
import type { Grid, LayerBuilder, LayerKind } from './types.js';

// The Elman hidden activation, from the operation table: its forward formula and its textbook
// slope (1 - h^2) are the table's, not written again here.
const HIDDEN: ActivationName = 'tanh';
const hidden = activationOf(HIDDEN);
const HIDDEN_LAYER = { name: 'hidden', neurons: [], activation: HIDDEN } as const;

export interface RnnSpec {
  readonly hidden: number;
  readonly outSize: number;
  /** Wx (hidden x inputs), Wh (hidden x hidden), Wy (outputs x hidden), in reading order. */
  readonly wx: readonly string[];
  readonly wh: readonly string[];
  readonly wy: readonly string[];
  readonly b?: readonly string[];
  readonly by?: readonly string[];
  /** The initial hidden state h_0. */
  readonly h0: readonly string[];
}

/** ", unit k" when the layer has several hidden units. */
const unit = (k: number, H: number) => (H === 1 ? '' : `, unit ${k + 1}`);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** `name_t_k`, or `name_t` when the layer has one unit of that kind (the ids of its cells). */
export const cell = (name: string, t: number, k: number, size: number) =>
  size === 1 ? `${name}_${t}` : `${name}_${t}_${k + 1}`;
/** A weight `W_i_j`, without the indices when the matrix is 1 x 1, a bias `b_i` without it for one. */
const w2 = (name: string, i: number, j: number, rows: number, cols: number) =>
  rows === 1 && cols === 1 ? name : `${name}_${i + 1}_${j + 1}`;
const w1 = (name: string, i: number, size: number) => (size === 1 ? name : `${name}_${i + 1}`);

interface Dims {
  readonly T: number;
  readonly I: number;
  readonly H: number;
  readonly O: number;
}
const dims = (spec: RnnSpec, input: Grid): Dims => ({
  T: input.rows,
  I: input.cols,
  H: spec.hidden,
  O: spec.outSize,
});

function givens(spec: RnnSpec, d: Dims, b: LayerBuilder) {
  const { I, H, O } = d;
  range(H).forEach((k) =>
    range(I).forEach((i) =>
      b.given(w2('Wx', k, i, H, I), spec.wx[k * I + i]!, 'weight', `input weight into hidden unit ${k + 1}`),
    ),
  );
  range(H).forEach((k) =>
    range(H).forEach((m) =>
      b.given(
        w2('Wh', k, m, H, H),
        spec.wh[k * H + m]!,
        'weight',
        `recurrent weight from hidden unit ${m + 1} to ${k + 1}`,
      ),
    ),
  );
  range(O).forEach((o) =>
    range(H).forEach((k) =>
      b.given(
        w2('Wy', o, k, O, H),
        spec.wy[o * H + k]!,
        'weight',
        `read-out weight from hidden unit ${k + 1} to output ${o + 1}`,
      ),
    ),
  );
  spec.b?.forEach((v, k) => b.given(w1('b', k, H), v, 'bias', `bias of hidden unit ${k + 1}`));
  spec.by?.forEach((v, o) => b.given(w1('by', o, O), v, 'bias', `bias of output ${o + 1}`));
  spec.h0.forEach((v, k) =>
    b.given(cell('h', 0, k, H), v, 'constant', `initial hidden state, unit ${k + 1}`),
  );
}

function forward(spec: RnnSpec, input: Grid, out: string, b: LayerBuilder): Grid {
  const d = dims(spec, input);
  const { T, I, H, O } = d;
  givens(spec, d, b);
  const ids: string[] = [];
  for (let t = 1; t <= T; t++) {
    for (const k of range(H)) {
      const terms: Expr[] = [
        ...range(I).map((i) => mul(ref(w2('Wx', k, i, H, I)), ref(input.ids[(t - 1) * I + i]!))),
        ...range(H).map((m) => mul(ref(w2('Wh', k, m, H, H)), ref(cell('h', t - 1, m, H)))),
      ];
      if (spec.b) terms.push(ref(w1('b', k, H)));
      const a = b.step({
        id: cell('a', t, k, H),
        expr: add(...terms),
        phase: 'forward',
        role: 'preactivation',
        describe: `weighted input at time ${t}${unit(k, H)}: the input of time ${t} and the hidden state of time ${t - 1}`,
      });
      b.step({
        id: cell('h', t, k, H),
        expr: hidden.forward(a, HIDDEN_LAYER),
        phase: 'forward',
        role: 'activation',
        describe: `hidden state at time ${t}${unit(k, H)}: tanh of its weighted input`,
      });
    }
    for (const o of range(O)) {
      const terms = range(H).map((k) => mul(ref(w2('Wy', o, k, O, H)), ref(cell('h', t, k, H))));
      if (spec.by) terms.push(ref(w1('by', o, O)));
      const id = cell(out, t, o, O);
      ids.push(id);
      b.step({
        id,
        expr: add(...terms),
        phase: 'forward',
        role: 'preactivation',
        describe: `output at time ${t}${O > 1 ? `, component ${o + 1}` : ''}: the read-out of h at time ${t}`,
      });
    }
  }
  return { name: out, channels: 1, rows: T, cols: O, ids };
}

function backward(spec: RnnSpec, input: Grid, dOut: readonly string[], b: LayerBuilder, needInput: boolean) {
  const { T, H, O } = dims(spec, input);
  const dy = (t: number, o: number) => ref(dOut[(t - 1) * O + o]!);
  const da = (t: number, k: number) => ref(b.grad(cell('a', t, k, H)));
  for (let t = T; t >= 1; t--) {
    for (const k of range(H)) {
      const fromOutput = add(...range(O).map((o) => mul(dy(t, o), ref(w2('Wy', o, k, O, H)))));
      const later =
        t < T ? add(...range(H).map((m) => mul(da(t + 1, m), ref(w2('Wh', m, k, H, H))))) : undefined;
      const paths = later ? [fromOutput, later] : [fromOutput];
      b.step({
        id: b.grad(cell('h', t, k, H)),
        expr: add(...paths),
        phase: 'backward',
        role: 'dE/dy-hidden',
        describe: later
          ? `gradient of the hidden state at time ${t}: from the output at time ${t}, and through the next hidden state`
          : `gradient of the last hidden state: from the last output only`,
        ...(later
          ? { form: { paths, layerSlips: [{ code: 'recurrent-path-dropped' as const, expr: fromOutput }] } }
          : {}),
      });
      const h = ref(cell('h', t, k, H));
      b.step({
        id: b.grad(cell('a', t, k, H)),
        expr: mul(ref(b.grad(cell('h', t, k, H))), hidden.slope(h, ref(cell('a', t, k, H)), HIDDEN_LAYER)),
        phase: 'backward',
        role: 'delta',
        describe: `delta at time ${t}: the gradient of h times the tanh slope 1 - h²`,
      });
    }
  }
  return weightGradients(spec, input, dOut, b, needInput);
}

/** The shared weights' gradients, each summed over the time steps; then dE/dx when asked. */
function weightGradients(
  spec: RnnSpec,
  input: Grid,
  dOut: readonly string[],
  b: LayerBuilder,
  needInput: boolean,
) {
  const { T, I, H, O } = dims(spec, input);
  const dy = (t: number, o: number) => ref(dOut[(t - 1) * O + o]!);
  const da = (t: number, k: number) => ref(b.grad(cell('a', t, k, H)));
  const sumOver = (f: (t: number) => Expr) => add(...range(T).map((t) => f(t + 1)));
  const grad = (param: string, expr: Expr, role: 'dE/dw' | 'dE/db', describe: string) => {
    b.step({ id: b.grad(param), expr, phase: 'backward', role, param, describe });
    b.trains(param, b.grad(param));
  };
  range(O).forEach((o) =>
    range(H).forEach((k) =>
      grad(
        w2('Wy', o, k, O, H),
        sumOver((t) => mul(dy(t, o), ref(cell('h', t, k, H)))),
        'dE/dw',
        `read-out weight gradient: summed over the ${T} time steps`,
      ),
    ),
  );
  range(O).forEach(
    (o) =>
      spec.by &&
      grad(
        w1('by', o, O),
        sumOver((t) => dy(t, o)),
        'dE/db',
        `output bias gradient: summed over the time steps`,
      ),
  );
  range(H).forEach((k) =>
    range(I).forEach((i) =>
      grad(
        w2('Wx', k, i, H, I),
        sumOver((t) => mul(da(t, k), ref(input.ids[(t - 1) * I + i]!))),
        'dE/dw',
        `input weight gradient: summed over the ${T} time steps (the weight is shared)`,
      ),
    ),
  );
  range(H).forEach((k) =>
    range(H).forEach((m) =>
      grad(
        w2('Wh', k, m, H, H),
        sumOver((t) => mul(da(t, k), ref(cell('h', t - 1, m, H)))),
        'dE/dw',
        `recurrent weight gradient: each delta times the hidden state before it, summed`,
      ),
    ),
  );
  range(H).forEach(
    (k) =>
      spec.b &&
      grad(
        w1('b', k, H),
        sumOver((t) => da(t, k)),
        'dE/db',
        `hidden bias gradient: the deltas summed over time`,
      ),
  );
  if (!needInput) return undefined;
  return input.ids.map((x, at) => {
    const t = Math.floor(at / I) + 1;
    const i = at % I;
    const id = b.grad(x);
    b.step({
      id,
      expr: add(...range(H).map((k) => mul(da(t, k), ref(w2('Wx', k, i, H, I))))),
      phase: 'backward',
      role: 'adjoint',
      describe: `gradient of input ${x}: through the weighted inputs of time ${t}`,
    });
    return id;
  });
}

export const rnn: LayerKind<RnnSpec> = {
  words: (spec) =>
    `Elman RNN, ${spec.hidden} tanh hidden unit${spec.hidden === 1 ? '' : 's'}, linear read-out`,
  shape: (spec, input) => ({ channels: 1, rows: input.rows, cols: spec.outSize }),
  forward,
  backward: (spec, input, _output, dOut, b, needInput) => backward(spec, input, dOut, b, needInput),
};
