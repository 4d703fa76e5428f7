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
import { MAX_INPUT_EXPONENT, withinInputLimit } from '../engine/limits.js';
import { DECIMAL_PATTERN } from './decimal-text.js';
import type { Problem } from './errors.js';
import { formOf } from './shape.js';
import type { Field, Shape } from './shape.js';
import { closest } from './suggest.js';
import type { Plain, YamlSource } from './yaml-source.js';

type Path = ReadonlyArray<string | number>;
type PlainMap = { [k: string]: Plain };

/** Top-level sections whose contents never decide which steps an exercise has. */
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

export interface Composed {
  /** The data in the table's shape; absent when a required section could not be read at all. */
  readonly data?: Plain;
  readonly problems: Problem[];
  /** False when a repair may have changed which steps the exercise has. */
  readonly sameSteps: boolean;
}

interface Ctx {
  readonly src: YamlSource;
  readonly problems: Problem[];
  sameSteps: boolean;
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

function report(
  ctx: Ctx,
  path: Path,
  code: Problem['code'],
  message: string,
  hint?: string,
  key = false,
): void {
  ctx.problems.push({
    code,
    message,
    ...(hint ? { hint } : {}),
    path: [...path],
    range: key ? ctx.src.keyRangeAt(path) : ctx.src.rangeAt(path),
  });
}

/** A stand-in a later check accepts, marking the steps as changed where it could change them. */
function stand(shape: Shape, path: Path, ctx: Ctx): Plain | undefined {
  const value = standIn(shape);
  if (value !== undefined && shape.kind !== 'decimal') changed(path, ctx);
  return value;
}

function standIn(shape: Shape): Plain | undefined {
  switch (shape.kind) {
    case 'decimal':
      return '1';
    case 'int':
      return Math.min(shape.max, Math.max(shape.min, 1));
    case 'text':
      return 'x';
    case 'choice':
      return shape.values[0]!;
    case 'bool':
      return false;
    case 'list':
      return undefined;
    case 'record':
      return shape.min ? undefined : {};
    case 'map':
      return Object.values(shape.fields).some((f) => f.required) ? undefined : {};
    case 'either':
      for (const o of shape.options) {
        const v = standIn(o);
        if (v !== undefined) return v;
      }
      return undefined;
  }
}

function changed(path: Path, ctx: Ctx): void {
  if (!NOT_STRUCTURAL.has(String(path[0]))) ctx.sameSteps = false;
}

/** An entry left out: a section of its own, or anything in a section that makes steps. */
function leftOut(path: Path, ctx: Ctx): void {
  if (path.length === 1 || !NOT_STRUCTURAL.has(String(path[0]))) ctx.sameSteps = false;
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

const NUMBER_HINT = 'write a decimal number such as 0.25, -3 or 1.5e-3 (a point for decimals, no commas)';

function decimalAt(got: Plain | undefined, path: Path, ctx: Ctx): Plain {
  // Whole numbers of up to 9 digits arrive as numbers (exact); every other number as its text.
  const textOf = typeof got === 'number' ? String(got) : got;
  if (typeof textOf !== 'string') {
    const what = Array.isArray(got) || (got !== null && typeof got === 'object') ? 'bad-type' : 'bad-number';
    const message =
      what === 'bad-type'
        ? `${where(path)} should be a number, not ${describe(got)}`
        : `${where(path)}: ${describe(got)} is not a number`;
    report(ctx, path, what, message, NUMBER_HINT);
    return '1';
  }
  if (!DECIMAL_PATTERN.test(textOf)) {
    report(ctx, path, 'bad-number', `${where(path)}: ${describe(got)} is not a number`, NUMBER_HINT);
    return '1';
  }
  if (!withinInputLimit(textOf)) {
    report(
      ctx,
      path,
      'bad-value',
      `${where(path)}: this number is past the magnitude limit: exponents within ±${MAX_INPUT_EXPONENT} (docs/authoring.md, Limits)`,
    );
    return '1';
  }
  return textOf;
}

const RANGE_HINT = 'see docs/authoring.md for the allowed range';

function intAt(
  shape: Shape & { kind: 'int' },
  got: Plain | undefined,
  path: Path,
  ctx: Ctx,
): Plain | undefined {
  if (typeof got === 'number') {
    if (got >= shape.min && got <= shape.max) return got;
    const side = got < shape.min ? `at least ${shape.min}` : `at most ${shape.max}`;
    report(ctx, path, 'bad-value', `${where(path)}: ${side}, not ${got}`, RANGE_HINT);
    return stand(shape, path, ctx);
  }
  const written = typeof got === 'string' && DECIMAL_PATTERN.test(got) ? got : undefined;
  const whole = written === undefined ? undefined : wholeNumberOf(written);
  if (written !== undefined && /[eE]/.test(written)) {
    report(
      ctx,
      path,
      'bad-type',
      `${where(path)}: ${written} is written with an exponent; a count is a whole number in digits`,
      whole === undefined ? 'write it in digits, such as 10' : `write ${whole}`,
    );
  } else if (written !== undefined && /^[+-]?\d+$/.test(written)) {
    // Over nine digits: a whole number past every bound here.
    report(ctx, path, 'bad-value', `${where(path)}: at most ${shape.max}, not ${written}`, RANGE_HINT);
  } else {
    const fraction = written !== undefined && written.includes('.');
    report(
      ctx,
      path,
      'bad-type',
      fraction
        ? `${where(path)} should be a whole number, not ${written}`
        : `${where(path)} should be a whole number, not ${describe(got)}`,
      'write a plain whole number',
    );
  }
  return stand(shape, path, ctx);
}

/** The whole number an exponent form stands for (1e1 -> 10), when it is one of a sensible size. */
function wholeNumberOf(written: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(written);
  if (!m) return undefined;
  const exponent = Number.parseInt(m[4]!, 10);
  const fraction = m[3] ?? '';
  if (!Number.isFinite(exponent) || Math.abs(exponent) > 12) return undefined;
  const digits = (m[2] ?? '') + fraction;
  const point = (m[2] ?? '').length + exponent;
  if (point < 0 || /[1-9]/.test(digits.slice(Math.max(0, point)))) return undefined;
  const int =
    digits
      .padEnd(point, '0')
      .slice(0, point)
      .replace(/^0+(?=\d)/, '') || '0';
  return (m[1] === '-' && int !== '0' ? '-' : '') + int;
}

function textAt(
  shape: Shape & { kind: 'text' },
  got: Plain | undefined,
  path: Path,
  ctx: Ctx,
): Plain | undefined {
  if (typeof got !== 'string') {
    const scalar = typeof got === 'number' || typeof got === 'boolean';
    report(
      ctx,
      path,
      'bad-type',
      `${where(path)} should be text, not ${describe(got)}`,
      scalar ? `put it in quotes to make it text: "${String(got)}"` : 'see docs/authoring.md',
    );
    return stand(shape, path, ctx);
  }
  const count = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
  let wrong: string | undefined;
  if (shape.min !== undefined && got.length < shape.min)
    wrong = got.length === 0 ? 'must not be empty' : `at least ${count(shape.min)}, not ${got.length}`;
  else if (got.length > shape.max) wrong = `at most ${count(shape.max)}, not ${got.length}`;
  if (wrong !== undefined) {
    report(ctx, path, 'bad-value', `${where(path)}: ${wrong}`, RANGE_HINT);
    return stand(shape, path, ctx);
  }
  if (shape.pattern && !shape.pattern.test(got)) {
    report(ctx, path, 'bad-value', `${where(path)}: ${describe(got)} has the wrong form`, shape.rule);
    return stand(shape, path, ctx);
  }
  return got;
}

function choiceAt(values: readonly string[], got: Plain | undefined, path: Path, ctx: Ctx): Plain {
  if (typeof got === 'string' && values.includes(got)) return got;
  const near = typeof got === 'string' ? closest(got, values) : undefined;
  report(
    ctx,
    path,
    'bad-value',
    `${where(path)}: ${describe(got)} is not allowed`,
    `use one of: ${values.join(', ')}${near ? ` (did you mean "${near}"?)` : ''}`,
  );
  // The did-you-mean is the likely reading and keeps the steps; a first choice may not.
  if (near !== undefined) return near;
  changed(path, ctx);
  return values[0]!;
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

export function where(path: Path): string {
  return path.length ? `\`${path.join('.')}\`` : 'the file';
}

export function describe(v: Plain | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return String(v);
}
