/**
 * A printed formula in symbols ("(a2 - y) sigma2' a1 sigma1' a0") against the engine's step:
 * both evaluated at the exercise's values and at a few other points, where the givens that are
 * data or parameters (inputs, targets, weights, biases, graph inputs) are moved by fixed,
 * unequal amounts. Hyperparameters (learning rate, decay, momentum) stay as the exercise sets
 * them: a source may leave out a learning rate of 1. When the two disagree, look for the one
 * symbol that, put in place of another, makes them agree everywhere, or the one factor missing.
 */
import { whatIf } from '../engine/what-if.js';
import { mapRefs, ref, refsOf } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import { parseExpr } from '../engine/parse-expr.js';
import type { VerifyContext } from './context.js';
import { readPrinted } from './context.js';
import { sameValue, showNumber } from './digits.js';
import { tryEval } from './expr-tools.js';
import type { Finding } from './types.js';

export const OTHER_POINTS = 4;

const MOVED_KINDS = new Set(['input', 'target', 'weight', 'bias', 'variable']);

export type Points = ReadonlyArray<ReadonlyMap<string, Dec>>;

/** The exercise's values first, then the moved points. Deterministic: no randomness. */
export function evaluationPoints(ctx: VerifyContext): Points {
  const points: Array<ReadonlyMap<string, Dec>> = [ctx.exact];
  const D = ctx.D;
  for (let j = 1; j <= OTHER_POINTS; j++) {
    const pins = new Map<string, Dec>();
    ctx.plan.givens.forEach((g, i) => {
      if (!MOVED_KINDS.has(g.kind)) return;
      // A factor between 0.875 and 1.125 and a shift between -0.03 and 0.03, different for
      // every given and point, so that no two givens move alike.
      const factor = new D(40 + (((7 * i + 3 * j) % 11) - 5)).div(40);
      const shift = new D(((5 * i + 2 * j + 1) % 7) - 3).div(100);
      pins.set(g.id, new D(g.value).times(factor).plus(shift));
    });
    try {
      points.push(whatIf(ctx.solved).all({ pins }));
    } catch {
      // A point where some step has no value (a root of a negative number) is left out.
    }
  }
  return points;
}

export function checkFormula(ctx: VerifyContext, points: Points, id: string, text: string): Finding {
  const formula = readPrinted(ctx, text);
  if (!formula) return { verdict: 'erratum', explanation: 'the formula cannot be read' };
  const typed = typedNames(ctx, text);
  const nameOf = (r: string) => typed.get(r) ?? r;
  const working = ctx.exercise.working;

  const usable = points.filter(
    (pt) => pt.get(id)?.isFinite() && tryEval(formula, (r) => pt.get(r), ctx.m) !== undefined,
  );
  const agrees = (f: Expr, target = id) =>
    usable.every((pt) => {
      const v = tryEval(f, (r) => pt.get(r), ctx.m);
      const t = pt.get(target);
      return v !== undefined && t !== undefined && sameValue(v, t, working);
    });
  const decimals = ctx.printed.get(id)?.decimals ?? ctx.displayDecimals;
  if (usable.length === 0)
    return { verdict: 'erratum', explanation: "the formula has no value at the exercise's values" };
  const others = usable.length - (usable[0] === ctx.exact ? 1 : 0);
  if (agrees(formula)) {
    return {
      verdict: 'match',
      explanation:
        others > 0
          ? `agrees with the step at the exercise's values and at ${others} other points`
          : "agrees with the step at the exercise's values (the only point this far into the run)",
    };
  }

  const base = usable[0]!;
  const f0 = tryEval(formula, (r) => base.get(r), ctx.m)!;
  const head = `the printed formula gives ${showNumber(f0, decimals)}, the step ${showNumber(base.get(id)!, decimals)}`;
  const here = ctx.order(id) ?? 0;
  const candidates = [...ctx.givenIds, ...ctx.steps.slice(0, Math.max(0, here)).map((s) => s.id)];

  // Two labels swapped outright is the plainest reading; one formula under another's label
  // comes after a substitution or a factor, which say more.
  const swap = labelSwap(ctx, id, formula, agrees, nameOf);
  if (swap?.mutual) return { verdict: 'erratum', slip: 'label', explanation: `${head}; ${swap.text}` };

  const substitution = substitutionSlip(formula, id, candidates, agrees, nameOf);
  if (substitution)
    return { verdict: 'erratum', slip: 'substitution', explanation: `${head}; ${substitution}` };
  const factor = factorSlip(ctx, usable, formula, id, candidates);
  if (factor) return { verdict: 'erratum', slip: 'factor', explanation: `${head}; ${factor}` };
  if (swap) return { verdict: 'erratum', slip: 'label', explanation: `${head}; ${swap.text}` };
  return { verdict: 'erratum', explanation: `${head}; no single substitution or factor makes them agree` };
}

/**
 * One symbol in place of another: the first candidate that, put for one of the formula's
 * symbols, makes it agree at every point. The words for it, or undefined.
 */
function substitutionSlip(
  formula: Expr,
  id: string,
  candidates: readonly string[],
  agrees: (f: Expr) => boolean,
  nameOf: (r: string) => string,
): string | undefined {
  for (const n of refsOf(formula)) {
    for (const c of candidates) {
      if (c === n || c === id) continue;
      const swapped = mapRefs(formula, (r) => ref(r === n ? c : r));
      if (agrees(swapped)) return `with ${c} in place of ${nameOf(n)} it agrees at every point tested`;
    }
  }
  return undefined;
}

/**
 * A factor missing from, or extra in, the printed formula: the same ratio at every point, and
 * that ratio a known quantity, its reciprocal, or at least a constant. The words, or undefined.
 */
function factorSlip(
  ctx: VerifyContext,
  usable: Points,
  formula: Expr,
  id: string,
  candidates: readonly string[],
): string | undefined {
  const working = ctx.exercise.working;
  const ratios = usable.map((pt) => {
    const f = tryEval(formula, (r) => pt.get(r), ctx.m);
    return f && !f.isZero() ? pt.get(id)!.div(f) : undefined;
  });
  if (!ratios.every((r) => r !== undefined)) return undefined;
  const rs = ratios;
  const q = candidates.find(
    (c) =>
      c !== id && usable.every((pt, k) => pt.get(c) !== undefined && sameValue(rs[k]!, pt.get(c)!, working)),
  );
  if (q) return `it lacks a factor ${q}: the step is the printed formula times ${q} at every point tested`;
  const inv = candidates.find(
    (c) =>
      c !== id &&
      usable.every(
        (pt, k) =>
          pt.get(c) !== undefined &&
          !pt.get(c)!.isZero() &&
          sameValue(new ctx.D(1).div(rs[k]!), pt.get(c)!, working),
      ),
  );
  if (inv)
    return `it has an extra factor ${inv}: the printed formula is the step times ${inv} at every point tested`;
  if (rs.every((r) => sameValue(r, rs[0]!, working)))
    return `the step is always ${showNumber(rs[0]!, 4)} times the printed formula`;
  return undefined;
}

/**
 * The printed formula is another step's, exactly (it agrees with that step at every point):
 * printed under the wrong label. When that step's own printed formula is this one's, the two
 * labels are swapped.
 */
function labelSwap(
  ctx: VerifyContext,
  id: string,
  formula: Expr,
  agrees: (f: Expr, target?: string) => boolean,
  nameOf: (r: string) => string,
): { mutual: boolean; text: string } | undefined {
  const q = ctx.steps.map((s) => s.id).find((q) => q !== id && agrees(formula, q));
  if (q === undefined) return undefined;
  const other = ctx.exercise.notes.get(q)?.printedFormula;
  const back = other === undefined ? undefined : readPrinted(ctx, other);
  if (back && agrees(back, id))
    return {
      mutual: true,
      text:
        `it is exactly the formula of ${q}, and the formula printed for ${q} ` +
        `is this step's: the labels ${nameOf(id)} and ${nameOf(q)} are swapped`,
    };
  return { mutual: false, text: `it is exactly the formula of ${q}, printed under the label ${nameOf(id)}` };
}

/** For each id a formula names, the name as typed in it (a1 for a_1). */
function typedNames(ctx: VerifyContext, text: string): Map<string, string> {
  const out = new Map<string, string>();
  const r = parseExpr(text);
  if (r.ok) for (const n of refsOf(r.expr)) out.set(ctx.exercise.symbols.get(n) ?? n, n);
  return out;
}
