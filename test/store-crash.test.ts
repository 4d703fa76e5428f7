/**
 * Crash safety of the progress store: a writer process saving record after record is killed with
 * SIGKILL (no handler runs, no cleanup) just before its K-th file-system call, for every K from 1
 * to KILLS: before opening the temporary file, amid writing it, before the rename, after it. The
 * points are chosen, not timed, so every run kills at the same places. After every kill the file
 * must parse as a whole record: the last one the writer finished saving, or the one it was saving
 * when it died, never a mixture and never an older one. Records alternate between a small and a
 * large queue, so a torn write would also show as a queue that does not match its counter.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFileName, openStore } from '../src/store/progress.js';
import { ensureBuilt, ROOT } from './e2e-build.js';

const KILLS = 40;
const BIG = 4000;

// The writer counts its calls that change files and kills itself at the chosen one. The store
// and write-file-atomic reach node:fs through the same module object, patched before they load.
const writer = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const killAt = Number(process.env.KILL_AT);
let calls = 0;
for (const name of ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'mkdirSync', 'unlinkSync', 'chmodSync']) {
  const real = fs[name];
  fs[name] = function (...args) {
    if (++calls === killAt) process.kill(process.pid, 'SIGKILL');
    return real.apply(this, args);
  };
}
syncBuiltinESMExports();
const { openStore } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/store/progress.js')).href)});
const store = openStore(process.env.DIR);
let n = Number(process.env.START);
const big = Array.from({ length: ${BIG} }, (_, i) => 'step_' + i);
const base = { format: 'backstep-progress', version: 1, exercise: 'crash', title: 'crash test', file: 'crash', hash: 'c'.repeat(64),
  startedAt: '2025-01-06T09:00:00.000Z', updatedAt: '2025-01-06T09:00:00.000Z', round: 1, steps: {} };
// A session loads before it saves (a save then merges only with what others wrote since).
store.load({ exercise: 'crash', identity: 'crash' }, 'c'.repeat(64));
process.stdout.write('ready\\n');
for (;;) {
  n++;
  const r = store.save({ ...base, activeMs: n, queue: n % 2 === 1 ? big : ['z_C'] });
  if (!r.ok) { process.stderr.write(r.message); process.exit(3); }
  // Pipes are written synchronously on Linux and macOS: this line is out before the next call.
  process.stdout.write('saved ' + n + '\\n');
}
`;

/** Runs the writer until its killAt-th call; returns how it ended and the last record it finished saving. */
function runUntil(
  dir: string,
  start: number,
  killAt: number,
): { signal: NodeJS.Signals | null; stderr: string; lastSaved: number } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', writer], {
    env: { ...process.env, DIR: dir, START: String(start), KILL_AT: String(killAt) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const saved = [...r.stdout.matchAll(/^saved (\d+)$/gm)].map((m) => Number(m[1]));
  return { signal: r.signal, stderr: r.stderr, lastSaved: saved.at(-1) ?? start };
}

describe('a writer killed at each of its file-system calls', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it(`leaves a whole record every time (${KILLS} kill points)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-crash-'));
    const store = openStore(dir);
    let last = 0;
    const outcomes = new Set<string>();
    for (let k = 1; k <= KILLS; k++) {
      const { signal, stderr, lastSaved } = runUntil(dir, last, k);
      expect(stderr).toBe('');
      expect(signal, `kill point ${k}`).toBe('SIGKILL');
      const r = store.load({ exercise: 'crash', identity: 'crash' }, 'c'.repeat(64));
      if (r.kind === 'none') {
        // Killed before the very first record reached its place: nothing was ever saved.
        expect(last).toBe(0);
        expect(lastSaved).toBe(0);
        outcomes.add('none yet');
        continue;
      }
      expect(r.kind, `kill point ${k}`).toBe('found');
      if (r.kind !== 'found') return;
      const n = r.record.activeMs;
      expect([lastSaved, lastSaved + 1], `kill point ${k}`).toContain(n);
      expect(n).toBeGreaterThanOrEqual(last);
      expect(r.record.queue.length).toBe(n % 2 === 1 ? BIG : 1);
      outcomes.add(n === lastSaved ? 'the last saved record' : 'the record being saved');
      last = n;
    }
    // The kill points cover both sides of the rename, and the writer got further run by run.
    expect([...outcomes].sort()).toEqual(['none yet', 'the last saved record', 'the record being saved']);
    expect(last).toBeGreaterThan(KILLS / 4);
    // Leftover temporary files (a SIGKILL runs no cleanup) never stand in for the record.
    expect(readdirSync(dir)).toContain(keyFileName({ exercise: 'crash', identity: 'crash' }));
  }, 120_000);
});
