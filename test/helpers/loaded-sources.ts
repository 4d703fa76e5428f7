/**
 * Which source files a run of the built program loaded: the chunks of dist/bundle/ it imported
 * (reported by test/helpers/trace-imports.mjs), mapped back to the files each chunk was built
 * from through esbuild's metafile (dist/bundle-meta.json). A module inlined into a chunk is
 * never imported by name, so the chunk is what the import hook can see.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_META, ROOT } from '../e2e-build.js';

export const TRACE = fileURLToPath(new URL('./trace-imports.mjs', import.meta.url));

/** The terminal walkthrough's own modules: what only `practice` on a terminal may load. */
export const TERMINAL_UI = ['dist/ui/run-interactive.js', 'dist/ui/terminal.js', 'dist/ui/key-parse.js'];

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

export function loadedSources(stderr: string): Set<string> {
  const meta = JSON.parse(readFileSync(BUNDLE_META, 'utf8')) as Metafile;
  const out = new Set<string>();
  for (const m of stderr.matchAll(/TRACE-LOADED (file:\S+)/g)) {
    const file = relative(ROOT, fileURLToPath(m[1]!));
    out.add(file);
    for (const input of Object.keys(meta.outputs[file]?.inputs ?? {})) out.add(input);
  }
  return out;
}

/** The terminal walkthrough's modules among the sources loaded. */
export function terminalUiLoaded(stderr: string): string[] {
  const loaded = loadedSources(stderr);
  return TERMINAL_UI.filter((f) => loaded.has(f));
}
