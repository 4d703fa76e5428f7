import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from './e2e-build.js';
import { TRACE as trace, terminalUiLoaded } from './helpers/loaded-sources.js';
import { practiceOf, referenceFour } from './ui-helpers.js';

// Plain mode in the built program, as a pipe drives it. Right answers are the mpmath reference
// values (test/fixtures/reference.json) rounded to the exercise's 4 decimals.
const four = referenceFour;
const ALL = practiceOf('two-two-one-network').practice.asked.map((s) => four(s.id));
const dataDir = () => mkdtempSync(join(tmpdir(), 'backstep-plain-'));

describe('the built program in plain mode', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it.each([[['practice', 'two-two-one-network']], [[]]])(
    '%j with piped stdin never loads the terminal walkthrough',
    (args) => {
      const dir = dataDir();
      const p = spawnSync(process.execPath, ['--import', trace, BIN, ...args], {
        encoding: 'utf8',
        input: '0.351\n',
        env: { ...process.env, BACKSTEP_DATA_DIR: dir, FORCE_COLOR: '1' },
        timeout: 60_000,
      });
      expect(terminalUiLoaded(p.stderr)).toEqual([]);
      expect(p.stdout).not.toContain('\u001b');
      expect(p.status).toBe(args.length === 0 ? 0 : 1);
      expect(existsSync(join(dir, 'progress'))).toBe(args.length > 0);
    },
  );

  it('the example from the issue: printf answers | backstep practice two-two-one-network --plain', () => {
    const dir = dataDir();
    const p = spawnSync(
      'sh',
      [
        '-c',
        `printf '${ALL.join('\\n')}\\n' | node ${JSON.stringify(BIN)} practice two-two-one-network --plain`,
      ],
      { encoding: 'utf8', env: { ...process.env, BACKSTEP_DATA_DIR: dir }, timeout: 60_000 },
    );
    expect(p.status).toBe(0);
    expect(p.stdout).toContain('Finished: 41 of 41');
  });
});
