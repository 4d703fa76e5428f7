import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { keyFileName, keyOf, MAX_PROGRESS_BYTES, openStore } from '../src/store/progress.js';
import { PROGRESS_FORMAT } from '../src/store/record.js';
import type { ProgressRecord } from '../src/store/record.js';
import { BIN, ensureBuilt } from './e2e-build.js';

/**
 * Progress reads are bounded, a failed save is seen in the exit code, and a failed lock leaves
 * no lock file (issue 22, item 9).
 */

// writeSync fails with ENOSPC while `full` is set (the lock's holder is written with it).
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs', async (original) => {
  const real = await original<typeof fs>();
  return {
    ...real,
    writeSync: (...args: Parameters<typeof real.writeSync>) => {
      if (disk.full)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return real.writeSync(...args);
    },
  };
});

const HASH = 'd'.repeat(64);
const tmp = () => mkdtempSync(join(tmpdir(), 'backstep-limits-'));
const record: ProgressRecord = {
  format: PROGRESS_FORMAT,
  version: 1,
  exercise: 'two-two-one-network',
  title: 'A 2-2-1 network',
  file: 'two-two-one-network',
  identity: 'bundled:two-two-one-network',
  hash: HASH,
  startedAt: '2025-01-06T09:00:00.000Z',
  updatedAt: '2025-01-06T09:00:00.000Z',
  activeMs: 0,
  round: 1,
  queue: ['z_C'],
  steps: {},
};
const KEY = keyOf(record);

describe('a progress file larger than any backstep writes', () => {
  it('is set aside unread, the message giving its size and the limit', () => {
    const dir = tmp();
    const store = openStore(dir);
    // 3 GiB, sparse: no disk space used, and nothing in it worth reading.
    writeFileSync(store.fileFor(KEY), '');
    truncateSync(store.fileFor(KEY), 3 * 1024 ** 3);
    const t0 = performance.now();
    const r = store.load(KEY, HASH, { moveAside: true });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.kind).toBe('damaged');
    // 3 * 1024^3 = 3,221,225,472 and 32 * 1024^2 = 33,554,432.
    expect(r.kind === 'damaged' && r.message).toContain(
      'is 3,221,225,472 bytes (3.0 GiB); progress files are limited to 33,554,432 bytes (32.0 MiB); moved it to',
    );
    expect(existsSync(store.fileFor(KEY))).toBe(false);
    expect(store.save(record)).toEqual({ ok: true });
  });

  it('one byte over the limit is refused, the limit itself is read', () => {
    const dir = tmp();
    const store = openStore(dir);
    const text = JSON.stringify(record);
    // Valid JSON padded with spaces to exactly the limit, then one more byte.
    writeFileSync(store.fileFor(KEY), text + ' '.repeat(MAX_PROGRESS_BYTES - text.length));
    expect(store.load(KEY, HASH).kind).toBe('found');
    writeFileSync(store.fileFor(KEY), text + ' '.repeat(MAX_PROGRESS_BYTES - text.length + 1));
    const r = store.load(KEY, HASH);
    expect(r.kind === 'damaged' && r.message).toContain('is 33,554,433 bytes (32.0 MiB)');
  });

  it('a FIFO in its place is reported, not waited on', () => {
    const dir = tmp();
    const store = openStore(dir);
    const made = spawnSync('mkfifo', [store.fileFor(KEY)]);
    expect(made.status).toBe(0);
    const r = store.load(KEY, HASH);
    expect(r.kind === 'damaged' && r.message).toContain('not a regular file');
  });
});

describe('a lock that cannot be written (full disk)', () => {
  it('is removed: no empty lock file is left, and the save says why it failed', () => {
    const dir = tmp();
    const store = openStore(dir);
    disk.full = true;
    let r;
    try {
      r = store.save(record);
    } finally {
      disk.full = false;
    }
    expect(r).toEqual({
      ok: false,
      message: `could not save progress: the disk is full (ENOSPC) (${store.fileFor(KEY)})`,
    });
    expect(readdirSync(dir)).toEqual([]);
    expect(store.save(record)).toEqual({ ok: true });
    expect(readdirSync(dir)).toEqual([keyFileName(KEY)]);
  });
});

describe('the real program', () => {
  beforeAll(() => ensureBuilt(), 180_000);
  const run = (data: string, input: string) =>
    spawnSync(process.execPath, [BIN, 'practice', 'two-two-one-network', '--plain'], {
      env: { ...process.env, BACKSTEP_DATA_DIR: data, CI: '' },
      input,
      encoding: 'utf8',
    });

  it('exits 74 when the answers could not be saved, after saying so', () => {
    const data = tmp();
    // A file where the progress folder should be: every save fails.
    writeFileSync(join(data, 'progress'), 'not a folder');
    const r = run(data, '0.351\nq\n');
    expect(r.stdout).toContain('could not save progress');
    expect(r.stdout).toContain('Your last answers could not be written');
    expect(r.status).toBe(74);
  });

  it('exits 0 after q when saving works, and 1 when the input ends first', () => {
    const data = tmp();
    expect(run(data, '0.351\nq\n').status).toBe(0);
    expect(run(data, '0.5869\n').status).toBe(1);
  });

  it('starts at once beside a 3 GiB progress file, which it sets aside', () => {
    const data = tmp();
    mkdirSync(join(data, 'progress'));
    const file = join(data, 'progress', keyFileName(KEY));
    writeFileSync(file, '');
    truncateSync(file, 3 * 1024 ** 3);
    const t0 = performance.now();
    const r = run(data, 'q\n');
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.stdout).toContain('3,221,225,472 bytes (3.0 GiB)');
    expect(fs.existsSync(file)).toBe(false);
  });
});
