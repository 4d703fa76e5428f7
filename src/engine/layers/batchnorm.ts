/**
 * Batch normalisation in training mode (Ioffe & Szegedy 2015, Algorithm 1): the grid's rows are
 * the examples of a batch and its columns the features; each column is normalised by the batch's
 * mean and variance of that feature, then scaled and shifted, y = γ x̂ + β, with one γ and one β
 * per feature. Backward: dβ and dγ sum over the batch, and dx takes all three paths
 * (normalise-group.ts). One channel: the format refuses more.
 */
import { add, mul, ref } from '../expr.js';
import { cellId } from './types.js';
import type { Grid, LayerBuilder, LayerKind } from './types.js';
import { normaliseBackward, normaliseForward } from './normalise-group.js';
import type { NormGroup } from './normalise-group.js';

/** γ and β per feature (column), as decimal text, and ε. Layer normalisation has the same. */
export interface NormSpec {
  readonly gamma: readonly string[];
  readonly beta: readonly string[];
  readonly epsilon: string;
}

/** Which cells share statistics: batch normalisation's columns, layer normalisation's rows. */
export interface NormAxis {
  /** The groups, each a list of cell positions in reading order. */
  groups(g: Grid): number[][];
  /** The group's statistics are named `mu_<k>`, `var_<k>`, `sigma_<k>`; in words: */
  words(k: number): string;
}

const xhatId = (g: Grid, at: number) =>
  cellId({ ...g, name: 'xhat' }, 0, Math.floor(at / g.cols), at % g.cols);
const col = (g: Grid, at: number) => (at % g.cols) + 1;
const row = (g: Grid, at: number) => Math.floor(at / g.cols) + 1;

function groupOf(g: Grid, cells: readonly number[], k: number): NormGroup {
  return {
    cells: cells.map((at) => g.ids[at]!),
    xhat: cells.map((at) => xhatId(g, at)),
    mu: `mu_${k}`,
    variance: `var_${k}`,
    sigma: `sigma_${k}`,
  };
}

/** The forward pass of either normalisation: statistics per group, then γ x̂ + β per cell. */
function forward(axis: NormAxis, spec: NormSpec, input: Grid, out: string, b: LayerBuilder): Grid {
  const eps = b.given('epsilon', spec.epsilon, 'constant', 'epsilon, added to the variance under the root');
  spec.gamma.forEach((v, j) => b.given(`gamma_${j + 1}`, v, 'weight', `scale γ of feature ${j + 1}`));
  spec.beta.forEach((v, j) => b.given(`beta_${j + 1}`, v, 'bias', `shift β of feature ${j + 1}`));
  axis.groups(input).forEach((cells, g) => {
    const names = groupOf(input, cells, g + 1);
    normaliseForward(b, names.cells, eps, names, { of: axis.words(g + 1) });
  });
  const ids = input.ids.map((_, at) => {
    const id = cellId({ ...input, name: out }, 0, row(input, at) - 1, col(input, at) - 1);
    b.step({
      id,
      expr: add(mul(ref(`gamma_${col(input, at)}`), ref(xhatId(input, at))), ref(`beta_${col(input, at)}`)),
      phase: 'forward',
      role: 'node',
      describe: `output of row ${row(input, at)}, feature ${col(input, at)}: γ xhat + β`,
    });
    return id;
  });
  return { ...input, name: out, ids };
}

/** dβ and dγ of each feature (summed over the rows), then dx̂ and dx through every group. */
function backward(axis: NormAxis, input: Grid, dOut: readonly string[], b: LayerBuilder, needInput: boolean) {
  for (let j = 1; j <= input.cols; j++) {
    const cells = input.ids.map((_, at) => at).filter((at) => col(input, at) === j);
    const beta = `beta_${j}`;
    const gamma = `gamma_${j}`;
    b.step({
      id: b.grad(beta),
      expr: add(...cells.map((at) => ref(dOut[at]!))),
      phase: 'backward',
      role: 'dE/db',
      param: beta,
      describe: `gradient of β of feature ${j}: its output gradients summed`,
    });
    b.trains(beta, b.grad(beta));
    b.step({
      id: b.grad(gamma),
      expr: add(...cells.map((at) => mul(ref(dOut[at]!), ref(xhatId(input, at))))),
      phase: 'backward',
      role: 'dE/dw',
      param: gamma,
      describe: `gradient of γ of feature ${j}: each output gradient times its xhat, summed`,
    });
    b.trains(gamma, b.grad(gamma));
  }
  if (!needInput) return undefined;
  const dx = new Array<string>(input.ids.length);
  axis.groups(input).forEach((cells, g) => {
    const group = groupOf(input, cells, g + 1);
    const dxhat = cells.map((at, i) => {
      const id = b.grad(group.xhat[i]!);
      b.step({
        id,
        expr: mul(ref(dOut[at]!), ref(`gamma_${col(input, at)}`)),
        phase: 'backward',
        role: 'adjoint',
        describe: `gradient of ${group.xhat[i]}: its output gradient times γ`,
      });
      return id;
    });
    normaliseBackward(b, group, dxhat, { of: axis.words(g + 1) }).forEach((id, i) => (dx[cells[i]!] = id));
  });
  return dx;
}

/** A normalisation kind over `axis`: batch normalisation and layer normalisation differ only there. */
export function normalisation(axis: NormAxis, name: string): LayerKind<NormSpec> {
  return {
    words: (spec) => `${name}, epsilon ${spec.epsilon}`,
    shape: (_spec, input) => input,
    forward: (spec, input, out, b) => forward(axis, spec, input, out, b),
    backward: (_spec, input, _output, dOut, b, needInput) => backward(axis, input, dOut, b, needInput),
  };
}

/** Batch normalisation: each column (a feature) over the rows (the examples of the batch). */
export const batchnorm = normalisation(
  {
    groups: (g) =>
      Array.from({ length: g.cols }, (_, j) => Array.from({ length: g.rows }, (_, i) => i * g.cols + j)),
    words: (j) => `feature ${j} over the batch`,
  },
  'batch normalisation (training mode)',
);
