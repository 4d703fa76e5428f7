/**
 * The expression printer keeps every parenthesis the parser needs: print a random expression,
 * parse the text back, evaluate both, compare. Seeded; fast-check reports the seed and the
 * shrunk counterexample on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evalExpr } from '../src/engine/evaluate.js';
import type { Expr, UnaryOp } from '../src/engine/expr.js';
import { add, div, mul, neg, num, pow, ref, sub, unary } from '../src/engine/expr.js';
import { decimalAt } from '../src/engine/numbers.js';
import type { Dec } from '../src/engine/numbers.js';
import { mathContext } from '../src/engine/ops.js';
import { parseExpr } from '../src/engine/parse-expr.js';
import { printExpr } from '../src/render/print-expr.js';

const SEED = 20261127;
const D = decimalAt(40);
const m = mathContext(D);
const point = new Map<string, Dec>([
  ['x', new D('0.7')],
  ['y', new D('-1.3')],
  ['z', new D('2.5')],
]);
const UNARY: UnaryOp[] = [
  'exp',
  'ln',
  'sqrt',
  'sigmoid',
  'tanh',
  'abs',
  'relu',
  'step',
  'dsigmoid',
  'softplus',
  'silu',
  'neg',
];

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom('x', 'y', 'z').map(ref),
  fc.constantFrom('2', '3', '0.5', '-1.5', '1e-3', '-2').map(num),
);
const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => add(a, b)),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => add(a, b, c)),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => mul(a, b)),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => sub(a, b)),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => div(a, b)),
    fc
      .tuple(tie('expr'), fc.oneof(tie('expr'), fc.constantFrom('2', '3', '-1').map(num)))
      .map(([a, b]) => pow(a, b)),
    fc.tuple(fc.constantFrom(...UNARY), tie('expr')).map(([op, a]) => (op === 'neg' ? neg(a) : unary(op, a))),
  ),
}));

function value(e: Expr): Dec {
  return evalExpr(e, (id) => point.get(id), m);
}

// Equal as numbers up to the rounding of a different grouping ((a + b) + c printed as a + b + c).
function close(a: Dec, b: Dec): boolean {
  if (a.isNaN() || b.isNaN()) return a.isNaN() && b.isNaN();
  if (!a.isFinite() || !b.isFinite()) return a.eq(b);
  const scale = D.max(a.abs(), b.abs(), new D('1e-20'));
  return a.minus(b).abs().lte(scale.times('1e-25'));
}

describe('print then parse', () => {
  it('(x^y)^3 keeps its parentheses, and x^(y^3) needs none', () => {
    const x = ref('x');
    const y = ref('y');
    expect(printExpr(pow(pow(x, y), num('3')), 'text', (id) => id)).toBe('(x^y)^3');
    expect(printExpr(pow(x, pow(y, num('3'))), 'text', (id) => id)).toBe('x^y^3');
    expect(printExpr(pow(pow(x, y), num('3')), 'latex', (id) => id)).toBe('{\\left({x}^{y}\\right)}^{3}');
  });

  it(`gives back an expression of the same value (seed ${SEED})`, () => {
    fc.assert(
      fc.property(expr, (e) => {
        const text = printExpr(e, 'text', (id) => id);
        const back = parseExpr(text);
        if (!back.ok) throw new Error(`printed ${text}, which does not parse: ${back.error.message}`);
        const a = value(e);
        const b = value(back.expr);
        if (!close(a, b)) throw new Error(`printed ${text}: ${a.toString()} became ${b.toString()}`);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
