/** The bundled exercises, and finding and reading an exercise named by id or by file path. */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  statSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_BYTES } from '../engine/limits.js';
import { BackstepError, describeError } from '../exercise/errors.js';
import { closest } from '../exercise/suggest.js';
import { echoed } from '../exercise/terminal-text.js';
import { LINK_NOT_FOLLOWED_HINT, linkLeavingMessage, namedLinkLeaving } from './links.js';

export const BUNDLED_DIR = fileURLToPath(new URL('../../exercises/', import.meta.url));

export function bundledIds(): string[] {
  if (!existsSync(BUNDLED_DIR)) return [];
  return readdirSync(BUNDLED_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

export interface Resolved {
  readonly path: string;
  /** The name used in messages: the id for bundled exercises, the path as typed otherwise. */
  readonly display: string;
  readonly bundled: boolean;
}

export function resolveExercise(arg: string, cwd: string): Resolved {
  const looksLikeFile = /[/\\]/.test(arg) || /\.ya?ml$/i.test(arg);
  const asFile = resolve(cwd, arg);
  if (looksLikeFile || (existsSync(asFile) && statSync(asFile).isFile())) {
    const missing = statError(asFile);
    if (missing !== undefined && missing.code !== 'ENOENT')
      // A folder on the way without search permission (EACCES), a file used as a folder (ENOTDIR), ...
      throw BackstepError.of(
        'file-unreadable',
        `${echoed(arg)}: cannot be read (${describeError(missing)})`,
        'check the path and the permissions of its folders',
      );
    if (missing !== undefined) {
      const target = danglingTarget(asFile);
      throw target
        ? BackstepError.of(
            'file-unreadable',
            `${echoed(arg)}: a symbolic link to ${target}, which does not exist`,
            'point the link at an exercise file, or remove it',
          )
        : BackstepError.of(
            'file-unreadable',
            `${echoed(arg)}: no such file`,
            'check the path, or give a bundled exercise id (`backstep list`)',
          );
    }
    const leads = namedLinkLeaving(asFile, cwd);
    if (leads !== undefined)
      throw BackstepError.of(
        'file-unreadable',
        `${echoed(arg)}: ${linkLeavingMessage(leads, 'its folder and the current folder')}`,
        LINK_NOT_FOLLOWED_HINT,
      );
    return { path: asFile, display: arg, bundled: false };
  }
  const ids = bundledIds();
  if (!ids.includes(arg) && statError(asFile) === undefined)
    throw BackstepError.of(
      'file-unreadable',
      `${echoed(arg)} is a folder, not an exercise file`,
      'name a file in it, or use `backstep check` for every file in a folder',
    );
  if (ids.includes(arg))
    return { path: resolve(BUNDLED_DIR, `${arg}.yaml`), display: `exercises/${arg}.yaml`, bundled: true };
  const guess = closest(arg, ids);
  throw BackstepError.of(
    'unknown-exercise',
    `no exercise "${echoed(arg)}"`,
    guess
      ? `did you mean "${guess}"? (\`backstep list\` shows them all)`
      : '`backstep list` shows the bundled exercises; a file path works too',
  );
}

export function readExerciseFile(r: Resolved): string {
  const read = readBounded(r.path);
  if (typeof read === 'string') return read;
  throw BackstepError.of(read.code, `${r.display}: ${read.message}`, read.hint);
}

/**
 * The text of an exercise file, reading at most MAX_BYTES + 1 bytes whatever `stat` says (a
 * symlink to /dev/zero has size 0 and never ends). Only regular files: a device, a FIFO or a
 * socket is refused before a byte is read. The open does not block on a FIFO (O_NONBLOCK).
 */
export function readBounded(
  path: string,
): string | { code: 'file-unreadable' | 'file-too-large'; message: string; hint: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const target = (e as NodeJS.ErrnoException).code === 'ENOENT' ? danglingTarget(path) : undefined;
    return {
      code: 'file-unreadable',
      message: target
        ? `a symbolic link to ${target}, which does not exist`
        : `cannot be read (${describeError(e)})`,
      hint: target
        ? 'point the link at an exercise file, or remove it'
        : 'check the path and its permissions',
    };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory())
      return { code: 'file-unreadable', message: 'a directory, not a file', hint: 'give an exercise file' };
    if (!st.isFile())
      return {
        code: 'file-unreadable',
        message: `not a regular file (${kindOf(st)})`,
        hint: 'exercise files are plain YAML files',
      };
    const buf = Buffer.alloc(MAX_BYTES + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got)
      got = readSync(fd, buf, n, buf.length - n, null);
    // The loader reports a file over MAX_BYTES with the place; a cut multi-byte character there is harmless.
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    return {
      code: 'file-unreadable',
      message: `cannot be read (${describeError(e)})`,
      hint: 'check the path and its permissions',
    };
  } finally {
    closeSync(fd);
  }
}

/** Why a path cannot be looked at (ENOENT, EACCES, ENOTDIR, ELOOP), or undefined when it can. */
function statError(path: string): NodeJS.ErrnoException | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}

// Where a path that does not resolve points, when it is a symbolic link (to a missing target).
function danglingTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}
