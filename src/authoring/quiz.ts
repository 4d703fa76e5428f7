/**
 * The questions of an LMS quiz (`backstep export`), one category per exercise or variant.
 *
 * Each question is judged from the values it states, as the walkthrough judges a step from the
 * values on its `Uses:` line: the values of the givens and steps its formula refers to directly,
 * the steps rounded as the exercise shows them. Its answer is the formula evaluated from exactly
 * those numbers (the engine's pinned evaluation of one formula, `evaluateFormula`), so a learner
 * who slipped on an earlier question is not failed again on every later one: follow-through
 * holds by construction, and no question needs more than its own line of values.
 *
 * An LMS's numerical tolerance is symmetric (value +- tolerance) while backstep's judging
 * interval (check/interval.ts) is not centred on the value, so each question gets two fully
 * right answers:
 *   1. the value as the exercise shows it (R, what the LMS shows as "the correct answer"), with
 *      the widest symmetric tolerance around R inside the interval, at least half a unit: every
 *      answer that rounds to R;
 *   2. the interval's centre with its half-width: the whole judging interval (the truncated
 *      value too, which `practice` accepts).
 * Both are written with three digits beyond the display precision, rounded inwards, so they
 * stay inside the interval; the value is at least a quarter unit from either end, far more
 * than that rounding.
 */
import { acceptedInterval, displayUnitExp } from '../judge/interval.js';
import { evaluateFormula, evaluatePlan, givenValue } from '../engine/evaluate-plan.js';
import { refsOf } from '../engine/expr.js';
import { layersInWords } from '../engine/layers/table.js';
import type { Display, Exercise } from '../engine/model.js';
import { decimalAt } from '../engine/numbers.js';
import type { Dec } from '../engine/numbers.js';
import type { Plan, Step } from '../engine/plan.js';
import { stepHint } from '../exercise/step-hint.js';
import { fullValue, showValue } from '../render/format-number.js';
import { printExpr } from '../render/print-expr.js';
import type { QuizAnswer, QuizCategory, QuizQuestion } from '../render/quiz.js';
import { groupSections, shownSteps } from '../render/solution.js';
import { askedOrEvery } from './asked.js';
import { doubleSafe, valueFitsDouble } from './quiz-limits.js';

/** A category, and what was left out of it and why (the command says so on stderr). */
export interface QuizBuild {
  readonly category: QuizCategory;
  /** Asked steps whose value is undefined or infinite (no numerical answer). */
  readonly undefinedValues: number;
  /** Asked steps whose answer or tolerance a double (PHP's, Ruby's float) cannot hold. */
  readonly beyondDouble: number;
  /** The exercise marks no step as asked: every step is, as in `practice`. */
  readonly everyStep: boolean;
}

/** Exact arithmetic for the interval ends (as check/interval.ts). */
const X = decimalAt(1000);

/** One category: a numerical question for every asked step that has a finite answer. */
export function quizCategory(
  exercise: Exercise,
  plan: Plan,
  path: readonly string[],
  variant: boolean,
): QuizBuild {
  const steps = shownSteps(plan);
  const exact = evaluatePlan(plan, { precision: exercise.working, steps });
  const { asked, fallback } = askedOrEvery(exercise, steps);
  const pass = new Map<string, string>();
  for (const section of groupSections(steps, plan))
    for (const s of section.steps) pass.set(s.id, section.title);
  const givens = new Map(plan.givens.map((g) => [g.id, g]));
  const stepById = new Map(steps.map((s) => [s.id, s]));
  const W = decimalAt(exercise.working);
  const display = exercise.display;

  /** A value the question states: a given as written, a step as the exercise shows it. */
  const memo = new Map<string, { symbol: string; text: string; value: Dec } | undefined>();
  const use = (id: string): { symbol: string; text: string; value: Dec } | undefined => {
    if (memo.has(id)) return memo.get(id);
    const u = stated(id);
    memo.set(id, u);
    return u;
  };
  const stated = (id: string): { symbol: string; text: string; value: Dec } | undefined => {
    const g = givens.get(id);
    if (g) return { symbol: g.symbol, text: g.value, value: givenValue(W, g.value) };
    const v = exact.get(id);
    if (!v || !v.isFinite()) return undefined;
    const text = showValue(v, display);
    return { symbol: stepById.get(id)?.symbol ?? id, text, value: new W(text) };
  };

  const questions: QuizQuestion[] = [];
  let undefinedValues = 0;
  let beyondDouble = 0;
  for (const s of asked) {
    const refs = refsOf(s.expr);
    const uses = refs.map(use).filter((u) => u !== undefined);
    const pinned = new Map(refs.map((id, i) => [id, uses[i]?.value]));
    const v =
      uses.length === refs.length
        ? evaluateFormula(s.expr, (id) => pinned.get(id), exercise.working)
        : undefined;
    // An undefined value (a step function's derivative at 0, ln of 0) has no numerical answer.
    if (!v || !v.isFinite()) {
      undefinedValues++;
      continue;
    }
    const answers = valueFitsDouble(v, display) ? quizAnswers(v, display) : [];
    if (answers.length === 0 || !answers.every(doubleSafe)) {
      beyondDouble++;
      continue;
    }
    questions.push(question(exercise, s, pass.get(s.id) ?? '', uses, v, exact.get(s.id)!, answers));
  }
  return {
    category: { path, intro: intro(exercise, steps, variant), questions },
    undefinedValues,
    beyondDouble,
    everyStep: fallback,
  };
}

function question(
  exercise: Exercise,
  s: Step,
  pass: string,
  uses: ReadonlyArray<{ symbol: string; text: string }>,
  v: Dec,
  exact: Dec,
  answers: QuizAnswer[],
): QuizQuestion {
  const display = exercise.display;
  const hint = stepHint(exercise, s.id);
  const shown = showValue(v, display);
  const unrounded = showValue(exact, display);
  return {
    name: `${exercise.title}: ${s.id}`,
    pass,
    uses: uses.map((u) => `${u.symbol} = ${u.text}`),
    ask: `Find ${s.symbol}, ${s.describe}. ${roundingWords(display)}.`,
    answers,
    feedback: [
      `${s.symbol} = ${printExpr(s.expr, 'text', (id) => id)}`,
      ...(hint ? [hint] : []),
      `From the values above: ${s.symbol} = ${shown}` +
        (unrounded === shown ? '' : ` (from unrounded values it is ${unrounded})`),
    ],
  };
}

/** "Give it to 4 decimal places", "Give it as a whole number", "... to 3 significant figures". */
export function roundingWords(display: Display): string {
  const n = display.digits;
  if (display.kind === 'significant') return `Give it to ${n} significant figure${n === 1 ? '' : 's'}`;
  if (n === 0) return 'Give it as a whole number';
  return `Give it to ${n} decimal place${n === 1 ? '' : 's'}`;
}

/**
 * What every question of the category shares, said once: the description (not for a variant:
 * it may quote the original's numbers), the network's layers or the graph's formulas, and what
 * a name ending in @2 means when there are such names.
 */
function intro(exercise: Exercise, steps: readonly Step[], variant: boolean): string[] {
  const description = exercise.description && !variant ? [exercise.description.trim()] : [];
  const updated = steps.find((s) => s.phase === 'update' && /@\d+$/.test(s.id));
  const after = steps.find((s) => s.phase === 'after');
  const names =
    updated || after
      ? [
          `A name ending in @2 is a value of the second iteration: ${[
            ...(updated
              ? [`${updated.symbol} is ${updated.symbol.replace(/@\d+$/, '')} after the first update`]
              : []),
            ...(after
              ? [
                  `${after.symbol} is ${after.symbol.replace(/@\d+$/, '')} computed again with the updated values`,
                ]
              : []),
          ].join('; ')}.`,
        ]
      : [];
  return [...description, structure(exercise), ...names];
}

/** The network's layers or the graph's variables in one line. */
function structure(exercise: Exercise): string {
  const spec = exercise.spec;
  if (spec.kind === 'layers') return `The layers: ${spec.input.name} -> ${layersInWords(spec.layers)}.`;
  if (spec.kind === 'graph') {
    return `${spec.fn} = ${spec.output}, where ${spec.nodes.map((n) => `${n.name} = ${n.text}`).join(', ')}.`;
  }
  const layers = spec.layers.map(
    (l, i) => `${l.name} ${l.neurons.join(', ')}${i === 0 ? '' : ` (${l.activation})`}`,
  );
  return `The network: ${layers.join('; ')}.`;
}

/** The two answers described at the top, each inside the judging interval of v. */
export function quizAnswers(v: Dec, display: Display): QuizAnswer[] {
  const k = displayUnitExp(v, display);
  if (k === undefined) return [{ value: '0', tolerance: '0' }];
  const [low, high] = acceptedInterval(v, display);
  const lo = new X(low);
  const hi = new X(high);
  const places = Math.max(0, 3 - k);
  const around = (centre: Dec): QuizAnswer => {
    const c = centre.toDecimalPlaces(places, X.ROUND_HALF_UP);
    const t = X.min(c.minus(lo), hi.minus(c)).toDecimalPlaces(places, X.ROUND_DOWN);
    return { value: fullValue(c), tolerance: fullValue(t) };
  };
  const shown = around(new X(showValue(v, display)));
  const whole = around(lo.plus(hi).times(0.5));
  return shown.value === whole.value ? [whole] : [shown, whole];
}
