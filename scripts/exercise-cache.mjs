// Build step: the cache of the bundled exercises beside the bundle (src/commands/exercise-cache.ts
// says what it holds and why it is never stale). Run after the bundle is written; it loads every
// bundled file with the full loader of this same build, and leaves out any file that fails.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../', import.meta.url);
const { CACHE_DIR, cacheEntry } = await import(new URL('dist/commands/exercise-cache.js', root).href);
const { BUNDLED_DIR, bundledIds } = await import(new URL('dist/commands/resolve.js', root).href);
const { checkExerciseText } = await import(new URL('dist/exercise/load.js', root).href);

const dir = new URL(`dist/bundle/${CACHE_DIR}/`, root);
mkdirSync(dir, { recursive: true });
for (const id of bundledIds()) {
  const { loaded } = checkExerciseText(
    `exercises/${id}.yaml`,
    readFileSync(join(BUNDLED_DIR, `${id}.yaml`), 'utf8'),
  );
  if (loaded) writeFileSync(new URL(`${id}.json`, dir), JSON.stringify(cacheEntry(loaded)));
}
