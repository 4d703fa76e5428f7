import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir, progressDir } from '../src/store/data-dir.js';
import { describeError } from '../src/exercise/errors.js';
import { contentHash, keyFileName, keyOf, openStore } from '../src/store/progress.js';
import { parseRecord, serialiseRecord } from '../src/store/record.js';
import { answered, progressRecord } from './helpers/records.js';
import type { ProgressRecord } from '../src/store/record.js';

const HASH = 'a'.repeat(64);

function record(over: Partial<ProgressRecord> = {}): ProgressRecord {
  return progressRecord({
    steps: { z_C: answered('0.351', { answer: '0.23*0.1 + 0.82*0.4' }) },
    ...over,
  });
}

const KEY = keyOf(record());

const tmp = () => mkdtempSync(join(tmpdir(), 'backstep-store-'));

describe('where progress lives', () => {
  it('BACKSTEP_DATA_DIR overrides the platform data directory', () => {
    expect(dataDir({ BACKSTEP_DATA_DIR: '/x/y' })).toBe('/x/y');
    expect(progressDir({ BACKSTEP_DATA_DIR: '/x/y' })).toBe(join('/x/y', 'progress'));
  });

  it("the default is the data directory named backstep, without env-paths' -nodejs suffix", () => {
    const d = dataDir({});
    expect(d.endsWith(`${join('', 'backstep')}`) || d.endsWith(join('backstep', 'Data'))).toBe(true);
    expect(d).not.toContain('nodejs');
    expect(dataDir({ BACKSTEP_DATA_DIR: '  ' })).toBe(d);
  });

  it('the content hash is sha256 of the file text', () => {
    // sha256("abc"), FIPS 180-2 test vector.
    expect(contentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('saving and loading', () => {
  it('round-trips a record, one private file per exercise', () => {
    const dir = join(tmp(), 'progress');
    const store = openStore(dir);
    expect(store.load(KEY, HASH)).toEqual({ kind: 'none' });
    expect(store.save(record())).toEqual({ ok: true });
    expect(store.load(KEY, HASH)).toEqual({ kind: 'found', record: record() });
    expect(readdirSync(dir)).toEqual([keyFileName(KEY)]);
    expect(statSync(store.fileFor(KEY)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('another version of the exercise gives "stale", not the answers', () => {
    const store = openStore(tmp());
    store.save(record());
    expect(store.load(KEY, 'b'.repeat(64))).toMatchObject({ kind: 'stale', record: { hash: HASH } });
  });

  it.each([
    ['not JSON', '{"format": "backstep-progress", '],
    ['empty', ''],
    ['another format', JSON.stringify({ ...record(), format: 'something' })],
    [
      'a value that is not a number',
      JSON.stringify({ ...record(), steps: { z_C: { tries: 0, hints: 0, mistakes: [], value: '0.3x' } } }),
    ],
    [
      'hints out of range',
      JSON.stringify({ ...record(), steps: { z_C: { tries: 0, hints: 7, mistakes: [] } } }),
    ],
    ['another exercise', JSON.stringify(record({ exercise: 'perceptron-rule' }))],
  ])('a damaged file (%s) is moved aside with a message, never thrown', (_what, text) => {
    const dir = tmp();
    const store = openStore(dir);
    writeFileSync(store.fileFor(KEY), text);
    // Without moveAside (the menu) the file stays.
    expect(store.load(KEY, HASH)).toMatchObject({ kind: 'damaged' });
    expect(existsSync(store.fileFor(KEY))).toBe(true);
    const now = new Date(Date.UTC(2025, 0, 6, 9, 30, 15, 250));
    const r = store.load(KEY, HASH, { moveAside: true, now });
    expect(r.kind).toBe('damaged');
    const moved = `${store.fileFor(KEY)}.corrupt-2025-01-06T09-30-15-250Z`;
    expect(r.kind === 'damaged' && r.movedTo).toBe(moved);
    expect(r.kind === 'damaged' && r.message).toContain(moved);
    expect(readFileSync(moved, 'utf8')).toBe(text);
    expect(store.load(KEY, HASH)).toEqual({ kind: 'none' });
    expect(store.save(record())).toEqual({ ok: true });
  });

  it('a path that cannot be read is reported as damaged', () => {
    const dir = tmp();
    const store = openStore(dir);
    // A directory where the file should be: EISDIR on read.
    mkdirSync(store.fileFor(KEY));
    const r = store.load(KEY, HASH);
    expect(r.kind === 'damaged' && r.message).toContain('EISDIR');
  });

  it('a failed write (full disk) comes back as a message; the old file is untouched', () => {
    const dir = tmp();
    openStore(dir).save(record());
    const full = openStore(dir, {
      write: () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    });
    const r = full.save(record({ activeMs: 1 }));
    expect(r).toEqual({
      ok: false,
      message: `could not save progress: the disk is full (ENOSPC) (${full.fileFor(KEY)})`,
    });
    expect(full.load(KEY, HASH)).toEqual({ kind: 'found', record: record() });
  });

  it('a data directory that cannot be created (a file is in the way) is a message too', () => {
    const base = tmp();
    writeFileSync(join(base, 'progress'), 'not a directory');
    const r = openStore(join(base, 'progress')).save(record());
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^could not save progress: /);
  });

  it('temporary files left by a killed writer are removed once clearly abandoned', () => {
    const dir = tmp();
    const store = openStore(dir);
    store.save(record());
    const old = `${store.fileFor(KEY)}.1234567890`;
    const recent = `${store.fileFor(KEY)}.42`;
    writeFileSync(old, '{');
    writeFileSync(recent, '{');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, hourAgo, hourAgo);
    store.load(KEY, HASH);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});

describe('the record format', () => {
  it('serialises to JSON that parses back to the same record', () => {
    const r = record({
      finishedAt: '2025-01-06T10:00:00.000Z',
      firstPass: { total: 2, firstTry: 1, followThrough: 1, afterHints: 0, revealed: 0 },
    });
    expect(parseRecord(serialiseRecord(r))).toEqual({ record: r });
  });

  it('says what is wrong with a bad record', () => {
    const p = parseRecord(JSON.stringify({ ...record(), round: 0 }));
    expect('problem' in p && p.problem).toContain('round');
  });
});

describe('system errors in words', () => {
  it.each([
    ['ENOSPC', 'the disk is full (ENOSPC)'],
    ['EACCES', 'permission denied (EACCES)'],
    ['EROFS', 'the file system is read-only (EROFS)'],
  ])('%s', (code, words) => {
    expect(describeError(Object.assign(new Error('x'), { code }))).toBe(words);
  });
});
