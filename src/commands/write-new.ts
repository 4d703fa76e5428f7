/**
 * Writing a file that `backstep new` creates: whole or not at all. The text goes to a temporary
 * file beside the target first; only a complete file is then linked (no --force: fails if the
 * target exists, with no window between the test and the write) or renamed (--force) into place.
 * A full disk leaves no empty file behind, so the retry is not refused with "already exists".
 */
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BackstepError, describeError } from '../exercise/errors.js';
import { echoed } from '../exercise/terminal-text.js';

/** The file operations used, passed in so a test can make one of them fail (ENOSPC). */
export type WriteFs = Pick<
  typeof nodeFs,
  'writeFileSync' | 'linkSync' | 'renameSync' | 'rmSync' | 'lstatSync'
>;

export function writeNewFile(
  path: string,
  shown: string,
  text: string,
  replace: boolean,
  fs: WriteFs = nodeFs,
): void {
  const fail = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    return BackstepError.of(
      'io',
      `cannot write ${echoed(shown)}: ${
        code === 'ENOENT'
          ? 'its folder does not exist'
          : code === 'EEXIST'
            ? 'it already exists'
            : describeError(e)
      }`,
      code === 'EEXIST'
        ? 'choose another name, or add --force to replace it'
        : 'check the path and the free space',
    );
  };
  const existing = kindAt(path, fs);
  if (existing !== undefined && existing !== 'file')
    throw BackstepError.of(
      'io',
      `cannot write ${echoed(shown)}: it is ${existing}, not a file`,
      'give the path of a new file (with --out)',
    );
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, text, { flag: 'wx' });
    if (replace) fs.renameSync(temp, path);
    else linkInPlace(temp, path, fs);
  } catch (e) {
    throw fail(e);
  } finally {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Not there (a folder without write permission): nothing to remove.
    }
  }
}

/**
 * A hard link fails when the target exists, which is the test we want. On a file system without
 * hard links (FAT, some network shares) the rename after a look is the best there is.
 */
function linkInPlace(temp: string, path: string, fs: WriteFs): void {
  try {
    fs.linkSync(temp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
    if (kindAt(path, fs) !== undefined) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    fs.renameSync(temp, path);
  }
}

/** What is at a path now: nothing, a file (or a link: --force replaces the link), or something else. */
function kindAt(
  path: string,
  fs: WriteFs,
): 'file' | 'a directory' | 'a device or other special file' | undefined {
  let st: nodeFs.Stats;
  try {
    st = fs.lstatSync(path);
  } catch {
    return undefined;
  }
  if (st.isFile() || st.isSymbolicLink()) return 'file';
  return st.isDirectory() ? 'a directory' : 'a device or other special file';
}
