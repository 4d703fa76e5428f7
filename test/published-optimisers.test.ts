/**
 * Published optimiser examples on bare functions (issue 18, convention 6): every exact value
 * backstep computes and every verdict verify gives on a printed number, against independent
 * mpmath scripts that read the sources' own numbers (test/fixtures/published/*.py, which write
 * the JSON read here; see test/fixtures/README.md).
 */
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { loadExerciseText } from '../src/exercise/load.js';
import { solveExercise } from '../src/engine/solved.js';
import { verifyExercise } from '../src/verify/verify.js';
import { PUBLISHED, publishedFixture } from './published-support.js';

function solved(id: string) {
  const file = new URL(`../exercises/${id}.yaml`, import.meta.url);
  const { exercise, plan } = loadExerciseText(`${id}.yaml`, readFileSync(file, 'utf8'));
  return solveExercise(exercise, plan);
}

describe.each(PUBLISHED)('%s', (name) => {
  const fx = publishedFixture(name);
  const s = solved(fx.exercise);
  const report = verifyExercise(s);

  it('computes every value the mpmath loop does, to 38 significant digits', () => {
    expect(Object.keys(fx.exact).length).toBeGreaterThan(4);
    for (const [step, want] of Object.entries(fx.exact)) {
      const got = new Decimal(s.exactOf(step).toString());
      const scale = Decimal.max(1, new Decimal(want).abs());
      expect(got.minus(want).abs().div(scale).lt('1e-38'), `${step}: ${got.toString()} vs ${want}`).toBe(
        true,
      );
    }
  });

  it('gives each printed value the verdict its numbers imply', () => {
    const rows = report.results.filter((r) => r.kind === 'value');
    expect(rows.map((r) => r.step).sort()).toEqual(Object.keys(fx.values).sort());
    for (const r of rows) {
      const want = fx.values[r.step]!;
      expect(r.printed).toBe(want.printed);
      expect([want.verdict, ...want.also], `${r.step}: ${r.verdict} (${r.explanation})`).toContain(r.verdict);
    }
  });

  it('gives each printed expression the verdict its arithmetic implies', () => {
    const rows = report.results.filter((r) => r.kind === 'expression');
    expect(rows.map((r) => r.step).sort()).toEqual(Object.keys(fx.expressions).sort());
    for (const r of rows)
      expect(r.verdict, `${r.step}: ${r.explanation}`).toBe(fx.expressions[r.step]!.verdict);
  });
});

describe('optimisers on a computation graph', () => {
  it('writes every step a person writes, iteration after iteration, and f at the new theta', () => {
    const s = solved('adam-theta-squared');
    const ids = s.steps.map((x) => x.id);
    for (const id of ['y', 'df/dtheta', 'm_theta@2', 'v_theta@2', 'mhat_theta', 'vhat_theta', 'theta@2'])
      expect(ids).toContain(id);
    for (const id of ['y@3', 'df/dtheta@3', 'm_theta@4', 'mhat_theta@3', 'theta@4', 'y@4'])
      expect(ids).toContain(id);
    // The pass after the last update evaluates f only: no gradient and no update at k = 4.
    expect(ids).not.toContain('df/dtheta@4');
    expect(s.plan.iteration(4).map((x) => x.phase)).toEqual(['after']);
  });
});
