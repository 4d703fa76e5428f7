/**
 * Each operation's decimal value rule and its partial derivatives side by side (micrograd style),
 * read from the operations' records (operations/table.ts; how a rule keeps the precision
 * guarantee: operations/types.ts).
 */
import type { Dec } from './numbers.js';
import type { Op } from './expr.js';
import { operation, OPERATIONS } from './operations/table.js';
import type { MathContext } from './operations/context.js';
import type { OpRule } from './operations/types.js';

export { lg, mathContext } from './operations/context.js';
export type { MathContext } from './operations/context.js';
export type { OpRule } from './operations/types.js';

/** The rule of every operation, by its name in the tree. */
export const OPS = Object.fromEntries(OPERATIONS) as unknown as Readonly<Record<Op, OpRule>>;

/** The rule of an operation, for callers holding any Op. */
export function ruleOf(op: Op): OpRule {
  return operation(op);
}

/** Applies an operation to its evaluated arguments. */
export function applyOp(op: Op, args: readonly Dec[], m: MathContext): Dec {
  return operation(op).value(args, m);
}
