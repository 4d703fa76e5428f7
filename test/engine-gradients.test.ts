import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/engine/compile.js';
import { compareGradients } from '../src/engine/gradient-check.js';
import { decimalAt } from '../src/engine/numbers.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { randomNetwork } from './helpers/random-network.js';

// The explicit chain-rule steps, a generic reverse-mode pass and central finite differences are
// three different computations of one gradient; on random networks they must agree.
const PRECISION = 40;
const D = decimalAt(PRECISION);
const tight = new D('1e-36'); // chain rule vs reverse mode: both exact to the working precision
const loose = new D('1e-20'); // finite differences: truncation ~h^2 = 1e-26, rounding ~1e-27

function relClose(
  a: InstanceType<typeof D>,
  b: InstanceType<typeof D>,
  tol: InstanceType<typeof D>,
): boolean {
  const scale = D.max(a.abs(), b.abs(), new D(1));
  return a.minus(b).abs().lte(tol.times(scale));
}

describe('gradients three ways', () => {
  it('agree on random networks with smooth activations and every loss form', () => {
    fc.assert(
      fc.property(randomNetwork(), (ex) => {
        const rows = compareGradients(compile(ex), PRECISION);
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) {
          expect(
            relClose(r.chainRule, r.reverseMode, tight),
            `${r.param}: chain ${r.chainRule.toString()} vs reverse ${r.reverseMode.toString()}`,
          ).toBe(true);
          expect(
            relClose(r.chainRule, r.finiteDifference, loose),
            `${r.param}: chain ${r.chainRule.toString()} vs fd ${r.finiteDifference.toString()}`,
          ).toBe(true);
        }
      }),
      { numRuns: 60, seed: 20261123 },
    );
  });

  it('agree with ReLU hidden units away from the kink', () => {
    fc.assert(
      fc.property(randomNetwork({ activations: ['relu', 'sigmoid'] }), (ex) => {
        for (const r of compareGradients(compile(ex), PRECISION)) {
          expect(relClose(r.chainRule, r.reverseMode, tight)).toBe(true);
          // A weighted input within h of 0 makes the finite difference straddle the kink; the
          // chance is ~1e-13 for these 3-decimal values, so no filtering is needed.
          expect(relClose(r.chainRule, r.finiteDifference, loose)).toBe(true);
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('catch a wrong chain rule (the check can fail)', () => {
    // Build a plan, then corrupt one explicit gradient step: the comparison must notice.
    const ex = fc.sample(randomNetwork(), { numRuns: 1, seed: 3 })[0]!;
    const plan = compile(ex);
    const corrupted = {
      ...plan,
      iteration: (k: number) =>
        plan
          .iteration(k)
          .map((s) => (s.role === 'dy/dz' ? { ...s, expr: { op: 'num' as const, text: '2' } } : s)),
    };
    const rows = compareGradients(corrupted, PRECISION);
    expect(rows.some((r) => !relClose(r.chainRule, r.reverseMode, tight))).toBe(true);
  });
});

describe('gradients three ways through the classification operations', () => {
  // The seeded random networks of the mpmath fixture: softmax (with its max shift), softplus,
  // leaky ReLU, cross-entropy and binary cross-entropy, by both routes.
  const fixture = JSON.parse(
    readFileSync(new URL('./fixtures/classification-reference.json', import.meta.url), 'utf8'),
  ) as { random: Record<string, { yaml: string }> };
  it.each(Object.entries(fixture.random))(
    '%s: chain rule, reverse mode and finite differences agree',
    (id, c) => {
      const { plan } = loadExerciseText(`${id}.yaml`, c.yaml);
      const rows = compareGradients(plan, PRECISION);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(
          relClose(r.chainRule, r.reverseMode, tight),
          `${r.param}: chain ${r.chainRule.toString()} vs reverse ${r.reverseMode.toString()}`,
        ).toBe(true);
        expect(
          relClose(r.chainRule, r.finiteDifference, loose),
          `${r.param}: chain ${r.chainRule.toString()} vs fd ${r.finiteDifference.toString()}`,
        ).toBe(true);
      }
    },
  );
});
