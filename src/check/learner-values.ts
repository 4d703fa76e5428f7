import type { Dec } from '../engine/numbers.js';
import { diagnose } from './diagnose.js';
import { Evaluator } from './evaluator.js';
import { accepts } from './interval.js';
import { planIndex } from './plan-index.js';
import type { Context } from './types.js';

/**
 * The learner's earlier values, as far as follow-through may use them. An accepted value counts
 * when it differs from what it should be (its exact value, or its value from the learner's own
 * values before it) only by rounding at the display precision, or by a mistake the diagnosis
 * names. Any other value is set aside, and the exact chain is used in its place: follow-through
 * rewards carrying your own rounded numbers, not typing arbitrary ones.
 */
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

const cache = new WeakMap<ReadonlyMap<string, Dec>, { exact: ReadonlyMap<string, Dec>; fingerprint: string; values: LearnerValues }>();

export function learnerValues(ctx: Context): LearnerValues {
  const fingerprint = [...ctx.accepted].map(([id, v]) => `${id}=${v.toString()}`).join(';');
  const hit = cache.get(ctx.accepted);
  if (hit && hit.exact === ctx.exact && hit.fingerprint === fingerprint) return hit.values;
  const values = compute(ctx);
  cache.set(ctx.accepted, { exact: ctx.exact, fingerprint, values });
  return values;
}

function compute(ctx: Context): LearnerValues {
  const ix = planIndex(ctx.plan);
  const ev = new Evaluator(ctx, ix);
  const known = new Set<string>();
  const fromMistake = new Set<string>();
  const setAside: string[] = [];
  const display = ctx.exercise.display;
  const entries = [...ctx.accepted].filter(([id]) => ix.locate(id) !== undefined).sort((a, b) => ix.order(a[0]) - ix.order(b[0]));
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
