/**
 * A generic reverse-mode pass over the forward expressions, independent of the chain-rule steps
 * the compiler writes out: it evaluates every sub-expression (evalTracked, the one expression
 * evaluator), then pushes adjoints back through each operation's partials (ops.ts). Used to
 * cross-check the explicit backward pass.
 *
 * `steps` are the forward and error steps, in order; returns d(output)/d(id) for every given
 * and step id the output depends on.
 */
import { EXACT, evalTracked } from './evaluate.js';
import type { Tracked } from './evaluate.js';
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
  // The forward values by the one expression evaluator, which keeps each operation's arguments:
  // the backward pass reads the value of every sub-expression from that tree.
  const value = new Map<string, Tracked>(
    [...givens].map(([id, v]) => [id, { value: v, lost: EXACT }] as const),
  );
  const trees: Tracked[] = [];
  for (const s of steps) {
    const t = evalTracked(s.expr, (id) => value.get(id), m);
    value.set(s.id, t);
    trees.push(t);
  }
  const adjoint = new Map<string, Dec>([[output, new m.D(1)]]);
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    const a = adjoint.get(s.id);
    if (!a || a.isZero()) continue;
    backward(s.expr, trees[i]!, a, adjoint, m);
  }
  return adjoint;
}

function backward(e: Expr, t: Tracked, a: Dec, adjoint: Map<string, Dec>, m: MathContext): void {
  if (e.op === 'num') return;
  if (e.op === 'ref') {
    const prev = adjoint.get(e.id);
    adjoint.set(e.id, prev ? prev.plus(a) : a);
    return;
  }
  const args = t.args!;
  const partials = ruleOf(e.op).partials(
    args.map((x) => x.value),
    t.value,
    m,
  );
  e.args.forEach((x, i) => backward(x, args[i]!, a.times(partials[i]!), adjoint, m));
}
