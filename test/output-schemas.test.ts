/**
 * The JSON outputs keep their published contract: the real output of `solve --format json`
 * (whole and streamed), `verify --format json` and `check --json` for every bundled exercise,
 * and for the corpus of broken files, validates with ajv against schema/solve-output,
 * verify-output and check-output.schema.json; and the schemas are not vacuous (a document with
 * a wrong format tag, a number where a decimal string belongs or an unknown verdict fails).
 */
import { readFileSync, readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const ajv = new Ajv({ allErrors: true, strict: true });
const compile = (name: string) =>
  ajv.compile(
    JSON.parse(readFileSync(new URL(`../schema/${name}.schema.json`, import.meta.url), 'utf8')) as object,
  );
const schemas = {
  solve: compile('solve-output'),
  verify: compile('verify-output'),
  check: compile('check-output'),
};
function problems(kind: keyof typeof schemas, data: unknown): string[] {
  const v = schemas[kind];
  return v(data)
    ? []
    : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

const ids = readdirSync(new URL('../exercises/', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

async function json(args: string[], codes = [0]): Promise<unknown> {
  const r = await runCli(args);
  expect(codes, r.stderr).toContain(r.code);
  return JSON.parse(r.stdout) as unknown;
}

describe('solve --format json follows schema/solve-output.schema.json', () => {
  it.each(ids)('%s (and its variant 1)', async (id) => {
    for (const extra of [[], ['--variant', '1']]) {
      const doc = await json(['solve', id, '--format', 'json', ...extra]);
      expect(problems('solve', doc)).toEqual([]);
      expect((doc as { format: string }).format).toBe('backstep-solve/1');
    }
  });

  it('streamed (--all-steps past the step window)', async () => {
    const t = await runCli(['new', '--network', '2-2-1', '--id', 'long']);
    const dir = mkdtempSync(join(tmpdir(), 'backstep-schema-'));
    const file = join(dir, 'long.yaml');
    writeFileSync(file, t.stdout.replace(/iterations: \d+/, 'iterations: 150'));
    const doc = (await json(['solve', file, '--format', 'json', '--all-steps'])) as { steps: unknown[] };
    expect(doc.steps.length).toBeGreaterThan(3000);
    expect(problems('solve', doc)).toEqual([]);
  });
});

describe('verify --format json follows schema/verify-output.schema.json', () => {
  it('every bundled exercise', async () => {
    const doc = (await json(['verify', '--all', '--format', 'json'], [0, 1])) as { exercises: unknown[] };
    expect(doc.exercises.length).toBe(ids.length);
    expect(problems('verify', doc)).toEqual([]);
  });
});

describe('check --json follows schema/check-output.schema.json', () => {
  it('the bundled exercises', async () => {
    const doc = await json(['check', new URL('../exercises/', import.meta.url).pathname, '--json'], [0, 1]);
    expect(problems('check', doc)).toEqual([]);
  });
  it('the corpus of broken files (errors and warnings)', async () => {
    const doc = (await json(
      ['check', new URL('./fixtures/broken/', import.meta.url).pathname, '--json'],
      [1, 2],
    )) as { summary: { errors: number; warnings: number } };
    expect(doc.summary.errors).toBeGreaterThan(10);
    expect(doc.summary.warnings).toBeGreaterThan(5);
    expect(problems('check', doc)).toEqual([]);
  });
});

describe('the schemas reject what breaks the contract', () => {
  it('solve: a wrong format tag, a number for a decimal string, an unknown field', async () => {
    const doc = (await json(['solve', 'two-two-one-network', '--format', 'json'])) as {
      format: string;
      steps: Array<Record<string, unknown>>;
    };
    expect(problems('solve', { ...doc, format: 'backstep-solve/2' })).not.toEqual([]);
    expect(problems('solve', { ...doc, steps: [{ ...doc.steps[0], value: 0.351 }] })).not.toEqual([]);
    expect(problems('solve', { ...doc, extra: 1 })).not.toEqual([]);
  });
  it('verify: an unknown verdict; check: an unknown severity', () => {
    const result = {
      step: 'y',
      kind: 'value',
      printed: '1',
      exact: '1',
      shownExact: '1.00',
      explanation: '',
    };
    const summary = { match: 0, truncated: 0, carried: 0, erratum: 0, acknowledged: 0 };
    const verify = (verdict: string) => ({
      format: 'backstep-verify/1',
      exercises: [{ exercise: 'x', results: [{ ...result, verdict }], summary }],
    });
    expect(problems('verify', verify('match'))).toEqual([]);
    expect(problems('verify', verify('maybe'))).not.toEqual([]);
    const finding = {
      file: 'x.yaml',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      code: 'bad-type',
      message: 'm',
    };
    const check = (severity: string) => ({
      format: 'backstep-check/1',
      files: ['x.yaml'],
      summary: { files: 1, errors: 1, warnings: 0 },
      findings: [{ ...finding, severity }],
    });
    expect(problems('check', check('error'))).toEqual([]);
    expect(problems('check', check('info'))).not.toEqual([]);
  });
});
