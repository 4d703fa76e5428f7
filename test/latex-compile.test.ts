/**
 * Every bundled exercise's answer key (`solve --format latex`) and question sheet (`solve
 * --blank --format latex`), pictures included, compiled with pdflatex. Never skipped: .ci/run
 * installs pdflatex (texlive-latex-base) and TikZ (texlive-pictures) when they are missing.
 * The documents are compiled three at a time (it.concurrent with a limit), each in its own folder.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const run = promisify(execFile);
const ids = readdirSync(new URL('../exercises/', import.meta.url))
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

async function latexOf(args: string[]): Promise<string> {
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

describe('every bundled LaTeX handout compiles', () => {
  it('pdflatex and TikZ are installed (apt-get install texlive-latex-base texlive-pictures; .ci/run does)', () =>
    expect(installed).toBe(true));

  it('finds the bundled exercises', () => expect(ids.length).toBeGreaterThanOrEqual(12));

  const cases = ids.flatMap(
    (id) =>
      [
        [`${id} answer key`, id, []],
        [`${id} question sheet`, id, ['--blank']],
      ] as Array<[string, string, string[]]>,
  );

  it.concurrent.each(cases)(
    '%s',
    async (name, id, extra) => {
      const tex = await latexOf([id, '--format', 'latex', ...extra]);
      expect(tex).toContain('\\begin{tikzpicture}');
      const dir = mkdtempSync(join(root, 'doc-'));
      writeFileSync(join(dir, 'doc.tex'), tex);
      try {
        const args = ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'doc.tex'];
        await limited(() => run('pdflatex', args, { cwd: dir, timeout: 120_000 }));
      } catch (e) {
        const log = existsSync(join(dir, 'doc.log')) ? readFileSync(join(dir, 'doc.log'), 'utf8') : String(e);
        expect.fail(
          `${name}: pdflatex failed:\n${log
            .split('\n')
            .filter((l) => l.startsWith('!') || l.startsWith('l.'))
            .join('\n')}`,
        );
      }
      expect(existsSync(join(dir, 'doc.pdf'))).toBe(true);
    },
    180_000,
  );
});
