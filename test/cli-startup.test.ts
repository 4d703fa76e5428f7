import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN as bin, ensureBuilt } from './e2e-build.js';
import { TRACE as trace, loadedSources, terminalUiLoaded } from './helpers/loaded-sources.js';

// These run the built binary, as a user would (built once by the global set-up).
beforeAll(() => ensureBuilt());
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', trace, bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, CI: '' },
    input: '',
  });

const hasScript = spawnSync('script', ['--version']).status === 0;

/**
 * `practice` in a pseudo-terminal (util-linux `script`), with the import trace; q typed once the
 * first screen shows. Resolves with everything the run printed (the trace goes to the terminal).
 */
function practiceOnTerminal(): Promise<string> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      BACKSTEP_DATA_DIR: mkdtempSync(join(tmpdir(), 'backstep-startup-')),
      TERM: 'xterm-256color',
    };
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    const command = `stty cols 100 rows 30; exec node --import ${trace} ${bin} practice two-two-one-network`;
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { env, stdio: 'pipe' });
    let seen = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      const before = seen;
      seen += chunk.toString('utf8');
      if (!before.includes('z_C =') && seen.includes('z_C =')) child.stdin.write('q');
    });
    child.on('exit', () => {
      clearTimeout(timer);
      if (seen.includes('z_C =')) resolve(seen);
      else reject(new Error(`no first screen: ${JSON.stringify(seen.slice(-400))}`));
    });
  });
}

describe('non-interactive commands', () => {
  it('the trace sees the chunks of the bundle, and the terminal loop in practice on a terminal (so the check can fail)', async () => {
    expect(hasScript, 'util-linux script is needed to run practice in a pseudo-terminal').toBe(true);
    const out = await practiceOnTerminal();
    expect(terminalUiLoaded(out)).toEqual([
      'dist/ui/run-interactive.js',
      'dist/ui/terminal.js',
      'dist/ui/key-parse.js',
    ]);
  }, 60_000);

  it.each([
    [['solve', 'two-two-one-network']],
    [['solve', 'two-two-one-network', '--format', 'json']],
    [['list']],
    [['--help']],
  ])('%j never loads the terminal walkthrough and prints no escape codes', (args) => {
    const p = run(args, { FORCE_COLOR: '1' });
    expect(p.status).toBe(0);
    // The command's own chunk was seen, so the trace worked for this run.
    expect(loadedSources(p.stderr).has('dist/bundle/bin.js')).toBe(true);
    expect(terminalUiLoaded(p.stderr)).toEqual([]);
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
