// After tsc: bundles the CLI, writes the JSON Schema, and makes the binary executable.
//
// The CLI is bundled with esbuild into dist/bundle/ because Node 20 loads ES modules file by
// file: yaml and zod alone are a few hundred small files, which cost about a third of
// `backstep solve`'s start-up. Each command is its own chunk, loaded with import() when it
// runs; the terminal walkthrough's loop (src/ui/run-interactive.ts) is one more, which only
// `practice` on a terminal imports. The store's packages stay outside. So the packages inside
// the bundle are devDependencies and the ones left outside are the runtime dependencies: each
// package is one or the other. dist/bundle/ sits two levels deep like dist/commands/, so paths
// built from import.meta.url (the bundled exercises, the schema) resolve the same from either.
// Which source files went into which chunk is written to dist/bundle-meta.json (esbuild's
// metafile): test/cli-startup.test.ts reads it to tell what a command loaded.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { exerciseJsonSchema } from '../dist/exercise/schema.js';

const root = new URL('../', import.meta.url);
const bundle = new URL('dist/bundle/', root);
rmSync(bundle, { recursive: true, force: true });
const built = await build({
  entryPoints: [new URL('dist/bin.js', root).pathname],
  outdir: bundle.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['write-file-atomic', 'env-paths'],
  // Some bundled CommonJS (decimal.js's CJS build is not used; yaml and zod are ESM) may call require.
  banner: {
    js: "import { createRequire as __backstepRequire } from 'node:module'; const require = __backstepRequire(import.meta.url);",
  },
  // Less source for V8 to compile at every start (its largest single cost in `solve`).
  minify: true,
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(new URL('dist/bundle-meta.json', root), JSON.stringify(built.metafile));
chmodSync(new URL('bin.js', bundle), 0o755);
// The unbundled entry works too; keep it executable for anything that still links to it (an
// npx cache made before the bundle existed resolves `backstep` to dist/bin.js).
chmodSync(new URL('dist/bin.js', root), 0o755);

const json = exerciseJsonSchema();
mkdirSync(new URL('schema/', root), { recursive: true });
writeFileSync(new URL('schema/exercise.schema.json', root), JSON.stringify(json, null, 2) + '\n');
await import('./exercise-cache.mjs'); // the bundled exercises' cache (scripts/exercise-cache.mjs)
