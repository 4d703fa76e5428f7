import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFileName, openStore } from '../src/store/progress.js';
import { ensureBuilt, ROOT } from './e2e-build.js';

/**
 * Crash safety of the progress store: a writer process saving in a tight loop is killed with
 * SIGKILL at random moments (no handler runs, no cleanup); after every kill the file must parse
 * as a whole record, the old one or the new one, never a mixture and never older than a record
 * read before. Records alternate between a small and a large queue, so a torn write would also
 * show as a queue that does not match its counter.
 */
const KILLS = 40;
const BIG = 4000;

const writer = `
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
}
`;

// xorshift32 with a fixed seed: the same kill delays on every run (the moments still vary).
let seed = 0x9e3779b9;
function random(): number {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed / 2 ** 32;
}

function runAndKill(dir: string, start: number, delayMs: number): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer], { env: { ...process.env, DIR: dir, START: String(start) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stderr }));
  });
}

describe('a writer killed at random moments', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it(`leaves a whole record every time (${KILLS} kills)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-crash-'));
    const store = openStore(dir);
    let last = 0;
    let changes = 0;
    for (let i = 0; i < KILLS; i++) {
      const { signal, stderr } = await runAndKill(dir, last, Math.floor(random() * 40));
      expect(stderr).toBe('');
      expect(signal).toBe('SIGKILL');
      const r = store.load({ exercise: 'crash', identity: 'crash' }, 'c'.repeat(64));
      if (r.kind === 'none' && last === 0) continue; // killed before the very first rename
      expect(r.kind).toBe('found');
      if (r.kind !== 'found') return;
      const n = r.record.activeMs;
      expect(n).toBeGreaterThanOrEqual(last);
      expect(r.record.queue.length).toBe(n % 2 === 1 ? BIG : 1);
      if (n > last) changes++;
      last = n;
    }
    // The writer did get to write between kills, so kills did land amid writing.
    expect(changes).toBeGreaterThan(KILLS / 2);
    // Leftover temporary files (a SIGKILL runs no cleanup) never stand in for the record.
    expect(readdirSync(dir)).toContain(keyFileName({ exercise: 'crash', identity: 'crash' }));
  }, 120_000);
});
