/**
 * Help on the current step: two hints (the formula in symbols, then with the numbers put in),
 * then the value itself (the step counts as revealed); and the interval of accepted answers.
 */
import { stepHint } from '../exercise/step-hint.js';
import { acceptedInterval, hints } from '../judge/index.js';
import { showValue } from '../render/format-number.js';
import { stepOf, withStep } from './session-record.js';
import { accept, changed, contextOf, currentStep, withMessage } from './session-core.js';
import type { SessionState } from './session-types.js';
import { expectation, intervalText, shownValue } from './values.js';

export function hint(s: SessionState): SessionState {
  const step = currentStep(s);
  if (!step) return s;
  const rec = stepOf(s.record, step.id);
  if (rec.hints >= 2) return reveal(s);
  const next = { ...rec, hints: rec.hints + 1 };
  return showHint(changed(s, withStep(s.record, step.id, next)), step.id, next.hints);
}

function showHint(s: SessionState, id: string, n: number): SessionState {
  const [formula, numbers] = hints(contextOf(s), id);
  const own = stepHint(s.practice.exercise, id);
  if (n === 1) return withMessage(s, 'hint', `Hint 1 of 2: ${formula}${own ? `\n${own.trim()}` : ''}`);
  return withMessage(
    s,
    'hint',
    `Hint 2 of 2: ${numbers}\n(one more hint shows the value; it then counts as revealed)`,
  );
}

export function restoreHints(s: SessionState): SessionState {
  const step = currentStep(s);
  if (!step) return s;
  const n = stepOf(s.record, step.id).hints;
  let out = s;
  for (let i = 1; i <= n; i++) out = showHint(out, step.id, i);
  return out;
}

export function reveal(s: SessionState): SessionState {
  const step = currentStep(s);
  if (!step) return s;
  const display = s.practice.exercise.display;
  const { exact, expected } = expectation(contextOf(s), step.id);
  // The exact value, rounded: the earlier values on screen may be the learner's or revealed
  // ones, so a value worked out from them would be nobody's in particular. Say when they differ.
  const differs = showValue(exact, display) !== showValue(expected, display);
  const detail = differs
    ? `revealed: the exact value, rounded (the values on screen give ${showValue(expected, display)})`
    : 'revealed';
  return accept(s, step.id, { via: 'revealed', value: shownValue(exact, display), detail });
}

export function interval(s: SessionState): SessionState {
  const step = currentStep(s);
  if (!step) return s;
  const display = s.practice.exercise.display;
  const { exact, interval: mine } = expectation(contextOf(s), step.id);
  const theirs = acceptedInterval(exact, display);
  const a = intervalText(mine, display);
  const b = intervalText(theirs, display);
  const rec = stepOf(s.record, step.id);
  const marked = rec.interval ? s : changed(s, withStep(s.record, step.id, { ...rec, interval: true }));
  return withMessage(
    marked,
    'info',
    a === b
      ? `Accepted for ${step.symbol}: ${a}.`
      : `Accepted for ${step.symbol}: ${a} (that follows from the values on screen; around the exact value: ${b}).`,
  );
}
