import { readdirSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { evalExpr } from '../src/engine/evaluate.js';
import { hasStep, knownIds, resolveNames } from '../src/engine/names.js';
import { decimalAt } from '../src/engine/numbers.js';
import type { Dec } from '../src/engine/numbers.js';
import { mathContext } from '../src/engine/ops.js';
import { parseExpr } from '../src/engine/parse-expr.js';
import { replay } from '../src/engine/replay.js';
import { loadExerciseText } from '../src/exercise/load.js';
import type { LoadedExercise } from '../src/exercise/load.js';

/*
 * Every bundled exercise against values computed by an independent method: mpmath loops
 * written from the formulas (test/fixtures/generate_reference.py -> reference.json, and
 * test/fixtures/gen_decay_momentum_reference.py -> decay-momentum-reference.json for the
 * exercise of this project's own design, test/fixtures/gen_classic_reference.py ->
 * classic-reference.json for the CS231n circuits and the 2-3-1 XOR network,
 * gen_classification_reference.py -> classification-reference.json for the classification and
 * optimiser exercises). Each reference value must agree with the engine to
 * at least 30 significant digits.
 */
interface ReferenceFile {
  readonly exercises: Record<string, Record<string, string>>;
}
const readJson = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as ReferenceFile;
const reference: Record<string, Record<string, string>> = {
  ...readJson('reference.json').exercises,
  ...readJson('decay-momentum-reference.json').exercises,
  ...readJson('classic-reference.json').exercises,
  ...readJson('classification-reference.json').exercises,
  // The layer kinds: one mpmath script per exercise (test/fixtures/layers/<id>.py -> <id>.json).
  ...Object.fromEntries(
    readdirSync(new URL('./fixtures/layers/', import.meta.url))
      .filter((f) => f.endsWith('.json'))
      .map((f) => {
        const r = JSON.parse(readFileSync(new URL(`./fixtures/layers/${f}`, import.meta.url), 'utf8')) as {
          exercise: string;
          values: Record<string, string>;
        };
        return [r.exercise, r.values];
      }),
  ),
};

const DIR = new URL('../exercises/', import.meta.url);
const bundled = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();
const load = (id: string): LoadedExercise =>
  loadExerciseText(`exercises/${id}.yaml`, readFileSync(new URL(`${id}.yaml`, DIR), 'utf8'));

// Wide enough to hold the 45-digit reference strings and their differences exactly.
const R = decimalAt(80);
const DIGITS = 30;

/** Agreement to DIGITS significant digits of the reference (absolute 1e-DIGITS when it is 0). */
function expectClose(id: string, got: Dec | undefined, want: string): void {
  expect(got, `${id}: no value`).toBeDefined();
  const w = new R(want);
  const diff = new R(got!.toString()).minus(w).abs();
  const scale = w.isZero() ? new R(1) : w.abs();
  const ok = diff.lte(scale.times(new R(10).pow(-DIGITS)));
  expect(ok, `${id}: engine ${got!.toString()} vs reference ${want}`).toBe(true);
}

// Reference keys that are not plain step ids: the autodiff example at another x, the lecture
// notes' printed formulas, and the code example's long run (checked in its own test below).
const LONG_RUN = 'sigmoid-identity-code-example';
const OTHER_X = /^(.+)@([0-9.]+)$/;

describe('bundled exercises', () => {
  it('every bundled exercise has independent reference values, and every reference has its exercise', () => {
    const referenced = new Set(Object.keys(reference).map((k) => OTHER_X.exec(k)?.[1] ?? k));
    expect(bundled).toEqual([...referenced].sort());
  });

  it.each(bundled)('%s loads, and every note names a step that exists', (id) => {
    const { exercise, plan } = load(id);
    expect(exercise.id).toBe(id);
    const shown = knownIds(plan, 3);
    for (const noteId of exercise.notes.keys())
      expect(shown.has(noteId) || hasStep(plan, noteId), noteId).toBe(true);
  });
});

describe('bundled exercises against the independent reference values', () => {
  const small = Object.keys(reference).filter((k) => k !== LONG_RUN && !OTHER_X.test(k));

  it.each(small)('%s', (id) => {
    const { exercise, plan } = load(id);
    const values = evaluatePlan(plan, { precision: exercise.working });
    const m = mathContext(decimalAt(exercise.working));
    const entries = Object.entries(reference[id]!);
    expect(entries.length).toBeGreaterThan(0);
    for (const [key, want] of entries) {
      const printed = /^printed:(.+)$/.exec(key);
      if (!printed) {
        expectClose(key, values.get(key), want);
        continue;
      }
      // A formula as the source prints it, evaluated with the exercise's own symbols.
      const formula = exercise.notes.get(printed[1]!)?.printedFormula;
      expect(formula, `${key}: no printed formula`).toBeDefined();
      const parsed = parseExpr(formula!);
      if (!parsed.ok) throw new Error(`${key}: ${parsed.error.message}`);
      const { expr, unknown } = resolveNames(parsed.expr, (n) => values.has(n), exercise.symbols);
      expect(unknown).toEqual([]);
      expectClose(
        key,
        evalExpr(expr, (n) => values.get(n), m),
        want,
      );
    }
  });

  it.each(Object.keys(reference).filter((k) => OTHER_X.test(k)))(
    '%s (the same exercise at another input)',
    (key) => {
      const [, id, x] = OTHER_X.exec(key)!;
      const { exercise, plan } = load(id!);
      const D = decimalAt(exercise.working);
      const values = evaluatePlan(plan, { precision: exercise.working, pins: new Map([['x', new D(x!)]]) });
      for (const [stepId, want] of Object.entries(reference[key]!))
        expectClose(stepId, values.get(stepId), want);
    },
  );

  // The slow one: 10,000 full-batch updates at 50 digits through the replay engine (some seconds).
  it('sigmoid-identity-code-example: SLOW, 10,000 updates through replay', () => {
    const { exercise, plan } = load(LONG_RUN);
    const want = reference[LONG_RUN]!;
    const costs = new Map<string, Dec>();
    const r = replay(plan, {
      precision: exercise.working,
      onIteration: (k, cost) => {
        const id = k === 1 ? 'E' : `E@${k}`;
        if (cost && id in want) costs.set(id, cost);
      },
    });
    const last = `E@${plan.iterations + 1}`;
    costs.set(last, r.after.get(last)!);
    const hidden = ['h1', 'h2', 'h3'];
    const paramOf = (key: string): string | undefined => {
      const h = /^hidden\[(\d)\]\[(\d)\]$/.exec(key);
      if (h) return h[1] === '0' ? `b_${hidden[Number(h[2])]}` : `w_${h[1]}_${hidden[Number(h[2])]}`;
      const o = /^output\[(\d)\]\[0\]$/.exec(key);
      if (o) return o[1] === '0' ? 'b_out' : `w_${hidden[Number(o[1]) - 1]}_out`;
      return undefined;
    };
    for (const [key, value] of Object.entries(want)) {
      const param = paramOf(key);
      expectClose(key, param ? r.final.get(param) : costs.get(key), value);
    }
    // Two certified runs in lockstep (docs/precision.md): tens of seconds on a loaded machine.
  }, 180_000);
});
