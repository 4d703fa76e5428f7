/**
 * The author's loop in a real terminal (tmux): `practice --watch --no-save` shows a broken file's
 * located errors, then the walkthrough once it is fixed, and keeps no progress; `solve --watch`
 * prints the solution again after each save. The screen is polled with a deadline.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, ensureBuilt } from './e2e-build.js';
import { hasTmux, tmuxServer } from './helpers/tmux.js';

const { tmux, screen, until, showing, type, close } = tmuxServer('backstep-watch');
const dir = mkdtempSync(join(tmpdir(), 'backstep-watch-'));
const good = readFileSync(join(ROOT, 'exercises', 'two-two-one-network.yaml'), 'utf8');

describe('watching an exercise file (tmux)', () => {
  // Never skipped: without tmux this fails (apt-get install tmux; .ci/run does).
  it('tmux is installed', () => expect(hasTmux).toBe(true));

  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('practice --watch --no-save: errors while broken, the walkthrough when fixed, no progress kept', async () => {
    const file = join(dir, 'net.yaml');
    const data = join(dir, 'data');
    writeFileSync(file, good.replace('learning_rate: 0.7', 'learning_rate: fast'));
    const cmd = `cd ${JSON.stringify(dir)} && env -u CI BACKSTEP_DATA_DIR=${JSON.stringify(data)} node ${JSON.stringify(BIN)} practice ./net.yaml --watch --no-save; sleep 600`;
    tmux('new-session', '-d', '-s', 'p', '-x', '80', '-y', '24', cmd);
    await showing('p', 'the file has errors');
    expect(screen('p')).toMatch(/net\.yaml:\d+:\d+: error: `training\.learning_rate`/);
    writeFileSync(file, good);
    await showing('p', 'z_C: weighted input of C');
    // A clean screen for each start: the errors are gone, no clearing printed as text.
    expect(screen('p')).not.toContain('the file has errors');
    expect(screen('p')).not.toMatch(/\\x1b|\[2J/);
    type('p', '0.351');
    await showing('p', 'y_C: output of C');
    // Saved again (an edit of the inputs): the walkthrough starts over with the new numbers.
    writeFileSync(file, good.replace('inputs: { A: 0.23, B: 0.82 }', 'inputs: { A: 0.5, B: 0.82 }'));
    await showing('p', 'x_A = 0.5');
    expect(screen('p')).toContain('z_C: weighted input of C');
    expect(screen('p').match(/Watching/g)).toHaveLength(1);
    tmux('send-keys', '-t', 'p', 'q');
    await showing('p', 'Nothing was saved (--no-save)');
    expect(existsSync(join(data, 'progress'))).toBe(false);
  }, 90_000);

  it('practice --watch at 60 columns: the error message wraps, the excerpt keeps its columns', async () => {
    const file = join(dir, 'narrow.yaml');
    writeFileSync(file, good.replace('learning_rate: 0.7', 'learning_rate: fast'));
    const cmd = `cd ${JSON.stringify(dir)} && env -u CI node ${JSON.stringify(BIN)} practice ./narrow.yaml --watch --no-save; sleep 600`;
    tmux('new-session', '-d', '-s', 'n', '-x', '60', '-y', '20', cmd);
    await showing('n', 'error: `training.learning_rate`');
    const shot = screen('n');
    // The whole message, wherever it is broken into lines.
    expect(shot.replace(/\s+/g, ' ')).toContain('error: `training.learning_rate`: "fast" is not a number');
    expect(shot).not.toContain('…');
    // The caret stands under the value it points at.
    const lines = shot.split('\n');
    const source = lines.findIndex((l) => /\| +learning_rate: fast/.test(l));
    expect(lines[source + 1]!.indexOf('^')).toBe(lines[source]!.indexOf('fast'));
    // Fixed: the walkthrough, whose header says when the file was read (the note above the
    // walkthrough that says so is the first thing a small terminal drops).
    writeFileSync(file, good);
    await showing('n', 'z_C: weighted input of C');
    expect(screen('n')).toMatch(/… {2}read \d\d:\d\d:\d\d · step 1 of 41\n/);
    tmux('send-keys', '-t', 'n', 'q');
  }, 60_000);

  it('solve --watch prints the solution again on every save, and the errors in between', async () => {
    const file = join(dir, 'solve.yaml');
    writeFileSync(file, good);
    const cmd = `cd ${JSON.stringify(dir)} && node ${JSON.stringify(BIN)} solve ./solve.yaml --watch; sleep 600`;
    tmux('new-session', '-d', '-s', 's', '-x', '80', '-y', '24', cmd);
    await showing('s', '-- watching ./solve.yaml');
    writeFileSync(file, good.replace('learning_rate: 0.7', 'learning_rate: fast'));
    await showing('s', 'error: `training.learning_rate`');
    // The screen was cleared first: the last solution is gone, and no clearing shows as text.
    expect(screen('s')).not.toContain('E@2 = ');
    expect(screen('s')).not.toMatch(/\\x1b|\[2J/);
    writeFileSync(file, good.replace('learning_rate: 0.7', 'learning_rate: 0.5'));
    await until(
      'the new solution',
      () =>
        !screen('s').includes('error:') &&
        screen('s').includes('-- watching') &&
        screen('s').includes('E@2 = '),
    );
    tmux('send-keys', '-t', 's', 'C-c');
  }, 60_000);
});
