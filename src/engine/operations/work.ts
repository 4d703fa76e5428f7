/** The work estimate's unit, read from the operations' records. */
import type { Expr } from '../expr.js';
import { operation } from './table.js';

/**
 * An expression's size with the operations that cost several products counted three times
 * (division, roots, powers and the transcendental functions): the unit of the work estimate, so
 * an Adam step, with its square root, powers and divisions, weighs what it costs.
 */
export function exprWork(e: Expr): number {
  if (e.op === 'num' || e.op === 'ref') return 1;
  let n = operation(e.op).heavy ? 3 : 1;
  for (const a of e.args) n += exprWork(a);
  return n;
}
