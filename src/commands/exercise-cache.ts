/**
 * The build-time cache of the bundled exercises, so `backstep solve <bundled id>` starts without
 * importing, running or compiling the YAML parser and the schema library (about half its
 * start-up). The build (scripts/exercise-cache.mjs) loads every bundled file with the full
 * loader and writes one small JSON file per exercise: the file's text, the validated Exercise,
 * the plain YAML value and the source range of every node. At run time an entry is used only
 * when the file's text is exactly the recorded text (a comparison stronger than a digest, and
 * without node:crypto, whose import alone costs 12-16 ms here); anything else (an edited file, a
 * missing or unreadable entry, another cache version) falls back to the full loader, so the cache
 * can be slow but never stale. It sits beside the bundle (dist/bundle/exercise-cache/), so only
 * the bundle built with it reads it; the unbundled modules and the tests from src/ never find
 * one and always load in full.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { compile } from '../engine/compile.js';
import type { Exercise } from '../engine/model.js';
import type { SourceRange } from '../exercise/errors.js';
import type { LoadedExercise } from '../exercise/load.js';
import type { Plain, YamlSource } from '../exercise/yaml-source.js';
import { readExerciseFile, resolveExercise } from './resolve.js';
import type { Resolved } from './resolve.js';

export const CACHE_VERSION = 1;
/** The folder of entries beside the bundle, one `<id>.json` each. */
export const CACHE_DIR = 'exercise-cache';

type Path = readonly (string | number)[];

/** One file's entry: node range and key range of every path in the document, by JSON of the path. */
export interface CacheEntry {
  readonly version: number;
  readonly text: string;
  readonly exercise: unknown;
  readonly value: Plain;
  readonly ranges: Record<string, readonly [number, number, number, number]>;
}

/** The cache entry of a file the full loader accepted (build time). */
export function cacheEntry(loaded: LoadedExercise): CacheEntry {
  const ranges: Record<string, readonly [number, number, number, number]> = {};
  const visit = (v: Plain, path: Path) => {
    const r = loaded.source.rangeAt(path);
    const k = loaded.source.keyRangeAt(path);
    ranges[JSON.stringify(path)] = [r.start, r.end, k.start, k.end];
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, [...path, i]));
    else if (v !== null && typeof v === 'object')
      for (const [key, item] of Object.entries(v)) visit(item, [...path, key]);
  };
  visit(loaded.source.value, []);
  return {
    version: CACHE_VERSION,
    text: loaded.source.text,
    exercise: encode(loaded.exercise),
    value: loaded.source.value,
    ranges,
  };
}

/**
 * An exercise by id or path, as catalog.ts's loadExercise gives it: from the cache for an
 * unchanged bundled file, otherwise with the full loader, imported only then.
 */
export async function loadExerciseCached(
  arg: string,
  cwd: string,
): Promise<LoadedExercise & { resolved: Resolved }> {
  const r = resolveExercise(arg, cwd);
  const text = readExerciseFile(r);
  if (r.bundled) {
    const hit = fromCache(
      readEntry(new URL(`${CACHE_DIR}/${basename(r.path, '.yaml')}.json`, import.meta.url)),
      r.display,
      text,
    );
    if (hit) return { ...hit, resolved: r };
  }
  const { loadExerciseText } = await import('../exercise/load.js');
  return { ...loadExerciseText(r.display, text), resolved: r };
}

/** One entry beside the running bundle, or undefined when there is none or it is unreadable. */
export function readEntry(url: URL): CacheEntry | undefined {
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as CacheEntry;
  } catch {
    return undefined;
  }
}

/** The loaded exercise from a cache entry when `text` is exactly the text it was made from. */
export function fromCache(
  entry: CacheEntry | undefined,
  file: string,
  text: string,
): LoadedExercise | undefined {
  if (!entry || entry.version !== CACHE_VERSION || entry.text !== text) return undefined;
  const exercise = decode(entry.exercise) as Exercise;
  return { exercise, plan: compile(exercise), source: cachedSource(file, text, entry) };
}

/** A YamlSource answering from the recorded ranges, as the YAML document would (see yaml-source.ts). */
function cachedSource(file: string, text: string, entry: CacheEntry): YamlSource {
  const whole: SourceRange = { file, text, start: 0, end: Math.min(text.length, 1) };
  const range = (start: number, end: number): SourceRange => ({ file, text, start, end });
  // The deepest recorded path along `path`, walked as yaml-source's `nearest` walks the document.
  const nearest = (path: Path): { key: string; exact: boolean } => {
    let value: Plain = entry.value;
    const done: Array<string | number> = [];
    for (const part of path) {
      if (Array.isArray(value) && typeof part === 'number' && part >= 0 && part < value.length) {
        value = value[part]!;
        done.push(part);
      } else if (
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.hasOwn(value, String(part))
      ) {
        value = value[String(part)]!;
        done.push(String(part));
      } else {
        return { key: JSON.stringify(done), exact: false };
      }
    }
    return { key: JSON.stringify(done), exact: true };
  };
  return {
    file,
    text,
    value: entry.value,
    rangeAt: (path) => {
      const r = entry.ranges[nearest(path).key];
      return r ? range(r[0], r[1]) : whole;
    },
    keyRangeAt: (path) => {
      const { key, exact } = nearest(path);
      const r = entry.ranges[key];
      if (!r) return whole;
      return exact ? range(r[2], r[3]) : range(r[0], r[1]);
    },
  };
}

/** JSON cannot hold a Map: write each as {"$map": entries}; the Exercise holds no other non-JSON value. */
export function encode(x: unknown): unknown {
  if (x instanceof Map)
    return { $map: [...(x as Map<unknown, unknown>)].map(([k, v]): unknown[] => [k, encode(v)]) };
  if (Array.isArray(x)) return (x as unknown[]).map(encode);
  if (x !== null && typeof x === 'object')
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, encode(v)]));
  return x;
}

export function decode(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(decode);
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (Object.keys(o).length === 1 && Array.isArray(o['$map']))
      return new Map((o['$map'] as Array<[unknown, unknown]>).map(([k, v]) => [k, decode(v)]));
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
  }
  return x;
}
