/**
 * Every bundled exercise's answer key (`solve --format latex`), question sheet (`--blank`) and
 * the answer key of its variant 1, and the keys and sheets of generated 8-8-4 and 16-16-4 networks, compiled
 * with pdflatex, pictures included. Each must:
 * - compile;
 * - keep every line on the page: no "Overfull \hbox" wider than the text by more than 10 pt
 *   (pdflatex's own measure, read from its log);
 * - show every value of the key: each step value of `solve --format json` (full precision),
 *   rounded here by decimal.js to the exercise's display rule (read from its YAML), is found in
 *   the PDF's text (pdftotext).
 * Never skipped: .ci/run installs pdflatex (texlive-latex-base) and TikZ (texlive-pictures)
 * when they are missing. The documents are compiled three at a time, each in its own folder.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Decimal } from 'decimal.js';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const run = promisify(execFile);
const exercisesDir = new URL('../exercises/', import.meta.url);
const ids = readdirSync(exercisesDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));
const root = mkdtempSync(join(tmpdir(), 'backstep-latex-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const installed = (() => {
  try {
    execFileSync('kpsewhich', ['tikz.sty'], { stdio: 'pipe' });
    execFileSync('pdflatex', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function solve(args: string[]): Promise<string> {
  const r = await runCli(['solve', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** A few pdflatex runs at once (each waits on files as much as it computes), not enough to starve other tests. */
const MAX_RUNS = 3;
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(job: () => Promise<T>): Promise<T> {
  // A finished job hands its slot straight to the next waiting one.
  if (running >= MAX_RUNS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await job();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Compiles a document; its log and its text as pdftotext reads it. */
async function compile(name: string, tex: string): Promise<{ log: string; text: string }> {
  const dir = mkdtempSync(join(root, 'doc-'));
  writeFileSync(join(dir, 'doc.tex'), tex);
  const logOf = () => (existsSync(join(dir, 'doc.log')) ? readFileSync(join(dir, 'doc.log'), 'latin1') : '');
  try {
    const args = ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'doc.tex'];
    await limited(() => run('pdflatex', args, { cwd: dir, timeout: 120_000 }));
  } catch (e) {
    const errors = (logOf() || String(e)).split('\n').filter((l) => l.startsWith('!') || l.startsWith('l.'));
    expect.fail(`${name}: pdflatex failed:\n${errors.join('\n')}`);
  }
  // NFKC: pdftotext names the font's Omega the ohm sign (U+2126), and splits no ligature.
  const text = (await run('pdftotext', ['-enc', 'UTF-8', 'doc.pdf', '-'], { cwd: dir })).stdout.normalize(
    'NFKC',
  );
  return { log: logOf(), text };
}

/** The widths pdflatex reports for lines wider than the text, in pt. */
function overfull(log: string): number[] {
  return [...log.matchAll(/Overfull \\hbox \(([\d.]+)pt too wide\)/g)].map((m) => Number(m[1]));
}

type Display = { kind: 'decimals' | 'significant'; digits: number };

function displayOf(yamlText: string): Display {
  const p = (parse(yamlText) as { precision?: { decimals?: number; significant?: number } }).precision;
  return p?.significant !== undefined
    ? { kind: 'significant', digits: p.significant }
    : { kind: 'decimals', digits: p?.decimals ?? 4 };
}

const D = Decimal.clone({ precision: 200 });

/**
 * A full-precision value as a key shows it, without its sign (a minus may be typeset apart from
 * the digits): rounded half-up to the display rule; of a number in scientific notation, the digits
 * before the exponent.
 */
function shown(full: string, d: Display): string | undefined {
  const v = new D(full).abs();
  if (!v.isFinite()) return undefined;
  if (d.kind === 'decimals') {
    const r = v.toDecimalPlaces(d.digits, Decimal.ROUND_HALF_UP);
    return r.e > 20 ? v.toExponential(d.digits, Decimal.ROUND_HALF_UP).split('e')[0] : r.toFixed(d.digits);
  }
  if (v.isZero()) return '0';
  const r = v.toSignificantDigits(d.digits, Decimal.ROUND_HALF_UP);
  if (r.e < -6 || r.e > 20) return r.toExponential(d.digits - 1).split('e')[0];
  return r.toFixed(Math.max(0, d.digits - 1 - r.e));
}

interface Doc {
  readonly name: string;
  readonly args: readonly string[];
  readonly yaml: string;
  /** Answer keys: their values are checked in the PDF too. */
  readonly key: boolean;
}

const generated = ['8,8,4', '16,16,4'].map((layers) => ({
  layers,
  file: join(root, `net-${layers.replace(/,/g, '-')}.yaml`),
}));

const docs: Doc[] = [
  ...ids.flatMap((id) => {
    const yaml = readFileSync(new URL(`${id}.yaml`, exercisesDir), 'utf8');
    return [
      { name: `${id} answer key`, args: [id], yaml, key: true },
      { name: `${id} question sheet`, args: [id, '--blank'], yaml, key: false },
      { name: `${id} variant 1 answer key`, args: [id, '--variant', '1'], yaml, key: true },
    ];
  }),
  ...generated.flatMap((g) => [
    { name: `a ${g.layers} network's answer key`, args: [g.file], yaml: '', key: true },
    { name: `a ${g.layers} network's question sheet`, args: [g.file, '--blank'], yaml: '', key: false },
  ]),
];

describe('every LaTeX handout compiles and keeps every line and value on the page', () => {
  it('pdflatex and TikZ are installed (apt-get install texlive-latex-base texlive-pictures; .ci/run does)', () =>
    expect(installed).toBe(true));

  it('finds the bundled exercises', () => expect(ids.length).toBeGreaterThanOrEqual(12));

  // Networks from `backstep new --layers`, written once before the documents that use them.
  beforeAll(async () => {
    for (const g of generated) {
      const r = await runCli(['new', '--layers', g.layers, '--id', 'net']);
      expect(r.code, r.stderr).toBe(0);
      writeFileSync(g.file, r.stdout);
    }
  });

  it.concurrent.each(docs.map((d) => [d.name, d] as const))(
    '%s',
    async (name, doc) => {
      const yaml = doc.yaml || readFileSync(doc.args[0]!, 'utf8');
      const tex = await solve([...doc.args, '--format', 'latex']);
      // (A picture of hundreds of weights is left out of a large network's key.)
      if (doc.yaml !== '') expect(tex.includes('\\begin{tikzpicture}'), 'a picture').toBe(true);
      const { log, text } = await compile(name, tex);
      expect(Math.max(0, ...overfull(log)), `${name}: a line wider than the page`).toBeLessThanOrEqual(10);
      if (!doc.key) return;
      const json = JSON.parse(await solve([...doc.args, '--format', 'json'])) as {
        steps: Array<{ id: string; value: string }>;
        final: { parameters?: Record<string, string> };
      };
      const display = displayOf(yaml);
      const values = [
        ...json.steps.map((s) => [s.id, s.value] as const),
        ...Object.entries(json.final.parameters ?? {}),
      ];
      const missing = values
        .map(([id, v]) => [id, shown(v, display)] as const)
        .filter(([, s]) => s !== undefined && !text.includes(s));
      expect(missing, `${name}: values not in the PDF's text`).toEqual([]);
      expect(values.length).toBeGreaterThan(5);
    },
    240_000,
  );
});

describe('text and notation symbols read as written in LaTeX', () => {
  const file = new URL('./fixtures/markup/notation-and-text.yaml', import.meta.url).pathname;
  // The title, description, source and notation symbols of the file, as pdftotext reads them:
  // \iffalse, }\def\x{ and % in symbols, < > | ^ ~ \ in text, math symbols and Greek, and a
  // visible [U+XXXX] for the CJK characters and the emoji (no glyph in TeX Live's base fonts).
  const pieces = [
    'Text ≤ ∞ Ω ✓ [U+4E2D][U+6587] [U+1F600] <x> a|b (t - y)^2 ~ \\',
    'x < y > z | w, 50% & #1 {a} ~b \\iffalse',
    '≥ ≈ α β Σ [U+00BD] [U+4E2D].',
    'Source: Notes <v2> | \\def (notes.txt)',
  ];
  const symbols = ['\\iffalse', '}\\def\\x{', '%', '<script>', 'a|b', '[a](b)'];
  it.concurrent.each([
    ['answer key', []],
    ['question sheet', ['--blank']],
  ] as Array<[string, string[]]>)('%s', async (name, extra) => {
    const { log, text } = await compile(name, await solve([file, ...extra, '--format', 'latex']));
    expect(Math.max(0, ...overfull(log))).toBeLessThanOrEqual(10);
    const flat = text.replace(/\s+/g, ' ');
    for (const p of [...pieces, ...symbols]) expect(flat, p).toContain(p);
  });
});
