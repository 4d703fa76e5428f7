/**
 * Issue 22, item 1: a symbolic link in a cloned course folder that leads out of it (to a
 * credentials file, /proc/self/environ, a folder of tokens) is not followed, and nothing of the
 * file it leads to is printed. A link inside the folder is still checked like a file.
 */
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { unprivileged } from './helpers/unprivileged.js';

// A secret shaped so that any excerpt or message quoting a line of it would show the marker.
const SECRET = 'SECRETMARKER123';
const VALID =
  'id: ok\ntitle: Ok\ngraph:\n  inputs: { x: 1 }\n  nodes: { a: x }\npractice: { ask: listed }\nsteps:\n  a: { ask: true, hint: a is x }\n';

function course() {
  const root = mkdtempSync(join(tmpdir(), 'backstep-links-'));
  chmodSync(root, 0o755); // the unprivileged run below must reach the repository
  const home = join(root, 'home');
  const repo = join(root, 'repo');
  mkdirSync(join(home, '.aws'), { recursive: true });
  mkdirSync(join(home, 'gh'));
  writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_secret_access_key = ${SECRET}\n`);
  writeFileSync(join(home, 'gh', 'hosts.yml'), `github.com:\n  oauth_token: ${SECRET}\n`);
  mkdirSync(join(repo, 'exercises', 'sub'), { recursive: true });
  writeFileSync(join(repo, 'exercises', 'sub', 'real.yaml'), VALID);
  symlinkSync(join(home, '.aws', 'credentials'), join(repo, 'exercises', 'week2.yaml'));
  symlinkSync('/proc/self/environ', join(repo, 'exercises', 'env.yaml'));
  symlinkSync(join(home, 'gh'), join(repo, 'exercises', 'tokens'));
  symlinkSync(join(home, 'gh'), join(repo, 'linked'));
  symlinkSync('sub/real.yaml', join(repo, 'exercises', 'inside.yaml'));
  return { repo, home };
}

describe('links out of the folder being checked', () => {
  it('check DIR reports each, quotes nothing of them, and checks the link inside', async () => {
    const { repo, home } = course();
    const r = await runCli(['check', 'exercises'], { cwd: repo, env: { SECRET_ENV: SECRET } });
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    for (const [name, target] of [
      ['week2.yaml', join(home, '.aws', 'credentials')],
      ['tokens', join(home, 'gh')],
    ])
      expect(r.stdout).toContain(
        `exercises/${name}: warning: a symbolic link to ${target}, which leads out of the folder being checked (exercises); not followed`,
      );
    expect(r.stdout).toMatch(/exercises\/env\.yaml: warning: a symbolic link to \/proc\/\d+\/environ/);
    // real.yaml and inside.yaml (the link to it) are the two files checked.
    expect(r.stdout).toContain('2 files checked: 0 errors, 3 warnings');
    expect(r.code).toBe(0);
    const json = await runCli(['check', 'exercises', '--json'], { cwd: repo });
    expect((JSON.parse(json.stdout) as { summary: unknown }).summary).toEqual({
      files: 2,
      errors: 0,
      warnings: 3,
    });
  });

  it('a named link that leads out is refused with exit 2, in check, solve and practice', async () => {
    const { repo } = course();
    for (const argv of [
      ['check', 'exercises/week2.yaml'],
      ['check', 'linked'],
      ['solve', 'exercises/week2.yaml'],
      ['verify', 'exercises/env.yaml'],
      ['practice', 'exercises/week2.yaml', '--no-save'],
    ]) {
      const r = await runCli(argv, { cwd: repo });
      expect(r.stdout + r.stderr, argv.join(' ')).not.toContain(SECRET);
      expect(r.stdout + r.stderr, argv.join(' ')).toContain(
        'which leads out of its folder and the current folder; not followed',
      );
      expect(r.code, argv.join(' ')).toBe(2);
    }
  });

  it('a named link inside the current folder is read, and so is a file named by its own path', async () => {
    const { repo, home } = course();
    expect((await runCli(['check', 'exercises/inside.yaml'], { cwd: repo })).stdout).toContain(
      'ok: 1 file checked',
    );
    // The user's own choice: the file named by its path is read (and its lines shown).
    const own = await runCli(['check', join(home, '.aws', 'credentials')], { cwd: repo });
    expect(own.code).toBe(2);
    expect(own.stdout).toContain(SECRET);
  });

  it('a folder that cannot be listed is an error finding, not a crash', () => {
    const { repo } = course();
    const locked = join(repo, 'exercises', 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o300); // write and search, no listing
    const r = unprivileged(['check', 'exercises'], repo);
    expect(r.stdout).toContain(
      'exercises/locked: error: this folder cannot be read (permission denied (EACCES))',
    );
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(2);
  });
});
