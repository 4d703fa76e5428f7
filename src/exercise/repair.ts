/**
 * A copy of a file's data that the schema accepts, made so that `check` can go on past the
 * schema's errors and report the file's other errors in the same run. Each broken place is read
 * the way its error message suggests (an unknown key as the key it is likely meant to be, an
 * enum value as its did-you-mean), or gets a placeholder, or is left out. The repair says
 * whether it kept the exercise's structure: a number replaced by a placeholder changes no step,
 * but a neuron left out changes which steps exist, so checks that name steps cannot be trusted.
 */
import type { z } from 'zod';
import { decimal } from './schema.js';
import { closest } from './suggest.js';
import type { Plain } from './yaml-source.js';
import { keysAt } from './zod-problems.js';

type Issue = z.core.$ZodIssue;
type Path = Array<string | number>;
type Def = Record<string, unknown>;
const def = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** Top-level keys whose contents never decide which steps an exercise has. */
const NOT_STRUCTURAL = new Set([
  'id',
  'title',
  'description',
  'source',
  'precision',
  'practice',
  'symbols',
  'steps',
  'variants',
]);

export interface Repaired<T> {
  readonly data: T;
  /** True when only numbers, typos with one likely reading, or non-structural keys were changed. */
  readonly sameSteps: boolean;
}

/** Rounds of repair: each round fixes what the previous parse reported (a fix can reveal another). */
const ROUNDS = 6;

export function repairForSchema<T>(
  value: Plain,
  issues: readonly Issue[],
  schema: z.ZodType<T>,
): Repaired<T> | undefined {
  const copy = structuredClone<Plain>(value);
  let sameSteps = true;
  let current = issues;
  for (let round = 0; round < ROUNDS; round++) {
    const drop: Array<{ list: Plain[]; index: number }> = [];
    for (const issue of flatten(current, copy)) {
      const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
      if (issue.code === 'unrecognized_keys') {
        const at = objectAt(copy, path);
        if (!at) continue;
        const absent = keysAt(schema, path).filter((k) => at[k] === undefined);
        for (const k of issue.keys) {
          const meant = closest(k, absent);
          if (meant !== undefined) at[meant] = at[k]!;
          delete at[k];
        }
        continue;
      }
      const leaf = unwrap(schemaAt(schema, path, copy));
      const got = valueAt(copy, path);
      const fill = leaf ? placeholder(leaf, got) : undefined;
      if (fill) {
        setAt(copy, path, fill.value);
        if (!fill.likely && leaf !== decimal && !NOT_STRUCTURAL.has(String(path[0]))) sameSteps = false;
        continue;
      }
      // No value fits: leave out the nearest entry that may be left out.
      const out = removable(schema, path, copy);
      if (!out) return undefined;
      if (!NOT_STRUCTURAL.has(String(path[0])) || out.length === 1) sameSteps = false;
      const parent = valueAt(copy, out.slice(0, -1));
      const last = out[out.length - 1]!;
      if (Array.isArray(parent)) drop.push({ list: parent, index: last as number });
      else if (parent && typeof parent === 'object') delete (parent as Record<string, Plain>)[String(last)];
    }
    // Left-out list items go last and from the end, so the indices of one round stay valid.
    drop.sort((a, b) => b.index - a.index);
    for (const d of drop) if (d.index < d.list.length) d.list.splice(d.index, 1);
    const again = schema.safeParse(copy);
    if (again.success) return { data: again.data, sameSteps };
    current = again.error.issues;
  }
  return undefined;
}

/** A union's issues are those of its branch that got furthest, so each names its exact place. */
function flatten(issues: readonly Issue[], value: Plain, prefix: PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const i of issues) {
    const path = [...prefix, ...i.path];
    const got = valueAt(value, path as Path);
    if (i.code === 'invalid_union' && got !== null && typeof got === 'object') {
      const best = i.errors.slice().sort((a, b) => deepest(b) - deepest(a))[0] ?? [];
      if (best.length > 0) {
        out.push(...flatten(best, value, path));
        continue;
      }
    }
    out.push({ ...i, path });
  }
  return out;
}

function deepest(issues: readonly Issue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 1)));
}

/** A value the schema accepts in place of `got`: a likely reading of a typo, or a placeholder. */
function placeholder(leaf: unknown, got: Plain | undefined): { value: Plain; likely: boolean } | undefined {
  const d = def(leaf);
  if (d.type === 'enum') {
    const options = Object.values(d.entries as Record<string, string>);
    const meant = typeof got === 'string' ? closest(got, options) : undefined;
    return meant !== undefined ? { value: meant, likely: true } : { value: options[0]!, likely: false };
  }
  for (const candidate of ['1', 1, 'x', false, {}] as Plain[])
    if ((leaf as z.ZodType).safeParse(candidate).success) return { value: candidate, likely: false };
  return undefined;
}

/** The path of the nearest entry on `path` that can be left out: a list item, a record entry, an optional key. */
function removable(schema: z.ZodType, path: Path, value: Plain): Path | undefined {
  for (let i = path.length; i >= 1; i--) {
    const parent = unwrap(schemaAt(schema, path.slice(0, i - 1), value));
    if (!parent) continue;
    const t = def(parent).type;
    if (t === 'array' || t === 'record') return path.slice(0, i);
    if (t === 'object') {
      const own = (def(parent).shape as Record<string, unknown>)[String(path[i - 1])];
      if (own && def(own).type === 'optional') return path.slice(0, i);
    }
  }
  return undefined;
}

function unwrap(s: unknown): unknown {
  for (let i = 0; s !== undefined && i < 10; i++) {
    const d = def(s);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable') s = d.innerType;
    else break;
  }
  return s;
}

/** The schema at a path; in a union, the branch that fits the data there (a list or a mapping). */
function schemaAt(schema: z.ZodType, path: Path, value: Plain): unknown {
  let cur: unknown = schema;
  let at: Plain | undefined = value;
  for (const p of path) {
    cur = pickBranch(unwrap(cur), at);
    if (cur === undefined) return undefined;
    const d = def(cur);
    if (d.type === 'object') cur = (d.shape as Record<string, unknown>)[String(p)];
    else if (d.type === 'record') cur = d.valueType;
    else if (d.type === 'array') cur = d.element;
    else return undefined;
    at = at !== null && typeof at === 'object' ? (at as Record<string, Plain>)[p as string] : undefined;
  }
  return pickBranch(cur, at);
}

function pickBranch(s: unknown, at: Plain | undefined): unknown {
  if (s === undefined || def(s).type !== 'union' || s === decimal) return s;
  const options = (def(s).options as unknown[]).map(unwrap);
  const want = Array.isArray(at)
    ? ['array']
    : at !== null && typeof at === 'object'
      ? ['object', 'record']
      : [];
  return options.find((o) => want.includes(def(o).type as string)) ?? s;
}

function valueAt(v: Plain, path: Path): Plain | undefined {
  let cur: Plain | undefined = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, p)
      ? (cur as Record<string, Plain>)[p as string]
      : undefined;
  }
  return cur;
}

function objectAt(v: Plain, path: Path): Record<string, Plain> | undefined {
  const at = valueAt(v, path);
  return at !== null && typeof at === 'object' && !Array.isArray(at) ? at : undefined;
}

function setAt(v: Plain, path: Path, x: Plain): void {
  const parent = valueAt(v, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object')
    (parent as Record<string, Plain>)[String(path[path.length - 1])] = x;
}
