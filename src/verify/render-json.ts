/**
 * One JSON document for all the exercises checked: their results (values as decimal strings,
 * `exact` at full working precision) and a count of each verdict.
 */
import type { VerifyReport } from './types.js';

export function renderVerifyJson(reports: readonly VerifyReport[]): string {
  const exercises = reports.map((r) => ({
    exercise: r.exercise,
    results: r.results.map((x) => ({
      step: x.step,
      kind: x.kind,
      printed: x.printed,
      exact: x.exact,
      shownExact: x.shownExact,
      verdict: x.verdict,
      explanation: x.explanation,
      ...(x.chain ? { chain: x.chain } : {}),
      ...(x.slip ? { slip: x.slip } : {}),
      ...(x.where !== undefined ? { where: x.where } : {}),
    })),
    summary: r.summary,
  }));
  // The format and version (schema/verify-output.schema.json).
  return JSON.stringify({ format: 'backstep-verify/1', exercises }, null, 2) + '\n';
}
