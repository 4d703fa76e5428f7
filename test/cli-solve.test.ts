import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const ESC = '\u001b';

describe('backstep solve', () => {
  it('prints the 2-2-1 solution as text lines like the textbooks', async () => {
    const { code, stdout, stderr } = await runCli(['solve', 'two-two-one-network']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Values below are the exact ones rounded to 4 decimals (mpmath fixture), not the book's.
    expect(stdout).toContain('z_C = x_A * w1 + x_B * w3 = 0.23 * 0.1 + 0.82 * 0.4 = 0.3510');
    expect(stdout).toContain('y_C = sigma(z_C) = sigma(0.3510) = 0.5869');
    expect(stdout).toContain('w5@2 = w5 - eta * dE/dw5 = 0.2 - 0.7 * (-0.0534) = 0.2374');
    // (1 - 0.6262)^2 / 2 = 0.0698632 -> 0.0699 by hand; the exact chain gives 0.0698.
    expect(stdout).toContain(
      'E@2 = 1/2 * (t - y_F@2)^2\n    = 1/2 * (1 - 0.6262)^2\n    = 0.0698 (from unrounded values)',
    );
    for (const line of stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(stdout).not.toContain(ESC);
  });

  it('json is one document with every value at full working precision', async () => {
    const { code, stdout } = await runCli(['solve', 'two-two-one-network', '--format', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as {
      exercise: string;
      steps: Array<{
        id: string;
        symbol: string;
        phase: string;
        iteration: number;
        formula: string;
        value: string;
      }>;
      final: { parameters: Record<string, string>; error: string };
    };
    expect(doc.exercise).toBe('two-two-one-network');
    const yC = doc.steps.find((s) => s.id === 'y_C')!;
    expect(yC).toMatchObject({ symbol: 'y_C', phase: 'forward', iteration: 1, formula: 'sigma(z_C)' });
    // mpmath: 0.586860055289429897942997415011971572295379199...; 40 significant digits
    expect(yC.value).toBe('0.5868600552894298979429974150119715722954');
    expect(doc.final.parameters.w5).toMatch(/^0\.2373/);
    expect(doc.final.error).toMatch(/^0\.06984612759154917870/);
  });

  it('markdown and latex carry the same steps', async () => {
    const md = await runCli(['solve', 'two-two-one-network', '--format', 'markdown']);
    expect(md.stdout).toContain(
      '$$y_{C} = \\sigma\\left(z_{C}\\right) = \\sigma\\left(0.3510\\right) = 0.5869$$',
    );
    const tex = await runCli(['solve', 'two-two-one-network', '--format', 'latex']);
    expect(tex.stdout.startsWith('\\documentclass')).toBe(true);
    expect(tex.stdout.trimEnd().endsWith('\\end{document}')).toBe(true);
    expect((tex.stdout.match(/\\begin\{align\*\}/g) ?? []).length).toBe(
      (tex.stdout.match(/\\end\{align\*\}/g) ?? []).length,
    );
  });

  it('an unknown exercise is a clear error with exit 2 and no stack trace', async () => {
    const { code, stderr, stdout } = await runCli(['solve', 'two-two-one-netwrk']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('no exercise "two-two-one-netwrk"');
    expect(stderr).toContain('did you mean "two-two-one-network"?');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a broken file is reported with its location', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-'));
    writeFileSync(
      join(dir, 'bad.yaml'),
      'id: bad\ntitle: x\ngraph:\n  inputs: { x: 1,5 }\n  nodes: { a: x^2 }\n',
    );
    const { code, stderr } = await runCli(['solve', 'bad.yaml'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^bad\.yaml:4:\d+: error: /);
  });

  it('bad options are usage errors', async () => {
    expect((await runCli(['solve', 'two-two-one-network', '--format', 'pdf'])).code).toBe(2);
    expect((await runCli(['solve', 'two-two-one-network', '--formt', 'json'])).stderr).toContain(
      'did you mean --format?',
    );
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });
});

describe('solve --all-steps on a long run', () => {
  /** `solve --all-steps` of the 10,000-iteration example, output on a terminal, with this input. */
  async function allSteps(typed: string, inputIsTerminal: boolean): Promise<{ code: number; out: string }> {
    const { PassThrough } = await import('node:stream');
    const { solveCommand } = await import('../src/commands/solve.js');
    let out = '';
    const stdin = Object.assign(new PassThrough(), inputIsTerminal ? { isTTY: true } : {});
    stdin.end(typed);
    const io = {
      stdout: { write: (t: string) => ((out += t), true), isTTY: true, columns: 80 },
      stderr: { write: () => true },
      stdin,
      env: {},
      cwd: process.cwd(),
    };
    const code = await solveCommand(['sigmoid-identity-code-example', '--all-steps'], io);
    return { code, out };
  }

  it('asks first on a terminal, saying how much it would write; n writes nothing', async () => {
    const { code, out } = await allSteps('n\n', true);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^--all-steps writes every one of the 3,270,055 steps: about \d+ MB of text\. Write it here\?/,
    );
    expect(out).toMatch(/Not written\.\n$/);
  });

  it('with a terminal for output but no one to ask (input piped), states the size and writes nothing', async () => {
    const { code, out } = await allSteps('y\n', false);
    expect(code).toBe(2);
    expect(out).toMatch(
      /^--all-steps would write every one of the 3,270,055 steps: about \d+ MB of text\. Not written: redirect it to a file \(> solution\.txt\)\.\n$/,
    );
  });
});

describe('solutions that check by hand', () => {
  it('says when the numbers shown do not give the value shown', async () => {
    const { stdout } = await runCli(['solve', 'two-two-one-network']);
    // -0.3844 * 0.2366 = -0.09094904 -> -0.0909 by hand; the exact chain gives -0.0910.
    expect(stdout).toMatch(/= -0\.3844 \* 0\.2366\n +?= -0\.0910 \(from unrounded values\)/);
    // 0.5869 * 0.2 + 0.5893 * 0.6 = 0.47096 -> 0.4710 by hand; shown 0.4709.
    expect(stdout).toContain('= 0.4709 (from unrounded values)');
    // -0.0910 * 0.5869 = -0.05340790 -> -0.0534: reproduces, no note.
    expect(stdout).toContain('dE/dw5 = dE/dz_F * dz_F/dw5 = -0.0910 * 0.5869 = -0.0534\n');
  });

  it('takes the givens as written, not rounded to the display (0 decimals: 10 * 0.1 + 20 * 1 = 21)', async () => {
    const { stdout } = await runCli(['solve', 'matrix-forward']);
    expect(stdout).toContain('z_1 = x_i1 * w_i1_1 + x_i2 * w_i2_1 = 10 * 0.1 + 20 * 1 = 21\n');
    expect(stdout).not.toContain('unrounded');
  });
});

describe('backstep list', () => {
  it('lists bundled exercises with id, title, source and steps; --json too', async () => {
    const { code, stdout } = await runCli(['list', '--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as {
      exercises: Array<{ id: string; title: string; source: string; steps: number }>;
    };
    const net = doc.exercises.find((e) => e.id === 'two-two-one-network')!;
    // 6 forward + 1 error + 21 backward (7 per neuron) + 6 updates + 7 second pass, counted from the plan by hand
    expect(net.steps).toBe(41);
    expect(net.source).toContain('002_3b96c82e4a35ed4e.txt');
  });

  it('shows progress per exercise and overall after one answer, and says what it counts', async () => {
    const data = mkdtempSync(join(tmpdir(), 'backstep-list-'));
    const env = { BACKSTEP_DATA_DIR: data };
    // z_C = 0.23 * 0.1 + 0.82 * 0.4 = 0.351, then the input ends: progress saved.
    expect(
      (await runCli(['practice', 'two-two-one-network', '--plain'], { env, stdin: '0.351\n' })).code,
    ).toBe(1);
    const { code, stdout } = await runCli(['list'], { env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/two-two-one-network +41 +1\/41 +A 2-2-1/);
    expect(stdout).toMatch(/perceptron-rule +9 +0\/9 /);
    const bundled = readdirSync(new URL('../exercises/', import.meta.url)).filter((f) =>
      f.endsWith('.yaml'),
    ).length;
    expect(stdout).toContain(`asked steps done; 0 of ${bundled} exercises finished.`);
    expect(stdout).toMatch(/Overall: 1 of [0-9,]+ asked steps done/);
    expect(stdout).toContain('steps: the quantities in the worked solution');
    const doc = JSON.parse((await runCli(['list', '--json'], { env })).stdout) as {
      exercises: Array<{ id: string; asked: number; done: number }>;
    };
    expect(doc.exercises.find((e) => e.id === 'two-two-one-network')).toMatchObject({ asked: 41, done: 1 });
  });
});
