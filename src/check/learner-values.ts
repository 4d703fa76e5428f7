/**
 * The learner's earlier values, as far as follow-through may use them. An accepted value counts
 * when it differs from what it should be (its exact value, or its value from the learner's own
 * values before it) only by rounding at the display precision, or by a mistake the diagnosis
 * names. Any other value is set aside, and the exact chain is used in its place: follow-through
 * rewards carrying your own rounded numbers, not typing arbitrary ones.
 */
import type { Dec } from '../engine/numbers.js';
import { diagnose } from './diagnose.js';
import { Evaluator } from './evaluator.js';
import { accepts } from './interval.js';
import { planIndex } from './plan-index.js';
import type { Context } from './types.js';

export interface LearnerValues {
  /** Evaluates steps with the learner's values pinned. */
  readonly ev: Evaluator;
  /** Steps the learner has a value for (pinned, or equal to the exact value). */
  readonly known: ReadonlySet<string>;
  /** Steps whose accepted value carries a diagnosed mistake rather than rounding. */
  readonly fromMistake: ReadonlySet<string>;
  /** Steps whose accepted value was set aside. */
  readonly setAside: readonly string[];
}

const cache = new WeakMap<
  ReadonlyMap<string, Dec>,
  { exact: ReadonlyMap<string, Dec>; fingerprint: string; values: LearnerValues }
>();

export function learnerValues(ctx: Context, stepId: string): LearnerValues {
  // Only values of steps before this one matter (a re-judged step's own value does not).
  const ix = planIndex(ctx.plan);
  const before = ix.order(stepId);
  const entries = [...ctx.accepted]
    .filter(([id]) => ix.locate(id) !== undefined && ix.order(id) < before)
    .sort((a, b) => ix.order(a[0]) - ix.order(b[0]));
  const fingerprint = entries.map(([id, v]) => `${id}=${v.toString()}`).join(';');
  const hit = cache.get(ctx.accepted);
  if (hit && hit.exact === ctx.exact && hit.fingerprint === fingerprint) return hit.values;
  const values = compute(ctx, entries);
  cache.set(ctx.accepted, { exact: ctx.exact, fingerprint, values });
  return values;
}

function compute(ctx: Context, entries: ReadonlyArray<readonly [string, Dec]>): LearnerValues {
  const ix = planIndex(ctx.plan);
  const ev = new Evaluator(ctx, ix);
  const known = new Set<string>();
  const fromMistake = new Set<string>();
  const setAside: string[] = [];
  const display = ctx.exercise.display;
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

const exactEvaluators = new WeakMap<ReadonlyMap<string, Dec>, Evaluator>();

/** An evaluator without pins: every step at its exact value. */
export function exactEvaluator(ctx: Context): Evaluator {
  let ev = exactEvaluators.get(ctx.exact);
  if (!ev) {
    ev = new Evaluator(ctx, planIndex(ctx.plan));
    exactEvaluators.set(ctx.exact, ev);
  }
  return ev;
}
