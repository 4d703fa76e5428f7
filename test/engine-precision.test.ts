/**
 * The guarantee of docs/precision.md against mpmath: seeded random networks and graphs built to
 * cancel and to saturate, and classifiers saturated on purpose (softmax or sigmoid outputs within
 * 1e-300 of 0 or 1, both cross-entropies by both routes, learning rates up to 1000;
 * test/fixtures/gen_precision_reference.py), every step's value equal to
 * mpmath's value correctly rounded to the exercise's FULL working precision, not to a tolerance.
 * The replay (the fast path for long runs) must give the same digits.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { decimalAt } from '../src/engine/numbers.js';
import type { Dec } from '../src/engine/numbers.js';
import { replay } from '../src/engine/replay.js';
import { loadExerciseText } from '../src/exercise/load.js';

interface Reference {
  readonly seed: number;
  readonly exercises: ReadonlyArray<{ yaml: string; working: number; values: Record<string, string> }>;
}
const reference = JSON.parse(
  readFileSync(new URL('./fixtures/precision-reference.json', import.meta.url), 'utf8'),
) as Reference;
const R = decimalAt(200);

function mismatch(id: string, got: Dec | undefined, want: string): string | undefined {
  if (got === undefined) return `${id}: no value`;
  if (want === 'NaN' ? got.isNaN() : !got.isNaN() && new R(got).eq(new R(want))) return undefined;
  return `${id}: engine ${got.toString()}, mpmath ${want}`;
}

describe(`correctly rounded values against mpmath (fixture seed ${reference.seed})`, () => {
  it('has networks and graphs that cancel and saturate', () => {
    const titles = reference.exercises.map((e) => /title: (.*)/.exec(e.yaml)?.[1] ?? '');
    for (const kind of ['(cancel)', '(saturate)', '(saturate-hard)', '(saturate-class)', 'graph'])
      expect(
        titles.some((t) => t.includes(kind)),
        kind,
      ).toBe(true);
  });

  it.each(reference.exercises.map((e) => [/id: (.*)/.exec(e.yaml)![1]!, e] as const))(
    '%s: every step',
    (_id, e) => {
      const { plan } = loadExerciseText('precision.yaml', e.yaml);
      const values = evaluatePlan(plan, { precision: e.working });
      const wrong = Object.entries(e.values).flatMap(
        ([id, want]) => mismatch(id, values.get(id), want) ?? [],
      );
      expect(wrong).toEqual([]);
      expect([...values.uncertain]).toEqual([]);
    },
  );

  it.each(
    reference.exercises
      .filter((e) => e.yaml.includes('network:'))
      .map((e) => [/id: (.*)/.exec(e.yaml)![1]!, e] as const),
  )('%s: the replay gives the same final parameters and last forward pass', (_id, e) => {
    const { plan } = loadExerciseText('precision.yaml', e.yaml);
    const r = replay(plan, { precision: e.working });
    const last = plan.iterations + 1;
    const wrong = [
      ...plan.carried.map((c) => mismatch(c, r.final.get(c), e.values[`${c}@${last}`]!)),
      ...[...r.after].map(([id, v]) => mismatch(id, v, e.values[id]!)),
    ].filter((x) => x !== undefined);
    expect(wrong).toEqual([]);
  });
});
