import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rowOf, verifyYaml } from './verify-support.js';
import type { VerifyReport } from '../src/verify/types.js';

/**
 * Numbers printed with a step that are not its value (issue 18, conventions 3-5). Hand values
 * (mpmath, mp.dps = 40): exp(0.428) = 1.5341861, exp(0.185) = 1.2032184, their sum 2.7374045,
 * s = exp(0.428)/(exp(0.428) + exp(0.185)) = 0.5604528.
 */
const SOFTMAX = `id: also
title: A softmax share with its exponentials
precision: { decimals: 3 }
graph:
  inputs: { a: 0.428, b: 0.185 }
  nodes:
    s: exp(a)/(exp(a) + exp(b))
steps:
  s:
    printed: 0.5605
    also_printed:
      - { formula: "exp(a)", printed: 1.534 }
      - { formula: "exp(b)", printed: 1.204 }
      - { formula: "exp(a) + exp(b)", printed: 2.7374 }
      - { expression: "1.534 + 1.203", printed: 2.737 }
      - { expression: "1.534 / 2.737", printed: 0.561 }
      - { printed: 0.56, where: "Table 1" }
      - { printed: 0.57, where: "Table 1" }
`;

const alsoRows = (r: VerifyReport) => r.results.filter((x) => x.kind === 'also');

describe('also_printed: values that are not steps, and a step printed twice', () => {
  const rows = alsoRows(verifyYaml(SOFTMAX));

  it('checks each at its own digits', () => {
    expect(rows.map((r) => [r.printed, r.verdict])).toEqual([
      ['exp(a) = 1.534', 'match'], // 1.5341861 rounds to 1.534
      ['exp(b) = 1.204', 'erratum'], // 1.2032184 is 1.203 either way
      ['exp(a) + exp(b) = 2.7374', 'match'], // 2.7374045: the unshifted sum
      ['1.534 + 1.203 = 2.737', 'match'], // the printed arithmetic re-done: exactly 2.737
      ['1.534 / 2.737 = 0.561', 'erratum'], // 0.5604677 is 0.560, not 0.561
      ['0.56', 'match'], // the step (0.5604528) again, to 2 decimals
      ['0.57', 'erratum'],
    ]);
  });

  it('shows the exact value of the number itself, and where it is printed', () => {
    expect(rows[0]!.shownExact).toBe('1.53419');
    expect(rows[2]!.shownExact).toBe('2.737405');
    expect(rows[5]!.where).toBe('Table 1');
    expect(rows[1]!.explanation).toBe('printed - exact = +0.00078');
  });

  it("carries a value computed from the source's own printed numbers", () => {
    // y printed 0.6155 (exact 1/(1 + e^-0.47) = 0.6153838); 1 - y from the printed 0.6155 is
    // 0.3845, from the exact 0.3846162 it would be 0.3846.
    const r = verifyYaml(`id: one-minus
title: t
precision: { decimals: 4 }
graph:
  inputs: { z: 0.47 }
  nodes:
    y: sigma(z)
steps:
  y:
    printed: 0.6155
    also_printed:
      - { formula: "1 - y", printed: 0.3845 }
`);
    expect(rowOf(r, 'y').verdict).toBe('erratum'); // 0.6153838 is 0.6154
    const one = alsoRows(r)[0]!;
    expect(one.verdict).toBe('carried');
    expect(one.explanation).toContain('give 0.3845');
  });

  it('reports an unknown name in a formula at its place', () => {
    const bad = SOFTMAX.replace('formula: "exp(a)"', 'formula: "exp(q)"');
    expect(() => verifyYaml(bad)).toThrow(/the formula uses "q", not a step or a symbol of this exercise/);
  });

  it('refuses a formula and an expression together', () => {
    const bad = SOFTMAX.replace(
      '{ formula: "exp(a)", printed: 1.534 }',
      '{ formula: "exp(a)", expression: "1.534", printed: 1.534 }',
    );
    expect(() => verifyYaml(bad)).toThrow(/either a formula or an expression, not both/);
  });
});

describe('epsilon left out of an optimiser line (issue 18, convention 5)', () => {
  // The bundled Adam neuron with epsilon 1e-8: the first update of w1 is
  // 0.4 - 0.1 (-0.10403106) / (sqrt(0.010822462) + 1e-8) = 0.49999999039, and without epsilon
  // exactly 0.5 (m_hat / sqrt(v_hat) = -1 in the first update).
  const adam = (epsilon: string, printed: string) => {
    const text = readFileSync(new URL('../exercises/adam-two-steps.yaml', import.meta.url), 'utf8')
      .replace('epsilon: 0.001', `epsilon: ${epsilon}`)
      .replace(
        /\n {2}w1@2:\n/,
        `\n  w1@2:\n    printed: "${printed}"\n    printed_expression: "0.4 - 0.1 * (-0.104031) / sqrt(0.0108225)"\n`,
      );
    return verifyYaml(text);
  };

  it('says so, and is not an erratum, where epsilon is negligible at the printed digits', () => {
    const e = rowOf(adam('1e-8', '0.5'), 'w1@2', 'expression');
    expect(e.verdict).toBe('carried');
    expect(e.explanation).toContain('it leaves out epsilon, negligible at these digits');
  });

  it('is an erratum where epsilon is not negligible (epsilon 0.001: w1 becomes 0.499048)', () => {
    const e = rowOf(adam('0.001', '0.499'), 'w1@2', 'expression');
    expect(e.verdict).toBe('erratum');
  });
});
