/**
 * The author's loop: watch an exercise file and act on every save. The folder is watched, not
 * the file, since editors often save by writing a new file and renaming it over the old one;
 * bursts of events from one save are taken as one (a short debounce).
 */
import { withDocPathsIn } from './doc-paths.js';
import { statSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { formatProblems } from '../exercise/format-error.js';
import { BackstepError, describeError, isBackstepError } from '../exercise/errors.js';
import { echoed } from '../exercise/terminal-text.js';
import type { LoadResult, ProgressStore } from '../store/progress.js';

export const WATCH_DEBOUNCE_MS = 120;

/**
 * Calls `changed` after each save of the file; returns a function that stops watching. A folder
 * that cannot be watched (missing, not a folder, no read permission, the system's limit of
 * watches reached) is a BackstepError at once; one that goes away later (removed, renamed) or
 * fails stops the watch and is passed to `stopped`, also as a BackstepError.
 */
export function watchFile(
  path: string,
  cwd: string,
  changed: () => void,
  stopped: (e: BackstepError) => void = () => undefined,
): () => void {
  const abs = resolve(cwd, path);
  const name = basename(abs);
  const folder = dirname(abs);
  let timer: NodeJS.Timeout | undefined;
  let w: FSWatcher | undefined;
  const stop = () => {
    clearTimeout(timer);
    w?.close();
  };
  const fail = (e: BackstepError) => {
    stop();
    stopped(e);
  };
  // fs.watch also takes a file: `x.yaml/ex.yaml` would watch x.yaml and never see ex.yaml.
  let isDir: boolean;
  try {
    isDir = statSync(folder).isDirectory();
  } catch (e) {
    throw cannotWatch(path, e);
  }
  if (!isDir) throw cannotWatch(path, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
  try {
    w = watch(folder, (_event, file) => {
      // Removing or renaming the folder itself ends the watch without an error event.
      if (!isFolder(folder))
        return fail(
          BackstepError.of(
            'file-unreadable',
            `cannot watch ${echoed(path)} any more: its folder was removed or renamed`,
            'run the command again once the folder is back',
          ),
        );
      if (file !== null && file !== name) return;
      clearTimeout(timer);
      timer = setTimeout(changed, WATCH_DEBOUNCE_MS);
    });
  } catch (e) {
    throw cannotWatch(path, e);
  }
  w.on('error', (e) => fail(cannotWatch(path, e)));
  return stop;
}

function cannotWatch(path: string, e: unknown): BackstepError {
  const code = (e as NodeJS.ErrnoException).code;
  return BackstepError.of(
    'file-unreadable',
    `cannot watch ${echoed(path)}: ${code === 'ENOENT' ? 'its folder does not exist' : describeError(e)}`,
    code === 'ENOSPC'
      ? 'the system allows no more watched folders (fs.inotify.max_user_watches); close other watchers'
      : 'check the path and the permissions of its folder (watching needs read permission on it)',
  );
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file that cannot be watched is refused at once: a bundled id is not the author's file. */
export function watchable(arg: string, cwd: string): boolean {
  return /\.ya?ml$/i.test(arg) || arg.includes('/') || arg.includes('\\') || resolve(cwd, arg) === arg;
}

/** What a broken file says, as `check` would put it; anything else is rethrown. */
export function problemsText(e: unknown): string {
  if (isBackstepError(e)) return formatProblems(e.problems.map(withDocPathsIn));
  throw e;
}

/** A store that keeps nothing (--no-save): every exercise starts fresh, nothing is written. */
export const NO_STORE: ProgressStore = {
  dir: '',
  keepsNothing: true,
  fileFor: () => '',
  load: (): LoadResult => ({ kind: 'none' }),
  save: () => ({ ok: true }),
};

/** "12:04:31", for the line that says when the file was read. */
export function clock(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}
