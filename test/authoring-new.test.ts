import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { askedSteps } from '../src/authoring/asked.js';
import { drawVariant } from '../src/authoring/variants.js';
import { checkText } from '../src/commands/check.js';
import type { Io } from '../src/commands/io.js';
import { newCommand } from '../src/commands/new.js';
import { solveCommand } from '../src/commands/solve.js';
import { BackstepError } from '../src/exercise/errors.js';
import { loadExerciseText } from '../src/exercise/load.js';

function io(cwd = process.cwd()) {
  let out = '';
  let err = '';
  const value: Io = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: process.stdin,
    env: {},
    cwd,
  };
  return { io: value, out: () => out, err: () => err };
}

const TEMPLATES: string[][] = [
  [],
  ['--network', '2-2-1'],
  ['--network', '3-2-2', '--activation', 'tanh'],
  ['--network', '2-3-1', '--weights', 'matrices'],
  ['--layers', '3,4,1'],
  ['--layers', '2,3,3,2'],
  ['--layers', '2,1', '--weights', 'named', '--activation', 'relu'],
  ['--layers', '4,3,2', '--activation', 'identity'],
  ['--network', '2-2-1', '--activation', 'leaky-relu'],
  ['--layers', '3,4,2', '--activation', 'softplus'],
  ['--network', '2-2-1', '--activation', 'silu'],
  ['--perceptron'],
  ['--graph'],
  ['--minimise'],
];

describe('backstep new', () => {
  it('every learning rate the template lists is drawn (1 never was: forgetting eta then gives the right update)', async () => {
    const a = io();
    expect(await newCommand([], a.io)).toBe(0);
    const { exercise } = loadExerciseText('new.yaml', a.out());
    const listed = /^ {2}eta: \[(.*)\]$/m.exec(a.out())![1]!.split(', ');
    const drawn = new Set<string>();
    for (let seed = 1; seed <= 60; seed++)
      drawn.add(String(drawVariant(exercise, String(seed)).values.get('eta')));
    expect([...drawn].sort()).toEqual([...listed].sort());
  });
  it.each([
    ['8,8,4', 'An 8-8-4 network'],
    ['11,2,1', 'An 11-2-1 network'],
    ['16,3,1', 'A 16-3-1 network'],
    ['2,2,1', 'A 2-2-1 network'],
    ['12,8,1', 'A 12-8-1 network'],
  ])('--layers %s is titled "%s" (the article as the number is said)', async (layers, start) => {
    const a = io();
    expect(await newCommand(['--layers', layers], a.io)).toBe(0);
    expect(a.out()).toMatch(new RegExp(`^title: "?${start}, one step`, 'm'));
  });
  it.each(TEMPLATES.map((t) => [t.join(' ') || '(default)', t] as const))(
    '%s passes check without warnings, solves, and asks hinted steps',
    async (_name, args) => {
      const a = io();
      expect(await newCommand(args, a.io)).toBe(0);
      const text = a.out();
      expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S*exercise\.schema\.json$/);
      expect(checkText('new.yaml', text)).toEqual([]);
      const { exercise, plan } = loadExerciseText('new.yaml', text);
      const asked = askedSteps(exercise, plan);
      expect(asked.length).toBeGreaterThan(3);
      for (const s of asked) expect(exercise.notes.get(s.id)?.hint, s.id).toBeTruthy();
      // Its variants can be drawn at once.
      expect(exercise.variants.size).toBeGreaterThan(0);
      for (const seed of ['1', '2', '3'])
        expect(drawVariant(exercise, seed).values.size).toBe(exercise.variants.size);
      // And it solves, in every format.
      const dir = mkdtempSync(join(tmpdir(), 'backstep-new-'));
      writeFileSync(join(dir, 'ex.yaml'), text);
      for (const format of ['text', 'json', 'markdown', 'latex']) {
        const s = io(dir);
        expect(await solveCommand(['ex.yaml', '--format', format], s.io), format).toBe(0);
        expect(s.out().length).toBeGreaterThan(200);
      }
    },
  );

  it('is the same file every time (no randomness from the clock)', async () => {
    const a = io();
    const b = io();
    await newCommand(['--layers', '3,4,2'], a.io);
    await newCommand(['--layers', '3,4,2'], b.io);
    expect(a.out()).toBe(b.out());
  });

  it('writes --out with an id from the file name and a schema that survives moving the file, and never overwrites without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-new-'));
    const a = io(dir);
    expect(await newCommand(['--out', 'Week3 XOR.yaml'], a.io)).toBe(0);
    const written = readFileSync(join(dir, 'Week3 XOR.yaml'), 'utf8');
    expect(written).toMatch(/^id: week3-xor$/m);
    // A file: URL of this installation's schema, which yaml-language-server takes as it is
    // (a relative path would point nowhere once the file is moved to another folder).
    const schema = /\$schema=(\S+)/.exec(written)![1]!;
    expect(schema).toMatch(/^file:\/\//);
    expect(existsSync(fileURLToPath(schema))).toBe(true);
    expect(fileURLToPath(schema)).toBe(
      fileURLToPath(new URL('../schema/exercise.schema.json', import.meta.url)),
    );
    expect(a.err()).toContain('backstep check');
    await expect(newCommand(['--out', 'Week3 XOR.yaml', '--graph'], io(dir).io)).rejects.toThrow(
      BackstepError,
    );
    expect(readFileSync(join(dir, 'Week3 XOR.yaml'), 'utf8')).toBe(written);
    expect(await newCommand(['--out', 'Week3 XOR.yaml', '--graph', '--force'], io(dir).io)).toBe(0);
    expect(readFileSync(join(dir, 'Week3 XOR.yaml'), 'utf8')).toContain('graph:');
  });

  it('takes --id, --title and --schema', async () => {
    const a = io();
    await newCommand(
      ['--id', 'lab-2', '--title', 'Lab "two": a: b', '--schema', 'https://example.org/s.json'],
      a.io,
    );
    const { exercise } = loadExerciseText('x.yaml', a.out());
    expect(exercise.id).toBe('lab-2');
    expect(exercise.title).toBe('Lab "two": a: b');
    expect(a.out()).toContain('$schema=https://example.org/s.json');
  });

  it.each([
    [['--network', '2-2'], true],
    [['--network', '2,2,1'], false],
    [['--layers', '3-4-1'], false],
    [['--layers', '3,0,1'], false],
    [['--perceptron', '--graph'], false],
    [['--graph', '--activation', 'tanh'], false],
    [['--graph', '--minimise'], false],
    [['--id', 'Not An Id'], false],
    [['file.yaml'], false],
  ])('%j is %s', async (args, ok) => {
    if (ok) expect(await newCommand(args, io().io)).toBe(0);
    else await expect(newCommand(args, io().io)).rejects.toThrow(BackstepError);
  });
});
