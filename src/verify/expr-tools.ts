import { evalExpr } from '../engine/evaluate.js';
import { num } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import type { MathContext } from '../engine/ops.js';
import { printExpr } from '../render/print-expr.js';

/** Small tools for rewriting expressions: addressing sub-expressions, evaluating without throwing. */
export type Path = readonly number[];
export interface Located {
  readonly path: Path;
  readonly node: Expr;
}

/** Every node with its path from the root (the root's path is empty), parents first. */
export function nodesOf(e: Expr, path: Path = [], out: Located[] = []): Located[] {
  out.push({ path, node: e });
  if (e.op !== 'num' && e.op !== 'ref') e.args.forEach((a, i) => nodesOf(a, [...path, i], out));
  return out;
}

export function replaceAt(e: Expr, path: Path, by: Expr): Expr {
  if (path.length === 0) return by;
  if (e.op === 'num' || e.op === 'ref') return e;
  const [i, ...rest] = path;
  return { op: e.op, args: e.args.map((a, j) => (j === i ? replaceAt(a, rest, by) : a)) } as Expr;
}

/** A minus sign written in front of a number belongs to the number: -(0.0909) reads as -0.0909. */
export function foldSignedLiterals(e: Expr): Expr {
  if (e.op === 'num' || e.op === 'ref') return e;
  if (e.op === 'neg' && e.args[0].op === 'num' && !e.args[0].text.startsWith('-'))
    return num(`-${e.args[0].text}`);
  return { op: e.op, args: e.args.map(foldSignedLiterals) } as Expr;
}

export function negatedLiteral(text: string): string {
  return text.startsWith('-') ? text.slice(1) : `-${text}`;
}

/** The value, or undefined when a reference has no value or the result is not a finite number. */
export function tryEval(e: Expr, lookup: (id: string) => Dec | undefined, m: MathContext): Dec | undefined {
  try {
    const v = evalExpr(e, lookup, m);
    return v.isFinite() ? v : undefined;
  } catch {
    return undefined;
  }
}

export function showExpr(e: Expr, name: (id: string) => string = (id) => id): string {
  return printExpr(e, 'text', name);
}

/** The same expression with one factor of a product removed (undefined if it leaves nothing). */
export function withoutFactor(e: Expr, path: Path, index: number): Expr | undefined {
  const at = nodeAt(e, path);
  if (!at || at.op !== 'mul') return undefined;
  const rest = at.args.filter((_, i) => i !== index);
  if (rest.length === 0) return undefined;
  return replaceAt(e, path, rest.length === 1 ? rest[0]! : { op: 'mul', args: rest });
}

export function nodeAt(e: Expr, path: Path): Expr | undefined {
  let cur: Expr | undefined = e;
  for (const i of path) {
    if (!cur || cur.op === 'num' || cur.op === 'ref') return undefined;
    cur = cur.args[i];
  }
  return cur;
}
