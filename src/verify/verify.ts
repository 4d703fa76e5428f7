import type { Dec } from '../engine/numbers.js';
import type { Solved } from '../engine/solved.js';
import type { StepNote } from '../engine/model.js';
import { writtenDecimals } from '../exercise/decimal-text.js';
import { alsoExact, alsoText, checkAlso } from './also.js';
import { fullValue } from '../render/format-number.js';
import { buildChains } from './chains.js';
import type { Chain } from './chains.js';
import { buildContext, neededIds } from './context.js';
import type { VerifyContext } from './context.js';
import { showFixed } from './digits.js';
import { checkExpression } from './expression.js';
import { checkFormula, evaluationPoints } from './formula.js';
import type { Points } from './formula.js';
import { emptySummary } from './types.js';
import type { ResultKind, VerifyReport, VerifyResult } from './types.js';
import { checkValue } from './value.js';
import type { ValueState } from './value.js';
import type { Finding } from './types.js';

export type { ChainKind, ResultKind, SlipKind, Verdict, VerifyReport, VerifyResult } from './types.js';
export { VERDICTS } from './types.js';

/**
 * Every printed value, expression and formula of an exercise against exact arithmetic, in the
 * order of the plan: for each step its printed value, then its printed expression, then its
 * printed formula. Pure: the same exercise gives the same report.
 */
export function verifyExercise(solved: Solved): VerifyReport {
  const exercise = solved.exercise;
  if (neededIds(exercise).length === 0)
    return { exercise: exercise.id, results: [], summary: emptySummary() };
  const ctx = buildContext(solved);
  const ids = [...exercise.notes.entries()]
    .filter(
      ([id, n]) =>
        ctx.exact.has(id) &&
        (n.printed !== undefined ||
          n.printedExpression !== undefined ||
          n.printedFormula !== undefined ||
          n.alsoPrinted !== undefined),
    )
    .map(([id]) => id)
    .sort((a, b) => (ctx.order(a) ?? 0) - (ctx.order(b) ?? 0));

  const lazy = new Lazy(ctx);
  const state: ValueState = { errata: [], tainted: new Map(), cache: new Map() };
  const results: VerifyResult[] = [];
  for (const id of ids) {
    const note = exercise.notes.get(id)!;
    const rows = rowsOf(ctx, lazy, state, id, note);
    const anyErratum = rows.some((r) => r.finding.verdict === 'erratum');
    rows.forEach((r, i) =>
      results.push(toResult(ctx, id, r, note.erratum, r.where ?? note.where, !anyErratum && i === 0)),
    );
  }
  const summary = emptySummary();
  for (const r of results) summary[r.verdict]++;
  return { exercise: exercise.id, results, summary };
}

/** The chains and evaluation points, built once and only when some row needs them. */
class Lazy {
  #chains?: Chain[];
  #points?: Points;
  constructor(private readonly ctx: VerifyContext) {}
  get chains(): Chain[] {
    return (this.#chains ??= buildChains(this.ctx));
  }
  get points(): Points {
    return (this.#points ??= evaluationPoints(this.ctx));
  }
}

interface Row {
  readonly kind: ResultKind;
  readonly printed: string;
  readonly finding: Finding;
  /** For a number printed with the step: its exact value, decimals and place. */
  readonly exact?: Dec;
  readonly decimals?: number;
  readonly where?: string;
}

/** A step's rows: its printed value, expression and formula, then the other numbers printed with it. */
function rowsOf(ctx: VerifyContext, lazy: Lazy, state: ValueState, id: string, note: StepNote): Row[] {
  const rows: Row[] = [];
  if (note.printed !== undefined)
    rows.push({ kind: 'value', printed: note.printed, finding: checkValue(ctx, lazy.chains, id, state) });
  if (note.printedExpression !== undefined)
    rows.push({
      kind: 'expression',
      printed: note.printedExpression,
      finding: checkExpression(
        ctx,
        lazy.chains,
        id,
        note.printedExpression,
        (q) => sourceValuesOf(lazy.chains, state, q),
        new Set(state.errata.map((e) => e.id)),
      ),
    });
  if (note.printedFormula !== undefined)
    rows.push({
      kind: 'formula',
      printed: note.printedFormula,
      finding: checkFormula(ctx, lazy.points, id, note.printedFormula),
    });
  for (const a of note.alsoPrinted ?? []) {
    const x = alsoExact(ctx, id, a);
    rows.push({
      kind: 'also',
      printed: alsoText(a),
      finding: checkAlso(ctx, lazy.chains, state, id, a),
      ...(x ? { exact: x } : {}),
      decimals: writtenDecimals(a.printed),
      ...(a.where !== undefined ? { where: a.where } : {}),
    });
  }
  return rows;
}

/** What the source's own working may have had for a step: each chain's value before rounding. */
function sourceValuesOf(chains: readonly Chain[], state: ValueState, q: string): Dec[] {
  return [...chains, ...state.cache.values()].flatMap((c) => c.raw.get(q) ?? []);
}

function toResult(
  ctx: VerifyContext,
  id: string,
  row: Row,
  erratumNote: string | undefined,
  where: string | undefined,
  first: boolean,
): VerifyResult {
  const { kind, printed, finding: f } = row;
  const x = row.exact ?? ctx.exact.get(id)!;
  const decimals = row.decimals ?? ctx.printed.get(id)?.decimals ?? ctx.displayDecimals;
  let verdict = f.verdict as VerifyResult['verdict'];
  let explanation = f.explanation;
  if (erratumNote !== undefined && f.verdict === 'erratum') {
    verdict = 'acknowledged';
    explanation = `known erratum: ${erratumNote.trim()} (${f.explanation})`;
  } else if (erratumNote !== undefined && first) {
    // A note about an erratum that verify does not find: worth a word to the author.
    explanation = `${explanation} (the exercise records an erratum here, but nothing printed for this step is wrong)`;
  }
  return {
    step: id,
    printed,
    exact: fullValue(x),
    shownExact: showFixed(x, decimals + 2),
    verdict,
    explanation,
    kind,
    ...(f.chain ? { chain: f.chain } : {}),
    ...(f.slip ? { slip: f.slip } : {}),
    ...(where !== undefined ? { where } : {}),
  };
}
