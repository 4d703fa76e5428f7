/**
 * Evaluation forms for the probabilities of an output layer, a sigmoid's y = sigma(X) and a
 * softmax's share y_k = e^(A_k) / sum_j e^(B_j) (A_k = z_k - z_max, one of the B_j). Near 0 or 1
 * a probability rounds to a value whose log, complement or difference from a target has lost
 * every digit (ln of a rounded 1 is 0; 1 - y of a rounded 1 is 0; a share past the magnitude limit
 * is 0). These are the same values written so that nothing cancels or underflows
 * (docs/precision.md, "Log-domain forms"):
 *
 * - ln y: -softplus(-X); A_k - lse(B) (the log-softmax)
 * - ln(1 - y): -softplus(X); log1mexp(A_k - lse(B))
 * - 1 - y: sigma(-X) (the sigmoid's record); sum_{j != k} e^(B_j) / sum_j e^(B_j)
 * - y - t, t - y (t a given): y (1 - t) - (1 - y) t, which cancels only as much as y - t itself
 *   does (when y is near t), not when y is near 1 and t is 1.
 * - t / y: t e^(-ln y), which overflows (the documented mark) where y underflowed to 0.
 * - the cross-entropy's chain through a softmax, dE/dy_k dy_k/dz_j with dE/dy_k = -t_k / y_k:
 *   -t_k (1 - y_k) on the diagonal, t_k y_j across, the y_k cancelled as the combined route
 *   cancels it. A share past the magnitude limit (0) would give -Infinity times 0 otherwise.
 */
import { add, div, mul, neg, num, sub, unary, exprKey } from './expr.js';
import type { Expr } from './expr.js';
import { operation } from './operations/table.js';

type Lookup = (id: string) => Expr | undefined;

/** How a probability's log, complement and log of its complement are written safely. */
interface Probability {
  readonly ln: () => Expr;
  readonly lnComplement: () => Expr;
  readonly complement: () => Expr;
}

const ONE = num('1');

/** The safe form of e when it is one of the shapes above, else undefined. */
export function probabilityForm(e: Expr, stepExpr: Lookup): Expr | undefined {
  if (e.op === 'ln') {
    const a = e.args[0];
    const direct = probability(a, stepExpr);
    if (direct) return direct.ln();
    const c = complementOf(a);
    const p = c && probability(c, stepExpr);
    return p ? p.lnComplement() : undefined;
  }
  if (e.op === 'div') {
    const [t, d] = e.args;
    const p = probability(d, stepExpr);
    if (p) return mul(t, unary('exp', neg(p.ln())));
    const c = complementOf(d);
    const q = c && probability(c, stepExpr);
    return q ? mul(t, unary('exp', neg(q.lnComplement()))) : undefined;
  }
  if (e.op === 'mul') return cancelledChain(e, stepExpr);
  if (e.op !== 'sub') return undefined;
  const [a, b] = e.args;
  const c = complementOf(e);
  if (c) return probability(c, stepExpr)?.complement();
  const pa = isTarget(b, stepExpr) ? probability(a, stepExpr) : undefined;
  if (pa) return sub(mul(a, sub(ONE, b)), mul(pa.complement(), b));
  const pb = isTarget(a, stepExpr) ? probability(b, stepExpr) : undefined;
  if (pb) return sub(mul(pb.complement(), a), mul(b, sub(ONE, a)));
  return undefined;
}

// y when e is 1 - y.
function complementOf(e: Expr): Expr | undefined {
  return e.op === 'sub' && e.args[0].op === 'num' && e.args[0].text === '1' ? e.args[1] : undefined;
}

// A number, or a reference to a value not computed here (a given, a pinned value): a target.
function isTarget(e: Expr, stepExpr: Lookup): boolean {
  return e.op === 'num' || (e.op === 'ref' && stepExpr(e.id) === undefined);
}

// e as a sigmoid or a softmax share, looking through a reference to the step computing it.
function probability(e: Expr, stepExpr: Lookup): Probability | undefined {
  const f = e.op === 'ref' ? stepExpr(e.id) : e;
  if (!f) return undefined;
  if (f.op === 'sigmoid') {
    const x = f.args[0];
    return {
      ln: () => neg(unary('softplus', neg(x))),
      lnComplement: () => neg(unary('softplus', x)),
      complement: () => operation('sigmoid').oneMinus!(x),
    };
  }
  return share(f);
}

// e^A / (e^B1 + ... + e^Bn) with e^A one of the terms (n >= 2): a softmax's output.
function share(f: Expr): Probability | undefined {
  if (f.op !== 'div') return undefined;
  const [top, bottom] = f.args;
  if (top.op !== 'exp' || bottom.op !== 'add' || !bottom.args.every((t) => t.op === 'exp')) return undefined;
  const own = exprKey(top);
  const at = bottom.args.findIndex((t) => exprKey(t) === own);
  if (at < 0) return undefined;
  const logShare = () =>
    sub(top.args[0], { op: 'lse', args: bottom.args.map((t) => (t as { args: readonly [Expr] }).args[0]) });
  const others = bottom.args.filter((_, i) => i !== at);
  return {
    ln: logShare,
    lnComplement: () => unary('log1mexp', logShare()),
    complement: () => div(add(...others), bottom),
  };
}

// The binary cross-entropy's -(t/y - (1 - t)/(1 - y)) times y (1 - y) (a sigmoid's slope, a
// softmax's diagonal) is y - t, in its safe form.
function binaryChain(parts: readonly [Expr, Expr], jacobian: Expr, stepExpr: Lookup): Expr | undefined {
  const [own, other] = parts;
  if (own.op !== 'div' || other.op !== 'div') return undefined;
  const [t, y] = own.args;
  const key = exprKey(y);
  const oneMinusY = (x: Expr) => complementOf(x) !== undefined && exprKey(complementOf(x)!) === key;
  const isDiagonal =
    jacobian.op === 'mul' &&
    jacobian.args.length === 2 &&
    exprKey(jacobian.args[0]!) === key &&
    oneMinusY(jacobian.args[1]!);
  if (!isDiagonal || !oneMinusY(other.args[1]) || !isTarget(t, stepExpr)) return undefined;
  return probabilityForm(sub(y, t), stepExpr);
}

// dE/dy_k dy_k/dz_j with dE/dy_k = -(t / y_k) and dy_k/dz_j = y_k (1 - y_k) or -(y_k y_j).
function cancelledChain(e: Expr & { args: readonly Expr[] }, stepExpr: Lookup): Expr | undefined {
  if (e.args.length !== 2) return undefined;
  const [slope, jacobian] = e.args.map((a) => (a.op === 'ref' ? stepExpr(a.id) : undefined));
  if (slope?.op !== 'neg' || !jacobian) return undefined;
  if (slope.args[0].op === 'sub') return binaryChain(slope.args[0].args, jacobian, stepExpr);
  if (slope.args[0].op !== 'div') return undefined;
  const [t, y] = slope.args[0].args;
  const p = y.op === 'ref' ? probability(y, stepExpr) : undefined;
  if (!p) return undefined;
  const same = (x: Expr | undefined) => x !== undefined && exprKey(x) === exprKey(y);
  if (jacobian.op === 'mul' && jacobian.args.length === 2 && same(jacobian.args[0])) {
    const rest = jacobian.args[1]!;
    if (rest.op === 'sub' && complementOf(rest) && same(complementOf(rest)))
      return neg(mul(t, p.complement()));
  }
  const cross = jacobian.op === 'neg' ? jacobian.args[0] : undefined;
  if (cross?.op === 'mul' && cross.args.length === 2 && same(cross.args[0])) return mul(t, cross.args[1]!);
  return undefined;
}
