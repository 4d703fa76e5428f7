import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WARNING_CODES } from '../src/authoring/lint.js';
import { checkText } from '../src/commands/check.js';
import { exerciseSchema } from '../src/exercise/schema.js';

/**
 * docs/authoring.md is the format reference: every field of the schema must be described there
 * (as `name:` in an example or `name` in backquotes), and every warning code of `check`.
 */
type Def = {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
  valueType?: unknown;
  element?: unknown;
  options?: unknown[];
};
const def = (s: unknown) => (s as { _zod: { def: Def } })._zod.def;

/** Every object key in the schema, with its dotted path. */
function fields(
  schema: unknown,
  path: string[] = [],
  out = new Map<string, string[]>(),
): Map<string, string[]> {
  const d = def(schema);
  if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable')
    return fields(d.innerType, path, out);
  if (d.type === 'pipe') return fields(d.in, path, out);
  if (d.type === 'object') {
    for (const [k, v] of Object.entries(d.shape ?? {})) {
      out.set([...path, k].join('.'), [...path, k]);
      fields(v, [...path, k], out);
    }
  }
  if (d.type === 'record') fields(d.valueType, [...path, '*'], out);
  if (d.type === 'array') fields(d.element, [...path, '[]'], out);
  if (d.type === 'union') for (const o of d.options ?? []) fields(o, path, out);
  return out;
}

const doc = readFileSync(new URL('../docs/authoring.md', import.meta.url), 'utf8');

describe('docs/authoring.md', () => {
  const all = fields(exerciseSchema);

  it('walks the whole schema (a sanity check of the walk)', () => {
    expect(all.size).toBeGreaterThan(60);
    expect(all.has('network.layers.[].activation')).toBe(true);
    expect(all.has('variants.*.decimals')).toBe(true);
  });

  // The field index names each field by its path: `network.layers[].activation`, `steps.<key>.hint`.
  const written = (parts: string[]) =>
    parts
      .map((p) => (p === '*' ? '.<key>' : p === '[]' ? '[]' : `.${p}`))
      .join('')
      .slice(1);

  it.each([...all.values()].map((parts) => written(parts)))('describes %s', (path) => {
    expect(doc, `\`${path}\` is not in docs/authoring.md`).toContain(`\`${path}\``);
  });

  it('shows every field in an example too', () => {
    for (const parts of all.values()) {
      const name = parts.at(-1)!;
      expect(new RegExp(`(^|[\\s{,-])${name}:`, 'm').test(doc), `${name} appears in no example`).toBe(true);
    }
  });

  it('has a whole-file example that passes check without findings', () => {
    const example = doc.split('## A whole file')[1]!.split('```yaml\n')[1]!.split('```')[0]!;
    expect(checkText('example.yaml', example)).toEqual([]);
  });

  it.each([...WARNING_CODES])('lists the warning code %s', (code) => {
    expect(doc).toContain(`\`${code}\``);
  });
});
