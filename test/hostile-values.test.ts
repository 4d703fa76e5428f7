/**
 * Issue 22, item 6: numerically equal values under `variants:` are one value. Whether two
 * decimal texts are the same number is decided exactly (mantissa and exponent), and a list's
 * repeats are drawn and counted once. Expected values are worked by hand in each case.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { valueKey } from '../src/exercise/decimal-text.js';
import { choices, distinctChoices, repeatedChoices } from '../src/exercise/variant-grid.js';
import { runCli } from './helpers/run-cli.js';

const FILE = fileURLToPath(new URL('./fixtures/hostile/variant-equal-values.yaml', import.meta.url));

describe('equal numbers, however written', () => {
  it.each([
    ['0.5', '.5'],
    ['0.5', '0.50'],
    ['0.5', '5e-1'],
    ['0.5', '50E-2'],
    ['100', '1e2'],
    ['0', '-0'],
    ['0', '0.000'],
    ['-1.20', '-12e-1'],
  ])('%s and %s are one number', (a, b) => expect(valueKey(a)).toBe(valueKey(b)));

  it.each([
    ['0.5', '-0.5'],
    ['0.1', '0.10000000000000001'],
    ['1e2', '1e3'],
    ['5', '0.5'],
  ])('%s and %s are two', (a, b) => expect(valueKey(a)).not.toBe(valueKey(b)));

  it('a list keeps the first spelling of each number, and names its repeats', () => {
    const values = ['0.5', '0.5', '0.50', '5e-1', '0.25'];
    expect(distinctChoices(values)).toEqual(['0.5', '0.25']);
    expect(choices({ kind: 'choice', values })).toBe(2n);
    expect(repeatedChoices(values)).toEqual([
      { index: 1, same: '0.5' },
      { index: 2, same: '0.5' },
      { index: 3, same: '0.5' },
    ]);
  });
});

describe('the variants command', () => {
  it('counts 2 possible sets, draws each once, and says why the rest repeat', async () => {
    const r = await runCli(['variants', FILE, '--count', '5', '--format', 'json', '--no-answers']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      distinct: number;
      possible: string;
      variants: Array<{ values: Record<string, string> }>;
    };
    expect(out.possible).toBe('2');
    expect(out.distinct).toBe(2);
    // Seeds 1 and 2 take the two sets; the shuffle decides which is first.
    expect(new Set(out.variants.slice(0, 2).map((v) => v.values['x_A']))).toEqual(new Set(['0.5', '0.25']));
    expect(r.stderr).toContain('only 2 of these 5 variants have distinct numbers');
    expect(r.stderr).toContain('equal numbers in a list are one value: x_A lists 5 values, 2 distinct');
  });
});
