/** Turns schema issues into located problems a person can act on. */
import type { z } from 'zod';
import type { Problem } from './errors.js';
import { closest } from './suggest.js';
import type { Plain, YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;
type Path = Array<string | number>;

export function issuesToProblems(issues: readonly Issue[], src: YamlSource, schema: z.ZodType): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    out.push(...toProblems(issue, path, src, schema));
  }
  // A misspelt required key is one mistake, not two: "unknown key titel, did you mean title"
  // says it all, so "missing title" goes.
  const guessed = new Set(
    out
      .filter((p) => p.code === 'unknown-key')
      .map((p) => /did you mean "([^"]+)"/.exec(p.hint ?? '')?.[1])
      .filter(Boolean),
  );
  // One problem per place: unions can report the same spot more than once.
  const seen = new Set<string>();
  return out.filter((p) => {
    if (p.code === 'missing-key' && guessed.has(/^missing `(?:.*\.)?([^.`]+)`$/.exec(p.message)?.[1]))
      return false;
    const k = `${p.range?.start}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function valueAt(v: Plain, path: Path): Plain | undefined {
  let cur: Plain | undefined = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur)
      ? cur[p as number]
      : Object.prototype.hasOwnProperty.call(cur, p)
        ? cur[p as string]
        : undefined;
  }
  return cur;
}

function describe(v: Plain | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return String(v);
}

const where = (path: Path) => (path.length ? `\`${path.join('.')}\`` : 'the file');

function toProblems(issue: Issue, path: Path, src: YamlSource, schema: z.ZodType): Problem[] {
  const got = valueAt(src.value, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const allowed = keysAt(schema, path);
        // Only a key the mapping does not have yet can be the one meant: `titel` beside a
        // `title` is not a misspelt title but a second one.
        const here = got !== null && typeof got === 'object' && !Array.isArray(got) ? got : {};
        const absent = allowed.filter((k) => !Object.prototype.hasOwnProperty.call(here, k));
        const guess = closest(key, absent);
        const twice = guess === undefined ? closest(key, allowed) : undefined;
        // In a flow mapping, `value: 0,2` reads as the number 0 and then a key "2".
        const decimalComma = /^\d+$/.test(key)
          ? 'a number written with a comma? Use a point for decimals: 0.2, not 0,2'
          : undefined;
        return {
          code: 'unknown-key' as const,
          message: `unknown key "${key}" in ${where(path)}`,
          hint:
            decimalComma ??
            (guess
              ? `did you mean "${guess}"?`
              : twice
                ? `"${twice}" is already given here; remove one of the two`
                : allowed.length
                  ? `allowed here: ${allowed.join(', ')}`
                  : 'remove it'),
          range: src.keyRangeAt([...path, key]),
        };
      });
    case 'invalid_type': {
      if (got === undefined) {
        const key = path[path.length - 1];
        return [
          {
            code: 'missing-key',
            message: `missing ${where(path)}`,
            hint: `add \`${String(key)}:\` here`,
            range: src.keyRangeAt(path.slice(0, -1)),
          },
        ];
      }
      // Integer settings receive other numbers as their text ("2.5"): say what is wrong with it.
      const fraction = issue.expected === 'number' && typeof got === 'string' && /^[+-]?\d*\.\d+$/.test(got);
      return [
        {
          code: 'bad-type',
          message: fraction
            ? `${where(path)} should be a whole number, not ${got}`
            : `${where(path)} should be ${article(issue.expected)}, not ${describe(got)}`,
          hint: hintFor(issue.expected),
          range: src.rangeAt(path),
        },
      ];
    }
    case 'invalid_union': {
      if (typeof got === 'string' || typeof got === 'number') {
        return [
          {
            code: 'bad-number',
            message: `${where(path)}: ${describe(got)} is not a number`,
            hint: 'write a decimal number such as 0.25, -3 or 1.5e-3 (a point for decimals, no commas)',
            range: src.rangeAt(path),
          },
        ];
      }
      // Otherwise report the branch that got furthest: the one whose issues go deepest.
      const branches = issue.errors;
      const best = branches.slice().sort((a, b) => depth(b) - depth(a))[0] ?? [];
      if (best.length === 0)
        return [{ code: 'bad-type', message: `${where(path)} has the wrong form`, range: src.rangeAt(path) }];
      return best.flatMap((sub) =>
        toProblems(
          sub,
          [...path, ...sub.path.map((p) => (typeof p === 'number' ? p : String(p)))],
          src,
          schema,
        ),
      );
    }
    case 'invalid_format':
      return [
        {
          code: 'bad-number',
          message: `${where(path)}: ${describe(got)} ${issue.message.startsWith('expected a decimal') ? 'is not a number' : 'has the wrong form'}`,
          hint: issue.message,
          range: src.rangeAt(path),
        },
      ];
    case 'invalid_value': {
      const choices = issue.values.map(String);
      const near = typeof got === 'string' ? closest(got, choices) : undefined;
      return [
        {
          code: 'bad-value',
          message: `${where(path)}: ${describe(got)} is not allowed`,
          hint: `use one of: ${choices.join(', ')}${near ? ` (did you mean "${near}"?)` : ''}`,
          range: src.rangeAt(path),
        },
      ];
    }
    case 'too_small':
    case 'too_big':
      return [
        {
          code: 'bad-value',
          message: `${where(path)}: ${bound(issue, got) ?? issue.message.replace(/^Too (small|big): expected /, 'expected ')}`,
          hint: 'see docs/authoring.md for the allowed range',
          range: src.rangeAt(path),
        },
      ];
    default:
      return [{ code: 'bad-value', message: `${where(path)}: ${issue.message}`, range: src.rangeAt(path) }];
  }
}

/** "at least 2 items, not 1", "at most 30, not 50": the bound and what the file has, in words. */
function bound(issue: Issue, got: Plain | undefined): string | undefined {
  if (issue.code !== 'too_small' && issue.code !== 'too_big') return undefined;
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const exclusive = issue.inclusive === false;
  const side = small ? (exclusive ? 'more than' : 'at least') : exclusive ? 'less than' : 'at most';
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (issue.origin === 'array' && Array.isArray(got))
    return `needs ${side} ${count(limit, 'item')}, not ${got.length}`;
  if (issue.origin === 'string' && typeof got === 'string')
    return got.length === 0 && small
      ? 'must not be empty'
      : `${side} ${count(limit, 'character')}, not ${got.length}`;
  if (issue.origin === 'number' && (typeof got === 'number' || typeof got === 'string'))
    return `${side} ${limit}, not ${got}`;
  return undefined;
}

function depth(issues: readonly Issue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 1)));
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: 'a mapping (key: value lines)',
    record: 'a mapping (key: value lines)',
    array: 'a list',
    string: 'text',
    number: 'a number',
    boolean: 'true or false',
    int: 'a whole number',
  };
  return names[expected] ?? expected;
}

function hintFor(expected: string): string {
  if (expected === 'object' || expected === 'record')
    return 'indent the entries below this key as `key: value` lines';
  if (expected === 'array') return 'write a list: one `- item` per line, or [a, b, c]';
  if (expected === 'number' || expected === 'int') return 'write a plain whole number';
  if (expected === 'boolean') return 'write true or false';
  return 'see docs/authoring.md';
}

/** The keys a mapping at `path` may have, for did-you-mean suggestions. */
export function keysAt(schema: z.ZodType, path: Path): string[] {
  let cur: unknown = schema;
  const def = (s: unknown) => (s as { _zod: { def: Record<string, unknown> } })._zod.def;
  const unwrap = (s: unknown): unknown => {
    for (let i = 0; i < 10; i++) {
      const d = def(s);
      if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable') s = d.innerType;
      else if (d.type === 'pipe') s = d.in;
      else break;
    }
    return s;
  };
  for (const p of path) {
    cur = unwrap(cur);
    const d = def(cur);
    if (d.type === 'object') cur = (d.shape as Record<string, unknown>)[String(p)];
    else if (d.type === 'record') cur = d.valueType;
    else if (d.type === 'array') cur = d.element;
    else if (d.type === 'union')
      cur = (d.options as unknown[]).find((o) =>
        ['object', 'record'].includes(def(unwrap(o)).type as string),
      );
    else return [];
    if (cur === undefined) return [];
  }
  cur = unwrap(cur);
  const d = def(cur);
  if (d.type === 'union') {
    const obj = (d.options as unknown[]).map(unwrap).find((o) => def(o).type === 'object');
    return obj ? Object.keys(def(obj).shape as object) : [];
  }
  return d.type === 'object' ? Object.keys(d.shape as object) : [];
}
