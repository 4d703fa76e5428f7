import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { loadExercise } from '../src/commands/catalog.js';
import type { LoadResult } from '../src/store/progress.js';
import { contentHash } from '../src/store/progress.js';
import { preparePractice } from '../src/ui/practice-plan.js';
import type { Practice } from '../src/ui/practice-plan.js';
import { reduce, startSession } from '../src/ui/session.js';
import type { Event, SessionState, StartOptions } from '../src/ui/session.js';
import type { SessionMeta } from '../src/ui/session-record.js';

/** Shared set-up for the walkthrough tests: sessions on the bundled exercises, driven by events. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

const cache = new Map<string, { practice: Practice; meta: SessionMeta }>();

export function practiceOf(id: string): { practice: Practice; meta: SessionMeta } {
  let hit = cache.get(id);
  if (!hit) {
    const { exercise, plan, source } = loadExercise(id, ROOT);
    hit = { practice: preparePractice(exercise, plan), meta: { hash: contentHash(source.text), file: id } };
    cache.set(id, hit);
  }
  return hit;
}

export function session(
  id: string,
  loaded: LoadResult = { kind: 'none' },
  opts: StartOptions = {},
  at = T0,
): SessionState {
  const { practice, meta } = practiceOf(id);
  return startSession(practice, meta, loaded, at, opts);
}

export function apply(s: SessionState, ...events: Event[]): SessionState {
  return events.reduce(reduce, s);
}

/** Submits answers one after another, a second apart. */
export function answer(s: SessionState, ...texts: string[]): SessionState {
  let at = s.lastAt ?? T0;
  return texts.reduce((st, text) => reduce(st, { type: 'submit', text, at: (at += 1000) }), s);
}

export function current(s: SessionState): string | undefined {
  return s.record.queue.find((id) => s.record.steps[id]?.outcome === undefined);
}

/** Reveals steps until the given one is current. */
export function revealUntil(s: SessionState, id: string): SessionState {
  let out = s;
  for (let guard = 0; current(out) !== id && current(out) !== undefined && guard < 10_000; guard++)
    out = reduce(out, { type: 'reveal', at: (out.lastAt ?? T0) + 1000 });
  if (current(out) !== id) throw new Error(`never reached ${id}`);
  return out;
}

const reference = (
  JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8')) as {
    exercises: Record<string, unknown>;
  }
).exercises['two-two-one-network'] as Record<string, string>;
const R = Decimal.clone({ precision: 60 });

/**
 * A value of the 2-2-1 network (exercises/two-two-one-network.yaml) from the mpmath fixture
 * (test/fixtures/reference.json), rounded half-up to the exercise's 4 decimals with a Decimal
 * configuration of its own.
 */
export function referenceFour(id: string): string {
  return new R(reference[id]!).toDecimalPlaces(4, R.ROUND_HALF_UP).toFixed(4);
}
