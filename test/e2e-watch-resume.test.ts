/**
 * `practice --watch` goes on from the learner's answers after a save of the file (issue 20,
 * item 3), in a real terminal (tmux): a new weight w5 sends the walkthrough back to z_F, the first
 * step whose value it changes, and a new title keeps the step it was on. The values are those of
 * test/fixtures/carry-values.py (mpmath): 0.3510, 0.5869, 0.3610, 0.5893, and z_F = 0.5003 once
 * w5 = 0.25.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, ensureBuilt } from './e2e-build.js';
import { hasTmux, tmuxServer } from './helpers/tmux.js';

const { tmux, screen, showing, type, close } = tmuxServer('backstep-watch-resume');
const dir = mkdtempSync(join(tmpdir(), 'backstep-watch-resume-'));
const good = readFileSync(join(ROOT, 'exercises', 'two-two-one-network.yaml'), 'utf8');

describe('practice --watch keeps its place across saves (tmux)', () => {
  it('tmux is installed', () => expect(hasTmux).toBe(true));

  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a changed weight goes back to the first changed step; a new title stays on the current one', async () => {
    const file = join(dir, 'net.yaml');
    writeFileSync(file, good);
    const cmd = `cd ${JSON.stringify(dir)} && env -u CI node ${JSON.stringify(BIN)} practice ./net.yaml --watch --no-save; sleep 600`;
    tmux('new-session', '-d', '-s', 'w', '-x', '100', '-y', '30', cmd);
    await showing('w', 'z_C: weighted input of C');
    for (const [value, next] of [
      ['0.351', 'y_C: output of C'],
      ['0.5869', 'z_D: weighted input of D'],
      ['0.361', 'y_D: output of D'],
      ['0.5893', 'z_F: weighted input of F'],
      ['0.4709', 'y_F: output of F'],
    ] as const) {
      type('w', value);
      await showing('w', next);
    }
    writeFileSync(
      file,
      good.replace('w5: { from: C, to: F, value: 0.2 }', 'w5: { from: C, to: F, value: 0.25 }'),
    );
    await showing('w', '4 answers kept, 1 to redo (z_F)');
    expect(screen('w')).toContain('step 5 of 41');
    expect(screen('w')).toContain('z_F: weighted input of F');
    type('w', '0.5003');
    await showing('w', 'y_F: output of F');
    writeFileSync(
      file,
      good
        .replace('w5: { from: C, to: F, value: 0.2 }', 'w5: { from: C, to: F, value: 0.25 }')
        .replace(/^title: .*$/m, 'title: Retitled'),
    );
    await showing('w', '5 answers kept, none to redo');
    expect(screen('w')).toContain('step 6 of 41');
    expect(screen('w')).toContain('y_F: output of F');
    tmux('send-keys', '-t', 'w', 'q');
  }, 90_000);
});
