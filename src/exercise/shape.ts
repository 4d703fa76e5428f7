/**
 * The little language the exercise format is written in (schema.ts is the table of sections in
 * it). One description serves two readers: the composer (compose.ts), which walks a file once
 * against it and reports every problem at its place, and the editors' JSON Schema (draft-07,
 * `jsonSchemaOf`), so the two cannot drift. Plain data, no library: what each shape accepts is
 * written here, and so is every message about it (compose.ts).
 */
import { DECIMAL_PATTERN } from './decimal-text.js';

export type Shape =
  | { readonly kind: 'decimal'; readonly description?: string }
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly description?: string }
  | {
      readonly kind: 'text';
      readonly min?: number;
      readonly max: number;
      readonly pattern?: RegExp;
      /** What the pattern asks for, in words (the hint when a text does not match it). */
      readonly rule?: string;
      readonly description?: string;
    }
  | { readonly kind: 'choice'; readonly values: readonly string[]; readonly description?: string }
  | { readonly kind: 'bool'; readonly description?: string }
  | {
      readonly kind: 'list';
      readonly of: Shape;
      readonly min?: number;
      readonly max?: number;
      readonly description?: string;
    }
  | {
      readonly kind: 'record';
      readonly key: Shape & { kind: 'text' };
      readonly of: Shape;
      /** At least this many entries, and what to say when there are fewer. */
      readonly min?: { readonly count: number; readonly message: string };
      readonly description?: string;
    }
  | { readonly kind: 'map'; readonly fields: Readonly<Record<string, Field>>; readonly description?: string }
  /** One of several shapes, told apart by the form of the value: a scalar, a list or a mapping. */
  | { readonly kind: 'either'; readonly options: readonly Shape[]; readonly description?: string };

export interface Field {
  readonly shape: Shape;
  readonly required: boolean;
  readonly description: string;
}

export const decimal = (description?: string): Shape => ({
  kind: 'decimal',
  ...(description ? { description } : {}),
});
export const int = (min: number, max: number): Shape => ({ kind: 'int', min, max });
export const text = (max: number, more: { min?: number; pattern?: RegExp; rule?: string } = {}) =>
  ({ kind: 'text', max, ...more }) as const;
export const choice = (values: readonly string[]): Shape => ({ kind: 'choice', values });
export const bool = (): Shape => ({ kind: 'bool' });
export const list = (of: Shape, min?: number, max?: number): Shape => ({
  kind: 'list',
  of,
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
export const record = (
  key: Shape & { kind: 'text' },
  of: Shape,
  min?: { count: number; message: string },
): Shape => ({ kind: 'record', key, of, ...(min ? { min } : {}) });
export const map = (fields: Record<string, Field>): Shape => ({ kind: 'map', fields });
export const either = (...options: Shape[]): Shape => ({ kind: 'either', options });
export const described = <S extends Shape>(shape: S, description: string): S => ({ ...shape, description });
export const required = (shape: Shape, description: string): Field => ({
  shape,
  required: true,
  description,
});
export const optional = (shape: Shape, description: string): Field => ({
  shape,
  required: false,
  description,
});

type Json = Record<string, unknown>;

/**
 * The draft-07 JSON Schema of a shape, for yaml-language-server and ajv. A decimal may be any
 * YAML number there, because an editor reads `0.1` as a number while the composer reads its
 * source text. `title` names each field by its path: yaml-language-server words a wrong type as
 * `Incorrect type. Expected "<title or type>"`, so the message says which field wants what.
 */
export function jsonSchemaOf(shape: Shape, path = ''): Json {
  const own = shape.description ? { description: shape.description } : {};
  switch (shape.kind) {
    case 'decimal':
      return { ...own, anyOf: [{ type: 'string', pattern: DECIMAL_PATTERN.source }, { type: 'number' }] };
    case 'int':
      return { ...own, type: 'integer', minimum: shape.min, maximum: shape.max };
    case 'text':
      return {
        ...own,
        type: 'string',
        ...(shape.min === undefined ? {} : { minLength: shape.min }),
        maxLength: shape.max,
        ...(shape.pattern ? { pattern: shape.pattern.source } : {}),
      };
    case 'choice':
      return { ...own, type: 'string', enum: [...shape.values] };
    case 'bool':
      return { ...own, type: 'boolean' };
    case 'list':
      return {
        ...own,
        type: 'array',
        items: titled(shape.of, `${path}[]`),
        ...(shape.min === undefined ? {} : { minItems: shape.min }),
        ...(shape.max === undefined ? {} : { maxItems: shape.max }),
      };
    case 'record':
      return {
        ...own,
        type: 'object',
        propertyNames: jsonSchemaOf(shape.key),
        additionalProperties: titled(shape.of, `${path}.<key>`),
        ...(shape.min ? { minProperties: shape.min.count } : {}),
      };
    case 'map':
      return mapSchema(shape.fields, path, own);
    case 'either':
      return { ...own, anyOf: shape.options.map((o) => jsonSchemaOf(o, path)) };
  }
}

/** A part's schema with a title naming its place and form, for yaml-language-server's messages. */
function titled(shape: Shape, at: string): Json {
  return { title: `${at}: ${formOf(shape)}`, ...jsonSchemaOf(shape, at) };
}

function mapSchema(fields: Readonly<Record<string, Field>>, path: string, own: Json): Json {
  const properties: Record<string, Json> = {};
  for (const [key, f] of Object.entries(fields)) {
    const at = path === '' ? key : `${path}.${key}`;
    properties[key] = { ...titled(f.shape, at), description: f.description };
  }
  const req = Object.entries(fields)
    .filter(([, f]) => f.required)
    .map(([k]) => k);
  return {
    ...own,
    type: 'object',
    properties,
    ...(req.length > 0 ? { required: req } : {}),
    additionalProperties: false,
  };
}

/** What a shape wants, in words: "a mapping (key: value lines)", "a list", "a number". */
export function formOf(shape: Shape): string {
  switch (shape.kind) {
    case 'decimal':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'text':
      return 'text';
    case 'choice':
      return `one of ${shape.values.join(', ')}`;
    case 'bool':
      return 'true or false';
    case 'list':
      return 'a list';
    case 'record':
    case 'map':
      return 'a mapping (key: value lines)';
    case 'either':
      return [...new Set(shape.options.map(formOf))].join(' or ');
  }
}
