/**
 * Values the walkthrough shows besides judging an answer: what a step comes to from the
 * learner's own accepted values and the interval accepted around it (src/check's notion, read
 * from an assessment of no answer), and a value rounded as the exercise shows it.
 */
import { assess } from '../judge/index.js';
import type { Context } from '../judge/index.js';
import type { Display } from '../engine/model.js';
import type { Dec, DecimalCtor } from '../engine/numbers.js';
import { showValue } from '../render/format-number.js';

export function expectation(
  ctx: Context,
  stepId: string,
): { exact: Dec; expected: Dec; interval: [Dec, Dec] } {
  const a = assess(ctx, stepId, '');
  return { exact: a.exact, expected: a.expected, interval: a.interval };
}

/** The value rounded as the exercise shows it, as a number (undefined when not finite). */
export function shownValue(v: Dec, display: Display): Dec | undefined {
  if (!v.isFinite()) return undefined;
  const D = v.constructor as DecimalCtor;
  return new D(showValue(v, display));
}

/**
 * An accepted interval in words, its ends cut to two digits beyond the display precision and
 * rounded inwards, so every number the sentence names is really accepted.
 */
export function intervalText([lo, hi]: readonly [Dec, Dec], display: Display): string {
  const D = lo.constructor as DecimalCtor;
  const places = (v: Dec) =>
    display.kind === 'decimals' ? display.digits + 2 : Math.max(0, display.digits + 1 - v.abs().e);
  const a = plain(lo.toDecimalPlaces(places(lo), D.ROUND_CEIL));
  const b = plain(hi.toDecimalPlaces(places(hi), D.ROUND_FLOOR));
  return a === b ? `exactly ${a}` : `from ${a} to ${b}`;
}

function plain(v: Dec): string {
  const s = v.toFixed();
  return s === '-0' ? '0' : s;
}
