/**
 * A generic reverse-mode pass over the forward expressions, independent of the chain-rule steps
 * the compiler writes out: it evaluates every sub-expression, then pushes adjoints back through
 * each operation's partials (ops.ts). Used to cross-check the explicit backward pass.
 *
 * `steps` are the forward and error steps, in order; returns d(output)/d(id) for every given
 * and step id the output depends on.
 */
import type { Expr } from './expr.js';
import type { Dec } from './numbers.js';
import { ruleOf } from './ops.js';
import type { MathContext } from './ops.js';
import type { Step } from './plan.js';

export function reverseMode(
  steps: readonly Step[],
  givens: ReadonlyMap<string, Dec>,
  output: string,
  m: MathContext,
): Map<string, Dec> {
  const value = new Map<string, Dec>(givens);
  const nodeValues: Array<Map<Expr, Dec>> = [];
  for (const s of steps) {
    const memo = new Map<Expr, Dec>();
    value.set(s.id, forward(s.expr, value, memo, m));
    nodeValues.push(memo);
  }
  const adjoint = new Map<string, Dec>([[output, new m.D(1)]]);
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    const a = adjoint.get(s.id);
    if (!a || a.isZero()) continue;
    backward(s.expr, a, nodeValues[i]!, adjoint, m);
  }
  return adjoint;
}

function forward(e: Expr, value: ReadonlyMap<string, Dec>, memo: Map<Expr, Dec>, m: MathContext): Dec {
  let v: Dec;
  if (e.op === 'num') v = new m.D(e.text);
  else if (e.op === 'ref') {
    const r = value.get(e.id);
    if (r === undefined) throw new Error(`internal: reverse mode has no value for ${e.id}`);
    v = r;
  } else
    v = ruleOf(e.op).value(
      e.args.map((a) => forward(a, value, memo, m)),
      m,
    );
  memo.set(e, v);
  return v;
}

function backward(
  e: Expr,
  a: Dec,
  memo: ReadonlyMap<Expr, Dec>,
  adjoint: Map<string, Dec>,
  m: MathContext,
): void {
  if (e.op === 'num') return;
  if (e.op === 'ref') {
    const prev = adjoint.get(e.id);
    adjoint.set(e.id, prev ? prev.plus(a) : a);
    return;
  }
  const args = e.args.map((x) => memo.get(x)!);
  const partials = ruleOf(e.op).partials(args, memo.get(e)!, m);
  e.args.forEach((x, i) => backward(x, a.times(partials[i]!), memo, adjoint, m));
}
