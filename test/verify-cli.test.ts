import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { runCli } from './helpers/run-cli.js';

const ESC = '\u001b';

/** The CLI on a pretend terminal of `columns` columns. */
async function onTerminal(argv: string[], env: Record<string, string> = {}, columns = 120) {
  let stdout = '';
  const stdin = new PassThrough();
  stdin.end('');
  const code = await main(argv, {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: true, columns },
    stderr: { write: () => true, isTTY: true },
    stdin,
    env,
    cwd: process.cwd(),
  });
  return { code, stdout };
}

const lunchWith = (erratum: string) => `id: lunch
title: Lunch
precision: { decimals: 2 }
network:
  layers:
    - { neurons: [chicken, zucchini, rice] }
    - { neurons: [total], activation: identity }
  weights:
    p1: { from: chicken, to: total, value: 6 }
    p2: { from: zucchini, to: total, value: 3 }
    p3: { from: rice, to: total, value: 3 }
examples: [{ inputs: [0.23, 0.15, 0.27], targets: 3 }]
training: { rule: delta, iterations: 1 }
steps:
  residual:
    printed: 0.35
${erratum}`;

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'backstep-verify-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('backstep verify', () => {
  it('prints a table within 100 columns, with a summary line, and exits 0 when errata are acknowledged', async () => {
    const { code, stdout, stderr } = await runCli(['verify', 'two-two-one-network']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^step +printed +exact +verdict +explanation$/m);
    expect(stdout).toMatch(/^z_F +0\.4708 +0\.470942 +carried +intermediates truncated as printed:/m);
    // 10 + 12 + 0 matching values, expressions and formulas; see verify-bundled.test.ts (five
    // values the book's own printed numbers round to are carried, not truncated: issue 18)
    expect(stdout).toContain('summary: 22 match, 5 truncated, 35 carried, 0 erratum, 7 acknowledged');
    for (const line of stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(stdout).not.toContain(ESC);
  });

  it('exits 1 with --strict when there are acknowledged errata', async () => {
    expect((await runCli(['verify', 'two-two-one-network', '--strict'])).code).toBe(1);
    expect((await runCli(['verify', 'perceptron-rule', '--strict'])).code).toBe(0);
  });

  it('verifies every bundled exercise with --all: 0, and 1 with --strict', async () => {
    const all = await runCli(['verify', '--all']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(
      /exercises, in all: \d+ match, \d+ truncated, \d+ carried, 0 erratum, [1-9]\d* acknowledged/,
    );
    expect((await runCli(['verify', '--all', '--strict'])).code).toBe(1);
  });

  it('exits 1 on an unacknowledged erratum, 0 once it is recorded', async () => {
    expect((await runCli(['verify', tempFile('lunch.yaml', lunchWith(''))])).code).toBe(1);
    const ok = await runCli(['verify', tempFile('lunch.yaml', lunchWith('    erratum: 3 - 2.64 is 0.36\n'))]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('known erratum: 3 - 2.64 is 0.36');
  });

  it('json is one document with decimal strings', async () => {
    const { code, stdout } = await runCli([
      'verify',
      'two-two-one-network',
      'delta-rule-lunch',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as {
      exercises: Array<{
        exercise: string;
        results: Array<Record<string, string>>;
        summary: Record<string, number>;
      }>;
    };
    expect(doc.exercises.map((e) => e.exercise)).toEqual(['two-two-one-network', 'delta-rule-lunch']);
    const yC = doc.exercises[0]!.results.find((r) => r.step === 'y_C' && r.kind === 'value')!;
    // mpmath: 0.586860055289429897942997415011971572295379199...; 40 significant digits
    expect(yC).toMatchObject({
      step: 'y_C',
      printed: '0.5868',
      exact: '0.5868600552894298979429974150119715722954',
      verdict: 'truncated',
    });
    expect(doc.exercises[1]!.summary).toEqual({
      match: 3,
      truncated: 0,
      carried: 0,
      erratum: 0,
      acknowledged: 2,
    });
  });

  it('markdown is an errata page', async () => {
    const { code, stdout } = await runCli(['verify', 'two-two-one-network', '--format', 'markdown']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Errata: A 2-2-1 sigmoid network/);
    const errata = stdout.slice(
      stdout.indexOf('## Errata'),
      stdout.indexOf('## Differences explained by rounding'),
    );
    // File text carries a backslash before Markdown's punctuation (the _ renders as written).
    expect(errata).toContain('| `dy_F/dz_F` | 002\\_3b96c82e4a35ed4e.txt line 451 | `0.2365` | 0.236635 |');
    expect(errata).toContain('`w5@2` (expression)');
    expect(errata).not.toContain('`z_F`');
    expect(stdout).toContain('## Right as printed');
  });

  it('colours verdicts on a terminal, not with NO_COLOR, and fits a narrow terminal', async () => {
    expect((await onTerminal(['verify', 'perceptron-rule'])).stdout).toContain(`${ESC}[32mmatch${ESC}[0m`);
    expect((await onTerminal(['verify', 'perceptron-rule'], { NO_COLOR: '1' })).stdout).not.toContain(ESC);
    const narrow = await onTerminal(['verify', 'two-two-one-network'], { NO_COLOR: '1' }, 72);
    for (const line of narrow.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(72);
  });

  it('exits 2 with usage when given nothing to verify', async () => {
    const { code, stderr } = await runCli(['verify']);
    expect(code).toBe(2);
    expect(stderr).toContain('backstep verify <id|file|dir>...');
  });

  it('exits 2 on an input error, and still reports the exercises that load', async () => {
    const bad = tempFile(
      'bad.yaml',
      'id: bad\ntitle: Bad\ngraph:\n  inputs: { x: 1 }\n  nodes: { a: "x +" }\n',
    );
    const { code, stdout, stderr } = await runCli(['verify', 'perceptron-rule', bad]);
    expect(code).toBe(2);
    expect(stdout).toContain('perceptron-rule');
    expect(stderr).toMatch(/bad\.yaml:5:\d+: error: cannot read the formula of a/);
    expect((await runCli(['verify', 'no-such-exercise'])).code).toBe(2);
    expect((await runCli(['verify', 'perceptron-rule', '--format', 'pdf'])).code).toBe(2);
  });

  it('takes a directory for the exercise files in it', async () => {
    const file = tempFile('lunch.yaml', lunchWith(''));
    const { code, stdout } = await runCli(['verify', join(file, '..')]);
    expect(code).toBe(1);
    expect(stdout).toContain('lunch: Lunch');
  });

  it('says when an exercise records nothing printed', async () => {
    const { code, stdout } = await runCli(['verify', 'xor-feature-cross']);
    expect(code).toBe(0);
    expect(stdout).toContain('Nothing printed to check');
  });
});
