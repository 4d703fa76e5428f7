/**
 * Progress on disk: one JSON file per exercise file and variant, `<dir>/<id>-<key hash>.json`.
 *
 * The key is the exercise id, the file's identity (the bundled id, or the canonical path of a
 * file) and the variant seed, hashed together (sha256 of their JSON): two files that share an id
 * (`new`'s my-exercise, a copy of a bundled exercise), and the seeds `a.b` and `a/b`, each keep
 * their own progress. The readable id in front is only for people looking at the folder.
 * Files of the earlier scheme (`<id>.json`) are adopted when they are certainly this exercise's
 * (same text, or the bundled exercise of that id), so an upgrade loses nothing.
 *
 * One file per exercise rather than one for everything: every save rewrites only a few
 * kilobytes, a damaged file costs one exercise and not all of them, and two terminals
 * practising different exercises never overwrite each other (write-file-atomic does not
 * coordinate separate processes).
 *
 * A save reads, merges and writes under a lock file (lock.ts), so two sessions saving at once
 * both keep their answers. Writes are atomic: a temporary file in the same directory, fsync, rename over the old file,
 * then fsync of the directory so the rename itself survives a power cut. A reader therefore sees
 * the old file or the new one, never half of one; test/store-crash.test.ts kills writers at
 * random moments to hold this. Nothing here throws: failures come back as messages the
 * walkthrough shows while it carries on.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type WriteFileAtomic from 'write-file-atomic';
import { describeError } from '../exercise/errors.js';
import { withFileLock } from './lock.js';
import { mergeRecords, parseRecord, serialiseRecord } from './record.js';
import type { ProgressRecord } from './record.js';

export type LoadResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'found'; readonly record: ProgressRecord }
  /** Saved for a different version of the exercise file. */
  | { readonly kind: 'stale'; readonly record: ProgressRecord }
  /** Written by a newer backstep: left as it is (not moved, not overwritten). */
  | { readonly kind: 'newer'; readonly message: string }
  /** The file could not be used; it was moved aside when `movedTo` is set. */
  | { readonly kind: 'damaged'; readonly message: string; readonly movedTo?: string };

export type SaveResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Whose progress: an exercise id, the file it came from, and the variant seed if any. */
export interface ProgressKey {
  readonly exercise: string;
  /** `bundled:<id>` for a bundled exercise, else the file's canonical path. */
  readonly identity: string;
  readonly variant?: string;
}

export interface StoreOptions {
  /** Replaces the atomic write (tests simulate a full disk with it). */
  readonly write?: (file: string, text: string) => void;
  /** How long a save waits for another session's lock (lock.ts) before it says so. */
  readonly lockWaitMs?: number;
}

export interface ProgressStore {
  readonly dir: string;
  /** A store that writes nothing (`practice --no-save`): the way out must not say "saved". */
  readonly keepsNothing?: true;
  fileFor(key: ProgressKey): string;
  /**
   * The saved progress of an exercise. With `moveAside`, a damaged file is renamed to
   * `<file>.corrupt-<time>` so the next save starts clean and the old bytes stay for a look.
   */
  load(key: ProgressKey, hash: string, opts?: LoadOptions): LoadResult;
  /**
   * Saves, merging with what another session saved meanwhile for the same exercise text: a
   * step done there and not here is kept, so two terminals on one exercise lose no answer.
   */
  save(record: ProgressRecord): SaveResult;
}

/** How a load treats a damaged file: moved aside (renamed with the time), or left. */
export interface LoadOptions {
  readonly moveAside?: boolean;
  readonly now?: Date;
}

/** The key a record is saved under (records carry their file identity and variant). */
export function keyOf(record: ProgressRecord): ProgressKey {
  return {
    exercise: record.exercise,
    identity: record.identity ?? record.file,
    ...(record.variant === undefined ? {} : { variant: record.variant }),
  };
}

/** The file name of a key: injective (a hash of the whole key), with the id in front for people. */
export function keyFileName(key: ProgressKey): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([key.exercise, key.identity, key.variant ?? null]), 'utf8')
    .digest('hex');
  return `${key.exercise.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60)}-${digest.slice(0, 32)}.json`;
}

/** The file of the earlier scheme, keyed by id alone. */
const legacyName = (id: string) => `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;

/** What one store keeps between its loads and saves. */
interface StoreState {
  readonly dir: string;
  readonly fileFor: (key: ProgressKey) => string;
  readonly write: (file: string, text: string) => void;
  readonly lockWaitMs: number | undefined;
  /** What each file looked like right after this store wrote it (modification time and size). */
  readonly written: Map<string, string | undefined>;
  /**
   * What another session had saved, as last read and merged, per file; with the start of the
   * record it was merged into. Our own record does not hold those steps: each later save merges
   * them again, or it would drop them while the file looks unchanged since our write.
   */
  readonly foreign: Map<string, { startedAt: string; record: ProgressRecord }>;
}

export function openStore(dir: string, opts: StoreOptions = {}): ProgressStore {
  const fileFor = (key: ProgressKey) => join(dir, keyFileName(key));
  const state: StoreState = {
    dir,
    fileFor,
    write: opts.write ?? atomicWrite,
    lockWaitMs: opts.lockWaitMs,
    written: new Map(),
    foreign: new Map(),
  };
  return {
    dir,
    fileFor,
    load: (key, hash, lo = {}) => loadRecord(state, key, hash, lo),
    save: (record) => saveRecord(state, record),
  };
}

function loadRecord(
  { dir, fileFor, written }: StoreState,
  key: ProgressKey,
  hash: string,
  lo: LoadOptions,
): LoadResult {
  const file = fileFor(key);
  removeLeftoverTemps(dir, file, lo.now ?? new Date());
  let got = readCapped(file);
  const missing = (e: unknown) => ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException)?.code ?? '');
  if (got.error && missing(got.error)) {
    if (!adoptLegacy(dir, key, hash, file)) return { kind: 'none' };
    got = readCapped(file);
  }
  // What this session saw: a save merges only with what another session wrote after it.
  written.set(file, stamp(file));
  if (got.size !== undefined)
    return damaged(
      file,
      `saved progress in ${file} is ${bytes(got.size)}; progress files are limited to ${bytes(MAX_PROGRESS_BYTES)}`,
      lo,
    );
  if (got.text === undefined)
    return missing(got.error)
      ? { kind: 'none' }
      : damaged(file, `cannot read ${file}: ${describeError(got.error)}`, lo);
  const parsed = parseRecord(got.text);
  if ('newer' in parsed) written.delete(file); // a save must look again, and refuse
  if ('newer' in parsed)
    return {
      kind: 'newer',
      message:
        `progress in ${file} was saved by a newer backstep (format version ${parsed.newer}); it is ` +
        `left untouched and this session is not saved: update backstep to continue it`,
    };
  if ('problem' in parsed)
    return damaged(file, `saved progress in ${file} is damaged: ${parsed.problem}`, lo);
  if (parsed.record.exercise !== key.exercise)
    return damaged(file, `saved progress in ${file} belongs to exercise "${parsed.record.exercise}"`, lo);
  return parsed.record.hash === hash
    ? { kind: 'found', record: parsed.record }
    : { kind: 'stale', record: parsed.record };
}

function saveRecord(
  { dir, fileFor, write, written, foreign, lockWaitMs }: StoreState,
  record: ProgressRecord,
): SaveResult {
  const file = fileFor(keyOf(record));
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Read, merge and write under the lock: no other session's rename can fall in between.
    const locked = withFileLock(
      file,
      (): SaveResult => {
        // Another session may have saved since our last save: then merge. Unchanged since we
        // wrote it (the usual case, one session), there is nothing to read.
        const disk = stamp(file) === written.get(file) ? undefined : readCapped(file).text;
        const parsed = disk === undefined ? undefined : parseRecord(disk);
        if (parsed && 'newer' in parsed)
          return {
            ok: false,
            message: `not saving: ${file} holds progress from a newer backstep (format version ${parsed.newer})`,
          };
        if (parsed && 'record' in parsed)
          foreign.set(file, { startedAt: record.startedAt, record: parsed.record });
        // A session that started over has a record of a new start: nothing carried into it.
        const other = foreign.get(file);
        const merged =
          other && other.startedAt === record.startedAt ? mergeRecords(record, other.record) : record;
        write(file, serialiseRecord(merged));
        written.set(file, stamp(file));
        return { ok: true };
      },
      lockWaitMs,
    );
    if (!locked.ok)
      return {
        ok: false,
        message:
          `not saved this time: ${locked.holder} is saving this exercise's progress (${file}.lock); ` +
          'your answers are kept and go with the next save',
      };
    return locked.value;
  } catch (e) {
    return { ok: false, message: `could not save progress: ${describeError(e)} (${file})` };
  }
}

/** What a file looks like (modification time, size, inode): changed when another session wrote it. */
function stamp(file: string): string | undefined {
  try {
    const st = statSync(file);
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Progress saved before keys had a file identity: `<id>.json`. Moved to the new name when it is
 * certainly this exercise's: the same text (hash), or the bundled exercise of that id. Anything
 * else stays where it is (it may belong to another file with the same id).
 */
function adoptLegacy(dir: string, key: ProgressKey, hash: string, file: string): boolean {
  const legacy = join(dir, legacyName(key.exercise));
  const text = readCapped(legacy).text;
  if (text === undefined) return false;
  const parsed = parseRecord(text);
  if (!('record' in parsed) || parsed.record.exercise !== key.exercise) return false;
  const ours =
    parsed.record.hash === hash ||
    (key.variant === undefined &&
      key.identity === `bundled:${key.exercise}` &&
      parsed.record.file === key.exercise);
  if (!ours) return false;
  try {
    renameSync(legacy, file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The largest progress file read: a record of the largest walkthrough (30,000 asked steps, the
 * plan's limit) with an answer and a few mistakes per step takes a few megabytes. A bigger file
 * is not progress backstep wrote; it is set aside unread (a 3 GiB file took 28 to 55 s and
 * 4.2 GB of memory to read whole).
 */
export const MAX_PROGRESS_BYTES = 32 * 1024 * 1024;

/**
 * A progress file's text: the size is looked at first, and at most MAX_PROGRESS_BYTES and one
 * chunk are read whatever it said (a file that grows meanwhile). Its size instead when larger.
 * O_NONBLOCK: a FIFO put in its place does not hang the open.
 */
function readCapped(file: string): { text?: string; error?: unknown; size?: number } {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() && !st.isDirectory())
      return { error: new Error('not a regular file (a device, FIFO or socket)') };
    if (st.size > MAX_PROGRESS_BYTES) return { size: st.size };
    const chunks: Buffer[] = [];
    let n = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.max(st.size - n, 0) + 65_536);
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      chunks.push(chunk.subarray(0, got));
      n += got;
      if (n > MAX_PROGRESS_BYTES) return { size: Math.max(n, fstatSync(fd).size) };
    }
    return { text: Buffer.concat(chunks, n).toString('utf8') };
  } catch (e) {
    return { error: e };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** "3,221,225,472 bytes (3.0 GiB)". */
function bytes(n: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let unit = '';
  for (const u of units) {
    if (v < 1024) break;
    v /= 1024;
    unit = u;
  }
  return `${n.toLocaleString('en-US')} bytes${unit ? ` (${v.toFixed(1)} ${unit})` : ''}`;
}

// Loaded on the first save, not at start-up (it and signal-exit cost a few milliseconds that
// the first screen should not wait for). It is CommonJS, so require() loads it synchronously.
let writer: typeof WriteFileAtomic | undefined;

function atomicWrite(file: string, text: string): void {
  writer ??= createRequire(import.meta.url)('write-file-atomic') as typeof WriteFileAtomic;
  writer.sync(file, text, { encoding: 'utf8', fsync: true, mode: 0o600 });
  syncDirectory(file);
}

/** fsync the directory so the rename is durable; not every platform allows it (Windows). */
function syncDirectory(file: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(join(file, '..'), 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR, EPERM, EINVAL: the platform does not fsync directories; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function damaged(file: string, message: string, lo: LoadOptions): LoadResult {
  if (!lo.moveAside) return { kind: 'damaged', message };
  const stamp = (lo.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const movedTo = `${file}.corrupt-${stamp}`;
  try {
    renameSync(file, movedTo);
    return { kind: 'damaged', message: `${message}; moved it to ${movedTo} and starting afresh`, movedTo };
  } catch (e) {
    return { kind: 'damaged', message: `${message}; could not move it aside either (${describeError(e)})` };
  }
}

/**
 * A writer killed between creating its temporary file and renaming it leaves `<file>.<number>`
 * behind. Remove those that are clearly abandoned (older than ten minutes; a live writer takes
 * milliseconds).
 */
function removeLeftoverTemps(dir: string, file: string, now: Date): void {
  const base = file.slice(dir.length + 1);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(`${base}.`) || !/^\d+$/.test(n.slice(base.length + 1))) continue;
    try {
      const p = join(dir, n);
      if (now.getTime() - statSync(p).mtimeMs > 10 * 60_000) unlinkSync(p);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
}

/** The key that ties progress to one version of an exercise file: sha256 of its text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
