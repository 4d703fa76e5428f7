/**
 * The author's loop: watch an exercise file and act on every save. The folder is watched, not
 * the file, since editors often save by writing a new file and renaming it over the old one;
 * bursts of events from one save are taken as one (a short debounce).
 */
import { withDocPathsIn } from './doc-paths.js';
import { watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { formatProblems } from '../exercise/format-error.js';
import { isBackstepError } from '../exercise/errors.js';
import type { LoadResult, ProgressStore } from '../store/progress.js';

export const WATCH_DEBOUNCE_MS = 120;

/** Calls `changed` after each save of the file; returns a function that stops watching. */
export function watchFile(path: string, cwd: string, changed: () => void): () => void {
  const abs = resolve(cwd, path);
  const name = basename(abs);
  let timer: NodeJS.Timeout | undefined;
  const w = watch(dirname(abs), (_event, file) => {
    if (file !== null && file !== name) return;
    clearTimeout(timer);
    timer = setTimeout(changed, WATCH_DEBOUNCE_MS);
  });
  return () => {
    clearTimeout(timer);
    w.close();
  };
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
