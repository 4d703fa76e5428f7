import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN as bin, ensureBuilt } from './e2e-build.js';

// These run the built binary, as a user would; built from the current sources when stale.
beforeAll(() => ensureBuilt());
const trace = fileURLToPath(new URL('./helpers/trace-imports.mjs', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', trace, bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, CI: '' },
    input: '',
  });

describe('non-interactive commands', () => {
  it('the trace hook does see Ink when something loads it (so the check can fail)', () => {
    const p = spawnSync(
      process.execPath,
      ['--import', trace, '-e', "await import('ink')", '--input-type=module'],
      { encoding: 'utf8' },
    );
    expect(p.stderr).toContain('TRACE-LOADED');
  });

  it.each([
    [['solve', 'two-two-one-network']],
    [['solve', 'two-two-one-network', '--format', 'json']],
    [['list']],
    [['--help']],
  ])('%j never loads Ink or React and prints no escape codes', (args) => {
    const p = run(args, { FORCE_COLOR: '1' });
    expect(p.status).toBe(0);
    expect(p.stderr).not.toContain('TRACE-LOADED');
    expect(p.stdout).not.toContain('\u001b');
  });

  it('a closed pipe is not an error', () => {
    const p = spawnSync(
      'bash',
      [
        '-c',
        `node ${bin} solve sigmoid-identity-code-example --all-steps | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`,
      ],
      { encoding: 'utf8', timeout: 60000 },
    );
    expect(p.stdout).toContain('status=0');
  });
});
