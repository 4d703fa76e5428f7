import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFileName } from '../src/store/progress.js';
import { parseRecord } from '../src/store/record.js';
import { BIN, ensureBuilt } from './e2e-build.js';
import { tmuxServer } from './helpers/tmux.js';

/**
 * The real program in a real terminal (tmux, on a private server socket): answer a few steps,
 * give a wrong answer and read the diagnosis, ask for a hint, press Ctrl-C (exit code 130),
 * start again and resume where it stopped. The screen is polled with a deadline, never slept on.
 */
// Select Graphic Rendition: colours, bold, dim, inverse.
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`);
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// The shared private server (test/helpers/tmux.ts), with its keeper session.
const { tmux } = tmuxServer('backstep-e2e');
const dataDir = mkdtempSync(join(tmpdir(), 'backstep-e2e-'));
const exitFile = (name: string) => join(dataDir, `${name}.exit`);

function start(name: string, env = ''): void {
  const cmd = `cd ${JSON.stringify(dataDir)} && env -u CI -u CONTINUOUS_INTEGRATION BACKSTEP_DATA_DIR=${JSON.stringify(dataDir)} ${env} node ${JSON.stringify(BIN)} practice two-two-one-network; echo EXIT=$? > ${JSON.stringify(exitFile(name))}; sleep 600`;
  tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', cmd);
}

function screen(name: string, escapes = false): string {
  return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', name);
}

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// On a timeout the message carries the screen, so a failure in CI can be read.
const showing = (name: string, text: string) =>
  until(`"${text}" on screen`, () => screen(name).includes(text)).catch((e: Error) => {
    throw new Error(`${e.message}; the screen:\n${screen(name)}`);
  });
const exited = (name: string) =>
  until(
    `${name} to exit`,
    () => existsSync(exitFile(name)) && readFileSync(exitFile(name), 'utf8').includes('EXIT='),
  );
const type = (name: string, text: string) => {
  tmux('send-keys', '-t', name, '-l', text);
  tmux('send-keys', '-t', name, 'Enter');
};

// Never skipped: .ci/run installs tmux when it is missing.
describe('backstep practice in a terminal (tmux)', () => {
  it('tmux is installed (apt-get install tmux; .ci/run does)', () => expect(hasTmux).toBe(true));

  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // No server left.
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers, diagnosis, hint, Ctrl-C (130), then resumes where it stopped', async () => {
    start('first');
    await showing('first', 'z_C =');
    expect(screen('first')).toContain('z_C: weighted input of C');
    type('first', '0.351');
    await showing('first', 'y_C: output of C');
    type('first', '0.5869');
    await showing('first', 'z_D: weighted input of D');
    // 0.23*0.3 + 0.82*0.5 = 0.479: the weights into D swapped.
    type('first', '0.479');
    await showing('first', 'swapped');
    tmux('send-keys', '-t', 'first', 'Tab');
    await showing('first', 'Hint 1 of 2: z_D = x_A * w2 + x_B * w4');
    tmux('send-keys', '-t', 'first', 'C-c');
    await exited('first');
    expect(readFileSync(exitFile('first'), 'utf8').trim()).toBe('EXIT=130');
    expect(screen('first')).toContain('Progress saved: 2 of 41 steps done.');
    const saved = parseRecord(
      readFileSync(
        join(
          dataDir,
          'progress',
          keyFileName({ exercise: 'two-two-one-network', identity: 'bundled:two-two-one-network' }),
        ),
        'utf8',
      ),
    );
    expect('record' in saved && saved.record.steps['z_D']).toMatchObject({
      tries: 1,
      hints: 1,
      mistakes: [{ code: 'wrong-weight' }],
    });

    start('second');
    await showing('second', 'You have done 2 of 41 steps');
    tmux('send-keys', '-t', 'second', 'Enter');
    await showing('second', 'z_D =');
    expect(screen('second')).toContain('Resuming: 2 of 41 steps done.');
    expect(screen('second')).toContain('Hint 1 of 2');
    type('second', '0.361');
    await showing('second', 'y_D: output of D');
    tmux('send-keys', '-t', 'second', 'q');
    await exited('second');
    expect(readFileSync(exitFile('second'), 'utf8').trim()).toBe('EXIT=0');
  }, 90_000);

  it('with CI set (a log that keeps every redraw), the terminal gets plain mode', async () => {
    start('ci', 'CI=true');
    // Plain mode resumes by itself (the first test left progress behind).
    await showing('ci', 'Resuming: 3 of 41 steps done.');
    expect(screen('ci')).toContain('[4/41] y_D: output of D');
    type('ci', 'q');
    await exited('ci');
    expect(readFileSync(exitFile('ci'), 'utf8').trim()).toBe('EXIT=0');
  }, 60_000);

  it('NO_COLOR: no colours or other styles on screen', async () => {
    start('plain-colours', 'NO_COLOR=1');
    await showing('plain-colours', 'Enter');
    expect(screen('plain-colours', true)).not.toMatch(SGR);
    tmux('send-keys', '-t', 'plain-colours', 'C-c');
    await exited('plain-colours');
  }, 60_000);

  it('escape sequences typed at the answer are ignored, not shown as text; a lone Esc clears', async () => {
    start('esc', `BACKSTEP_DATA_DIR=${JSON.stringify(join(dataDir, 'esc'))}`);
    await showing('esc', 'z_C =');
    const hex = (...bytes: string[]) => tmux('send-keys', '-t', 'esc', '-H', ...bytes);
    tmux('send-keys', '-t', 'esc', '-l', '0.3');
    await showing('esc', 'z_C = 0.3');
    // F12, ESC [ 2 5 ~ (a key with no use here), keypad Enter in application mode
    // (ESC O M), a focus report (ESC [ I), Alt-5, an SGR mouse click.
    tmux('send-keys', '-t', 'esc', 'F12');
    hex('1b', '5b', '32', '35', '7e');
    hex('1b', '4f', '4d');
    hex('1b', '5b', '49');
    tmux('send-keys', '-t', 'esc', 'M-5');
    hex('1b', '5b', '3c', '30', '3b', '31', '30', '3b', '35', '4d');
    tmux('send-keys', '-t', 'esc', '-l', '51');
    await showing('esc', 'z_C = 0.351');
    const shot = screen('esc');
    expect(
      shot
        .split('\n')
        .find((l) => l.startsWith('z_C ='))
        ?.trimEnd(),
      shot,
    ).toBe('z_C = 0.351');
    // The region was drawn again over itself on every key: cursor movements, not text.
    expect(shot.match(/step 1 of 41/g), shot).toHaveLength(1);
    expect(shot).not.toMatch(/\\x1b|\[\d+A/);
    // A lone Esc clears what was typed; then the answer is taken as usual.
    tmux('send-keys', '-t', 'esc', 'Escape');
    await until('the answer cleared', () =>
      screen('esc')
        .split('\n')
        .some((l) => l.trimEnd() === 'z_C ='),
    );
    type('esc', '0.351');
    await showing('esc', 'y_C: output of C');
    tmux('send-keys', '-t', 'esc', 'q');
    await exited('esc');
  }, 60_000);
});
