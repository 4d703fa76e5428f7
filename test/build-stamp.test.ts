import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './e2e-build.js';

/**
 * The set-up builds once (issue 20, item 4): `prepare` skips the build when dist/ was built from
 * exactly the current inputs, so npx or npm link running `prepare` again after `npm ci` does not
 * build a second time; .ci/run counts the builds of the README's install command.
 */
function project(): { dir: string; stamp: (action: string, env?: Record<string, string>) => number } {
  const dir = mkdtempSync(join(tmpdir(), 'backstep-stamp-'));
  for (const d of ['scripts', 'src/ui', 'exercises']) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync(join(ROOT, 'scripts', 'build-stamp.mjs'), join(dir, 'scripts', 'build-stamp.mjs'));
  writeFileSync(join(dir, 'src', 'ui', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'exercises', 'x.yaml'), 'id: x\n');
  writeFileSync(join(dir, 'package.json'), '{"name": "p"}\n');
  writeFileSync(join(dir, 'tsconfig.json'), '{}\n');
  const stamp = (action: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(dir, 'scripts', 'build-stamp.mjs'), action], {
      env: { ...process.env, ...env },
    }).status ?? -1;
  return { dir, stamp };
}

describe('the build stamp', () => {
  it('says "built" only after a finished build of exactly these inputs', () => {
    const { dir, stamp } = project();
    expect(stamp('check')).toBe(1); // never built
    expect(stamp('write')).toBe(0);
    expect(stamp('check')).toBe(1); // the bundle is missing
    mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'bundle', 'bin.js'), '');
    expect(stamp('check')).toBe(0);
    // A source edited, a file added, a setting changed: each needs a build.
    writeFileSync(join(dir, 'src', 'ui', 'a.ts'), 'export const a = 2;\n');
    expect(stamp('check')).toBe(1);
    expect(stamp('write')).toBe(0);
    expect(stamp('check')).toBe(0);
    writeFileSync(join(dir, 'exercises', 'y.yaml'), 'id: y\n');
    expect(stamp('check')).toBe(1);
    expect(stamp('write')).toBe(0);
    writeFileSync(join(dir, 'package-lock.json'), '{}\n');
    expect(stamp('check')).toBe(1);
    expect(stamp('write')).toBe(0);
    expect(stamp('check')).toBe(0);
  });

  it('a build that starts clears it, so an interrupted build is built again; each start is counted', () => {
    const { dir, stamp } = project();
    mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'bundle', 'bin.js'), '');
    stamp('write');
    expect(stamp('check')).toBe(0);
    const log = join(dir, 'builds.log');
    expect(stamp('clear', { BACKSTEP_BUILD_LOG: log })).toBe(0);
    expect(stamp('check')).toBe(1);
    expect(stamp('clear', { BACKSTEP_BUILD_LOG: log })).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('build\nbuild\n');
  });

  it('prepare checks it before building, and the build clears it first and writes it last', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.prepare).toBe('node scripts/build-stamp.mjs check || npm run build');
    expect(scripts.build).toMatch(
      /^node scripts\/build-stamp\.mjs clear && .* && node scripts\/build-stamp\.mjs write$/,
    );
  });

  it('the README installs without npx (npx would install this folder into its cache and run prepare)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- ci:install -->\s*```sh\n([^`]*)```/.exec(readme)?.[1]?.trim();
    expect(block).toBe('npm ci && node dist/bundle/bin.js');
  });
});
