/** The bundled exercises, and loading an exercise named by id or by file path. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackstepError } from '../exercise/errors.js';
import { loadExerciseText } from '../exercise/load.js';
import type { LoadedExercise } from '../exercise/load.js';
import { MAX_BYTES } from '../exercise/yaml-source.js';
import { closest } from '../exercise/suggest.js';

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
    if (!existsSync(asFile)) throw BackstepError.of('file-unreadable', `${arg}: no such file`, 'check the path, or give a bundled exercise id (`backstep list`)');
    return { path: asFile, display: arg, bundled: false };
  }
  const ids = bundledIds();
  if (ids.includes(arg)) return { path: resolve(BUNDLED_DIR, `${arg}.yaml`), display: `exercises/${arg}.yaml`, bundled: true };
  const guess = closest(arg, ids);
  throw BackstepError.of('unknown-exercise', `no exercise "${arg}"`, guess ? `did you mean "${guess}"? (\`backstep list\` shows them all)` : '`backstep list` shows the bundled exercises; a file path works too');
}

export function readExerciseFile(r: Resolved): string {
  try {
    const st = statSync(r.path);
    if (st.isDirectory()) throw BackstepError.of('file-unreadable', `${r.display} is a directory`, 'give an exercise file');
    if (st.size > MAX_BYTES * 4) throw BackstepError.of('file-too-large', `${r.display} is ${st.size} bytes; exercise files are limited to ${MAX_BYTES} bytes`, 'split it into several exercises');
    return readFileSync(r.path, 'utf8');
  } catch (e) {
    if (e instanceof BackstepError) throw e;
    throw BackstepError.of('file-unreadable', `cannot read ${r.display}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, 'check the path and its permissions');
  }
}

export function loadExercise(arg: string, cwd: string): LoadedExercise & { resolved: Resolved } {
  const r = resolveExercise(arg, cwd);
  const text = readExerciseFile(r);
  return { ...loadExerciseText(r.bundled ? r.display : r.display, text), resolved: r };
}
