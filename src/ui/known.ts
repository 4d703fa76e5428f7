/**
 * The values a learner already has in front of them, as the screen shows them: the givens as
 * the exercise writes them, their own accepted answers (rounded as the exercise shows values),
 * and the steps not asked that come before the current one (worked out exactly).
 */
import { showValue } from '../render/format-number.js';
import { stepOf } from './session-record.js';
import type { SessionState } from './session.js';
import { currentStep } from './session.js';

/**
 * Known values depend on the record and the accepted answers alone (the current step comes from
 * the record): a keystroke changes neither, so the screen it redraws reuses them, and with them
 * the picture built from them (network-picture.ts), which on 64-64-64 takes tens of ms.
 */
const cache = new WeakMap<
  SessionState['record'],
  { accepted: SessionState['accepted']; known: Map<string, string> }
>();

export function knownValues(s: SessionState): ReadonlyMap<string, string> {
  const hit = cache.get(s.record);
  if (hit && hit.accepted === s.accepted) return hit.known;
  const known = computeKnown(s);
  cache.set(s.record, { accepted: s.accepted, known });
  return known;
}

function computeKnown(s: SessionState): Map<string, string> {
  const { practice } = s;
  const display = practice.exercise.display;
  const out = new Map<string, string>();
  for (const g of practice.plan.givens) out.set(g.id, g.value);
  const current = currentStep(s);
  const asked = new Set(practice.asked.map((st) => st.id));
  let before = current !== undefined;
  for (const st of practice.steps) {
    if (current && st.id === current.id) before = false;
    const rec = stepOf(s.record, st.id);
    const mine = s.accepted.get(st.id);
    if (rec.outcome !== undefined && mine) out.set(st.id, showValue(mine, display));
    else if (!asked.has(st.id) && (before || current === undefined) && practice.shown.has(st.id))
      out.set(st.id, showValue(practice.shown.get(st.id)!, display));
  }
  return out;
}

/** Ids of the known values in the order they became known (givens first). */
export function knownOrder(s: SessionState, known: ReadonlyMap<string, string>): string[] {
  const ids = s.practice.plan.givens.map((g) => g.id);
  for (const st of s.practice.steps) if (known.has(st.id)) ids.push(st.id);
  return ids;
}
