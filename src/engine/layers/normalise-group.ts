/**
 * What batch and layer normalisation share (Ioffe & Szegedy 2015, Algorithm 1 and section 3; Ba,
 * Kiros & Hinton 2016, eq. 4): a group of cells normalised by its own mean and variance, and the
 * backward pass through them, with the three paths by which a cell reaches the loss: through its
 * own x̂, through the group's variance and through the group's mean. Batch normalisation's groups
 * are the columns of its grid (a feature over the examples of the batch), layer normalisation's
 * the rows (the features of one example); each kind says which and names the statistics.
 */
import { add, div, mul, neg, num, pow, ref, sub, unary } from '../expr.js';
import type { Expr } from '../expr.js';
import type { LayerBuilder } from './types.js';

/** One group as the forward pass left it: its cells, their x̂ ids, and its statistics' ids. */
export interface NormGroup {
  /** The input cells of the group. */
  readonly cells: readonly string[];
  readonly xhat: readonly string[];
  readonly mu: string;
  readonly variance: string;
  readonly sigma: string;
}

/** The words a kind uses for its groups ("feature 2 over the batch", "example 1"). */
export interface GroupWords {
  readonly of: string;
}

/**
 * μ, σ² (the biased variance, 1/N), σ = √(σ² + ε) and each x̂ of one group, as steps. `names`
 * gives the ids: mu, var, sigma of the group and xhat of each cell.
 */
export function normaliseForward(
  b: LayerBuilder,
  cells: readonly string[],
  epsilon: Expr,
  names: { mu: string; variance: string; sigma: string; xhat: readonly string[] },
  words: GroupWords,
): NormGroup {
  const n = cells.length;
  const sum = add(...cells.map(ref));
  const mu = b.step({
    id: names.mu,
    expr: div(sum, num(String(n))),
    phase: 'forward',
    role: 'node',
    describe: `mean of ${words.of}`,
    form: { scaled: { n, unscaled: sum } },
  });
  const squares = add(...cells.map((c) => pow(sub(ref(c), mu), num('2'))));
  const variance = b.step({
    id: names.variance,
    expr: div(squares, num(String(n))),
    phase: 'forward',
    role: 'node',
    describe: `variance of ${words.of} (divided by ${n}, not ${n - 1})`,
    form: { scaled: { n, unscaled: squares } },
  });
  const sigma = b.step({
    id: names.sigma,
    expr: unary('sqrt', add(variance, epsilon)),
    phase: 'forward',
    role: 'node',
    describe: `standard deviation of ${words.of}, with epsilon under the root`,
  });
  cells.forEach((c, i) =>
    b.step({
      id: names.xhat[i]!,
      expr: div(sub(ref(c), mu), sigma),
      phase: 'forward',
      role: 'node',
      describe: `${c} normalised: minus the mean, over the standard deviation`,
    }),
  );
  return { cells, xhat: names.xhat, mu: names.mu, variance: names.variance, sigma: names.sigma };
}

/**
 * Backward through one group, given dE/dx̂ of each cell: dE/dσ², dE/dμ (both of its paths: the
 * direct one and the one through σ², which is zero at the mean but is the formula the sources
 * write), then dE/dx of each cell as the sum of its three paths. The slip of reading x̂ as if μ
 * and σ were constants keeps the first path only.
 */
export function normaliseBackward(
  b: LayerBuilder,
  g: NormGroup,
  dxhat: readonly string[],
  words: GroupWords,
): string[] {
  const n = num(String(g.cells.length));
  const mu = ref(g.mu);
  const sigma = ref(g.sigma);
  const centred = (i: number) => sub(ref(g.cells[i]!), mu);
  const dVar = b.step({
    id: b.grad(g.variance),
    expr: add(
      ...g.cells.map((_, i) =>
        mul(ref(dxhat[i]!), centred(i), num('-0.5'), div(num('1'), pow(sigma, num('3')))),
      ),
    ),
    phase: 'backward',
    role: 'adjoint',
    describe: `gradient of the variance of ${words.of}: every xhat of the group divides by it`,
  });
  const direct = add(...g.cells.map((_, i) => neg(div(ref(dxhat[i]!), sigma))));
  const viaVar = mul(dVar, div(add(...g.cells.map((_, i) => mul(num('-2'), centred(i)))), n));
  const dMu = b.step({
    id: b.grad(g.mu),
    expr: add(direct, viaVar),
    phase: 'backward',
    role: 'adjoint',
    describe: `gradient of the mean of ${words.of}: through every xhat, and through the variance`,
    form: { paths: [direct, viaVar] },
  });
  return g.cells.map((c, i) => {
    const own = div(ref(dxhat[i]!), sigma);
    const throughVar = mul(dVar, div(mul(num('2'), centred(i)), n));
    const throughMu = div(dMu, n);
    const id = b.grad(c);
    b.step({
      id,
      expr: add(own, throughVar, throughMu),
      phase: 'backward',
      role: 'adjoint',
      describe: `gradient of ${c}: through its xhat, through the variance and through the mean`,
      form: {
        paths: [own, throughVar, throughMu],
        layerSlips: [{ code: 'norm-stat-paths-dropped', expr: own }],
      },
    });
    return id;
  });
}
