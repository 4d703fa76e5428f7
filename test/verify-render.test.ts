import { describe, expect, it } from 'vitest';
import { loadExerciseText } from '../src/exercise/load.js';
import { renderVerifyMarkdown } from '../src/verify/render-markdown.js';
import { renderVerifyText } from '../src/verify/render-text.js';
import { renderTable, wrapCell } from '../src/verify/table.js';
import { verifyExercise } from '../src/verify/verify.js';
import { solveExercise } from '../src/engine/solved.js';
import { graphExercise } from './verify-support.js';

describe('the text table', () => {
  it('wraps words within a column and keeps "name = value" together', () => {
    expect(
      wrapCell('intermediates truncated as printed: y_C = 0.5868, y_D = 0.5892 give 0.47088', 24),
    ).toEqual(['intermediates truncated', 'as printed:', 'y_C = 0.5868,', 'y_D = 0.5892 give', '0.47088']);
    expect(wrapCell('intermediates truncated as printed: y_C = 0.5868', 40)).toEqual([
      'intermediates truncated as printed:',
      'y_C = 0.5868',
    ]);
    // a word wider than the column is broken
    expect(wrapCell('dCost/dw_hidden_output[12]@3', 10)).toEqual(['dCost/dw_h', 'idden_outp', 'ut[12]@3']);
  });

  it('pads and wraps every cell, and never exceeds the width', () => {
    const lines = renderTable(
      [
        { title: 'a', width: 3 },
        { title: 'b', width: 10 },
      ],
      [['x', 'one two three four']],
    );
    expect(lines).toEqual(['a    b', '---  ----------', 'x    one two', '     three four']);
  });

  it('renders a report within the width, colouring only the verdict when asked', () => {
    const { exercise, plan } = loadExerciseText(
      'x.yaml',
      graphExercise(
        { x: '0.58686' },
        { a: 'x * 1' },
        { a: { printed: '0.5868', printed_expression: 'x * 1' } },
      ),
    );
    const report = verifyExercise(solveExercise(exercise, plan));
    const narrow = renderVerifyText(exercise, report, { width: 60, color: false });
    for (const line of narrow.split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(narrow.replace(/\s+/g, ' ')).toContain(
      'summary: 1 match, 1 truncated, 0 carried, 0 erratum, 0 acknowledged',
    );
    const plain = renderVerifyText(exercise, report, { width: 120, color: false });
    expect(plain).toMatch(
      /^a +0\.5868 +0\.586860 +truncated +exact value truncated to 4 decimals; rounded it is 0\.5869$/m,
    );
    expect(plain).toMatch(/^\(expression\) +x \* 1 +0\.586860 +match +gives 0\.58686, the exact value$/m);
    const coloured = renderVerifyText(exercise, report, { width: 120, color: true });
    expect(coloured).toContain('\u001b[36mtruncated\u001b[0m');
    expect(coloured).toContain('\u001b[32mmatch\u001b[0m');
    expect(
      coloured.replaceAll('\u001b[36m', '').replaceAll('\u001b[32m', '').replaceAll('\u001b[0m', ''),
    ).toBe(plain);
  });
});

describe('the errata page', () => {
  it('escapes table pipes and lists errata first', () => {
    const { exercise, plan } = loadExerciseText(
      'x.yaml',
      graphExercise(
        { t: '3', y: '2.64' },
        { r: 't - y' },
        { r: { printed: '0.35', erratum: 'a | in the note' } },
        2,
      ),
    );
    const md = renderVerifyMarkdown(exercise, verifyExercise(solveExercise(exercise, plan)));
    expect(md).toContain('## Errata');
    expect(md).toContain('known erratum: a &#124; in the note');
    expect(md).not.toContain('## Right as printed');
  });
});
