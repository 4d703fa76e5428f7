/**
 * A small expression tree: what a step computes, over given values and earlier steps.
 * Every node keeps its operation and inputs, so it can be evaluated, differentiated and shown.
 */
/**
 * The operations' names: what each one is and does is its record (operations/*.ts); the table
 * there has one record for each name here, which the type checker holds it to.
 */
export type UnaryOp =
  | 'neg'
  | 'exp'
  | 'ln'
  | 'sqrt'
  | 'sigmoid'
  | 'tanh'
  | 'step'
  | 'relu'
  | 'abs'
  | 'dsigmoid'
  | 'softplus'
  | 'silu'
  | 'log1p'
  | 'log1mexp';
export type BinaryOp = 'sub' | 'div' | 'pow';
export type NaryOp = 'add' | 'mul' | 'max' | 'lse';
export type Op = UnaryOp | BinaryOp | NaryOp;

export type Expr =
  | { readonly op: 'num'; readonly text: string }
  | { readonly op: 'ref'; readonly id: string }
  | { readonly op: NaryOp; readonly args: readonly Expr[] }
  | { readonly op: BinaryOp; readonly args: readonly [Expr, Expr] }
  | { readonly op: UnaryOp; readonly args: readonly [Expr] };

export const num = (text: string): Expr => ({ op: 'num', text });
export const ref = (id: string): Expr => ({ op: 'ref', id });
export const add = (...args: Expr[]): Expr => (args.length === 1 ? args[0]! : { op: 'add', args });
export const mul = (...args: Expr[]): Expr => (args.length === 1 ? args[0]! : { op: 'mul', args });
export const sub = (a: Expr, b: Expr): Expr => ({ op: 'sub', args: [a, b] });
export const div = (a: Expr, b: Expr): Expr => ({ op: 'div', args: [a, b] });
export const pow = (a: Expr, b: Expr): Expr => ({ op: 'pow', args: [a, b] });
export const unary = (op: UnaryOp, a: Expr): Expr => ({ op, args: [a] });
export const neg = (a: Expr): Expr => unary('neg', a);
export const max = (...args: Expr[]): Expr => (args.length === 1 ? args[0]! : { op: 'max', args });

/** Ids of every reference in an expression, in order of first appearance. */
export function refsOf(e: Expr, out: string[] = []): string[] {
  if (e.op === 'ref') {
    if (!out.includes(e.id)) out.push(e.id);
  } else if (e.op !== 'num') {
    for (const a of e.args) refsOf(a, out);
  }
  return out;
}

/**
 * A string that two expressions share exactly when they are the same tree: used to look an
 * expression up in a map instead of comparing it with every candidate.
 */
export function exprKey(e: Expr): string {
  if (e.op === 'num') return `#${e.text}`;
  if (e.op === 'ref') return `@${JSON.stringify(e.id)}`;
  // Remembered per tree node: a lookup of every sub-expression stays linear in the tree's size.
  let key = keys.get(e);
  if (key === undefined) keys.set(e, (key = `${e.op}(${e.args.map(exprKey).join(',')})`));
  return key;
}
const keys = new WeakMap<Expr, string>();

/** How many numbers, references and operations an expression has (its tree's size). */
export function exprSize(e: Expr): number {
  if (e.op === 'num' || e.op === 'ref') return 1;
  let n = 1;
  for (const a of e.args) n += exprSize(a);
  return n;
}

/** The same expression with references renamed (unrolling iterations, pinning symbols). */
export function mapRefs(e: Expr, f: (id: string) => Expr): Expr {
  if (e.op === 'ref') return f(e.id);
  if (e.op === 'num') return e;
  return { op: e.op, args: e.args.map((a) => mapRefs(a, f)) } as Expr;
}
