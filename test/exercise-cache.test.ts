/**
 * The bundled exercises' build-time cache (src/commands/exercise-cache.ts): an entry gives the
 * same exercise, plan and source ranges as the full loader, is refused for any other text, and
 * the built program uses it for an unchanged file (it runs without the YAML and schema code) but
 * never for an edited one.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheEntry, CACHE_DIR, fromCache } from '../src/commands/exercise-cache.js';
import type { CacheEntry } from '../src/commands/exercise-cache.js';
import { loadExerciseText } from '../src/exercise/load.js';
import type { Plain } from '../src/exercise/yaml-source.js';
import { ensureBuilt, ROOT } from './e2e-build.js';

const dir = new URL('../exercises/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Every path of a plain YAML value, plus a missing child under each mapping and sequence. */
function paths(v: Plain, path: Array<string | number> = []): Array<Array<string | number>> {
  const out = [path];
  if (Array.isArray(v)) {
    v.forEach((x, i) => out.push(...paths(x, [...path, i])));
    out.push([...path, v.length], [...path, 'nope']);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...path, k]));
    out.push([...path, 'no-such-key', 3]);
  }
  return out;
}

describe('cache entries', () => {
  it.each(files)('%s: the same exercise, plan and ranges as the full loader', (file) => {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const full = loadExerciseText(`exercises/${file}`, text);
    const entry = JSON.parse(JSON.stringify(cacheEntry(full))) as CacheEntry;
    const hit = fromCache(entry, `exercises/${file}`, text)!;
    expect(hit).toBeDefined();
    expect(hit.exercise).toStrictEqual(full.exercise);
    expect(hit.plan.givens).toStrictEqual(full.plan.givens);
    expect([...hit.plan.iteration(1)].map((s) => s.id)).toEqual([...full.plan.iteration(1)].map((s) => s.id));
    expect(hit.source.value).toStrictEqual(full.source.value);
    for (const p of paths(full.source.value)) {
      expect(hit.source.rangeAt(p), JSON.stringify(p)).toStrictEqual(full.source.rangeAt(p));
      expect(hit.source.keyRangeAt(p), JSON.stringify(p)).toStrictEqual(full.source.keyRangeAt(p));
    }
  });

  it('is refused for any other text, and for another cache version', () => {
    const text = readFileSync(new URL('two-two-one-network.yaml', dir), 'utf8');
    const entry = cacheEntry(loadExerciseText('x.yaml', text));
    expect(fromCache(entry, 'x.yaml', `${text} `)).toBeUndefined();
    expect(fromCache(entry, 'x.yaml', text.replace('value: 0.1 }', 'value: 0.15 }'))).toBeUndefined();
    expect(fromCache({ ...entry, version: entry.version + 1 }, 'x.yaml', text)).toBeUndefined();
    expect(fromCache(undefined, 'x.yaml', text)).toBeUndefined();
    expect(fromCache(entry, 'x.yaml', text)).toBeDefined();
  });
});

describe('the built program', () => {
  let root = '';
  beforeAll(() => {
    ensureBuilt();
    // A copy of the built program without the YAML parser's and the schema library's chunks.
    root = mkdtempSync(join(tmpdir(), 'backstep-cache-'));
    cpSync(join(ROOT, 'dist', 'bundle'), join(root, 'dist', 'bundle'), { recursive: true });
    cpSync(join(ROOT, 'exercises'), join(root, 'exercises'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    const chunks = join(root, 'dist', 'bundle');
    const removed = readdirSync(chunks).filter(
      (f) => f.endsWith('.js') && /LineCounter|ZodError/.test(readFileSync(join(chunks, f), 'utf8')),
    );
    expect(removed.length).toBeGreaterThanOrEqual(1);
    for (const f of removed) rmSync(join(chunks, f));
    return () => rmSync(root, { recursive: true, force: true });
  }, 200_000);
  const solve = (id: string) =>
    spawnSync(process.execPath, [join(root, 'dist', 'bundle', 'bin.js'), 'solve', id, '--format', 'json'], {
      encoding: 'utf8',
    });

  it('has an entry for every bundled exercise', () => {
    expect(readdirSync(join(ROOT, 'dist', 'bundle', CACHE_DIR)).sort()).toEqual(
      files.map((f) => f.replace(/\.yaml$/, '.json')),
    );
  });

  it('solves an unchanged bundled exercise from the cache, without YAML or schema code', () => {
    const p = solve('two-two-one-network');
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(p.stdout).toContain('"exercise": "two-two-one-network"');
  });

  it('never answers from the cache for an edited file: it goes to the full loader', () => {
    const file = join(root, 'exercises', 'two-two-one-network.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('value: 0.1 }', 'value: 0.15 }'));
    const p = solve('two-two-one-network');
    // The loader's chunks were removed from this copy, so reaching the loader fails to import them.
    expect(p.status).not.toBe(0);
    expect(p.stderr).toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/);
  });
});
