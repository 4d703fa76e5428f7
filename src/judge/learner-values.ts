/**
 * The learner's earlier values, as far as follow-through may use them. An accepted value counts
 * when it differs from what it should be (its exact value, or its value from the learner's own
 * values before it) only by rounding at the display precision, or by a mistake the diagnosis
 * names. Any other value is set aside, and the exact chain is used in its place: follow-through
 * rewards carrying your own rounded numbers, not typing arbitrary ones.
 */
import type { Dec } from '../engine/numbers.js';
import { whatIf } from '../engine/what-if.js';
import type { WhatIf } from '../engine/what-if.js';
import { diagnose } from './diagnose.js';
import { accepts } from './interval.js';
import type { Context } from './types.js';

export interface LearnerValues {
  /** Evaluates steps with the learner's values pinned. */
  readonly ev: WhatIf;
  /** Steps the learner has a value for (pinned, or equal to the exact value). */
  readonly known: ReadonlySet<string>;
  /** Steps whose accepted value carries a diagnosed mistake rather than rounding. */
  readonly fromMistake: ReadonlySet<string>;
  /** Steps whose accepted value was set aside. */
  readonly setAside: readonly string[];
}

/** The last learner values worked out for a solved exercise: judging asks again for the same answers. */
interface Last {
  accepted?: ReadonlyMap<string, Dec>;
  fingerprint?: string;
  values?: LearnerValues;
}

export function learnerValues(ctx: Context, stepId: string): LearnerValues {
  // Only values of steps before this one matter (a re-judged step's own value does not).
  const ix = ctx.solved.index;
  const before = ix.order(stepId);
  const entries = [...ctx.accepted]
    .filter(([id]) => ix.locate(id) !== undefined && ix.order(id) < before)
    .sort((a, b) => ix.order(a[0]) - ix.order(b[0]));
  const fingerprint = entries.map(([id, v]) => `${id}=${v.toString()}`).join(';');
  const last = ctx.solved.derived<Last>('learner-values', () => ({}));
  if (last.values && last.accepted === ctx.accepted && last.fingerprint === fingerprint) return last.values;
  const values = compute(ctx, entries);
  Object.assign(last, { accepted: ctx.accepted, fingerprint, values });
  return values;
}

function compute(ctx: Context, entries: ReadonlyArray<readonly [string, Dec]>): LearnerValues {
  const ix = ctx.solved.index;
  const ev = whatIf(ctx.solved);
  const known = new Set<string>();
  const fromMistake = new Set<string>();
  const setAside: string[] = [];
  const display = ctx.solved.exercise.display;
  for (const [id, v] of entries) {
    const step = ix.locate(id)!.step;
    let counts = accepts(ev.exact(id), v, display) || accepts(ev.value(id), v, display);
    if (!counts && diagnose(step, ev, known).some((m) => accepts(m.value, v, display))) {
      counts = true;
      fromMistake.add(id);
    }
    if (counts) {
      ev.pin(id, v);
      known.add(id);
    } else {
      setAside.push(id);
    }
  }
  return { ev, known, fromMistake, setAside };
}

/** An evaluator without pins: every step at its exact value (one per solved exercise). */
export function exactEvaluator(ctx: Context): WhatIf {
  return ctx.solved.derived('exact-evaluator', () => whatIf(ctx.solved));
}
