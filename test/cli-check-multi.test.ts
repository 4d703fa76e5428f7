import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from './e2e-build.js';

// `check` on files with several errors of different kinds, run as the built binary from another
// folder: every error comes in ONE run. The expected findings are the `# expect:` lines written
// by hand in each file (test/fixtures/broken/README.md), never the program's own output.
beforeAll(() => ensureBuilt(), 200_000);
const BROKEN = fileURLToPath(new URL('./fixtures/broken/', import.meta.url));
const multi = readdirSync(BROKEN)
  .filter((f) => f.startsWith('multi-') && f.endsWith('.yaml'))
  .sort();
const expected = (f: string) =>
  [...readFileSync(BROKEN + f, 'utf8').matchAll(/^# expect: (.+)$/gm)].map((m) => `${f} ${m[1]!.trim()}`);

interface JsonFinding {
  file: string;
  line: number | null;
  column: number | null;
  severity: string;
  code: string;
  message: string;
  hint?: string;
}

function check(files: string[]) {
  const p = spawnSync(process.execPath, [BIN, 'check', '--json', ...files.map((f) => BROKEN + f)], {
    encoding: 'utf8',
    cwd: tmpdir(),
    input: '',
  });
  const doc = JSON.parse(p.stdout) as { findings: JsonFinding[] };
  const found = doc.findings.map(
    (x) =>
      `${x.file.slice(BROKEN.length)} ${x.severity} ${x.code} ${x.line === null ? '-' : `${x.line}:${x.column}`}`,
  );
  return { status: p.status, found, findings: doc.findings };
}

describe('check reports every error of a file in one run', () => {
  it('the corpus has files with several errors of different kinds', () => {
    expect(multi.length).toBeGreaterThanOrEqual(5);
    for (const f of multi) expect(expected(f).length, f).toBeGreaterThanOrEqual(2);
  });

  it.each(multi)('%s: the exact findings, in one run', (f) => {
    const r = check([f]);
    expect(r.status).toBe(2);
    expect(r.found).toEqual(expected(f));
  });

  it('all the files in a single run, nothing more and nothing less', () => {
    const r = check(multi);
    expect(r.found).toEqual(multi.flatMap(expected));
  });

  it('the misspelt top-level key is named with its likely meaning, and "title" is not called missing', () => {
    const r = check(['multi-typo-key-and-value.yaml']);
    expect(r.findings[0]!.hint).toBe('did you mean "title"?');
    expect(r.findings.map((x) => x.message).join('\n')).not.toMatch(/missing/);
  });

  it('suggestions come only from what could stand there', () => {
    const hints = check(['multi-suggestions.yaml']).findings.map((x) => x.hint);
    expect(hints).toEqual([
      '"title" is already given here; remove one of the two',
      'did you mean "A"? (neurons that fit here: A, B)',
      'did you mean "value"?',
      'did you mean "F"? (neurons that fit here: F)',
      'did you mean "C"? (neurons that fit here: C, D, F)',
      'did you mean "B"? (inputs: A, B)',
      'did you mean "F"? (outputs: F)',
      undefined,
    ]);
  });

  it('a network that cannot be built: the bound in words, and its training numbers still checked', () => {
    const messages = check(['multi-network-unbuildable.yaml']).findings.map((x) => x.message);
    expect(messages.slice(0, 3)).toEqual([
      '`network.layers`: needs at least 2 items, not 1',
      'the learning rate must be positive, not -1',
      'momentum is between 0 (none) and 1 (exclusive)',
    ]);
    expect(messages.join('\n')).not.toMatch(/needs a `network`/);
  });

  it('a broken structure says which checks wait for it, instead of calling every step unknown', () => {
    const r = check(['multi-no-cascade.yaml']);
    expect(r.findings.map((x) => x.code)).not.toContain('unknown-step');
    expect(r.findings.at(-1)!.message).toMatch(/`steps:` are checked once the errors above are fixed/);
  });

  it('a file YAML cannot read stops at once, and says that the rest waits', () => {
    const r = check(['yaml-syntax.yaml']);
    // The file's own expectations: two syntax errors (lines 5 and 6), nothing checked beyond them.
    expect(r.found).toEqual(expected('yaml-syntax.yaml'));
    for (const x of r.findings)
      expect(x.hint).toMatch(/the rest of the file is checked once it reads as YAML/);
  });
});
