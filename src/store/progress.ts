/**
 * Progress on disk: one JSON file per exercise, `<dir>/<exercise-id>.json`.
 *
 * One file per exercise rather than one for everything: every save rewrites only a few
 * kilobytes, a damaged file costs one exercise and not all of them, and two terminals
 * practising different exercises never overwrite each other (write-file-atomic does not
 * coordinate separate processes).
 *
 * Writes are atomic: a temporary file in the same directory, fsync, rename over the old file,
 * then fsync of the directory so the rename itself survives a power cut. A reader therefore sees
 * the old file or the new one, never half of one; test/store-crash.test.ts kills writers at
 * random moments to hold this. Nothing here throws: failures come back as messages the
 * walkthrough shows while it carries on.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type WriteFileAtomic from 'write-file-atomic';
import { parseRecord, serialiseRecord } from './record.js';
import type { ProgressRecord } from './record.js';

export type LoadResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'found'; readonly record: ProgressRecord }
  /** Saved for a different version of the exercise file. */
  | { readonly kind: 'stale'; readonly record: ProgressRecord }
  /** The file could not be used; it was moved aside when `movedTo` is set. */
  | { readonly kind: 'damaged'; readonly message: string; readonly movedTo?: string };

export type SaveResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface StoreOptions {
  /** Replaces the atomic write (tests simulate a full disk with it). */
  readonly write?: (file: string, text: string) => void;
}

export interface ProgressStore {
  readonly dir: string;
  fileFor(exerciseId: string): string;
  /**
   * The saved progress of an exercise. With `moveAside`, a damaged file is renamed to
   * `<file>.corrupt-<time>` so the next save starts clean and the old bytes stay for a look.
   */
  load(exerciseId: string, hash: string, opts?: { moveAside?: boolean; now?: Date }): LoadResult;
  save(record: ProgressRecord): SaveResult;
}

export function openStore(dir: string, opts: StoreOptions = {}): ProgressStore {
  const write = opts.write ?? atomicWrite;
  const fileFor = (id: string) => join(dir, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  return {
    dir,
    fileFor,
    load(exerciseId, hash, lo = {}) {
      const file = fileFor(exerciseId);
      removeLeftoverTemps(dir, file, lo.now ?? new Date());
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'none' };
        return damaged(file, `cannot read ${file}: ${describeError(e)}`, lo);
      }
      const parsed = parseRecord(text);
      if ('problem' in parsed) return damaged(file, `saved progress in ${file} is damaged: ${parsed.problem}`, lo);
      if (parsed.record.exercise !== exerciseId) return damaged(file, `saved progress in ${file} belongs to exercise "${parsed.record.exercise}"`, lo);
      return parsed.record.hash === hash ? { kind: 'found', record: parsed.record } : { kind: 'stale', record: parsed.record };
    },
    save(record) {
      const file = fileFor(record.exercise);
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        write(file, serialiseRecord(record));
        return { ok: true };
      } catch (e) {
        return { ok: false, message: `could not save progress: ${describeError(e)} (${file})` };
      }
    },
  };
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

function damaged(file: string, message: string, lo: { moveAside?: boolean; now?: Date }): LoadResult {
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

/** A system error in words a learner can act on. */
export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${err.code})`;
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EISDIR':
      return 'it is a directory (EISDIR)';
    default:
      return err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? e);
  }
}

/** The key that ties progress to one version of an exercise file: sha256 of its text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
