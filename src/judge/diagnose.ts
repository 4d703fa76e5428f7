/**
 * Every catalogue mistake that could explain a value at this step: the step's own (its formula
 * transformed), and those made at an earlier step the learner did not write down, carried to this
 * one by evaluating the plan again with that earlier step replaced by its mistaken value (only
 * when `upstream`).
 * Mistakes indistinguishable from the right value at the display precision are left out.
 */
import { refsOf } from '../engine/expr.js';
import type { Step } from '../engine/plan.js';
import { CATALOGUE_ORDER, ownMistakes } from './catalogue.js';
import type { WhatIf } from '../engine/what-if.js';
import { accepts } from './interval.js';
import { say } from './messages.js';
import type { Mistake } from './types.js';

// How far back a mistake is looked for: a slip more than a few steps back is too diluted by then
// to be named with any confidence, and every earlier step costs a re-evaluation.
const MAX_UPSTREAM = 24;
const MAX_DEPTH = 4;

export function diagnose(step: Step, ev: WhatIf, known: ReadonlySet<string>, upstream = true): Mistake[] {
  // Kept with the evaluator: its results hold while its pins do.
  const key = `diagnosis|${step.id}|${upstream}|${[...known].join(',')}`;
  let found = ev.results.get(key) as Mistake[] | undefined;
  if (!found) {
    found = compute(step, ev, upstream ? known : undefined);
    ev.results.set(key, found);
  }
  return [...found];
}

function compute(step: Step, ev: WhatIf, known: ReadonlySet<string> | undefined): Mistake[] {
  const display = ev.solved.exercise.display;
  const right = [ev.value(step.id), ev.exact(step.id)];
  const found: Array<Mistake & { rank: number }> = [];
  const add = (m: Mistake, upstream: boolean) => {
    if (right.some((r) => accepts(r, m.value, display))) return;
    if (found.some((f) => f.code === m.code && f.value.eq(m.value))) return;
    found.push({ ...m, rank: CATALOGUE_ORDER.indexOf(m.code) + (upstream ? CATALOGUE_ORDER.length : 0) });
  };
  for (const m of ownMistakes(step, ev)) add(m, false);
  for (const u of known ? unwrittenAncestors(step, ev, known) : []) {
    for (const m of ownMistakes(u, ev)) {
      let value;
      try {
        value = ev.with([[u.id, m.value]]).value(step.id);
      } catch {
        continue;
      }
      if (value.isFinite()) add({ code: m.code, message: say.earlier(u.id, m.message), value }, true);
    }
  }
  found.sort((a, b) => a.rank - b.rank);
  return found.map(({ code, message, value }) => ({ code, message, value }));
}

/** Steps this one depends on that the learner has no value of, nearest first. */
function unwrittenAncestors(step: Step, ev: WhatIf, known: ReadonlySet<string>): Step[] {
  const out: Step[] = [];
  const seen = new Set<string>();
  const queue: Array<readonly [string, number]> = refsOf(step.expr).map((id) => [id, 1] as const);
  while (queue.length > 0 && out.length < MAX_UPSTREAM) {
    const [id, depth] = queue.shift()!;
    if (seen.has(id) || known.has(id) || ev.solved.index.given(id)) continue;
    seen.add(id);
    const located = ev.solved.index.locate(id);
    if (!located) continue;
    out.push(located.step);
    if (depth < MAX_DEPTH) queue.push(...refsOf(located.step.expr).map((r) => [r, depth + 1] as const));
  }
  return out;
}
