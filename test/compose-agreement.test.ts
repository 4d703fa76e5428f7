/**
 * The composer (what `check` reads) and the editors' JSON Schema (what yaml-language-server
 * reads, checked here with ajv) come from one section table; this holds them to it on every
 * bundled exercise and every YAML example in the docs: where the composer finds the format
 * right, ajv does too, and the typical typos are refused by both.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compose } from '../src/exercise/compose.js';
import { exerciseJsonSchema, exerciseShape } from '../src/exercise/schema.js';
import { readYaml } from '../src/exercise/yaml-source.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(exerciseJsonSchema());

/** The composer's problems with the format (the checks past it, such as neurons, are not its part). */
function composerSays(text: string): string[] {
  const { source, problems } = readYaml('x.yaml', text);
  if (!source) return problems.map((p) => `${p.code}: ${p.message}`);
  return compose(exerciseShape, source).problems.map((p) => `${p.code}: ${p.message}`);
}
const ajvAccepts = (text: string) => validate(parse(text)) === true;

const exercises = new URL('../exercises/', import.meta.url);
const bundled = readdirSync(exercises)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => [f, readFileSync(new URL(f, exercises), 'utf8')] as const);

const docText = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');
const authoring = docText('docs/authoring.md');
const whole = authoring.split('## A whole file')[1]!.split('```yaml\n')[1]!.split('```')[0]!;
const base = parse(whole) as Record<string, Record<string, unknown>>;

/** Every YAML block of a page, a fragment put into the whole-file example as schema-ajv does. */
function examplesOf(name: string, blocks?: number): Array<readonly [string, string]> {
  return docText(name)
    .split('```yaml\n')
    .slice(1, blocks === undefined ? undefined : blocks + 1)
    .map((b) => b.split('```')[0]!)
    .map((fragment, i) => {
      const nested = /^ {2}\S/.test(fragment);
      const root =
        /^ {2}[^\s-]/.test(fragment) && /^ {2}\S[^:]*\/[^:]*:/m.test(fragment) ? 'steps' : 'network';
      const frag = (parse(nested ? `${root}:\n${fragment}` : fragment) ?? {}) as Record<string, unknown>;
      const merged: Record<string, unknown> = { ...base };
      for (const [k, v] of Object.entries(frag))
        merged[k] = nested && typeof v === 'object' ? { ...base[k], ...(v as object) } : v;
      return [`${name} #${i + 1}`, stringify(merged)] as const;
    });
}

describe('the composer and the editor schema agree', () => {
  it.each(bundled)('on the bundled %s: both accept', (_f, text) => {
    expect(composerSays(text)).toEqual([]);
    expect(ajvAccepts(text)).toBe(true);
  });

  const documented = [
    ['docs/authoring.md, a whole file', whole] as const,
    ...examplesOf('docs/authoring.md'),
    ...examplesOf('docs/verify.md'),
    // The README's second block is two lines cut out of a layer list, not a fragment of a file.
    ...examplesOf('README.md', 1),
  ];
  it('finds the documented examples', () => expect(documented.length).toBeGreaterThan(25));

  it.each(documented)('on %s: the composer accepts, and so does ajv', (_name, text) => {
    expect(composerSays(text)).toEqual([]);
    expect(ajvAccepts(text)).toBe(true);
  });

  const typos: Array<[string, (t: string) => string]> = [
    ['a misspelt top-level key', (t) => t.replace(/^title:/m, 'titel:')],
    ['a misspelt nested key', (t) => t.replace('network:\n', 'network:\n  biasses: {}\n')],
    ['an unknown activation', (t) => t.replace('activation: sigmoid', 'activation: sigmoud')],
    ['a word for a number', (t) => t.replace(/learning_rate: [\d.]+/, 'learning_rate: half')],
    ['a decimal comma in a flow mapping', (t) => t.replace(/value: 0\.(\d)/, 'value: 0,$1')],
    ['a fraction for a count', (t) => t.replace(/iterations: \d+/, 'iterations: 2.5')],
    ['a list where a mapping belongs', (t) => t.replace(/^loss: .*$/m, 'loss: [1, 2]')],
    ['an empty title', (t) => t.replace(/^title: .*$/m, 'title: ""')],
    ['an id that is not kebab-case', (t) => t.replace(/^id: .*$/m, 'id: Two_Two')],
  ];
  it.each(typos)('both refuse %s', (_name, edit) => {
    const text = edit(whole);
    expect(text).not.toBe(whole);
    expect(composerSays(text)).not.toEqual([]);
    expect(ajvAccepts(text)).toBe(false);
  });

  it('differ only where the editor cannot see the source text: 1e1 is the number 10 to an editor', () => {
    const text = whole.replace(/^ {2}decimals: 4$/m, '  decimals: 1e1');
    expect(text).not.toBe(whole);
    expect(ajvAccepts(text)).toBe(true);
    expect(composerSays(text)).toEqual([
      'bad-type: `precision.decimals`: 1e1 is written with an exponent; a count is a whole number in digits',
    ]);
  });
});
