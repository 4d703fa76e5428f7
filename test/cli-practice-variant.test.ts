import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFileName } from '../src/store/progress.js';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

describe('practice --variant', () => {
  it('asks with the same given values as solve --variant, and keeps its progress apart', async () => {
    const data = mkdtempSync(join(tmpdir(), 'backstep-variant-'));
    const solved = await runCli(['solve', 'one-hidden-node', '--variant', '5', '--format', 'json']);
    const base = await runCli(['solve', 'one-hidden-node', '--format', 'json']);
    const a0 = (out: string) =>
      (JSON.parse(out) as { steps: Array<{ id: string; value: string }> }).steps.find((s) => s.id === 'z_1')!
        .value;
    // The variant draws another a_0, so z_1 = w_1 a_0 + b_1 differs from the bundled exercise's.
    expect(a0(solved.stdout)).not.toBe(a0(base.stdout));

    const practised = await runCli(['practice', 'one-hidden-node', '--variant', '5', '--plain'], {
      env: { BACKSTEP_DATA_DIR: data },
      stdin: `${a0(solved.stdout)}\nq\n`,
    });
    expect(practised.code).toBe(0);
    expect(practised.stdout).toContain('right, first try');
    expect(practised.stdout).toContain('To continue: backstep practice one-hidden-node --variant 5');
    expect(readdirSync(join(data, 'progress'))).toEqual([
      keyFileName({
        exercise: 'one-hidden-node-variant-5',
        identity: 'bundled:one-hidden-node',
        variant: '5',
      }),
    ]);
  });

  it('needs an exercise', async () => {
    const r = await runCli(['practice', '--variant', '5', '--plain']);
    expect(r.code).toBe(2);
  });
});
