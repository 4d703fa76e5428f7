/**
 * A solved exercise: the exercise, its plan, the exact values of the steps worked in full and
 * the indexes every consumer looks steps and weights up by, made once and passed down. Judging
 * an answer, diagnosis, verify and the walkthrough all read the same value instead of keeping
 * module-level caches keyed by the identity of a plan or a map: what is derived from an exercise
 * lives exactly as long as the solved value, so a `--watch` session that loads the file again on
 * every save keeps nothing from earlier saves.
 *
 * Immutable for its readers; the values are computed on first use (a command that only lists
 * steps never evaluates any).
 */
import { evaluateFormula, evaluatePlan, givenValue } from './evaluate-plan.js';
import type { Evaluation, Forms } from './evaluate-plan.js';
import { STEP_WINDOW } from './limits.js';
import type { Exercise, NetworkSpec, Weight } from './model.js';
import { decimalAt } from './numbers.js';
import type { Dec, DecimalCtor } from './numbers.js';
import { mathContext } from './ops.js';
import type { MathContext } from './ops.js';
import { planIndex } from './plan-index.js';
import type { PlanIndex } from './plan-index.js';
import { passes } from './plan.js';
import type { Plan, Role, Step } from './plan.js';

/** A network's weights looked up by id and by the neuron they leave. */
export interface NetworkIndex {
  readonly spec: NetworkSpec;
  readonly weight: ReadonlyMap<string, Weight>;
  out(from: string): readonly Weight[];
}

export interface Solved {
  readonly exercise: Exercise;
  readonly plan: Plan;
  /** Decimal constructor and operations at the exercise's working precision. */
  readonly D: DecimalCtor;
  readonly m: MathContext;
  readonly index: PlanIndex;
  /** The steps evaluated in full, in plan order: all of a short run, the first iterations of a long one. */
  readonly steps: readonly Step[];
  /** Exact values (correctly rounded at the working precision) of the givens and of `steps`. */
  readonly exact: Evaluation;
  /** The exact value of any given or step: from `exact`, else computed once from its formula. */
  exactOf(id: string): Dec;
  /** Position in plan order of a given (-1) or of one of `steps` (0, 1, ...); undefined for other ids. */
  position(id: string): number | undefined;
  /** One of `steps` by id (undefined for a given or a step not worked in full). */
  worked(id: string): Step | undefined;
  readonly network: NetworkIndex | undefined;
  /** The evaluation forms of the formulas, kept between evaluations (evaluate-plan.ts). */
  readonly forms: Forms;
  /** The steps of `step`'s iteration with this role and the same neuron and example (itself included). */
  group(step: Step, role: Role): readonly Step[];
  /**
   * A value derived from this exercise by another layer (a name table, the steps a walkthrough
   * asks), built once per key and kept with the solved value.
   */
  derived<T>(key: string, build: () => T): T;
}

/**
 * The iterations worked in full by default: every pass of a short run; of a long one, as many
 * as fit the step window (at least the first).
 */
export function windowSteps(plan: Plan): Step[] {
  const wanted = passes(plan);
  const upTo = Math.max(1, Math.min(wanted, Math.floor(STEP_WINDOW / Math.max(1, plan.stepsPerIteration))));
  const steps: Step[] = [];
  for (let k = 1; k <= upTo; k++) for (const s of plan.iteration(k)) steps.push(s); // no spread: 100,000s of steps
  return steps;
}

/** The solved value of an exercise; `steps` are those evaluated in full (default: windowSteps). */
export function solveExercise(exercise: Exercise, plan: Plan, steps?: readonly Step[]): Solved {
  const D = decimalAt(exercise.working);
  const index = planIndex(plan);
  const worked = steps ?? windowSteps(plan);
  let exact: Evaluation | undefined;
  const forms: Forms = new WeakMap();
  const evaluated = () =>
    (exact ??= evaluatePlan(plan, { precision: exercise.working, steps: worked, forms }));
  const computed = new Map<string, Dec>();
  const exactOf = (id: string): Dec => {
    const known = evaluated().get(id) ?? computed.get(id);
    if (known) return known;
    const g = index.given(id);
    const located = g ? undefined : index.locate(id);
    if (!g && !located) throw new Error(`internal: no step ${id}`);
    const v = g ? givenValue(D, g.value) : evaluateFormula(located!.step.expr, exactOf, exercise.working);
    computed.set(id, v);
    return v;
  };
  let positions: Map<string, number> | undefined;
  const position = (id: string): number | undefined => {
    if (!positions) {
      positions = new Map(plan.givens.map((g) => [g.id, -1] as const));
      worked.forEach((s, i) => positions!.set(s.id, i));
    }
    return positions.get(id);
  };
  const groups = new Map<number, Map<string, Step[]>>();
  const memo = new Map<string, unknown>();
  return {
    exercise,
    plan,
    D,
    m: mathContext(D),
    index,
    steps: worked,
    get exact() {
      return evaluated();
    },
    exactOf,
    forms,
    position,
    worked: (id) => {
      const i = position(id);
      return i === undefined || i < 0 ? undefined : worked[i];
    },
    network: exercise.spec.kind === 'network' ? networkIndex(exercise.spec) : undefined,
    group(step, role) {
      let g = groups.get(step.iteration);
      if (!g) groups.set(step.iteration, (g = groupSteps(index.steps(step.iteration))));
      return g.get(groupKey(role, step)) ?? [];
    },
    derived<T>(key: string, build: () => T): T {
      if (!memo.has(key)) memo.set(key, build());
      return memo.get(key) as T;
    },
  };
}

function networkIndex(spec: NetworkSpec): NetworkIndex {
  const out = new Map<string, Weight[]>();
  for (const w of spec.weights) {
    const list = out.get(w.from);
    if (list) list.push(w);
    else out.set(w.from, [w]);
  }
  return {
    spec,
    weight: new Map(spec.weights.map((w) => [w.id, w] as const)),
    out: (from) => out.get(from) ?? [],
  };
}

const groupKey = (role: Role, s: Step) => `${role}\u0000${s.neuron ?? ''}\u0000${s.example ?? ''}`;

// Steps of one iteration by role, neuron and example: looking siblings up by scanning the
// iteration made judging every step of a large network quadratic.
function groupSteps(steps: readonly Step[]): Map<string, Step[]> {
  const g = new Map<string, Step[]>();
  for (const s of steps) {
    const k = groupKey(s.role, s);
    const list = g.get(k);
    if (list) list.push(s);
    else g.set(k, [s]);
  }
  return g;
}
