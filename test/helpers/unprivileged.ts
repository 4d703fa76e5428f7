import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BIN, ensureBuilt } from '../e2e-build.js';

/**
 * Runs the built program as a user without privileges: as root (CI containers) every
 * permission check passes, so a folder without read permission would read fine. Under root
 * the run drops to `nobody` with setpriv; otherwise it runs as the current user. The folders it
 * uses must be open to others (the test makes them so).
 */
export function unprivileged(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  ensureBuilt();
  // The run's temporary root (test/helpers/temp-root.ts) is private to its owner; let the user pass.
  if (cwd.startsWith(tmpdir())) chmodSync(tmpdir(), 0o711);
  const node = [process.execPath, BIN, ...args];
  const argv =
    process.getuid?.() === 0
      ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node]
      : node;
  return spawnSync(argv[0]!, argv.slice(1), {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, XDG_DATA_HOME: cwd, ...env },
  });
}
