/**
 * The JSON rendering of a solution: every value a decimal string with every working digit,
 * correctly rounded (docs/precision.md), in scientific notation when its exponent is large.
 */
import { isUnknown } from '../engine/evaluate-plan.js';
import { fullValue } from './format-number.js';
import { printExpr } from './print-expr.js';
import type { Dec } from '../engine/numbers.js';
import type { Section, Solution } from './solution.js';

/** The format and version of `solve --format json` (schema/solve-output.schema.json). */
export const SOLVE_JSON_FORMAT = 'backstep-solve/1';

export function renderJson(sol: Solution): string {
  const steps = jsonSteps(sol.sections, sol.values);
  // Values whose last digit could not be certified within the guard digits allowed (none in practice).
  const uncertain = (sol.values as { readonly uncertain?: ReadonlySet<string> }).uncertain;
  const doubt = uncertain && uncertain.size > 0 ? { uncertain: [...uncertain] } : {};
  return (
    JSON.stringify(
      {
        format: SOLVE_JSON_FORMAT,
        exercise: sol.exercise.id,
        precision: sol.exercise.working,
        steps,
        final: jsonFinal(sol),
        ...doubt,
      },
      null,
      2,
    ) + '\n'
  );
}

export function jsonSteps(sections: readonly Section[], values: ReadonlyMap<string, Dec>) {
  return sections.flatMap((sec) =>
    sec.steps.map((s) => ({
      id: s.id,
      symbol: s.symbol,
      phase: s.phase,
      iteration: s.iteration,
      ...(s.example !== undefined ? { example: s.example } : {}),
      formula: printExpr(s.expr, 'text', (id) => id),
      value: shown(values, s.id),
    })),
  );
}

/** The final parameters, outputs and error: from the summary of a long run, or the last steps shown. */
export function jsonFinal(sol: Solution): Record<string, unknown> {
  const { exercise, plan, values } = sol;
  const final: Record<string, unknown> = {};
  if (sol.summary) {
    final.parameters = Object.fromEntries([...sol.summary.finalParams].map(([k, v]) => [k, fullValue(v)]));
    final.outputs = Object.fromEntries(
      sol.summary.afterSteps
        .filter((s) => s.role === 'activation' && plan.outputBases.includes(s.base))
        .map((s) => [s.id, fullValue(sol.summary!.after.get(s.id)!)]),
    );
    if (plan.costBase) {
      const last = sol.summary.history[sol.summary.history.length - 1];
      if (last) final.error = fullValue(last.cost);
    }
    final.history = sol.summary.history.map((h) => ({ iteration: h.iteration, error: fullValue(h.cost) }));
  } else {
    const last = plan.iterations + 1;
    // Every carried value: the parameters and the optimiser's state (momentum's velocity v, Adam's
    // m and v, RMSProp's s), as the summary of a long run lists them.
    const params = plan.carried.map((c) => [c, plan.iterations > 0 ? `${c}@${last}` : c] as const);
    if (plan.iterations > 0)
      final.parameters = Object.fromEntries(
        params.filter(([, id]) => values.has(id)).map(([k, id]) => [k, shown(values, id)]),
      );
    const lastSteps = sol.sections.flatMap((s) => s.steps);
    const outs = new Map<string, string>();
    for (const s of lastSteps)
      if (s.role === 'activation' && plan.outputBases.includes(s.base))
        outs.set(s.id.replace(/@\d+$/, ''), s.id);
    final.outputs = Object.fromEntries([...outs.values()].map((id) => [id, shown(values, id)]));
    if (plan.costBase) {
      const costIds = lastSteps
        .filter((s) => s.base === plan.costBase && s.example === undefined)
        .map((s) => s.id);
      const id = costIds[costIds.length - 1];
      if (id) final.error = shown(values, id);
    }
    const spec = exercise.spec;
    if (spec.kind === 'graph') {
      const wanted = new Set(spec.inputs.map((i) => `d${spec.fn}/d${i.name}`));
      final.value = shown(values, spec.output);
      final.gradient = Object.fromEntries(
        lastSteps.filter((s) => wanted.has(s.id)).map((s) => [s.id, shown(values, s.id)]),
      );
    }
  }
  return final;
}

/**
 * A value as JSON writes it: every digit, or `unknown` when the evaluation could not even hold it
 * within one unit of its last digit (docs/precision.md): such digits are not given as a number.
 */
function shown(values: ReadonlyMap<string, Dec>, id: string): string {
  return isUnknown(values, id) ? 'unknown' : fullValue(values.get(id)!);
}
