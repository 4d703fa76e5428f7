/**
 * What makes numbers poor for practice: an asked value that is zero at the display precision
 * (a learner who forgot the whole step would be right), an update that changes nothing visible,
 * a value that is undefined, or a value that a catalogued mistake also produces (the diagnosis
 * could never tell the two apart).
 */
import { ownMistakes } from '../judge/catalogue.js';
import type { Mistake } from '../judge/index.js';
import { accepts } from '../judge/interval.js';
import { learnerValues } from '../judge/learner-values.js';
import { compile } from '../engine/compile.js';
import { refsOf } from '../engine/expr.js';
import { decimalAt } from '../engine/numbers.js';
import type { Exercise } from '../engine/model.js';
import type { Dec } from '../engine/numbers.js';
import type { Plan, Step } from '../engine/plan.js';
import { solveExercise } from '../engine/solved.js';
import type { Solved } from '../engine/solved.js';
import { showValue } from '../render/format-number.js';
import { shownSteps } from '../render/solution.js';
import { askedSteps } from './asked.js';
import { unscaled } from '../exercise/variant-grid.js';
import { withGivens } from './given-values.js';
import { variableGivens } from '../exercise/variant-grid.js';
import { streamFrom } from './prng.js';

export type DegeneracyReason = 'zero' | 'unchanged' | 'undefined' | 'indistinguishable';

export interface Degeneracy {
  readonly step: string;
  readonly reason: DegeneracyReason;
  /** For `indistinguishable`: the mistake's code. */
  readonly mistake?: string;
  readonly message: string;
}

export function degeneracies(
  exercise: Exercise,
  plan: Plan,
  asked: readonly Step[] = askedSteps(exercise, plan),
): Degeneracy[] {
  const solved = solveExercise(exercise, plan, shownSteps(plan));
  const exact = solved.exact;
  const out: Degeneracy[] = [];
  for (const s of asked) {
    const v = exact.get(s.id);
    if (!v) continue;
    if (!v.isFinite()) {
      out.push({
        step: s.id,
        reason: 'undefined',
        message: `${s.id} is undefined with these numbers (${v.toString()})`,
      });
      continue;
    }
    const shown = showValue(v, exercise.display);
    // A threshold neuron's 0 is an ordinary answer, not a degenerate one.
    if (isZeroText(shown) && !isThresholdOutput(exercise, s))
      out.push({ step: s.id, reason: 'zero', message: `${s.id} is ${shown}` });
    if (s.role === 'new-param' && s.param !== undefined) {
      const before = exact.get(s.iteration === 1 ? s.param : `${s.param}@${s.iteration}`);
      if (before && showValue(before, exercise.display) === shown)
        out.push({
          step: s.id,
          reason: 'unchanged',
          message: `${s.id} is ${shown}, the same as before the update`,
        });
    }
    for (const m of indistinguishable(solved, s.id, v)) {
      out.push({
        step: s.id,
        reason: 'indistinguishable',
        mistake: m.code,
        message: `${s.id}: the mistake "${m.code}" gives the same answer (${showValue(m.value, exercise.display)}): ${m.message}`,
      });
    }
  }
  return out;
}

/**
 * The catalogued mistakes of this step whose value the judge would accept as the right answer
 * with these numbers. The diagnosis itself leaves such mistakes out (it cannot name them), so
 * they are found here from the step's own catalogue entries. A "mistake" that gives the right
 * value whatever the numbers (reversing the difference inside a square) is no fault of the
 * numbers and is not reported: the same exercise with every given nudged by a different amount
 * tells the two apart.
 */
export function indistinguishable(solved: Solved, stepId: string, value: Dec, keepDesign = false): Mistake[] {
  const found = collisions(solved, stepId, value);
  if (found.length === 0 || (keepDesign && readsExactZero(solved, stepId, value))) return [];
  const nudged = solved.derived(keepDesign ? 'nudged-design' : 'nudged', () =>
    nudge(solved.exercise, keepDesign),
  );
  const v = nudged.exact.get(stepId);
  if (!v || !v.isFinite()) return found;
  const always = new Set(collisions(nudged, stepId, v).map(mistakeKey));
  return found.filter((m) => !always.has(mistakeKey(m)));
}

/**
 * A worked value that is exactly 0, the step's own or one it reads, is the source's design (x
 * lands on the minimum, so the gradient there is 0): a sign flipped on that 0, or a rate on a
 * gradient of 0 forgotten, changes nothing, and no numbers near the source's would keep the 0.
 */
function readsExactZero(solved: Solved, stepId: string, value: Dec): boolean {
  if (value.isZero()) return true;
  const step = solved.index.locate(stepId)?.step;
  return step !== undefined && refsOf(step.expr).some((r) => solved.exact.get(r)?.isZero() === true);
}

const mistakeKey = (m: Mistake) => `${m.code}\u0000${m.message}`;

function collisions(solved: Solved, stepId: string, value: Dec): Mistake[] {
  const step = solved.index.locate(stepId)?.step;
  if (!step) return [];
  const { ev } = learnerValues({ solved, accepted: new Map() }, stepId);
  // Rounding too early is a matter of precision, not of the numbers: a z rounded to 3 decimals
  // gives the right 4-decimal answer for most numbers, and that is no fault of them.
  return ownMistakes(step, ev).filter(
    (m) =>
      m.code !== 'rounded-too-early' &&
      m.value.isFinite() &&
      accepts(value, m.value, solved.exercise.display),
  );
}

/**
 * Every given v becomes v (1 + a) + b, with small a and b drawn afresh for each given. With
 * `keepDesign` (check's lint of a written file), what an author sets on purpose stays: 0, 1 and
 * -1 (a truth table's inputs, a learning rate of 1) are kept, and equal givens move together
 * (two prices of 3), so a mistake that only they hide (a weight times an input of 0, a rate of 1
 * forgotten, two equal weights swapped) is the exercise's design and is not reported. So is a
 * constant below 1e-6 (Adam's epsilon of 1e-8): moved by a nudge it would show a mistake (epsilon
 * inside the root) that no learner could make visible at the shown digits. A drawn
 * variant set is still refused for it (degeneracies).
 */
function nudge(exercise: Exercise, keepDesign = false): Solved {
  const TINY = new (decimalAt(exercise.working))('1e-6');
  const D = decimalAt(exercise.working);
  const rng = streamFrom(`backstep-nudge\u0000${exercise.id}`);
  const small = () => unscaled(1n + rng.below(997n), 4);
  const moved = new Map<string, string>();
  const move = (text: string): string => {
    const v = new D(text);
    if (keepDesign && (v.isZero() || v.abs().eq(1) || v.abs().lt(TINY))) return v.toFixed();
    const done = keepDesign ? moved.get(v.toFixed()) : undefined;
    if (done !== undefined) return done;
    const out = v.times(new D(1).plus(small())).plus(small()).toFixed();
    moved.set(v.toFixed(), out);
    return out;
  };
  const values = new Map(variableGivens(compile(exercise).givens).map((g) => [g.id, move(g.value)]));
  const ex = withGivens(exercise, values);
  const plan = compile(ex);
  return solveExercise(ex, plan, shownSteps(plan));
}

function isThresholdOutput(exercise: Exercise, s: Step): boolean {
  const spec = exercise.spec;
  return (
    s.role === 'activation' &&
    spec.kind === 'network' &&
    spec.layers.some((l) => l.activation === 'step' && s.neuron !== undefined && l.neurons.includes(s.neuron))
  );
}

export function isZeroText(shown: string): boolean {
  return /^-?0(?:\.0*)?$/.test(shown);
}

export const degeneracyKey = (d: Degeneracy): string => `${d.step}\u0000${d.reason}\u0000${d.mistake ?? ''}`;
