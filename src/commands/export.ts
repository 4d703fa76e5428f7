/**
 * `backstep export`: an exercise, or a set of its variants, as a quiz an LMS imports (Moodle XML,
 * or GIFT): one numerical question per asked step, with the known values in the question, the
 * formula as general feedback, and answers whose tolerance stays inside backstep's own judging
 * interval (check/interval.ts), so the LMS never accepts what `practice` would refuse.
 *
 * Moodle's numerical tolerance is symmetric (value +- tolerance) while the judging interval is
 * not centred on the value, so each question gets two fully right answers:
 *   1. the value as the exercise shows it (R, what Moodle shows as "the correct answer"), with
 *      the widest symmetric tolerance around R inside the interval, at least half a unit: every
 *      answer that rounds to R;
 *   2. the interval's centre with its half-width: the whole judging interval (the truncated
 *      value too, which `practice` accepts).
 * Both are written with three digits beyond the display precision, rounded inwards, so they
 * stay inside the interval; the exact value is at least a quarter unit from either end, far
 * more than that rounding.
 */
import { askedSteps } from '../authoring/asked.js';
import { checkSeed, withVariant } from '../authoring/variants.js';
import { acceptedInterval, displayUnitExp } from '../check/interval.js';
import { evaluatePlan } from '../engine/evaluate-plan.js';
import type { Display, Exercise } from '../engine/model.js';
import { decimalAt } from '../engine/numbers.js';
import type { Dec } from '../engine/numbers.js';
import type { Plan } from '../engine/plan.js';
import { fullValue, precisionWords, showValue } from '../render/format-number.js';
import { printExpr } from '../render/print-expr.js';
import { renderGift, renderMoodleXml } from '../render/quiz.js';
import type { QuizAnswer, QuizCategory, QuizQuestion } from '../render/quiz.js';
import { shownSteps } from '../render/solution.js';
import { parseArgs, usage } from './args.js';
import type { OptionTable } from './args.js';
import { loadExercise } from './catalog.js';
import type { Io } from './io.js';

export const EXPORT_HELP = `backstep export <id|file> [--format moodle-xml|gift] [--count N] [--seed S]

A quiz for your LMS: one numerical question per asked step, with the known values, the
expected value and a tolerance inside backstep's judging interval, and the formula as feedback.
Import the file in Moodle under Question bank > Import (format "Moodle XML" or "GIFT").

  --format    moodle-xml (default) or gift
  --seed S    the variant with seed S (as \`backstep solve --variant S\`)
  --count N   N variants, seeds S, S+1, ... (S from --seed, default 1), one category each
`;

/** The options of `export`, one line each (`--help` and `-h` come with every command). */
const OPTIONS = { format: ['moodle-xml', 'gift'], count: 'int', seed: 'any' } satisfies OptionTable;

const MAX_COUNT = 1000;
/** Exact arithmetic for the interval ends (as check/interval.ts). */
const X = decimalAt(1000);

export async function exportCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('export', argv, OPTIONS, EXPORT_HELP);
  if (a.flags.has('help')) {
    io.stdout.write(EXPORT_HELP);
    return 0;
  }
  if (a.positional.length !== 1) {
    throw usage('export', 'export takes one exercise (an id from `backstep list`, or a file)');
  }
  const loaded = loadExercise(a.positional[0]!, io.cwd);
  const seed = a.options.get('seed');
  const countText = a.options.get('count');
  if ((seed !== undefined || countText !== undefined) && loaded.exercise.variants.size === 0) {
    throw usage(
      'export',
      `the exercise "${loaded.exercise.id}" declares no \`variants:\`; leave out --seed and --count`,
    );
  }
  let categories: QuizCategory[];
  if (countText === undefined) {
    const { exercise, plan } = withVariant(loaded, seed);
    const path = [loaded.exercise.title, ...(seed === undefined ? [] : [`variant ${seed}`])];
    categories = [categoryOf(exercise, plan, path, seed !== undefined)];
  } else {
    const count = Number.parseInt(countText, 10);
    if (count < 1 || count > MAX_COUNT) throw usage('export', `--count is 1 to ${MAX_COUNT}`);
    if (seed !== undefined && !/^\d{1,9}$/.test(seed)) {
      throw usage(
        'export',
        `with --count, --seed is the first of the numbered seeds, a whole number, not "${seed}"`,
      );
    }
    const start = Number.parseInt(seed ?? '1', 10);
    categories = Array.from({ length: count }, (_, i) => {
      const s = String(start + i);
      checkSeed(s);
      const { exercise, plan } = withVariant(loaded, s);
      return categoryOf(exercise, plan, [loaded.exercise.title, `variant ${s}`], true);
    });
  }
  const gift = a.options.get('format') === 'gift';
  io.stdout.write(gift ? renderGift(categories) : renderMoodleXml(categories));
  return 0;
}

/** One category: a numerical question for every asked step that has a finite value. */
export function categoryOf(
  exercise: Exercise,
  plan: Plan,
  path: readonly string[],
  variant: boolean,
): QuizCategory {
  // A description may quote the original's numbers ("this exercise uses x = 0.5"), which a
  // variant changes: variants get only the structure, and the known values say the rest.
  const description = exercise.description && !variant ? [exercise.description.trim()] : [];
  const intro = [...description, structure(exercise)];
  const precision = precisionWords(exercise.display);
  const values = evaluatePlan(plan, { precision: exercise.working, steps: shownSteps(plan) });
  const known = plan.givens.map((g) => `${g.symbol} = ${g.value} (${g.describe})`);
  const questions: QuizQuestion[] = [];
  for (const s of askedSteps(exercise, plan)) {
    const v = values.get(s.id);
    // An undefined value (a step function's derivative at 0) has no numerical answer.
    if (!v || !v.isFinite()) continue;
    const hint = exercise.notes.get(s.id)?.hint;
    questions.push({
      name: `${exercise.title}: ${s.id}`,
      text: [...intro, `Find ${s.symbol}, ${s.describe}. Give it to ${precision}.`],
      known,
      answers: quizAnswers(v, exercise.display),
      feedback: [
        `${s.symbol} = ${printExpr(s.expr, 'text', (id) => id)}`,
        ...(hint ? [hint] : []),
        `To ${precision}: ${s.symbol} = ${showValue(v, exercise.display)}`,
      ],
    });
  }
  return { path, questions };
}

/** The network's layers or the graph's variables in one line, so that a question stands alone. */
function structure(exercise: Exercise): string {
  const spec = exercise.spec;
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
  const whole = around(lo.plus(hi).div(2));
  return shown.value === whole.value ? [whole] : [shown, whole];
}
