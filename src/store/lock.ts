/**
 * A lock file beside a progress file, held while a session reads, merges and writes it: without
 * it, two sessions saving at the same moment could each read the file before the other's rename,
 * and the later rename would drop the earlier session's new answers.
 *
 * `<file>.lock` is created with O_EXCL (atomic on local file systems) and holds who took it:
 * process id, host and time. A lock whose process is gone (same host) or that is older than
 * STALE_MS (a save takes milliseconds) is taken over, so a session killed mid-save never
 * blocks the next one. Waiting is a short synchronous sleep: saves happen between keystrokes.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export const STALE_MS = 30_000;
const UNREADABLE_STALE_MS = 1000;

export interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export type Locked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly holder: string };

/** Runs `run` holding `<target>.lock`; gives up after `waitMs` and says who holds it. */
export function withFileLock<T>(target: string, run: () => T, waitMs = 2000): Locked<T> {
  const lock = `${target}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    // Try to create it only when it looks free: waiting makes no calls that change files.
    if (!exists(lock) && tryTake(lock)) break;
    const holder = readHolder(lock);
    if (holder === 'gone') continue;
    if (isStale(lock, holder)) {
      removeQuietly(lock);
      continue;
    }
    if (Date.now() >= deadline) return { ok: false, holder: describeHolder(holder) };
    sleep(10);
  }
  try {
    return { ok: true, value: run() };
  } finally {
    removeQuietly(lock);
  }
}

function tryTake(lock: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  let open = true;
  try {
    const holder: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    writeSync(fd, JSON.stringify(holder));
    open = false;
    closeSync(fd);
  } catch (e) {
    // A full disk can refuse the holder's few bytes (at the write, or at the close): remove the
    // empty lock rather than leave it for every later save to judge.
    if (open) closeQuietly(fd);
    removeQuietly(lock);
    throw e;
  }
  return true;
}

// The holder as written, undefined when unreadable (being written, or damaged), 'gone' when released.
function readHolder(lock: string): Holder | undefined | 'gone' {
  try {
    const parsed = JSON.parse(readFileSync(lock, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string'
      ? { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '') }
      : undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
}

// Stale: its process is gone, or it is older than any save. A lock without a readable holder was
// left by a session killed between creating and filling it (that takes microseconds).
function isStale(lock: string, holder: Holder | undefined): boolean {
  if (holder && holder.host === hostname() && !alive(holder.pid)) return true;
  try {
    return Date.now() - statSync(lock).mtimeMs > (holder ? STALE_MS : UNREADABLE_STALE_MS);
  } catch {
    return false; // released meanwhile: the next try takes it
  }
}

function exists(lock: string): boolean {
  try {
    statSync(lock);
    return true;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, and belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describeHolder(holder: Holder | undefined): string {
  if (!holder) return 'another session';
  return `the session with process id ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, since ${holder.since}`;
}

function removeQuietly(lock: string): void {
  try {
    unlinkSync(lock);
  } catch {
    // Already removed by a session that judged it stale: nothing to do.
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The error that matters is the one being thrown.
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
