import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/run-cli.js';
import { describe, expect, it } from 'vitest';
import { askedSteps } from '../src/authoring/asked.js';
import type { Io } from '../src/commands/io.js';
import { newCommand } from '../src/commands/new.js';
import { solveCommand } from '../src/commands/solve.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { markdownText } from '../src/exercise/html-text.js';
import { shownSteps } from '../src/render/solution.js';
import { chooseSteps } from '../src/ui/practice-plan.js';
import { renderHandoutLatex, renderHandoutMarkdown, renderHandoutText } from '../src/render/handout.js';

function io(cwd: string) {
  let out = '';
  const value: Io = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    stdin: process.stdin,
    env: {},
    cwd,
  };
  return { io: value, out: () => out };
}

async function template(args: string[]): Promise<string> {
  const a = io(process.cwd());
  await newCommand(args, a.io);
  return a.out();
}

/** A title and description full of characters LaTeX treats specially. */
const SPECIAL = (text: string) =>
  text
    .replace(/^title: .*$/m, 'title: "Week #3: 50% of A_B & C, ~x^2 {sic} \\\\ end"')
    .replace(/^description: >\n(?: {2}.*\n)+/m, 'description: "Costs $5 & 10% more_than #2 ^ {x}"\n');

/**
 * The structure a LaTeX document needs to compile: one document environment, every \begin
 * closed by its \end in order, braces balanced, and outside math no unescaped # $ % & _ ^ ~
 * except & inside tabular and align environments.
 */
function latexProblems(tex: string): string[] {
  const problems: string[] = [];
  if ((tex.match(/\\begin\{document\}/g) ?? []).length !== 1 || !tex.trimEnd().endsWith('\\end{document}'))
    problems.push('document environment');
  const stack: string[] = [];
  let math = false;
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i]!;
    if (c === '\\') {
      const env = /^\\(begin|end)\{([^}]+)\}/.exec(tex.slice(i));
      if (env) {
        if (env[1] === 'begin') stack.push(env[2]!);
        else if (stack.pop() !== env[2]) problems.push(`\\end{${env[2]}} closes the wrong environment`);
        i += env[0].length - 1;
        continue;
      }
      i++; // an escaped character or the first letter of a command
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (depth < 0) problems.push(`unbalanced } at ${i}`);
    if (c === '%') problems.push(`unescaped % at ${i}`);
    if (c === '#') problems.push(`unescaped # at ${i}`);
    if (c === '$') math = !math;
    const inMathEnv = stack.some((e) => e.startsWith('align') || e === 'equation*');
    const inTable = stack.some((e) => e === 'tabular') || inMathEnv;
    if (!math && !inMathEnv && (c === '_' || c === '^' || c === '~'))
      problems.push(`unescaped ${c} outside math at ${i}: ${tex.slice(Math.max(0, i - 20), i + 20)}`);
    if (c === '&' && !inTable) problems.push(`unescaped & at ${i}`);
  }
  if (stack.length) problems.push(`unclosed ${stack.join(', ')}`);
  if (depth !== 0) problems.push('unbalanced braces');
  if (math) problems.push('unclosed $');
  return problems;
}

describe('the structural LaTeX check itself', () => {
  it('finds what would stop pdflatex', () => {
    expect(latexProblems('\\begin{document}x\\end{document}')).toEqual([]);
    expect(latexProblems('\\begin{document}a_b\\end{document}')).toHaveLength(1);
    expect(latexProblems('\\begin{document}50% \\begin{itemize}\\end{document}')).not.toEqual([]);
    expect(latexProblems('\\begin{document}{\\end{document}')).not.toEqual([]);
    expect(latexProblems('\\begin{document}$x\\end{document}')).not.toEqual([]);
  });
});

const CASES: Array<[string, string[]]> = [
  ['2-2-1', []],
  ['layers', ['--layers', '3,4,2']],
  ['perceptron', ['--perceptron']],
  ['graph', ['--graph']],
];

describe('the question sheet (solve --blank)', () => {
  it('text: item numbers right-aligned in one column, each item folded under its symbol', async () => {
    const { stdout } = await runCli(['solve', 'two-two-one-network', '--blank']);
    const items = stdout.split('\n').filter((l) => /^ *\d+\. /.test(l));
    expect(items).toHaveLength(41);
    // "   8." and "  10.": the dots in one column.
    expect(new Set(items.map((l) => l.indexOf('.')))).toEqual(new Set([4]));
    for (const l of stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
  });

  it("uses the exercise's own notation: target y, output y_hat", async () => {
    const { stdout } = await runCli(['solve', 'or-gate-single-example', '--blank', '--format', 'markdown']);
    expect(stdout).toContain('Error of one example: $\\tfrac{1}{2}(y - \\hat{y})^2$');
    expect(stdout).not.toMatch(/\(t - y\)/);
  });

  it('states the loss the exercise uses, and one bias or one output in the singular', async () => {
    // or-gate-single-example: one output `out`, one bias b, squared error with target y, output y_hat.
    const or = (await runCli(['solve', 'or-gate-single-example', '--blank'])).stdout;
    expect(or).toContain('  Bias: b (with a constant input of 1).\n');
    expect(or).toContain('  Error of one example: 1/2 (y - y_hat)^2.\n');
    // softmax-cross-entropy: `loss: { type: cross-entropy }`, outputs P, Q, R, target t, output y.
    const ce = (await runCli(['solve', 'softmax-cross-entropy', '--blank'])).stdout;
    expect(ce).toContain('  Error of one example: -sum of t ln y over the outputs.\n');
    expect(ce).not.toContain('1/2 (t - y)^2');
    // logistic-regression-bce: `loss: { type: binary-cross-entropy }` with a batch mean.
    const bce = (await runCli(['solve', 'logistic-regression-bce', '--blank', '--format', 'markdown']))
      .stdout;
    expect(bce).toContain(
      "- Error of one example: $-\\left(t \\ln y + (1 - t) \\ln(1 - y)\\right)$; over the batch, the mean of the examples' errors.",
    );
  });

  it.each(CASES)('%s: LaTeX has the structure that compiles, with specials escaped', async (_name, args) => {
    const text = SPECIAL(await template(args));
    const { exercise, plan } = loadExerciseText('x.yaml', text);
    const tex = renderHandoutLatex({ exercise, plan, asked: askedSteps(exercise, plan) });
    expect(latexProblems(tex)).toEqual([]);
    expect(tex).toContain('Week \\#3: 50\\% of A\\_B \\& C');
    // One labelled empty line per asked step, numbered through.
    expect((tex.match(/\\item /g) ?? []).length).toBeGreaterThanOrEqual(askedSteps(exercise, plan).length);
    expect((tex.match(/\\rule\{/g) ?? []).length).toBe(askedSteps(exercise, plan).length);
  });

  it.each(CASES)('%s: markdown has headings, well-formed tables and closed math', async (_name, args) => {
    const text = await template(args);
    const { exercise, plan } = loadExerciseText('x.yaml', text);
    const asked = askedSteps(exercise, plan);
    const md = renderHandoutMarkdown({ exercise, plan, asked });
    expect(md.startsWith(`# ${exercise.title}\n`)).toBe(true);
    expect(md).toContain('## Given');
    // Tables: every row of a table has as many cells as its header.
    const lines = md.split('\n');
    let cols = 0;
    for (const l of lines) {
      if (!l.startsWith('|')) {
        cols = 0;
        continue;
      }
      const n = l.replace(/\\\|/g, '').split('|').length;
      if (cols === 0) cols = n;
      expect(n, l).toBe(cols);
    }
    for (const l of lines) expect((l.match(/(?<!\\)\$/g) ?? []).length % 2, l).toBe(0);
    // Every asked step has a numbered row with an empty answer cell, and no value is given away.
    // (The description as Markdown text: w_h1_o1 or x * y would otherwise be emphasis.)
    asked.forEach((s, i) =>
      expect(md).toContain(`| ${i + 1} | $${s.latex}$ | ${markdownText(s.describe)} | |`),
    );
    const key = io(process.cwd());
    const dir = mkdtempSync(join(tmpdir(), 'backstep-md-'));
    writeFileSync(join(dir, 'x.yaml'), text);
    await solveCommand(['x.yaml', '--format', 'json'], { ...key.io, cwd: dir });
    const values = (JSON.parse(key.out()) as { steps: Array<{ id: string; value: string }> }).steps.filter(
      (s) => asked.some((a) => a.id === s.id),
    );
    for (const v of values) if (v.value.length > 6) expect(md).not.toContain(v.value.slice(0, 6));
    expect(renderHandoutText({ exercise, plan, asked })).toContain(`1. ${asked[0]!.symbol} = ____________`);
  });

  it('solve --blank works for every format but json, and for a variant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-blank-'));
    writeFileSync(join(dir, 'x.yaml'), await template([]));
    const a = io(dir);
    expect(await solveCommand(['x.yaml', '--blank', '--format', 'markdown', '--variant', '4'], a.io)).toBe(0);
    expect(a.out()).toContain('(variant 4)');
    await expect(solveCommand(['x.yaml', '--blank', '--format', 'json'], io(dir).io)).rejects.toThrow();
    const t = io(dir);
    expect(await solveCommand(['x.yaml', '--blank'], t.io)).toBe(0);
    expect(t.out()).toContain('____');
  });
});

const pdflatex = (() => {
  try {
    execFileSync('pdflatex', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// Never skipped: .ci/run installs pdflatex (texlive-latex-base) and TikZ (texlive-pictures).
describe('with pdflatex installed', () => {
  it('pdflatex is installed (apt-get install texlive-latex-base texlive-pictures; .ci/run does)', () =>
    expect(pdflatex).toBe(true));

  it.each([
    ['blank 2-2-1', [], ['--blank']],
    ['answer key 2-2-1', [], []],
    ['blank graph', ['--graph'], ['--blank']],
    ['answer key graph', ['--graph'], []],
    ['blank layers, special title', ['--layers', '3,4,2'], ['--blank']],
    ['answer key variant', [], ['--variant', '9']],
  ])('%s compiles', async (name, newArgs, solveArgs) => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-tex-'));
    const text = name.includes('special') ? SPECIAL(await template(newArgs)) : await template(newArgs);
    writeFileSync(join(dir, 'x.yaml'), text);
    const a = io(dir);
    expect(await solveCommand(['x.yaml', '--format', 'latex', ...solveArgs], a.io)).toBe(0);
    writeFileSync(join(dir, 'doc.tex'), a.out());
    try {
      execFileSync(
        'pdflatex',
        ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'doc.tex'],
        { cwd: dir, stdio: 'pipe', timeout: 60_000 },
      );
    } catch (e) {
      const log = existsSync(join(dir, 'doc.log')) ? readFileSync(join(dir, 'doc.log'), 'utf8') : String(e);
      expect.fail(
        `pdflatex failed:\n${log
          .split('\n')
          .filter((l) => l.startsWith('!') || l.startsWith('l.'))
          .join('\n')}`,
      );
    }
    expect(existsSync(join(dir, 'doc.pdf'))).toBe(true);
  });
});

describe('what is asked when the exercise marks nothing', () => {
  it('a blank handout leaves room for the steps the walkthrough asks (every step, none marked ask: false)', async () => {
    const base = await template(['--layers', '2,2,1']);
    const text = base.replace(/^ {4}ask: true\n/gm, '');
    expect(text).toMatch(/^ {2}ask: listed$/m);
    const { exercise, plan } = loadExerciseText('x.yaml', text);
    const walk = chooseSteps(exercise, plan);
    const handout = askedSteps(exercise, plan).map((s) => s.id);
    expect(handout).toEqual(shownSteps(plan).map((s) => s.id));
    expect(handout).toEqual(walk.asked.map((s) => s.id));
  });
});
