/**
 * Minimising a computation graph's output with an optimiser: iteration k evaluates the graph at
 * the parameters of update k, differentiates it, and updates every parameter through the same
 * optimiser steps a network uses (network-update.ts); the pass after the last update evaluates
 * the function once more at the new parameters.
 */
import { mapRefs, ref } from './expr.js';
import type { Expr } from './expr.js';
import type { GraphSpec, GraphTraining } from './model.js';
import { latexSuffix } from './tex-names.js';
import { emitter, stateOf } from './network-context.js';
import { updateSteps } from './network-update.js';
import { stepId } from './plan.js';
import type { Step } from './plan.js';

/** Everything the optimiser carries from one update to the next: the parameters and their state. */
export function graphCarried(t: GraphTraining): string[] {
  return [...t.parameters, ...t.parameters.flatMap((p) => stateOf({ training: t }, p).map((s) => s.id))];
}

/**
 * Steps of iteration k, from the steps of the first (`first`, with ids as written): renamed to
 * `id@k`, their parameters read at update k; then the update. k = K + 1: the function only.
 */
export function graphIteration(
  spec: GraphSpec,
  t: GraphTraining,
  rate: string,
  first: readonly Step[],
  k: number,
): Step[] {
  const carried = graphCarried(t);
  const em = emitter({ carried }, k);
  const own = new Set(first.map((s) => s.id));
  const params = new Set(t.parameters);
  const rename = (id: string): Expr =>
    own.has(id) ? ref(stepId(id, k)) : params.has(id) ? em.carriedRef(id) : ref(id);
  const after = k === t.iterations + 1;
  const steps = after ? first.filter((s) => s.phase === 'graph') : first;
  for (const s of steps) {
    const form = s.form?.paths ? { form: { paths: s.form.paths.map((p) => mapRefs(p, rename)) } } : {};
    em.steps.push({
      ...s,
      id: stepId(s.id, k),
      symbol: stepId(s.id, k),
      latex: latexSuffix(s.latex, k),
      phase: after ? 'after' : s.phase,
      iteration: k,
      expr: mapRefs(s.expr, rename),
      ...(s.undefinedWith !== undefined ? { undefinedWith: stepId(s.undefinedWith, k) } : {}),
      ...form,
    });
  }
  if (after) return em.steps;
  // The gradient of a parameter is its adjoint; one the output does not reach has none (build-graph refuses it).
  const gradient = new Map(t.parameters.map((p) => [p, ref(stepId(`d${spec.fn}/d${p}`, k))] as const));
  const net = { spec: { training: t }, rate, params: t.parameters.map((id) => ({ id, isBias: false })) };
  updateSteps(net, em, gradient);
  return em.steps;
}
