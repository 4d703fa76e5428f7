/**
 * Symbolic links that lead out of a folder. A course repository cloned from a stranger can hold
 * `week2.yaml -> ~/.aws/credentials` or `-> /proc/self/environ`; following it would print that
 * file's lines in error excerpts (and so in CI logs). A link is therefore read only when the
 * file it leads to lies inside the folder being checked (`check DIR`), or, for a path named on
 * the command line, inside the current folder or the link's own folder. A file named by its own
 * path is read wherever it is: that is the user's choice, not a link's.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve, isAbsolute } from 'node:path';

/** Whether `path` (absolute, real) lies in `folder` (absolute, real) or below it. */
function inside(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

function real(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Where a link leads when it leaves every one of `folders`; undefined when `path` is not a link,
 * when its target stays inside one of them, or when it leads nowhere (a dangling link is
 * reported by the read that follows).
 */
export function linkLeaving(path: string, folders: readonly string[]): string | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined;
  } catch {
    return undefined;
  }
  const target = real(path);
  if (target === undefined) return undefined;
  const roots = folders.map((f) => real(resolve(f))).filter((f) => f !== undefined);
  return roots.some((f) => inside(target, f)) ? undefined : target;
}

/** The same for a path named on the command line: the current folder or the link's own folder. */
export function namedLinkLeaving(path: string, cwd: string): string | undefined {
  return linkLeaving(path, [cwd, dirname(resolve(cwd, path))]);
}

/** The words for a link that is not followed: where it leads, and that nothing of it was read. */
export function linkLeavingMessage(target: string, folder: string): string {
  return `a symbolic link to ${target}, which leads out of ${folder}; not followed (nothing of it is read)`;
}

export const LINK_NOT_FOLLOWED_HINT =
  'links are followed only to files inside the folder being read; to read that file, name it by its own path';
