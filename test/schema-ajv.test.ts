/**
 * The editor's view of the exercise format: schema/exercise.schema.json, checked with ajv (a
 * JSON Schema validator independent of the composer, whose section table generated it) against
 * what the loader accepts. Files are read with the `yaml` package as an editor's YAML server reads them, so
 * 0.1 arrives as a number, as it does in VS Code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../src/authoring/templates.js';
import type { Template } from '../src/authoring/templates.js';
import { checkExerciseText } from '../src/exercise/load.js';

const schema = JSON.parse(
  readFileSync(new URL('../schema/exercise.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
const problems = (data: unknown) =>
  validate(data)
    ? []
    : (validate.errors ?? []).map(
        (e) => `${e.instancePath} ${e.keyword}: ${e.message} ${JSON.stringify(e.params)}`,
      );

const dir = new URL('../exercises/', import.meta.url);
const bundled = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

const TEMPLATES: Template[] = [
  { kind: 'perceptron' },
  { kind: 'graph' },
  ...(['sigmoid', 'tanh', 'relu', 'identity'] as const).flatMap((activation) =>
    (['named', 'matrices'] as const).map((weights): Template => ({
      kind: 'network',
      sizes: [2, 2, 1],
      naming: 'letters',
      weights,
      activation,
    })),
  ),
  { kind: 'network', sizes: [3, 4, 2], naming: 'generated', weights: 'matrices', activation: 'sigmoid' },
];

describe('the editor schema (ajv)', () => {
  it('finds bundled exercises to check', () => expect(bundled.length).toBeGreaterThanOrEqual(12));

  it.each(bundled)('accepts the bundled %s', (f) => {
    const text = readFileSync(new URL(f, dir), 'utf8');
    expect(checkExerciseText(f, text).problems).toEqual([]);
    expect(problems(parse(text))).toEqual([]);
  });

  it.each(TEMPLATES.map((t) => [JSON.stringify(t), t] as const))(
    'accepts the `new` template %s',
    (_name, t) => {
      const text = renderTemplate(t, {
        id: 'my-exercise',
        schema: '../schema/exercise.schema.json',
        fileName: 'my-exercise.yaml',
      });
      expect(problems(parse(text))).toEqual([]);
    },
  );

  const doc = readFileSync(new URL('../docs/authoring.md', import.meta.url), 'utf8');
  const whole = doc.split('## A whole file')[1]!.split('```yaml\n')[1]!.split('```')[0]!;
  const fragments = doc
    .split('```yaml\n')
    .slice(1)
    .map((b) => b.split('```')[0]!);

  it('accepts the whole-file example of docs/authoring.md', () => expect(problems(parse(whole))).toEqual([]));

  it('accepts every example of docs/authoring.md, each put into the whole-file example', () => {
    expect(fragments.length).toBeGreaterThan(10);
    const base = parse(whole) as Record<string, Record<string, unknown>>;
    for (const text of fragments) {
      // Indented fragments are keys of `network:` (weights, matrices, biases).
      const nested = /^ {2}\S/.test(text);
      const frag = (parse(nested ? `network:\n${text}` : text) ?? {}) as Record<
        string,
        Record<string, unknown>
      >;
      const merged: Record<string, unknown> = { ...base };
      for (const [k, v] of Object.entries(frag)) merged[k] = nested ? { ...base[k], ...v } : v;
      expect(problems(merged), text).toEqual([]);
    }
  });

  it('accepts numbers written as YAML numbers and as strings, as the loader does', () => {
    const base = parse(whole) as Record<string, unknown>;
    const training = (base.training ?? {}) as Record<string, unknown>;
    for (const rate of [0.5, '0.5', 1, '1.5e-3'])
      expect(problems({ ...base, training: { ...training, learning_rate: rate } })).toEqual([]);
    expect(problems({ ...base, training: { ...training, learning_rate: 'half' } })).not.toEqual([]);
  });

  it('rejects a misspelt key, at the top and nested', () => {
    const base = parse(whole) as Record<string, unknown>;
    const top = problems({ ...base, titel: 'x' });
    expect(top.join('\n')).toMatch(/additionalProperties.*"titel"/);
    const network = base.network as Record<string, unknown>;
    const nested = problems({ ...base, network: { ...network, biasses: {} } });
    expect(nested.join('\n')).toMatch(/^\/network additionalProperties.*"biasses"/);
  });

  it('describes every key, for hover help in editors', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (typeof v.description !== 'string' || v.description === '') missing.push(`${path}${k}`);
        walk(v, `${path}${k}.`);
      }
      for (const key of ['items', 'additionalProperties']) walk(n[key], `${path}*.`);
      for (const alt of (n.anyOf ?? []) as unknown[]) walk(alt, path);
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });
});
