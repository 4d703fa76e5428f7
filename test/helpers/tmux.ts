/**
 * A private tmux server for tests that drive the real program in a terminal: sessions, the
 * screen as text, and polling with a deadline (never a fixed sleep).
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export function tmuxServer(name: string) {
  const socket = `${name}-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
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
