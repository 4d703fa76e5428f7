/**
 * Everything the checks share: the steps worth evaluating (only the iterations the exercise's
 * notes name, so a 10,000-iteration run costs one iteration), their exact values, the printed
 * values, and who depends on whom.
 */
import { STEP_WINDOW } from '../engine/limits.js';
import { refsOf } from '../engine/expr.js';
import type { Exercise } from '../engine/model.js';
import type { Dec, DecimalCtor } from '../engine/numbers.js';
import type { MathContext } from '../engine/ops.js';
import { parseExpr } from '../engine/parse-expr.js';
import { resolveNames } from '../engine/resolve-names.js';
import { affordDecimalReplay } from '../exercise/work.js';
import type { Plan, Step } from '../engine/plan.js';
import { passes } from '../engine/plan.js';
import { solveExercise } from '../engine/solved.js';
import type { Solved } from '../engine/solved.js';
import { whatIf } from '../engine/what-if.js';
import { writtenDecimals } from '../exercise/decimal-text.js';
import { BackstepError } from '../exercise/errors.js';
import { foldSignedLiterals, tryEval } from './expr-tools.js';

export interface Printed {
  readonly text: string;
  readonly value: Dec;
  readonly decimals: number;
}

export interface VerifyContext {
  /** The exercise solved over the iterations verify evaluates in full. */
  readonly solved: Solved;
  readonly exercise: Exercise;
  readonly plan: Plan;
  readonly D: DecimalCtor;
  readonly m: MathContext;
  /** Evaluated steps, in plan order. */
  readonly steps: readonly Step[];
  /** An evaluated step by id. */
  stepOf(id: string): Step | undefined;
  /** Position in plan order: givens -1, evaluated steps from 0. */
  order(id: string): number | undefined;
  readonly givenIds: ReadonlySet<string>;
  /** Exact values of the givens and of the evaluated steps. */
  readonly exact: ReadonlyMap<string, Dec>;
  readonly printed: ReadonlyMap<string, Printed>;
  /** Decimals the exercise shows values to (used for unprinted steps in the all-rounded chains). */
  readonly displayDecimals: number;
  /** Every given and step an id depends on, directly or not. */
  ancestors(id: string): ReadonlySet<string>;
}

/** Ids a note or a printed formula needs. */
export function neededIds(exercise: Exercise): string[] {
  const ids = new Set<string>();
  for (const [id, note] of exercise.notes) {
    if (
      note.printed === undefined &&
      note.printedExpression === undefined &&
      note.printedFormula === undefined &&
      note.alsoPrinted === undefined
    )
      continue;
    ids.add(id);
    const also = (note.alsoPrinted ?? []).flatMap((a) => [a.formula, a.expression]);
    for (const text of [note.printedExpression, note.printedFormula, ...also]) {
      if (text === undefined) continue;
      const r = parseExpr(text);
      if (r.ok) for (const n of refsOf(r.expr)) ids.add(exercise.symbols.get(n) ?? n);
    }
  }
  return [...ids];
}

export function buildContext(given: Solved): VerifyContext {
  const { exercise, plan } = given;
  const last = passes(plan);
  // A long run is evaluated step by step only as far as it is cheap; values printed after the
  // last update come from a replay that keeps no steps.
  const lastFull = Math.max(1, Math.floor(STEP_WINDOW / Math.max(1, plan.stepsPerIteration)));
  let upTo = 1;
  const far: string[] = [];
  for (const id of neededIds(exercise)) {
    const k = Math.min(last, given.index.iterationOf(id));
    if (k <= lastFull) upTo = Math.max(upTo, k);
    else far.push(id);
  }
  const solved = windowOf(given, upTo);
  const { D, steps } = solved;
  const exact = far.length > 0 ? new Map(solved.exact) : solved.exact;
  if (far.length > 0) {
    const end = whatIf(solved).replay({ onDecimal: affordDecimalReplay(exercise, plan) });
    for (const id of far) {
      const param = /^(.+)@(\d+)$/.exec(id);
      const v =
        end.after.get(id) ??
        (param && Number(param[2]) === plan.iterations + 1 ? end.final.get(param[1]!) : undefined);
      if (!v) {
        throw BackstepError.of(
          'unsupported',
          `${exercise.id}: "${id}" is in the middle of a ${plan.iterations}-iteration run`,
          `verify checks printed values in the first ${lastFull} iterations and after the last update; record the others without \`printed\``,
        );
      }
      exact.set(id, v);
    }
  }
  const givenIds = new Set(plan.givens.map((g) => g.id));

  const printed = new Map<string, Printed>();
  for (const [id, note] of exercise.notes) {
    if (note.printed !== undefined && exact.has(id))
      printed.set(id, {
        text: note.printed,
        value: new D(note.printed),
        decimals: writtenDecimals(note.printed),
      });
  }

  const memo = new Map<string, Set<string>>();
  const ancestors = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const out = new Set<string>();
    const step = solved.worked(id);
    if (step) {
      for (const r of refsOf(step.expr)) {
        out.add(r);
        for (const a of ancestors(r)) out.add(a);
      }
    }
    memo.set(id, out);
    return out;
  };

  return {
    solved,
    exercise,
    plan,
    D,
    m: solved.m,
    steps,
    stepOf: (id) => solved.worked(id),
    order: (id) => solved.position(id),
    givenIds,
    exact,
    printed,
    displayDecimals: exercise.display.kind === 'decimals' ? exercise.display.digits : 4,
    ancestors,
  };
}

/** The solved exercise over iterations 1..upTo: the one given when it covers exactly those. */
function windowOf(solved: Solved, upTo: number): Solved {
  const last = solved.steps[solved.steps.length - 1];
  if ((last?.iteration ?? 0) === upTo) return solved;
  const steps: Step[] = [];
  for (let k = 1; k <= upTo; k++) for (const s of solved.index.steps(k)) steps.push(s); // no spread: 100,000s of steps
  return solveExercise(solved.exercise, solved.plan, steps);
}

/** Parses a printed expression or formula and resolves its names through the exercise's symbols. */
export function readPrinted(ctx: VerifyContext, text: string) {
  const r = parseExpr(text);
  if (!r.ok) return undefined;
  return resolveNames(r.expr, (id) => ctx.exact.has(id), ctx.exercise.symbols).expr;
}

/**
 * The value of a printed expression or formula (a minus sign in front of a number belongs to
 * it), with the exact values unless `lookup` gives others; undefined when it cannot be read or
 * has no finite value.
 */
export function evalPrinted(
  ctx: VerifyContext,
  text: string,
  lookup: (id: string) => Dec | undefined = (r) => ctx.exact.get(r),
): Dec | undefined {
  const e = readPrinted(ctx, text);
  return e ? tryEval(foldSignedLiterals(e), lookup, ctx.m) : undefined;
}
