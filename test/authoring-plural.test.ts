import { describe, expect, it } from 'vitest';
import { checkText } from '../src/commands/check.js';
import { decimalAt } from '../src/engine/numbers.js';
import { formatProblems } from '../src/exercise/format-error.js';
import { beyondDisplay } from '../src/render/format-number.js';
import { runCli } from './helpers/run-cli.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Counts of one say "1 decimal", "1 error": each message that can meet a count of one, met with one.
describe('singular and plural', () => {
  it('a display of 1 decimal, finer than the printed whole numbers, says "1 decimal"', () => {
    // z = 3 * 2.003 = 6.009, printed 6: rounded to 0 decimals, while the display shows 1.
    const text = [
      'id: fine',
      'title: t',
      'precision: { decimals: 1 }',
      'network:',
      '  layers:',
      '    - { neurons: [A] }',
      '    - { neurons: [F], activation: identity }',
      '  weights:',
      '    w1: { from: A, to: F, value: 2.003 }',
      'examples:',
      '  - { inputs: [3], targets: 7 }',
      'loss: {}',
      'steps:',
      '  z: { printed: 6 }',
      '',
    ].join('\n');
    const w = checkText('fine.yaml', text).find((f) => f.code === 'display-finer-than-printed');
    expect(w?.message).toMatch(/^values are shown and judged to 1 decimal, but the source rounds/);
  });

  it('a value below the display of 1 decimal says "below 1 decimal"', () => {
    const D = decimalAt(40);
    expect(beyondDisplay(new D('0.01'), { kind: 'decimals', digits: 1 })).toBe('1e-2, below 1 decimal');
    expect(beyondDisplay(new D('0.00001'), { kind: 'decimals', digits: 4 })).toBe('1e-5, below 4 decimals');
  });

  it('one error over the shown five is "1 more unknown-key error"', async () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: 1`).join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'plural-'));
    writeFileSync(join(dir, 'six.yaml'), `id: k\ntitle: k\n${keys(6)}\n`);
    writeFileSync(join(dir, 'seven.yaml'), `id: k\ntitle: k\n${keys(7)}\n`);
    const six = await runCli(['check', 'six.yaml'], { cwd: dir });
    expect(six.stdout).toContain('six.yaml: ... and 1 more unknown-key error (--json lists them all)');
    const seven = await runCli(['check', 'seven.yaml'], { cwd: dir });
    expect(seven.stdout).toContain('seven.yaml: ... and 2 more unknown-key errors (--json lists them all)');
    const problems = Array.from({ length: 6 }, () => ({ code: 'unknown-key' as const, message: 'm' }));
    expect(formatProblems(problems)).toMatch(/\.\.\. and 1 more unknown-key error$/);
  });
});
