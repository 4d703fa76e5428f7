/**
 * Vitest global set-up: every temporary folder a test makes (mkdtempSync under os.tmpdir(), the
 * data directories of the programs it starts) goes under one folder per run, removed at the end.
 * TMPDIR is set before the workers start, so they and their child processes inherit it, and
 * os.tmpdir() reads it on every call. A run killed half-way leaves that one folder behind.
 *
 * Two more homes go under it:
 * - TMUX_TMPDIR: tmux (3.3) leaves its socket file behind when its server exits, in
 *   /tmp/tmux-<uid> unless told otherwise (the tests also name their sockets by path under
 *   TMPDIR: test/helpers/tmux.ts).
 * - XDG_DATA_HOME: a program a test starts without BACKSTEP_DATA_DIR writes its progress here,
 *   never into the real ~/.local/share/backstep.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEYS = ['TMPDIR', 'TMUX_TMPDIR', 'XDG_DATA_HOME'] as const;

export default function setup(): () => void {
  const outer = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  const root = mkdtempSync(join(tmpdir(), 'backstep-test-'));
  process.env.TMPDIR = root;
  process.env.TMUX_TMPDIR = root;
  process.env.XDG_DATA_HOME = join(root, 'xdg-data');
  mkdirSync(process.env.XDG_DATA_HOME);
  return () => {
    for (const k of KEYS) {
      if (outer[k] === undefined) delete process.env[k];
      else process.env[k] = outer[k];
    }
    rmSync(root, { recursive: true, force: true });
  };
}
