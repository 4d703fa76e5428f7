/**
 * Issue 19's minimal cases: a sigmoid or softmax output within 1e-300 of 0 or 1, and a share past
 * the magnitude limit, every value equal to mpmath's closed-form value correctly rounded to 40
 * digits (test/fixtures/saturation/gen.py), none listed as uncertain. Before the log-domain
 * forms, these printed E = 0 (exact 4.9e-111), NaN (exact 1.0e-130 and 3000000), and a delta
 * of 1.97e-305 (exact 6.90e-305). The replay must give the same final weights.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { decimalAt } from '../src/engine/numbers.js';
import type { Dec } from '../src/engine/numbers.js';
import { replay } from '../src/engine/replay.js';
import { applyOp, mathContext } from '../src/engine/ops.js';
import type { Op } from '../src/engine/expr.js';
import { loadExerciseText } from '../src/exercise/load.js';

const here = new URL('./fixtures/saturation/', import.meta.url);
const { operations, ...reference } = JSON.parse(readFileSync(new URL('reference.json', here), 'utf8')) as {
  operations: Array<{ op: Op; args: string[]; value: string }>;
} & Record<string, Record<string, string>>;
const R = decimalAt(100);

function mismatch(id: string, got: Dec | undefined, want: string): string | undefined {
  if (got === undefined) return `${id}: no value`;
  const same = want.endsWith('Infinity') ? got.eq(new R(want)) : got.isFinite() && new R(got).eq(new R(want));
  return same ? undefined : `${id}: engine ${got.toString()}, mpmath ${want}`;
}

const load = (name: string) =>
  loadExerciseText(`${name}.yaml`, readFileSync(new URL(`${name}.yaml`, here), 'utf8')).plan;

describe('saturated outputs and log-losses against mpmath (issue 19)', () => {
  it.each(Object.keys(reference))('%s: every value correctly rounded, none uncertain', (name) => {
    const values = evaluatePlan(load(name), { precision: 40 });
    const wrong = Object.entries(reference[name]!).flatMap(
      ([id, want]) => mismatch(id, values.get(id), want) ?? [],
    );
    expect(wrong).toEqual([]);
    expect([...values.uncertain]).toEqual([]);
  });

  it.each(Object.keys(reference))('%s: the replay gives the same new weights', (name) => {
    const r = replay(load(name), { precision: 40 });
    const want = reference[name]!;
    const wrong = ['w1', 'w2'].flatMap((w) =>
      want[`${w}@2`] ? (mismatch(w, r.final.get(w), want[`${w}@2`]!) ?? []) : [],
    );
    expect(wrong).toEqual([]);
  });

  it.each(operations.map((o) => [`${o.op}(${o.args.join(', ')})`, o] as const))(
    "%s at 40 digits is mpmath's value correctly rounded",
    (_name, o) => {
      const D = decimalAt(40);
      const got = applyOp(
        o.op,
        o.args.map((a) => new D(a)),
        mathContext(D),
      );
      expect(mismatch(o.op, got, o.value)).toBeUndefined();
    },
  );

  it('the issue quotes the same exact values', () => {
    expect(reference['ce-softmax-254-chain']!.E).toBe('4.888792411319657073829388693524669769674E-111');
    expect(reference['bce-sigmoid-300-chain']!.E).toBe('5.148200222412013781154861921067130998135E-131');
    expect(reference['bce-softmax-300-chain']!.E).toBe('1.029640044482402756230972384213426199627E-130');
    expect(reference['ce-softmax-3e6-chain']!.E).toBe('3000000.000000000000000000000000000000000');
    expect(reference['sq-softmax-700-chain']!['dE/dz_P']!.slice(0, 5)).toBe('6.901');
  });
});
