/**
 * Symbolic partial derivative d(e)/d(v), lightly simplified, for the local partials of a
 * computation graph written as the lecture notes write them (d(x^2)/dx = 2 x, d sqrt(c)/dc =
 * 1/(2 sqrt(c))). `named` maps a sub-expression's text to a node that already holds its value,
 * so d exp(a)/da shows as b when b = exp(a).
 */
import { add, div, exprKey, mul, neg, num, pow, ref, sub } from './expr.js';
import type { Expr } from './expr.js';
import { decimalAt, DEFAULT_WORKING_PRECISION } from './numbers.js';
import { operation } from './operations/table.js';

export function derivative(e: Expr, v: string): Expr {
  return simplify(d(e, v));
}

// Literals are compared and stepped as decimals (an exponent 2.5 stays 2.5), never as JS numbers.
const D = decimalAt(DEFAULT_WORKING_PRECISION);
const isNum = (e: Expr, text?: string): boolean =>
  e.op === 'num' && (text === undefined || new D(e.text).eq(text));
const ZERO = num('0');
const ONE = num('1');

function mentions(e: Expr, v: string): boolean {
  if (e.op === 'ref') return e.id === v;
  return e.op !== 'num' && e.args.some((a) => mentions(a, v));
}

// The chain rule of each operation is in its record (operations/*.ts).
function d(e: Expr, v: string): Expr {
  if (e.op === 'num') return ZERO;
  if (e.op === 'ref') return e.id === v ? ONE : ZERO;
  const rule = operation(e.op).derivative;
  // Only the softmax's shift uses max, and softmax is unchanged by any shift.
  if (!rule) throw new Error(`internal: ${e.op} has no symbolic derivative`);
  return rule({ args: e.args, self: e, d: (a) => d(a, v), mentions: (a) => mentions(a, v) });
}

function simplify(e: Expr): Expr {
  if (e.op === 'num' || e.op === 'ref') return e;
  const args = e.args.map(simplify);
  switch (e.op) {
    case 'add': {
      const kept = args.filter((a) => !isNum(a, '0'));
      return kept.length === 0 ? ZERO : add(...kept);
    }
    case 'mul': {
      if (args.some((a) => isNum(a, '0'))) return ZERO;
      const kept = args.filter((a) => !isNum(a, '1'));
      // a leading number first: 2 x, not x 2
      kept.sort((a, b) => (a.op === 'num' ? 0 : 1) - (b.op === 'num' ? 0 : 1));
      return kept.length === 0 ? ONE : mul(...kept);
    }
    case 'sub': {
      const [a, b] = args as [Expr, Expr];
      if (isNum(b, '0')) return a;
      if (isNum(a, '0')) return simplify(neg(b));
      return sub(a, b);
    }
    case 'neg': {
      const [a] = args as [Expr];
      if (isNum(a, '0')) return ZERO;
      if (a.op === 'neg') return a.args[0];
      return neg(a);
    }
    case 'div': {
      const [a, b] = args as [Expr, Expr];
      if (isNum(a, '0')) return ZERO;
      if (isNum(b, '1')) return a;
      return div(a, b);
    }
    case 'pow': {
      const [a, b] = args as [Expr, Expr];
      if (isNum(b, '1')) return a;
      if (isNum(b, '0')) return ONE;
      return pow(a, b);
    }
    default:
      return { op: e.op, args: args as [Expr] };
  }
}

/**
 * Replace sub-expressions that equal a named node's expression by a reference to that node.
 * `named` maps `exprKey` of a node's expression to the node's name (the first node, when two
 * share an expression); a map, so a graph of thousands of nodes is not compared node by node.
 */
export function nameSubexpressions(e: Expr, named: ReadonlyMap<string, string>): Expr {
  const name = named.get(exprKey(e));
  if (name !== undefined) return ref(name);
  if (e.op === 'num' || e.op === 'ref') return e;
  return { op: e.op, args: e.args.map((a) => nameSubexpressions(a, named)) } as Expr;
}
