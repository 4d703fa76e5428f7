/**
 * A private tmux server for tests that drive the real program in a terminal: sessions, the
 * screen as text, and polling with a deadline (never a fixed sleep).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/**
 * A socket path under the run's temporary folder (test/helpers/temp-root.ts), named outright:
 * tmux 3.3 leaves its socket file behind when the server exits, and a name given with -L would
 * put it in /tmp/tmux-<uid> whatever TMPDIR says.
 */
export function tmuxSocket(name: string): string {
  return join(tmpdir(), `${name}-${process.pid}.sock`);
}

export function tmuxServer(name: string) {
  const socket = tmuxSocket(name);
  const run = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
  // A session that outlives the tests' own: killing the last session makes the server exit, and a
  // new-session racing that exit fails ("server exited unexpectedly").
  let kept = false;
  const tmux = (...args: string[]) => {
    if (!kept && args[0] === 'new-session') {
      run('new-session', '-d', '-s', 'keeper', 'sleep 3600');
      kept = true;
    }
    return run(...args);
  };
  const screen = (session: string) => tmux('capture-pane', '-p', '-t', session);
  const until = async (what: string, check: () => boolean, ms = 20_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    tmux,
    screen,
    until,
    showing: (session: string, text: string) =>
      until(`"${text}" on screen`, () => screen(session).includes(text)),
    /** Types text literally (a leading "-" is not an option), then Enter. */
    type: (session: string, text: string) => {
      tmux('send-keys', '-t', session, '-l', '--', text);
      tmux('send-keys', '-t', session, 'Enter');
    },
    close: () => {
      try {
        tmux('kill-server');
      } catch {
        // No server left.
      }
    },
  };
}
