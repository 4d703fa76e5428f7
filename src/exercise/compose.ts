/**
 * The composer: one walk over a file's data against the section table (schema.ts), as eemeli/yaml
 * composes a document node by node (compose-node dispatches on the kind of node, each composer
 * reports its errors with the node's range and carries on). Every problem comes with its code,
 * path, range and a hint, and the walk goes on past it with the likely reading of the mistake
 * (a misspelt key read as the key it is one edit from, an enum value as its did-you-mean) or a
 * placeholder, or leaves the entry out: so a file's other errors come in the same run, and the
 * data handed on always has the table's shape. Whether a repair changed which steps the
 * exercise has is tracked too (`sameSteps`): a number replaced by a placeholder changes no step,
 * a neuron left out does, and then the checks that name steps are not run.
 */
import { describe, leftOut, report, RANGE_HINT, stand, where } from './compose-context.js';
import type { Ctx, Path } from './compose-context.js';
import { choiceAt, decimalAt, intAt, textAt } from './compose-scalars.js';
import type { Problem } from './errors.js';
import { formOf } from './shape.js';
import type { Field, Shape } from './shape.js';
import { closest } from './suggest.js';
import type { Plain, YamlSource } from './yaml-source.js';

type PlainMap = { [k: string]: Plain };

export interface Composed {
  /** The data in the table's shape; absent when a required section could not be read at all. */
  readonly data?: Plain;
  readonly problems: Problem[];
  /** False when a repair may have changed which steps the exercise has. */
  readonly sameSteps: boolean;
}

export function compose(shape: Shape, src: YamlSource): Composed {
  const ctx: Ctx = { src, problems: [], sameSteps: true };
  const data = node(shape, src.value, [], ctx);
  return { ...(data === undefined ? {} : { data }), problems: ctx.problems, sameSteps: ctx.sameSteps };
}

/** The value read as `shape`, a stand-in for it, or undefined when nothing can stand there. */
function node(shape: Shape, got: Plain | undefined, path: Path, ctx: Ctx): Plain | undefined {
  switch (shape.kind) {
    case 'decimal':
      return decimalAt(got, path, ctx);
    case 'int':
      return intAt(shape, got, path, ctx);
    case 'text':
      return textAt(shape, got, path, ctx);
    case 'choice':
      return choiceAt(shape.values, got, path, ctx);
    case 'bool':
      if (typeof got === 'boolean') return got;
      report(
        ctx,
        path,
        'bad-type',
        `${where(path)} should be true or false, not ${describe(got)}`,
        'write true or false',
      );
      return stand(shape, path, ctx);
    case 'list':
      return listAt(shape, got, path, ctx);
    case 'record':
      return recordAt(shape, got, path, ctx);
    case 'map':
      return mapAt(shape.fields, got, path, ctx);
    case 'either':
      return eitherAt(shape, got, path, ctx);
  }
}

function wrongType(shape: Shape, got: Plain | undefined, path: Path, ctx: Ctx): Plain | undefined {
  const mapping = shape.kind === 'map' || shape.kind === 'record';
  report(
    ctx,
    path,
    'bad-type',
    `${where(path)} should be ${formOf(shape)}, not ${describe(got)}`,
    mapping
      ? 'indent the entries below this key as `key: value` lines'
      : shape.kind === 'list'
        ? 'write a list: one `- item` per line, or [a, b, c]'
        : shape.kind === 'either'
          ? 'write a list, [a, b], or a mapping, {name: value}'
          : 'see docs/authoring.md',
  );
  return stand(shape, path, ctx);
}

function listAt(
  shape: Shape & { kind: 'list' },
  got: Plain | undefined,
  path: Path,
  ctx: Ctx,
): Plain | undefined {
  if (!Array.isArray(got)) return wrongType(shape, got, path, ctx);
  const out: Plain[] = [];
  got.forEach((item, i) => {
    const v = node(shape.of, item, [...path, i], ctx);
    if (v === undefined) leftOut([...path, i], ctx);
    else out.push(v);
  });
  const items = (n: number) => `${n} item${n === 1 ? '' : 's'}`;
  const wrong =
    shape.min !== undefined && got.length < shape.min
      ? `needs at least ${items(shape.min)}, not ${got.length}`
      : shape.max !== undefined && got.length > shape.max
        ? `needs at most ${items(shape.max)}, not ${got.length}`
        : undefined;
  if (wrong === undefined) return out;
  report(ctx, path, 'bad-value', `${where(path)}: ${wrong}`, RANGE_HINT);
  return undefined;
}

function isMapping(v: Plain | undefined): v is PlainMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An own entry, so that a key like `__proto__` or `constructor` is data, never a prototype. */
function put(out: PlainMap, key: string, value: Plain): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function recordAt(
  shape: Shape & { kind: 'record' },
  got: Plain | undefined,
  path: Path,
  ctx: Ctx,
): Plain | undefined {
  if (!isMapping(got)) return wrongType(shape, got, path, ctx);
  const out: PlainMap = {};
  for (const [k, item] of Object.entries(got)) {
    const at = [...path, k];
    const key = keyProblem(shape.key, k);
    if (key !== undefined) {
      report(ctx, at, 'bad-value', `${where(path)}: the key ${describe(k)} ${key}`, shape.key.rule, true);
      leftOut(at, ctx);
      continue;
    }
    const v = node(shape.of, item, at, ctx);
    if (v === undefined) leftOut(at, ctx);
    else put(out, k, v);
  }
  if (!shape.min || Object.keys(out).length >= shape.min.count) return out;
  report(ctx, path, 'bad-value', `${where(path)}: ${shape.min.message}`);
  return undefined;
}

function keyProblem(shape: Shape & { kind: 'text' }, k: string): string | undefined {
  if (shape.min !== undefined && k.length < shape.min) return 'is empty';
  if (k.length > shape.max) return `is longer than ${shape.max} characters`;
  if (shape.pattern && !shape.pattern.test(k)) return 'has the wrong form';
  return undefined;
}

function mapAt(
  fields: Readonly<Record<string, Field>>,
  got: Plain | undefined,
  path: Path,
  ctx: Ctx,
): Plain | undefined {
  if (!isMapping(got)) return wrongType({ kind: 'map', fields }, got, path, ctx);
  const meant = unknownKeys(fields, got, path, ctx);
  const out: PlainMap = {};
  for (const [key, field] of Object.entries(fields)) {
    const from = Object.prototype.hasOwnProperty.call(got, key) ? key : meant.get(key);
    if (from === undefined) {
      if (!field.required) continue;
      // Reported at the mapping's key: the place to add it.
      ctx.problems.push({
        code: 'missing-key',
        message: `missing ${where([...path, key])}`,
        hint: `add \`${key}:\` here`,
        path: [...path, key],
        range: ctx.src.keyRangeAt(path),
      });
      const v = stand(field.shape, [...path, key], ctx);
      if (v === undefined) return undefined;
      out[key] = v;
      continue;
    }
    // A misspelt key is read as the key meant, at the place it is written.
    const v = node(field.shape, got[from], [...path, from], ctx);
    if (v !== undefined) out[key] = v;
    else if (field.required) return undefined;
    else leftOut([...path, key], ctx);
  }
  return out;
}

/**
 * Keys the table does not know, each reported with its did-you-mean; returns the keys read as
 * another (meant key -> key written). Only a key the mapping does not have yet can be the one
 * meant: `titel` beside a `title` is not a misspelt title but a second one.
 */
function unknownKeys(
  fields: Readonly<Record<string, Field>>,
  got: PlainMap,
  path: Path,
  ctx: Ctx,
): Map<string, string> {
  const allowed = Object.keys(fields);
  const has = (k: string) => Object.prototype.hasOwnProperty.call(got, k);
  const meant = new Map<string, string>();
  for (const key of Object.keys(got)) {
    if (allowed.includes(key)) continue;
    const guess = closest(
      key,
      allowed.filter((k) => !has(k) && !meant.has(k)),
    );
    const twice = guess === undefined ? closest(key, allowed) : undefined;
    if (guess !== undefined) meant.set(guess, key);
    // In a flow mapping, `value: 0,2` reads as the number 0 and then a key "2".
    const hint = /^\d+$/.test(key)
      ? 'a number written with a comma? Use a point for decimals: 0.2, not 0,2'
      : guess
        ? `did you mean "${guess}"?`
        : twice
          ? `"${twice}" is already given here; remove one of the two`
          : `allowed here: ${allowed.join(', ')}`;
    report(ctx, [...path, key], 'unknown-key', `unknown key "${key}" in ${where(path)}`, hint, true);
  }
  return meant;
}

/** One of several shapes, chosen by the form of the value: a list, a mapping or a scalar. */
function eitherAt(
  shape: Shape & { kind: 'either' },
  got: Plain | undefined,
  path: Path,
  ctx: Ctx,
): Plain | undefined {
  const form = Array.isArray(got)
    ? ['list']
    : isMapping(got)
      ? ['map', 'record']
      : ['decimal', 'int', 'text', 'choice', 'bool'];
  const option = shape.options.find((o) => form.includes(o.kind));
  if (option) return node(option, got, path, ctx);
  // A scalar where only collections belong: a number where a number fits says "not a number".
  return wrongType(shape, got, path, ctx);
}
