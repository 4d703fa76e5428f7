/**
 * The givens of training, a network's or a graph's: the learning rate, the optimiser's constants,
 * and the state it carries per parameter (velocity, moments), all starting at 0.
 */
import type { Training } from './model.js';
import { latexName } from './tex-names.js';
import { stateOf } from './network-context.js';
import type { Given } from './plan.js';

export function trainingGivens(
  t: Pick<Training, 'rate' | 'weightDecay' | 'momentum' | 'optimiser'>,
  rate: string,
  params: ReadonlyArray<{ readonly id: string }>,
): Given[] {
  const givens: Given[] = [];
  const constant = (id: string, latex: string, value: string, describe: string): Given => ({
    id,
    symbol: id,
    latex,
    value,
    kind: 'constant',
    describe,
  });
  givens.push({
    id: rate,
    symbol: rate,
    latex: latexName(rate),
    value: t.rate,
    kind: 'rate',
    describe: 'learning rate',
  });
  if (t.weightDecay !== undefined) givens.push(constant('lambda', '\\lambda', t.weightDecay, 'weight decay'));
  if (t.momentum !== undefined) givens.push(constant('mu', '\\mu', t.momentum, 'momentum'));
  const o = t.optimiser;
  if (o.kind === 'adam') {
    givens.push(
      constant('beta1', '\\beta_1', o.beta1, 'decay of the first moment'),
      constant('beta2', '\\beta_2', o.beta2, 'decay of the second moment'),
    );
  }
  if (o.kind === 'rmsprop') givens.push(constant('rho', '\\rho', o.rho, 'decay of the mean square'));
  if (o.kind !== 'sgd')
    givens.push(constant('epsilon', '\\epsilon', o.epsilon, 'added to the root in the denominator'));
  for (const p of params)
    for (const s of stateOf({ training: t }, p.id)) givens.push(constant(s.id, s.latex, '0', s.describe));
  return givens;
}
