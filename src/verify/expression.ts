/**
 * A printed arithmetic expression ("0.2 - (0.7 * 0.0533)"): its own value against the value
 * printed beside it, and, read back into symbols, against the step it claims to compute.
 */
import { div, mul, neg, num, sub, unary } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import type { Chain } from './chains.js';
import type { VerifyContext } from './context.js';
import { readPrinted } from './context.js';
import { cutAt, digitSwaps, fitOf, fitWords, roundAt, sameValue, showNumber } from './digits.js';
import {
  foldSignedLiterals,
  negatedLiteral,
  nodesOf,
  replaceAt,
  showExpr,
  tryEval,
  withoutFactor,
} from './expr-tools.js';
import type { Literal, Operand } from './reading.js';
import { literalsOf, readExpression, standsFor } from './reading.js';
import type { Slip } from './slips.js';
import { nearbyPrinted } from './slips.js';
import { chainLabel } from './chains.js';
import type { Finding } from './types.js';
import { decimalsWords } from '../render/format-number.js';
import { writtenDecimals } from '../exercise/decimal-text.js';

export function checkExpression(
  ctx: VerifyContext,
  chains: readonly Chain[],
  id: string,
  text: string,
  sourceValues?: (q: string) => readonly Dec[],
  errata: ReadonlySet<string> = new Set(),
): Finding {
  const parsed = readPrinted(ctx, text);
  if (!parsed) return { verdict: 'erratum', explanation: 'the expression cannot be read' };
  const e = foldSignedLiterals(parsed);
  const exactOf = (r: string) => ctx.exact.get(r);
  const v = tryEval(e, exactOf, ctx.m);
  if (!v)
    return {
      verdict: 'erratum',
      explanation:
        'the expression has no value (division by zero, or a root or logarithm of a negative number)',
    };
  const printed = ctx.printed.get(id);
  const decimals = printed?.decimals ?? ctx.displayDecimals;
  const shown = showNumber(v, decimals);
  const computes = (f: Expr) => readExpression(ctx, id, f) !== undefined;

  if (printed && !fitOf(v, printed.value, printed.decimals)) {
    // The equation as printed is false. Prefer a slip after which it gives the printed value and
    // computes the step; else one after which it at least gives the printed value.
    const givesPrinted = (w: Dec) => fitOf(w, printed.value, printed.decimals) !== undefined;
    const slip =
      findExpressionSlip(
        ctx,
        id,
        e,
        (f, w) => givesPrinted(w) && computes(f),
        decimals,
        printed.text,
        sourceValues,
      ) ?? findExpressionSlip(ctx, id, e, (_f, w) => givesPrinted(w), decimals, printed.text, sourceValues);
    return {
      verdict: 'erratum',
      explanation: `as printed it gives ${shown}, not ${printed.text}; ${slip ? `likely slip: ${slip.text}` : 'no single slip explains it'}`,
      ...(slip ? { slip: slip.kind } : {}),
    };
  }
  return rightEquation(ctx, chains, id, e, v, decimals, errata);
}

/**
 * A printed expression whose own value gives the printed one (or with no printed value): the
 * exact value, the step's formula with the source's numbers, a chain's value, rounded numbers
 * of quantities that are not steps, or an erratum with its likely slip.
 */
function rightEquation(
  ctx: VerifyContext,
  chains: readonly Chain[],
  id: string,
  e: Expr,
  v: Dec,
  decimals: number,
  errata: ReadonlySet<string>,
): Finding {
  const x = ctx.exact.get(id)!;
  const shown = showNumber(v, decimals);
  const computes = (f: Expr) => readExpression(ctx, id, f) !== undefined;
  if (sameValue(v, x, ctx.exercise.working))
    return { verdict: 'match', explanation: `gives ${shown}, the exact value` };
  if (!ctx.stepOf(id)) {
    // After the last update of a long run only the exact value is known, not the steps before it.
    const close = roundAt(v, decimals).eq(roundAt(x, decimals)) || cutAt(v, decimals).eq(cutAt(x, decimals));
    return close
      ? {
          verdict: 'carried',
          explanation:
            `gives ${shown}, the exact value ${showNumber(x, decimals)} to ${decimalsWords(decimals)} ` +
            `(this far into the run only the exact value is compared)`,
        }
      : { verdict: 'erratum', explanation: `gives ${shown}; the exact value is ${showNumber(x, decimals)}` };
  }
  // An optimiser's line that leaves out epsilon (1e-8 added to the root): negligible at the
  // printed digits, so not an erratum, but said.
  const x0 = withoutEpsilon(ctx, id, decimals);
  const leaves = x0
    ? ` (it leaves out epsilon, negligible at these digits: ${showNumber(x, decimals)} with it)`
    : '';
  if (x0 && sameValue(v, x0, ctx.exercise.working))
    return { verdict: 'match', explanation: `gives ${shown}, the exact value without epsilon${leaves}` };
  const operands = readExpression(ctx, id, e) ?? (x0 ? readExpression(ctx, id, e, x0) : undefined);
  if (operands) {
    const omitted = x0 && !readExpression(ctx, id, e) ? leaves : '';
    return {
      verdict: 'carried',
      chain: 'printed',
      explanation: `the step's formula with ${describeOperands(ctx, operands, errata)}; it gives ${shown}${omitted}`,
    };
  }
  for (const c of chains) {
    const raw = c.raw.get(id);
    if (raw && sameValue(v, raw, ctx.exercise.working))
      return {
        verdict: 'carried',
        chain: c.kind,
        explanation: `gives ${shown}, the step computed with ${chainLabel(ctx, c.kind)}`,
      };
  }
  const rounded = withinRounding(ctx, e, v, x);
  if (rounded)
    return {
      verdict: 'carried',
      explanation:
        `gives ${shown}; its numbers ${rounded.map((l) => l.text).join(', ')} are rounded values ` +
        `(of quantities the exercise has no step for), and within their rounding it is the exact ` +
        `${showNumber(x, decimals)}: the arithmetic is right`,
    };
  const slip = findExpressionSlip(
    ctx,
    id,
    e,
    (f, w) => sameValue(w, x, ctx.exercise.working) || computes(f),
    decimals,
  );
  return {
    verdict: 'erratum',
    explanation:
      `gives ${shown}; the exact value is ${showNumber(x, decimals)}; ` +
      `${slip ? `likely slip: ${slip.text}` : 'no single slip explains it'}`,
    ...(slip ? { slip: slip.kind } : {}),
  };
}

/**
 * "the printed y_C = 0.5868, y_D = 0.5892, y_F truncated to 0.6155"; a printed value that is an
 * erratum says so, with its exact value.
 */
function describeOperands(ctx: VerifyContext, ops: readonly Operand[], errata: ReadonlySet<string>): string {
  const carried = ops.filter((o) => o.how !== 'exact');
  const unique = (xs: string[]) => [...new Set(xs)];
  const shown = (o: Operand) => (o.negated ? negatedLiteral(o.text) : o.text);
  const wrong = (o: Operand) =>
    errata.has(o.id)
      ? ` (an erratum; exact ${showNumber(ctx.exact.get(o.id)!, writtenDecimals(o.text))})`
      : '';
  const printed = unique(
    carried.filter((o) => o.how === 'printed').map((o) => `${o.id} = ${shown(o)}${wrong(o)}`),
  );
  const other = unique(
    carried.filter((o) => o.how !== 'printed').map((o) => `${o.id} ${o.how} to ${shown(o)}`),
  );
  const signs = carried.some((o) => o.negated) ? ' (a minus sign taken into the formula)' : '';
  return [...(printed.length ? [`the printed ${printed.join(', ')}`] : []), ...other].join(', ') + signs;
}

/**
 * The value of an adaptive update (Adam, RMSProp) without its epsilon, when the step is one and
 * epsilon makes a difference at the working precision but none at `decimals` (a source may
 * leave it out only where it is negligible).
 */
export function withoutEpsilon(ctx: VerifyContext, id: string, decimals: number): Dec | undefined {
  const a = ctx.stepOf(id)?.form?.adaptive;
  if (!a) return undefined;
  const e = sub(a.from, div(mul(a.rate, a.numerator), unary('sqrt', a.second)));
  const v = tryEval(e, (r) => ctx.exact.get(r), ctx.m);
  const x = ctx.exact.get(id)!;
  return v && !v.eq(x) && roundAt(v, decimals).eq(roundAt(x, decimals)) ? v : undefined;
}

/**
 * Printed arithmetic on numbers that are not steps (0.045 + 0.101: two per-output errors
 * rounded to 3 decimals): right when the exact value lies within what rounding its numbers
 * can move the result, to first order, half a unit of each number's last digit times how
 * strongly the result depends on it. Numbers without decimals (the 1 of 1 - y) count as exact,
 * and so do numbers that are exactly a given. The rounded numbers, or undefined.
 */
function withinRounding(ctx: VerifyContext, e: Expr, v: Dec, x: Dec): Literal[] | undefined {
  const lits = literalsOf(ctx, e).filter(
    (l) => writtenDecimals(l.text) > 0 && ![...ctx.givenIds].some((g) => ctx.exact.get(g)!.eq(l.value)),
  );
  if (lits.length === 0) return undefined;
  let bound = new ctx.D(0);
  for (const l of lits) {
    const h = new ctx.D(5).div(new ctx.D(10).pow(writtenDecimals(l.text) + 1));
    const at = (d: Dec) =>
      tryEval(replaceAt(e, l.path, num(l.value.plus(d).toString())), (r) => ctx.exact.get(r), ctx.m);
    const up = at(h);
    const down = at(h.neg());
    if (!up || !down) return undefined;
    bound = bound.plus(up.minus(down).abs().div(2));
  }
  // A little slack for the second-order terms of a nonlinear line.
  return v.minus(x).abs().lte(bound.times('1.05')) ? lits : undefined;
}

type Goal = (e: Expr, value: Dec) => boolean;

/**
 * What every slip search below shares: the expression and its numbers, `reached` (the value of a
 * changed expression when it meets the goal) and `result` (how that value is shown). Kept in one
 * record so each kind of slip is its own small function and the order of the search stays visible
 * in findExpressionSlip.
 */
interface Probe {
  readonly ctx: VerifyContext;
  readonly id: string;
  readonly e: Expr;
  readonly lits: readonly Literal[];
  readonly valueOf: (f: Expr) => Dec | undefined;
  readonly reached: (f: Expr) => Dec | undefined;
  readonly result: (w: Dec) => string;
}

/**
 * Slips in a printed expression: a lost minus sign, two digits swapped in a number, a part taken
 * from a nearby printed value of another step, a number shown rounded while the unrounded one
 * was used, an extra factor. The order matters: the first kind that reaches the goal is reported.
 */
export function findExpressionSlip(
  ctx: VerifyContext,
  id: string,
  e: Expr,
  goal: Goal,
  decimals: number,
  printedText?: string,
  sourceValues?: (q: string) => readonly Dec[],
): Slip | undefined {
  const exactOf = (r: string) => ctx.exact.get(r);
  const valueOf = (f: Expr) => tryEval(f, exactOf, ctx.m);
  const reached = (f: Expr) => {
    const w = valueOf(f);
    return w && goal(f, w) ? w : undefined;
  };
  const result = (w: Dec) => {
    if (!printedText) return showNumber(w, decimals);
    const fit = fitOf(w, new ctx.D(printedText), decimals);
    return fit ? `${showNumber(w, decimals)}, ${fitWords(fit, printedText)}` : showNumber(w, decimals);
  };
  const lits = literalsOf(ctx, e);
  const probe: Probe = { ctx, id, e, lits, valueOf, reached, result };

  const found = signSlip(probe) ?? transpositionSlip(probe) ?? operandSlip(probe);
  if (found) return found;
  const unrounded = unroundedSlip(ctx, id, e, lits, reached, sourceValues);
  if (unrounded) return { kind: 'unrounded-operand', text: `${unrounded.text} ${result(unrounded.w)}` };
  return extraFactorSlip(probe);
}

/** A lost minus sign: on one number first, then on a larger part of the expression. */
function signSlip({ ctx, id, e, lits, reached, result }: Probe): Slip | undefined {
  // A sign: prefer a number whose negative is a known quantity (0.0533 for dE/dw5 = -0.0533).
  const flips = lits
    .map((l) => {
      const flipped: Literal = { ...l, text: negatedLiteral(l.text), value: l.value.neg() };
      return {
        l,
        flipped,
        known: standsFor(ctx, id, flipped)[0],
        w: reached(replaceAt(e, l.path, num(flipped.text))),
      };
    })
    .filter((f) => f.w !== undefined && !f.l.value.isZero())
    .sort((a, b) => Number(b.known !== undefined) - Number(a.known !== undefined));
  const flip = flips[0];
  if (flip)
    return {
      kind: 'sign',
      text: `${flip.l.text} should be ${flip.flipped.text}${flip.known ? ` (${flip.known.id})` : ''}: then it gives ${result(flip.w!)}`,
    };
  for (const { path, node } of nodesOf(e)) {
    if (path.length === 0 || node.op === 'num') continue;
    const w = reached(replaceAt(e, path, neg(node)));
    if (w)
      return {
        kind: 'sign',
        text: `the sign of ${showExpr(node)} is flipped: with it reversed the expression gives ${result(w)}`,
      };
  }
  return undefined;
}

/** Two digits of one written number swapped (0.4315 for 0.4135). */
function transpositionSlip({ ctx, id, e, lits, reached, result }: Probe): Slip | undefined {
  const name = (l: Literal) => {
    const q = standsFor(ctx, id, l)[0];
    return q ? ` (${q.id})` : '';
  };
  for (const l of lits) {
    for (const swapped of digitSwaps(l.text)) {
      const w = reached(replaceAt(e, l.path, num(swapped)));
      if (w)
        return {
          kind: 'transposition',
          text:
            `${l.text} has two digits transposed; with ${swapped}${name({ ...l, text: swapped, value: new ctx.D(swapped) })} ` +
            `it gives ${result(w)}`,
        };
    }
  }
  return undefined;
}

/** A part of the expression taken from a nearby printed value of another step. */
function operandSlip({ ctx, id, e, valueOf, reached, result }: Probe): Slip | undefined {
  for (const { path, node } of nodesOf(e)) {
    if (path.length === 0 || node.op === 'num') continue;
    const sub = valueOf(node);
    if (!sub) continue;
    for (const { q, decimals, negated, text } of nearbyPrinted(ctx, sub, (q) => q !== id)) {
      const w = reached(replaceAt(e, path, num(text)));
      if (w)
        return {
          kind: 'operand',
          text:
            `${showExpr(node)} = ${showNumber(sub, decimals)} was taken as ${text} (the printed ` +
            `${q}${negated ? ' without its minus sign' : ''}): that gives ${result(w)}`,
        };
    }
  }
  return undefined;
}

/** One factor of a product that should not be there. */
function extraFactorSlip({ e, reached, result }: Probe): Slip | undefined {
  for (const { path, node } of nodesOf(e)) {
    if (node.op !== 'mul') continue;
    for (let i = 0; i < node.args.length; i++) {
      const dropped = withoutFactor(e, path, i);
      const w = dropped && reached(dropped);
      if (w)
        return {
          kind: 'factor',
          text: `an extra factor ${showExpr(node.args[i]!)}: without it the expression gives ${result(w)}`,
        };
    }
  }
  return undefined;
}

/**
 * A number shown rounded, while the computation used the unrounded value: the exact one, or
 * the one the source's own chain had (its wrong logit gives its softmax 0.56045, shown 0.561).
 * Every copy of the number is replaced together: the same 0.428 twice in a line is one value.
 */
function unroundedSlip(
  ctx: VerifyContext,
  id: string,
  e: Expr,
  lits: readonly Literal[],
  reached: (f: Expr) => Dec | undefined,
  sourceValues: ((q: string) => readonly Dec[]) | undefined,
): { w: Dec; text: string } | undefined {
  const decimals = ctx.printed.get(id)?.decimals ?? ctx.displayDecimals;
  const unrounded = lits.flatMap((l) =>
    standsFor(ctx, id, l).flatMap((q) =>
      [ctx.exact.get(q.id)!, ...(sourceValues?.(q.id) ?? [])]
        .filter((v, i, all) => !v.eq(l.value) && all.findIndex((w) => w.eq(v)) === i)
        .map((v) => ({ l, q, v, own: !v.eq(ctx.exact.get(q.id)!) })),
    ),
  );
  for (const { l, q, v, own } of unrounded) {
    let all = e;
    for (const m of lits) if (m.text === l.text) all = replaceAt(all, m.path, num(v.toString()));
    const w = reached(all);
    if (w)
      return {
        w,
        text:
          `the printed value comes from the unrounded ${q.id} = ${showNumber(v, decimals)}` +
          `${own ? " (what the source's own earlier numbers give)" : ''}, ` +
          `shown as ${l.text}: with it the expression gives`,
      };
  }
  const exactOnes = unrounded.filter(
    (u, i) => !u.own && unrounded.findIndex((o) => !o.own && o.l === u.l) === i,
  );
  if (exactOnes.length > 1) {
    let all = e;
    for (const { l, q } of exactOnes) all = replaceAt(all, l.path, num(ctx.exact.get(q.id)!.toString()));
    const w = reached(all);
    if (w)
      return {
        w,
        text:
          `the printed value comes from the unrounded ${[...new Set(exactOnes.map((u) => u.q.id))].join(', ')}, ` +
          `shown rounded: unrounded the expression gives`,
      };
  }

  return undefined;
}
