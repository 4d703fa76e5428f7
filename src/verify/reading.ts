/**
 * Reading a printed expression back into symbols: which quantity each number in it stands for
 * (0.5868 is y_C, truncated; 0.7 is eta). A number stands for a given or an earlier step the
 * step depends on, when it is that quantity's printed value, its exact value, or its exact value
 * rounded or truncated to the number's decimals. An expression whose numbers, so read, compute
 * the step is the right formula with the source's numbers in it.
 */
import { num } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import { writtenDecimals } from '../exercise/decimal-text.js';
import type { VerifyContext } from './context.js';
import { cutAt, roundAt, sameValue } from './digits.js';
import { nodesOf, replaceAt, tryEval } from './expr-tools.js';
import type { Path } from './expr-tools.js';

export type How = 'printed' | 'exact' | 'rounded' | 'truncated';

export interface Operand {
  readonly path: Path;
  readonly text: string;
  readonly id: string;
  readonly how: How;
  /** The number is the quantity's negative, its sign taken into the formula (w + eta 0.0533). */
  readonly negated: boolean;
}

export interface Candidate {
  readonly id: string;
  readonly how: How;
  readonly negated: boolean;
}

export interface Literal {
  readonly path: Path;
  readonly text: string;
  readonly value: Dec;
}

export function literalsOf(ctx: VerifyContext, e: Expr): Literal[] {
  return nodesOf(e).flatMap(({ path, node }) =>
    node.op === 'num' ? [{ path, text: node.text, value: new ctx.D(node.text) }] : [],
  );
}

/**
 * Quantities a number may stand for, one per distinct value, the most telling first. With
 * `signed`, a number may also stand for a quantity's negative.
 */
export function standsFor(ctx: VerifyContext, stepId: string, lit: Literal, signed = false): Candidate[] {
  if (lit.value.isZero()) return [];
  const d = writtenDecimals(lit.text);
  const pool = new Set([...ctx.ancestors(stepId), ...ctx.givenIds]);
  const found: Array<Candidate & { rank: number }> = [];
  for (const negated of signed ? [false, true] : [false]) {
    const target = negated ? lit.value.neg() : lit.value;
    for (const id of pool) {
      const x = ctx.exact.get(id);
      if (!x) continue;
      const printed = ctx.printed.get(id);
      let how: How | undefined;
      if (x.eq(target)) how = 'exact';
      else if (printed && printed.value.eq(target)) how = 'printed';
      else if (d > 0 && roundAt(x, d).eq(target)) how = 'rounded';
      else if (d > 0 && cutAt(x, d).eq(target)) how = 'truncated';
      if (how)
        found.push({
          id,
          how,
          negated,
          rank: (negated ? 4 : 0) + ['exact', 'printed', 'rounded', 'truncated'].indexOf(how),
        });
    }
  }
  found.sort((a, b) => a.rank - b.rank || (ctx.order(a.id) ?? -1) - (ctx.order(b.id) ?? -1));
  const out: Candidate[] = [];
  const valueOf = (c: Candidate) => (c.negated ? ctx.exact.get(c.id)!.neg() : ctx.exact.get(c.id)!);
  for (const f of found)
    if (!out.some((o) => valueOf(o).eq(valueOf(f)))) out.push({ id: f.id, how: f.how, negated: f.negated });
  return out;
}

const MAX_READINGS = 1024;

/**
 * A reading of the expression's numbers under which it computes the step exactly, if there is
 * one: the operands it found (numbers left as written are constants, like the 1 in 1 - y).
 */
export function readExpression(
  ctx: VerifyContext,
  stepId: string,
  e: Expr,
  target: Dec | undefined = ctx.exact.get(stepId),
): Operand[] | undefined {
  const x = target;
  if (!x) return undefined;
  const lits = literalsOf(ctx, e);
  const options = lits.map((l) => [...standsFor(ctx, stepId, l, true), undefined]);
  let tried = 0;
  const choice: Array<Candidate | undefined> = [];
  const search = (i: number): Operand[] | undefined => {
    if (tried > MAX_READINGS) return undefined;
    if (i === lits.length) {
      tried++;
      let read = e;
      lits.forEach((l, j) => {
        const c = choice[j];
        if (c)
          read = replaceAt(
            read,
            l.path,
            num((c.negated ? ctx.exact.get(c.id)!.neg() : ctx.exact.get(c.id)!).toString()),
          );
      });
      const v = tryEval(read, (id) => ctx.exact.get(id), ctx.m);
      if (!v || !sameValue(v, x, ctx.exercise.working)) return undefined;
      return lits.flatMap((l, j) => {
        const c = choice[j];
        return c ? [{ path: l.path, text: l.text, id: c.id, how: c.how, negated: c.negated }] : [];
      });
    }
    for (const o of options[i]!) {
      choice[i] = o;
      const r = search(i + 1);
      if (r) return r;
    }
    return undefined;
  };
  return search(0);
}
