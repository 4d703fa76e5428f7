/**
 * Layer normalisation (Ba, Kiros & Hinton 2016, eq. 4): each row of the grid (one example, or one
 * token) is normalised by the mean and variance of its own features, then y = γ x̂ + β with one γ
 * and one β per feature, as in batch normalisation (batchnorm.ts), whose steps it shares; only the
 * groups differ. Its statistics are numbered by row: `mu_1` is the mean of example 1.
 */
import { normalisation } from './batchnorm.js';

export const layernorm = normalisation(
  {
    groups: (g) =>
      Array.from({ length: g.rows }, (_, i) => Array.from({ length: g.cols }, (_, j) => i * g.cols + j)),
    words: (i) => `the features of row ${i}`,
  },
  'layer normalisation',
);
