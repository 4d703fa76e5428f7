import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { keyFileName } from '../src/store/progress.js';
import { parseRecord } from '../src/store/record.js';
import type { MenuEntry } from '../src/ui/menu.js';
import { plainMenu } from '../src/ui/plain.js';
import { runCli } from './helpers/run-cli.js';
import { practiceOf, referenceFour } from './ui-helpers.js';

// The plain line mode, through the CLI as a pipe would drive it. Right answers are the mpmath
// reference values (test/fixtures/reference.json) rounded to the exercise's 4 decimals.
const four = referenceFour;
const ids = practiceOf('two-two-one-network').practice.asked.map((s) => s.id);
const ALL = ids.map(four);

const dataDir = () => mkdtempSync(join(tmpdir(), 'backstep-plain-'));
const practise = (dir: string, stdin: string, args: string[] = []) =>
  runCli(['practice', 'two-two-one-network', '--plain', ...args], { env: { BACKSTEP_DATA_DIR: dir }, stdin });
const saved = (dir: string) => {
  const p = parseRecord(
    readFileSync(
      join(
        dir,
        'progress',
        keyFileName({ exercise: 'two-two-one-network', identity: 'bundled:two-two-one-network' }),
      ),
      'utf8',
    ),
  );
  if (!('record' in p)) throw new Error(JSON.stringify(p));
  return p.record;
};

describe('plain mode', () => {
  it('works through the whole exercise from piped answers and exits 0 with a summary', async () => {
    expect(ids.length).toBe(41);
    const dir = dataDir();
    const r = await practise(dir, `${ALL.join('\n')}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[1/41] z_C: weighted input of C');
    // Answers are echoed after their prompts, since a pipe shows nothing else.
    expect(r.stdout).toContain('z_C = 0.3510\n  ✓ z_C = 0.3510   right, first try');
    expect(r.stdout).toContain('Finished: 41 of 41 steps right without help');
    expect(r.stdout).not.toContain('\u001b');
    const rec = saved(dir);
    expect(rec.finishedAt).toBeDefined();
    expect(rec.firstPass).toMatchObject({ total: 41, firstTry: 41 });
  });

  it('input ending early: progress saved, exit 1, and the same command continues', async () => {
    const dir = dataDir();
    const first = await practise(dir, '0.351\n0.5868\n');
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('The input ended before the exercise did.');
    expect(first.stdout).toContain(
      'Progress saved: 2 of 41 steps done.\nTo continue: backstep practice two-two-one-network',
    );
    expect(Object.keys(saved(dir).steps)).toEqual(['z_C', 'y_C']);
    const second = await practise(dir, `${ALL.slice(2).join('\n')}\n`);
    expect(second.stdout).toContain('Resuming: 2 of 41 steps done.');
    expect(second.stdout).toContain('[3/41] z_D');
    expect(second.code).toBe(0);
  });

  it('--restart starts over whatever was saved', async () => {
    const dir = dataDir();
    await practise(dir, '0.351\n');
    const r = await practise(dir, '', ['--restart']);
    expect(r.stdout).toContain('[1/41] z_C');
  });

  it('? lists what can be typed, as in the terminal walkthrough, and costs no hint', async () => {
    const dir = dataDir();
    const r = await practise(dir, '?\n0.351\nq\n');
    expect(r.stdout).toContain('Instead of a value you can type:');
    expect(r.stdout).toMatch(/^ +hint +the formula/m);
    // No line of the list is wider than the 80 columns of a pipe, so none is wrapped out of line.
    for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(saved(dir).steps['z_C']).toMatchObject({ outcome: 'first-try', hints: 0 });
  });

  it('q saves and leaves with 0; a wrong answer is diagnosed; hints and the interval on request', async () => {
    const dir = dataDir();
    // 0.23*0.4 + 0.82*0.1 = 0.174: the weights of A and B swapped.
    const r = await practise(dir, '0.174\nhint\nhint\ninterval\n0.351\nreview\nq\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('swapped');
    expect(r.stdout).toContain('Hint 1 of 2: z_C = x_A * w1 + x_B * w3');
    expect(r.stdout).toContain('Hint 2 of 2: z_C = 0.23 * 0.1 + 0.82 * 0.4');
    expect(r.stdout).toContain('Accepted for z_C: from 0.35095 to 0.35105.');
    expect(r.stdout).toContain(
      'Done so far:\n  z_C = 0.351 (right after hints or another try; exact 0.3510)',
    );
    expect(r.stdout).toContain('Progress saved: 1 of 41 steps done.');
    expect(saved(dir).steps['z_C']).toMatchObject({
      outcome: 'after-hints',
      tries: 1,
      hints: 2,
      mistakes: [{ code: 'wrong-weight' }],
    });
  });

  it('an edited exercise file does not reuse the old answers', async () => {
    const dir = dataDir();
    const work = mkdtempSync(join(tmpdir(), 'backstep-exercise-'));
    const file = join(work, 'mine.yaml');
    const text = readFileSync(
      fileURLToPath(new URL('../exercises/two-two-one-network.yaml', import.meta.url)),
      'utf8',
    );
    writeFileSync(file, text);
    const env = { BACKSTEP_DATA_DIR: dir };
    const first = await runCli(['practice', file, '--plain'], { env, stdin: '0.351\n' });
    expect(first.stdout).toContain('To continue: backstep practice ');
    writeFileSync(file, text.replace('value: 0.1 }', 'value: 0.15 }'));
    const second = await runCli(['practice', file, '--plain'], { env, stdin: '' });
    expect(second.stdout).toContain('The exercise file changed since your progress was saved');
    expect(second.stdout).toContain('[1/41] z_C');
  });

  it('a damaged progress file is moved aside with a message, and practice goes on', async () => {
    const dir = dataDir();
    await practise(dir, '0.351\n');
    writeFileSync(
      join(
        dir,
        'progress',
        keyFileName({ exercise: 'two-two-one-network', identity: 'bundled:two-two-one-network' }),
      ),
      '{"format": "backstep-prog',
    );
    const r = await practise(dir, '0.351\n');
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(
      /saved progress in \S+ is damaged: not valid JSON .*; moved it to \S+\.corrupt-\S+ and starting afresh/,
    );
    expect(readdirSync(join(dir, 'progress')).some((f) => f.includes('.corrupt-'))).toBe(true);
    expect(saved(dir).steps['z_C']?.outcome).toBe('first-try');
  });

  it('when progress cannot be saved, it says so and the practice goes on', async () => {
    const base = dataDir();
    writeFileSync(join(base, 'progress'), 'a file where the directory should be');
    const r = await practise(base, '0.351\n0.5868\n');
    expect(r.stdout).toContain('could not save progress: ');
    expect(r.stdout).toContain('[2/41] y_C');
    expect(r.stdout).toContain('Your last answers could not be written');
  });

  it('the menu without a terminal lists the exercises with progress and exits 0', async () => {
    const dir = dataDir();
    await practise(dir, '0.351\n');
    const r = await runCli([], { env: { BACKSTEP_DATA_DIR: dir } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/two-two-one-network +in progress: 1 of 41/);
    expect(r.stdout).toMatch(/perceptron-rule +not started/);
    expect(r.stdout).toContain('Start one with: backstep practice <id>');
  });

  it('bad arguments are usage errors', async () => {
    expect((await runCli(['practice', 'a', 'b', '--plain'])).code).toBe(2);
    expect((await runCli(['practice', 'no-such-exercise', '--plain'])).stderr).toContain(
      'no exercise "no-such-exercise"',
    );
    expect((await runCli(['practice', '--help'])).stdout).toContain('--plain');
  });
});

describe('the plain menu', () => {
  const entries: MenuEntry[] = [
    {
      id: 'or-gate-batch',
      title: 'A sigmoid neuron learning OR, full-batch gradient descent',
      group: 'Blog post: one neuron learning OR',
      steps: 18,
      status: { kind: 'new' },
    },
    {
      id: 'xor-two-three-one',
      title: 'XOR with a hidden layer of three sigmoid neurons, one full-batch step',
      group: 'Blog post: one neuron learning OR',
      steps: 19,
      status: { kind: 'progress', done: 3, total: 19, redo: false },
    },
  ];
  const menu = (width: number) => {
    let out = '';
    plainMenu(entries, (s) => (out += s), width);
    return out;
  };

  it.each([80, 60, 50])('folds to %i columns, every title whole and under itself', (width) => {
    const text = menu(width);
    for (const l of text.split('\n')) expect(l.length, l).toBeLessThanOrEqual(width);
    const flat = text.replace(/\n +/g, ' ');
    for (const e of entries) expect(flat).toContain(e.title);
    expect(flat).toContain('in progress: 3 of 19');
  });

  it('at 80 columns, a wrapped title continues under its first line', () => {
    const lines = menu(80).split('\n');
    const first = lines.findIndex((l) => l.includes('XOR with a hidden'));
    expect(lines[first + 1]!.indexOf(lines[first + 1]!.trim())).toBe(lines[first]!.indexOf('XOR'));
  });
});

describe('plain mode on a terminal, Ctrl-C', () => {
  it('says what was saved and how to go on, and exits 130 (the answers given are kept)', async () => {
    const dir = dataDir();
    const stdin = new PassThrough();
    let stdout = '';
    let fire: (() => void) | undefined;
    const run = main(['practice', 'two-two-one-network', '--plain'], {
      stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
      stderr: { write: () => true, isTTY: false },
      stdin,
      env: { BACKSTEP_DATA_DIR: dir },
      cwd: process.cwd(),
      onInterrupt: (listener) => {
        fire = listener;
        return () => (fire = undefined);
      },
    });
    stdin.write(`${ALL[0]}\n`);
    // Ctrl-C once the second question waits (the stream stays open, as a terminal's does).
    for (let i = 0; i < 200 && !stdout.includes('[2/41]'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(fire).toBeDefined();
    fire!();
    expect(await run).toBe(130);
    expect(stdout).toContain(
      'Interrupted.\nProgress saved: 1 of 41 steps done.\nTo continue: backstep practice two-two-one-network',
    );
    expect(Object.keys(saved(dir).steps)).toEqual(['z_C']);
    expect(fire).toBeUndefined();
  });
});
