/**
 * Loading an exercise named by id or by file path, with the full loader (YAML, schema, checks).
 * `backstep solve` goes through exercise-cache.ts instead, which skips the loader for an
 * unchanged bundled file; resolving ids and paths lives in resolve.ts.
 */
import { loadExerciseText } from '../exercise/load.js';
import type { LoadedExercise } from '../exercise/load.js';
import { readExerciseFile, resolveExercise } from './resolve.js';
import type { Resolved } from './resolve.js';

export { BUNDLED_DIR, bundledIds, readBounded, readExerciseFile, resolveExercise } from './resolve.js';
export type { Resolved } from './resolve.js';

export function loadExercise(arg: string, cwd: string): LoadedExercise & { resolved: Resolved } {
  const r = resolveExercise(arg, cwd);
  const text = readExerciseFile(r);
  return { ...loadExerciseText(r.bundled ? r.display : r.display, text), resolved: r };
}
