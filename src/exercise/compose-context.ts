/** What the composer's readers share: the file, the problems found, and the step tracking. */
import type { Problem } from './errors.js';
import type { Shape } from './shape.js';
import type { Plain, YamlSource } from './yaml-source.js';

export type Path = ReadonlyArray<string | number>;

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

export interface Ctx {
  readonly src: YamlSource;
  readonly problems: Problem[];
  sameSteps: boolean;
}

export const RANGE_HINT = 'see docs/authoring.md for the allowed range';

export function report(
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
export function stand(shape: Shape, path: Path, ctx: Ctx): Plain | undefined {
  const value = standIn(shape);
  if (value !== undefined && shape.kind !== 'decimal') changed(path, ctx);
  return value;
}

export function standIn(shape: Shape): Plain | undefined {
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

export function changed(path: Path, ctx: Ctx): void {
  if (!NOT_STRUCTURAL.has(String(path[0]))) ctx.sameSteps = false;
}

/** An entry left out: a section of its own, or anything in a section that makes steps. */
export function leftOut(path: Path, ctx: Ctx): void {
  if (path.length === 1 || !NOT_STRUCTURAL.has(String(path[0]))) ctx.sameSteps = false;
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
