import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExerciseText } from '../src/exercise/load.js';
import { solveExercise } from '../src/engine/solved.js';
import type { VerifyReport } from '../src/verify/types.js';
import { verifyExercise } from '../src/verify/verify.js';
import { renderVerifyMarkdown } from '../src/verify/render-markdown.js';

/**
 * Published worked examples, bundled with their numbers as printed, against independent mpmath
 * scripts (test/fixtures/published/<name>.py) that classify every printed value from the
 * textbook formulas and the source's printed numbers. An erratum the exercise records is
 * `acknowledged` in verify's report; the script calls it `erratum`.
 */
interface Published {
  errata: string[];
  verdicts: Record<string, Partial<Record<'value' | 'expression' | 'formula', string>> & { exact: string }>;
}
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`fixtures/published/${name}.json`, import.meta.url), 'utf8')) as Published;

function verifyBundled(id: string): VerifyReport {
  const text = readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8');
  const { exercise, plan } = loadExerciseText(`${id}.yaml`, text);
  return verifyExercise(solveExercise(exercise, plan));
}

function compare(report: VerifyReport, want: Published): void {
  const got = report.results.map((r) => [
    r.step,
    r.kind,
    r.verdict === 'acknowledged' ? 'erratum' : r.verdict,
  ]);
  const expected = Object.entries(want.verdicts).flatMap(([step, v]) =>
    (['value', 'expression', 'formula'] as const).flatMap((k) => (v[k] ? [[step, k, v[k]]] : [])),
  );
  expect(got.map((r) => r.join(' | ')).sort()).toEqual(expected.map((r) => r.join(' | ')).sort());
  for (const r of report.results) {
    const exact = want.verdicts[r.step]!.exact;
    // Same value to 15 significant digits (the script prints 20).
    expect(Number(r.exact) - Number(exact), r.step).toBeCloseTo(0, 15);
  }
}

describe('PostNetwork Academy, softmax and cross-entropy', () => {
  const report = verifyBundled('postnetwork-softmax');
  const want = fixture('postnetwork_softmax');
  const row = (step: string, kind = 'value') =>
    report.results.find((r) => r.step === step && r.kind === kind)!;

  it('gives every printed value the verdict the independent script gives', () => compare(report, want));

  it('names no slip for 0.185 that its own line contradicts', () => {
    // The line -0.1(0.426) + 0.2(0.5) + 0.1 gives 0.1574: no "transposed digits" (0.158).
    expect(row('z_o4').slip).toBeUndefined();
    expect(row('z_o4').explanation).not.toContain('transposed');
  });

  it('does not shift by a z_max the post never subtracts', () => {
    expect(row('a_o3').explanation).not.toContain('z_max');
    expect(row('a_o3').slip).toBeUndefined();
  });

  it('follows the wrong logit into the loss: 0.579 = -ln softmax(0.185)', () => {
    const l = row('L');
    expect(l.chain).toBe('erratum');
    // -ln(1/(1 + exp(0.185 - 0.4276672))) = 0.579156 (the script's note).
    expect(l.explanation).toContain('carried from the erratum at z_o4 (printed 0.185, exact 0.15744)');
    expect(l.explanation).toContain('this step is 0.57916, rounded or truncated to 0.579');
    // The printed line -(1 ln 0.561) is 0.57803; the post used its unrounded 0.560453.
    expect(row('L', 'expression').explanation).toContain(
      "the unrounded a_o3 = 0.56045 (what the source's own earlier numbers give), shown as 0.561",
    );
  });

  it('lists values carried from the erratum apart from rounding on the errata page', () => {
    const text = readFileSync(new URL('../exercises/postnetwork-softmax.yaml', import.meta.url), 'utf8');
    const { exercise } = loadExerciseText('postnetwork-softmax.yaml', text);
    const md = renderVerifyMarkdown(exercise, report);
    const section = md.slice(
      md.indexOf('## Carried from an erratum'),
      md.indexOf('## Differences explained'),
    );
    expect(section).toContain('| `a_o4` |');
    expect(section).toContain('| `L` |');
    expect(md.slice(md.indexOf('## Differences explained'))).not.toContain('| `L` |');
  });

  it('names the swapped labels of dL/dw8 and dL/dw9', () => {
    for (const [a, b] of [
      ['dL/dw_8', 'dL/dw_9'],
      ['dL/dw_9', 'dL/dw_8'],
    ] as const) {
      const r = row(a, 'formula');
      expect(r.slip).toBe('label');
      expect(r.explanation).toContain(`it is exactly the formula of ${b}`);
      expect(r.explanation).toContain('are swapped');
    }
  });
});
