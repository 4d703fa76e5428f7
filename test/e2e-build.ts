import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Tests that run the real program (a terminal session, killed writers) need dist/ built from
 * the current sources. Builds once when dist is older than src; a lock directory keeps test
 * files running in parallel from building at the same time.
 */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'dist', 'bundle', 'bin.js');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function fresh(): boolean {
  return existsSync(BIN) && statSync(BIN).mtimeMs >= newest(join(ROOT, 'src'));
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function ensureBuilt(): void {
  if (fresh()) return;
  const lock = join(ROOT, 'node_modules', '.backstep-test-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`could not take the build lock ${lock}`);
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      } catch {
        // Released meanwhile.
      }
      sleepSync(200);
    }
  }
  try {
    if (!fresh()) {
      try {
        execFileSync(
          process.execPath,
          [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
          { cwd: ROOT, stdio: 'pipe' },
        );
      } catch {
        // Type errors elsewhere still emit JavaScript; what matters is that the files exist.
      }
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'after-tsc.mjs')], { cwd: ROOT, stdio: 'pipe' });
    }
  } finally {
    rmdirSync(lock);
  }
  if (!existsSync(BIN)) throw new Error('the build did not produce dist/bundle/bin.js');
}
