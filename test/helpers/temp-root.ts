/**
 * Vitest global set-up: every temporary folder a test makes (mkdtempSync under os.tmpdir(), the
 * data directories of the programs it starts) goes under one folder per run, removed at the end.
 * TMPDIR is set before the workers start, so they and their child processes inherit it, and
 * os.tmpdir() reads it on every call. A run killed half-way leaves that one folder behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const outer = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'backstep-test-'));
  process.env.TMPDIR = root;
  return () => {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    rmSync(root, { recursive: true, force: true });
  };
}
