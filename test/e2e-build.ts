import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Tests that run the real program (a terminal session, killed writers) need dist/ built from
 * the current sources. Vitest's global set-up (vitest.config.ts) builds once for the whole run,
 * before any test file starts, and only when dist is older than src; the test files only check
 * that it did. `npm run test:unit` (vitest.unit.config.ts) runs without it and leaves out the
 * files that need the build.
 */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'dist', 'bundle', 'bin.js');
/** Which source files went into which chunk of the bundle (esbuild's metafile, scripts/after-tsc.mjs). */
export const BUNDLE_META = join(ROOT, 'dist', 'bundle-meta.json');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function fresh(): boolean {
  return existsSync(BIN) && existsSync(BUNDLE_META) && statSync(BIN).mtimeMs >= newest(join(ROOT, 'src'));
}

/** For the test files that run dist/: the global set-up built it. */
export function ensureBuilt(): void {
  if (!existsSync(BIN))
    throw new Error(
      'dist/bundle/bin.js is missing: this test needs the build, which the global set-up of ' +
        'vitest.config.ts makes (a file that needs it is left out of vitest.unit.config.ts)',
    );
}

/** Vitest global set-up: one build for the whole run, when the sources are newer than dist. */
export default function setup(): void {
  if (fresh()) return;
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
      { cwd: ROOT, stdio: 'pipe' },
    );
  } catch {
    // Type errors elsewhere still emit JavaScript (typecheck reports them); what matters here
    // is that the files exist.
  }
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'after-tsc.mjs')], { cwd: ROOT, stdio: 'pipe' });
  if (!existsSync(BIN)) throw new Error('the build did not produce dist/bundle/bin.js');
}
