/**
 * The pure parts of issue 10's defences, without a process: the sanitiser (with a seeded
 * fast-check property over arbitrary text), the plain-mode line reader, progress keys, merging
 * and versions, and the data directory. Seeds are fixed and printed on failure.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeLine, safeOutput, safeText } from '../src/exercise/terminal-text.js';
import { dataDir } from '../src/store/data-dir.js';
import { keyFileName, keyOf, openStore } from '../src/store/progress.js';
import { PROGRESS_FORMAT, serialiseRecord } from '../src/store/record.js';
import type { ProgressRecord } from '../src/store/record.js';
import { lineReader, MAX_LINE, TOO_LONG } from '../src/ui/plain.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const SEED = 1010;

describe('the terminal sanitiser', () => {
  it('escapes ESC, BEL, CR, C1 and bidi overrides visibly, keeps newlines and tabs', () => {
    expect(safeText('a\u001b]52;c;eA==\u0007b')).toBe('a\\x1b]52;c;eA==\\x07b');
    expect(safeText('x\r\ny\tz')).toBe('x\\x0d\ny\tz');
    expect(safeText('\u009b2J \u202eevil')).toBe('\\u009b2J \\u202eevil');
    expect(safeLine('one\ntwo')).toBe('one\\ntwo');
    // The Arabic letter mark and the tag characters (invisible text) are shown, not passed on.
    expect(safeText('a\u061cb')).toBe('a\\u061cb');
    expect(safeText('ok\u{e0068}\u{e0069}')).toBe('ok\\u{e0068}\\u{e0069}');
    expect(safeText('0.351 → ok, naïve')).toBe('0.351 → ok, naïve');
  });

  it('lets our own colours through the output sink, and nothing else', () => {
    expect(safeOutput('\u001b[1;32mok\u001b[0m')).toBe('\u001b[1;32mok\u001b[0m');
    expect(safeOutput('\u001b[2J\u001b]8;;http://x\u0007')).toBe('\\x1b[2J\\x1b]8;;http://x\\x07');
    expect(safeOutput('\u001b[38;5;1mx')).toBe('\\x1b[38;5;1mx');
  });

  it(`leaves no control character in any text (fast-check, seed ${SEED})`, () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('\u001b', '\u0007', '\u009b', '\u202e', '\r', '\n', '[', ']', ';', 'm'),
        fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
      ),
      maxLength: 80,
    });
    fc.assert(
      fc.property(text, (s) => {
        // eslint-disable-next-line no-control-regex
        expect(safeOutput(s)).not.toMatch(/\u001b(?!\[(?:[0-9;]*)m)/);
        expect(safeText(s)).not.toMatch(CONTROL);
        expect(safeText(safeText(s))).toBe(safeText(s));
      }),
      { seed: SEED, numRuns: 2000, verbose: true },
    );
  });
});

describe('plain-mode input', () => {
  const read = async (chunks: Array<string | Buffer>, end = true) => {
    const s = new PassThrough();
    const r = lineReader(s);
    for (const c of chunks) s.write(c);
    if (end) s.end();
    const out: Array<string | undefined | typeof TOO_LONG> = [];
    for (;;) {
      const l = await r();
      out.push(l);
      if (l === undefined) break;
    }
    r.close();
    return out;
  };

  it('keeps a multi-byte character split across two reads', async () => {
    const bytes = Buffer.from('0.5€\n', 'utf8');
    expect(await read([bytes.subarray(0, 4), bytes.subarray(4)])).toEqual(['0.5€', undefined]);
  });

  it('refuses an over-long line without keeping it, and reads the next one', async () => {
    expect(await read(['x'.repeat(MAX_LINE + 1), 'y'.repeat(10 * MAX_LINE), '\n0.351\n'])).toEqual([
      TOO_LONG,
      '0.351',
      undefined,
    ]);
  });

  it('a stream error is an error, not the end of the input', async () => {
    const s = new PassThrough();
    const r = lineReader(s);
    s.emit('error', Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
    await expect(r()).rejects.toThrow(/cannot read the answers: EIO/);
    r.close();
  });
});

function record(over: Partial<ProgressRecord> = {}): ProgressRecord {
  return {
    format: PROGRESS_FORMAT,
    version: 1,
    exercise: 'my-exercise',
    title: 'Mine',
    file: 'my-exercise.yaml',
    identity: '/home/a/my-exercise.yaml',
    hash: 'a'.repeat(64),
    startedAt: '2025-01-06T09:00:00.000Z',
    updatedAt: '2025-01-06T09:05:00.000Z',
    activeMs: 1000,
    round: 1,
    queue: ['a', 'b'],
    steps: {},
    ...over,
  };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'backstep-keys-'));
const done = (answer: string) => ({
  outcome: 'first-try' as const,
  answer,
  value: answer,
  tries: 0,
  hints: 0,
  mistakes: [],
});

describe('progress keys', () => {
  it('two files with one id, and the seeds a.b and a/b, keep separate progress', () => {
    const store = openStore(tmp());
    const one = record();
    const two = record({ identity: '/home/b/my-exercise.yaml', steps: { a: done('1') } });
    const seedDot = record({ identity: 'bundled:x', variant: 'a.b' });
    const seedSlash = record({ identity: 'bundled:x', variant: 'a/b' });
    for (const r of [one, two, seedDot, seedSlash]) expect(store.save(r)).toEqual({ ok: true });
    expect(new Set([one, two, seedDot, seedSlash].map((r) => keyFileName(keyOf(r)))).size).toBe(4);
    expect(store.load(keyOf(one), one.hash)).toEqual({ kind: 'found', record: one });
    expect(store.load(keyOf(two), two.hash)).toEqual({ kind: 'found', record: two });
    expect(store.load(keyOf(seedSlash), one.hash)).toEqual({ kind: 'found', record: seedSlash });
  });

  it('a record from a newer format is left untouched, with a message, and not overwritten', () => {
    const dir = tmp();
    const store = openStore(dir);
    const file = store.fileFor(keyOf(record()));
    const newer = JSON.stringify({ format: PROGRESS_FORMAT, version: 2, whatever: true });
    store.save(record());
    writeFileSync(file, newer);
    const r = store.load(keyOf(record()), record().hash, { moveAside: true });
    expect(r.kind).toBe('newer');
    expect(r.kind === 'newer' && r.message).toMatch(
      /saved by a newer backstep \(format version 2\); it is left untouched/,
    );
    expect(store.save(record()).ok).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(newer);
    expect(readdirSync(dir)).toEqual([keyFileName(keyOf(record()))]);
  });

  it("two sessions on one exercise: the one saving last keeps the other one's answers", () => {
    const dir = tmp();
    const first = openStore(dir);
    const second = openStore(dir);
    expect(first.load(keyOf(record()), record().hash).kind).toBe('none');
    expect(second.load(keyOf(record()), record().hash).kind).toBe('none');
    first.save(record({ steps: { a: done('0.1') } }));
    // The second session started before the first answered a, and answered b.
    expect(second.save(record({ steps: { b: done('0.2') }, activeMs: 500 }))).toEqual({ ok: true });
    const store = openStore(dir);
    const r = store.load(keyOf(record()), record().hash);
    expect(r.kind === 'found' && r.record.steps).toEqual({ a: done('0.1'), b: done('0.2') });
    expect(r.kind === 'found' && r.record.activeMs).toBe(1000);
  });

  it('a session saving while another is between its read and its rename waits, and loses nothing', () => {
    const dir = tmp();
    const key = keyOf(record());
    const second = openStore(dir, { lockWaitMs: 50 });
    let during: { ok: boolean; message?: string } | undefined;
    // The first session's write runs the second session's save at the worst moment: after the
    // first read the file, before its rename. Unlocked, the first rename would drop b.
    const first = openStore(dir, {
      write: (file, text) => {
        during ??= second.save(record({ steps: { b: done('0.2') } }));
        writeFileSync(file, text);
      },
    });
    first.load(key, record().hash);
    second.load(key, record().hash);
    expect(first.save(record({ steps: { a: done('0.1') } }))).toEqual({ ok: true });
    expect(during?.ok).toBe(false);
    expect(during?.message).toContain(`process id ${process.pid}`);
    expect(during?.message).toContain('your answers are kept');
    // The second session's next save carries b, and merges a from the disk.
    expect(second.save(record({ steps: { b: done('0.2') } }))).toEqual({ ok: true });
    const r = openStore(dir).load(key, record().hash);
    expect(r.kind === 'found' && Object.keys(r.record.steps).sort()).toEqual(['a', 'b']);
    expect(readdirSync(dir).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });

  it('a lock left by a session that died is taken over at once', () => {
    const dir = tmp();
    const store = openStore(dir, { lockWaitMs: 0 });
    const file = store.fileFor(keyOf(record()));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(
      `${file}.lock`,
      JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: 'then' }),
    );
    expect(store.save(record())).toEqual({ ok: true });
    expect(readdirSync(dir).sort()).toEqual([keyFileName(keyOf(record()))]);
  });

  it("progress saved under the old scheme (<id>.json) is adopted when it is this file's", () => {
    const dir = tmp();
    const old = { ...record({ steps: { a: done('0.1') } }) } as Record<string, unknown>;
    delete old['identity'];
    writeFileSync(join(dir, 'my-exercise.json'), serialiseRecord(old as unknown as ProgressRecord));
    const store = openStore(dir);
    // Another file with the same id but other text: not adopted.
    expect(
      store.load({ exercise: 'my-exercise', identity: '/elsewhere/my-exercise.yaml' }, 'b'.repeat(64)).kind,
    ).toBe('none');
    const r = store.load(keyOf(record()), record().hash);
    expect(r.kind === 'found' && r.record.steps['a']).toEqual(done('0.1'));
    expect(readdirSync(dir)).toEqual([keyFileName(keyOf(record()))]);
  });

  it('a relative or empty XDG_DATA_HOME is ignored, an absolute one used', () => {
    expect(dataDir({ XDG_DATA_HOME: '/data', HOME: '/home/l' }, 'linux')).toBe('/data/backstep');
    expect(dataDir({ XDG_DATA_HOME: 'relative/dir', HOME: '/home/l' }, 'linux')).toBe(
      '/home/l/.local/share/backstep',
    );
    expect(dataDir({ XDG_DATA_HOME: '', HOME: '/home/l' }, 'linux')).toBe('/home/l/.local/share/backstep');
  });
});
