/**
 * Judges one answer. In order:
 * 1. unreadable input: say what is wrong and where; no attempt used;
 * 2. a typed number with fewer digits than asked (but at least two significant ones), right as
 *    far as it goes: "imprecise", no attempt used (a number equal to the value itself, or to the
 *    value as shown, is right however it is written: 0.5 for 0.5000, the trailing zeros left off);
 * 3. right at the display precision for the exact value: "right";
 * 4. right for the value that follows from the learner's own earlier answers: "right-follow-through";
 * 5. otherwise wrong, naming the mistake when one of the catalogue's values matches under the same
 *    precision rules.
 * A typed number is judged at its own precision when that is coarser than asked; an expression
 * carries its full value and is judged at the display precision.
 */
import { refsOf } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import type { PlanIndex } from '../engine/plan-index.js';
import { precisionWords, showValue } from '../render/format-number.js';
import { diagnose } from './diagnose.js';
import { acceptedInterval, acceptsAtUnit, accepts, displayUnitExp } from './interval.js';
import { exactEvaluator, learnerValues, type LearnerValues } from './learner-values.js';
import { say } from './messages.js';
import { readAnswer, type ReadAnswer } from './parse-answer.js';
import type { Assessment, Context, Mistake } from './types.js';

export function assess(ctx: Context, stepId: string, text: string): Assessment {
  const ix = ctx.solved.index;
  const step = ix.locate(stepId)?.step;
  if (!step) throw new Error(`internal: no step ${stepId}`);
  const display = ctx.solved.exercise.display;
  const learner = learnerValues(ctx, stepId);
  const ev = learner.ev;
  const exact = ev.exact(stepId);
  const expected = ev.value(stepId);
  const interval = acceptedInterval(expected, display);
  const base = { exact, expected, interval };
  const show = (v: Dec) => showValue(v, display);

  const parsed = readAnswer(text, ctx, stepId);
  if (!parsed.ok)
    return {
      kind: 'unreadable',
      message: say.unreadable(parsed.message, parsed.start + 1),
      ...base,
      costsAttempt: false,
    };
  const value = parsed.value;
  const { short, coarse, fits } = measurePrecision(parsed, base, display);

  if (coarse && (fits(exact) || fits(expected))) {
    return {
      kind: 'imprecise',
      message: say.imprecise(precisionWords(display)),
      value,
      ...base,
      costsAttempt: false,
    };
  }
  if (!coarse && fits(exact)) {
    // 0.5868 for 0.58686 is right (truncated); say how it rounds, as a reminder.
    const rounded = show(exact);
    return {
      kind: 'right',
      message: show(value) === rounded ? say.right : say.rightTruncated(rounded),
      value,
      ...base,
      costsAttempt: true,
    };
  }
  if (!coarse && fits(expected)) {
    const fromSlip = learner.fromMistake.size > 0 && dependsOnAny(ix, stepId, learner.fromMistake);
    return {
      kind: 'right-follow-through',
      message: fromSlip ? say.followThroughFromSlip(show(exact)) : say.followThrough(show(exact)),
      value,
      ...base,
      costsAttempt: true,
    };
  }
  return judgeWrong(ctx, step, learner, value, base, { short, fits });
}

type Display = Context['solved']['exercise']['display'];
type ReadOk = Extract<ReadAnswer, { ok: true }>;
/** What every assessment of a readable answer carries besides its verdict. */
type Base = Pick<Assessment, 'exact' | 'expected' | 'interval'>;

/**
 * How precise the typed number is against what the display asks: `short` when it stops above the
 * asked place, `coarse` when it is also judged at its own precision, and the test of fit that
 * follows. Kept apart from assess so the verdicts there read as a list.
 */
function measurePrecision(
  parsed: ReadOk,
  { exact, expected }: Base,
  display: Display,
): { short: boolean; coarse: boolean; fits: (target: Dec) => boolean } {
  const value = parsed.value;
  const show = (v: Dec) => showValue(v, display);
  const typed = parsed.lastDigitExp;
  const askedExp = displayUnitExp(expected, display);
  // One symmetric rule: trailing zeros are optional. A number equal to the value as shown
  // (0.23 for 0.2300, -0.001 for -0.0010) is as precise as asked, whether or not the exact
  // value happens to end there.
  const asShown = (v: Dec) => v.isFinite() && value.eq(show(v));
  // In significant figures the count is the answer's own (a wrong answer ten times smaller than
  // the value, with 6 significant figures as asked, has its last digit above the asked place).
  const short =
    typed !== undefined &&
    askedExp !== undefined &&
    typed > askedExp &&
    (display.kind === 'decimals' || parsed.significant < display.digits) &&
    !value.eq(exact) &&
    !value.eq(expected) &&
    !asShown(exact) &&
    !asShown(expected);
  // "Right as far as it goes" needs two significant digits: almost any value rounds to some
  // one-digit number, and "right so far" for 1 where db/da = exp(a) = 1.2840 would praise a
  // wrong derivative. A one-digit answer is taken as written (trailing zeros optional).
  const coarse = short && parsed.significant >= 2;
  const fits = (target: Dec) =>
    coarse ? acceptsAtUnit(target, value, typed) : accepts(target, value, display);
  return { short, coarse, fits };
}

/**
 * The verdict on an answer that fits neither the exact nor the follow-through value: the mistake
 * it matches, else a misplaced decimal point, else plain wrong. Apart from assess because the
 * diagnosis is its own concern (the mistake catalogue, tried twice).
 */
function judgeWrong(
  ctx: Context,
  step: Parameters<typeof diagnose>[0],
  learner: LearnerValues,
  value: Dec,
  base: Base,
  { short, fits }: { short: boolean; fits: (target: Dec) => boolean },
): Assessment {
  const display = ctx.solved.exercise.display;
  const ev = learner.ev;
  const show = (v: Dec) => showValue(v, display);
  // Mistakes made with the learner's own values, and with the exact ones (a learner may have
  // worked on with their calculator's full digits rather than the rounded numbers they typed).
  const candidates = diagnose(step, ev, learner.known);
  if (ev.pinned().size > 0) candidates.push(...diagnose(step, exactEvaluator(ctx), learner.known));
  const mistake = closestMatch(candidates, value, fits);
  const precision = precisionWords(display);
  if (mistake)
    return { kind: 'wrong', message: mistake.message, value, ...base, mistake, costsAttempt: true };
  // The digits right and the point misplaced: the answer shifted by a power of ten fits.
  // Not for a value that shows as 0: every small number "fits" it once shifted.
  const slip =
    !/^-?0(\.0*)?$/.test(show(base.expected)) &&
    [1, 2, 3, -1, -2, -3].some((k) => accepts(base.expected, value.times(`1e${k}`), display));
  return {
    kind: 'wrong',
    message: slip ? say.decimalPointSlip : short ? say.wrongPrecise(precision) : say.wrong,
    value,
    ...base,
    costsAttempt: true,
  };
}

/** Whether a step's value depends on any of these steps. */
function dependsOnAny(ix: PlanIndex, stepId: string, ids: ReadonlySet<string>): boolean {
  const seen = new Set<string>();
  const queue = [stepId];
  while (queue.length > 0) {
    const id = queue.pop()!;
    const located = ix.locate(id);
    if (!located || seen.has(id)) continue;
    seen.add(id);
    for (const r of refsOf(located.step.expr)) {
      if (ids.has(r)) return true;
      queue.push(r);
    }
  }
  return false;
}

/** Of the mistakes whose value the answer fits, the nearest; on a tie, the catalogue's order. */
function closestMatch(
  mistakes: readonly Mistake[],
  value: Dec,
  fits: (v: Dec) => boolean,
): Mistake | undefined {
  let best: Mistake | undefined;
  let bestDistance: Dec | undefined;
  for (const m of mistakes) {
    if (!fits(m.value)) continue;
    const d = m.value.minus(value).abs();
    if (!bestDistance || d.lt(bestDistance)) {
      best = m;
      bestDistance = d;
    }
  }
  return best;
}
