import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WARNING_CODES } from '../src/authoring/lint.js';
import { checkText } from '../src/commands/check.js';
import { exerciseShape } from '../src/exercise/schema.js';
import type { Shape } from '../src/exercise/shape.js';

/**
 * docs/authoring.md is the format reference: every field of the section table must be described
 * there (as `name:` in an example or `name` in backquotes), and every warning code of `check`.
 */

/** Every mapping key in the table, with its dotted path. */
function fields(shape: Shape, path: string[] = [], out = new Map<string, string[]>()): Map<string, string[]> {
  if (shape.kind === 'map') {
    for (const [k, f] of Object.entries(shape.fields)) {
      out.set([...path, k].join('.'), [...path, k]);
      fields(f.shape, [...path, k], out);
    }
  }
  if (shape.kind === 'record') fields(shape.of, [...path, '*'], out);
  if (shape.kind === 'list') fields(shape.of, [...path, '[]'], out);
  if (shape.kind === 'either') for (const o of shape.options) fields(o, path, out);
  return out;
}

const doc = readFileSync(new URL('../docs/authoring.md', import.meta.url), 'utf8');

describe('docs/authoring.md', () => {
  const all = fields(exerciseShape);

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
