import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT } from './e2e-build.js';

// The commands that `check` hints and `variants` headers name must work when pasted, from any
// folder: run as the built binary from the temp folder, and then the named command is run too.
beforeAll(() => ensureBuilt(), 200_000);
const BROKEN = fileURLToPath(new URL('./fixtures/broken/', import.meta.url));
const run = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: tmpdir(), input: '' });

/** The words of a `backstep ...` command quoted in backticks (single-quoted words kept whole). */
function named(text: string, verb: string): string[][] {
  return [...text.matchAll(new RegExp(`\`backstep ${verb} ([^\`]+)\``, 'g'))].map((m) => [
    verb,
    ...[...m[1]!.matchAll(/'([^']*)'|(\S+)/g)].map((w) => w[1] ?? w[2]!),
  ]);
}

describe('follow-up commands work from anywhere', () => {
  it('a hint naming docs/authoring.md names the installed file, which exists, in check and in solve', () => {
    const file = BROKEN + 'multi-network-unbuildable.yaml';
    const doc = join(ROOT, 'docs', 'authoring.md');
    expect(existsSync(doc)).toBe(true);
    // `network.layers` with one layer: the bound's hint sends the reader to the format reference.
    const check = run(['check', '--json', file]);
    const hints = (JSON.parse(check.stdout) as { findings: Array<{ hint?: string }> }).findings.map(
      (f) => f.hint,
    );
    expect(hints[0]).toBe(`see ${doc} for the allowed range`);
    const solve = run(['solve', file]);
    expect(solve.status).toBe(2);
    expect(solve.stderr).toContain(`  hint: see ${doc} for the allowed range\n`);
    expect(solve.stderr).not.toMatch(/[^/]docs\/authoring\.md/);
  });

  it('an unknown step: the hint names the file, and its `solve --ids` lists the real step (z, not z_C)', () => {
    const r = run(['check', BROKEN + 'unknown-step.yaml']);
    expect(r.status).toBe(2);
    const [cmd] = named(r.stdout, 'solve');
    expect(cmd).toEqual(['solve', BROKEN + 'unknown-step.yaml', '--ids']);
    const ids = run(cmd!);
    expect(ids.status).toBe(0);
    // One neuron C: its weighted sum is the step z (docs/step-ids.md), and z_C is not a step.
    const first = ids.stdout.split('\n').map((l) => l.split('\t')[0]);
    expect(first).toContain('z');
    expect(first).not.toContain('z_C');
    expect(ids.stderr).toMatch(/has 1 error \(`backstep check .*unknown-step\.yaml` shows it\)/);
  });

  it('a name clash: the hint names the file, not <file>, and the command it names runs', () => {
    const r = run(['check', BROKEN + 'name-clash.yaml']);
    const [cmd] = named(r.stdout, 'solve');
    expect(cmd).toEqual(['solve', BROKEN + 'name-clash.yaml', '--ids']);
    expect(run(cmd!).status).toBe(0);
  });

  it('variants of a bundled exercise name it by id, and both named commands run from another folder', () => {
    const r = run(['variants', 'two-two-one-network', '--count', '1']);
    expect(r.status).toBe(0);
    const practice = named(r.stdout, 'practice');
    const solve = named(r.stdout, 'solve');
    expect(practice[0]!.slice(0, 2)).toEqual(['practice', 'two-two-one-network']);
    const cmd = solve[0]!.map((w) => (w === '<seed>' ? '1' : w));
    expect(cmd.slice(0, 2)).toEqual(['solve', 'two-two-one-network']);
    expect(run(cmd).status).toBe(0);
  });

  it('variants of a file with a space in its path quote it, so the named command runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'my exercises '));
    const file = join(dir, 'or gate.yaml');
    copyFileSync(fileURLToPath(new URL('../exercises/or-gate-batch.yaml', import.meta.url)), file);
    const r = run(['variants', file, '--count', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`\`backstep practice '${file}' --variant <seed>\``);
    const cmd = named(r.stdout, 'solve')[0]!.map((w) => (w === '<seed>' ? '1' : w));
    expect(cmd[1]).toBe(file);
    expect(run(cmd).status).toBe(0);
  });
});
