import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { valueAt } from '../src/authoring/draw.js';
import { permute } from '../src/authoring/permute.js';
import { choices, scaled, unscaled } from '../src/exercise/variant-grid.js';
import { fnv1a, streamFrom } from '../src/authoring/prng.js';
import { applyVariant, drawValues, drawVariant, possibleSets, seedText } from '../src/authoring/variants.js';
import { withGivens } from '../src/authoring/given-values.js';
import { repeatNote, variantsCommand } from '../src/commands/variants.js';
import type { VariantRule } from '../src/engine/model.js';
import { BackstepError } from '../src/exercise/errors.js';
import { checkExerciseText, loadExerciseText } from '../src/exercise/load.js';

/*
 * Reference draws: test/fixtures/variant-reference.json, made by gen_variant_reference.py, an
 * independent Python implementation of the generator described in src/authoring/prng.ts. The
 * same numbers from two languages is what "the same variant on any machine" rests on.
 */
interface Reference {
  fnv1a: Record<string, number>;
  words: Record<string, number[]>;
  below: Array<{ seed: string; n: string; draws: string[] }>;
  rules: Record<string, { min: string; max: string; decimals: number } | string[]>;
  variants: Array<{ exercise: string; seed: string; attempt: number; values: Record<string, string> }>;
  small: {
    exercise: string;
    rules: Record<string, { min: string; max: string; decimals: number } | string[]>;
    draws: Array<Record<string, string>>;
  };
  permute: Array<{ key: string; n: string; positions: string[] }>;
}
const ruleMap = (r: Reference['rules']) =>
  new Map<string, VariantRule>(
    Object.entries(r).map(([id, x]) => [
      id,
      Array.isArray(x)
        ? { kind: 'choice', values: x }
        : { kind: 'range', min: x.min, max: x.max, decimals: x.decimals },
    ]),
  );
const reference = JSON.parse(
  readFileSync(new URL('./fixtures/variant-reference.json', import.meta.url), 'utf8'),
) as Reference;
const rules = ruleMap(reference.rules);

describe('the random stream', () => {
  it('hashes seeds as the reference does (FNV-1a over UTF-8)', () => {
    for (const [seed, h] of Object.entries(reference.fnv1a)) expect(fnv1a(seed), seed).toBe(h);
    expect(fnv1a('a')).toBe(0xe40c292c); // the published FNV-1a test vector
  });

  it('gives the reference words for each seed', () => {
    for (const [seed, words] of Object.entries(reference.words)) {
      const s = streamFrom(seed);
      expect(
        words.map(() => s.next()),
        seed,
      ).toEqual(words);
    }
  });

  it('draws whole numbers below n as the reference does, also above 2^32', () => {
    for (const b of reference.below) {
      const s = streamFrom(b.seed);
      expect(
        b.draws.map(() => s.below(BigInt(b.n)).toString()),
        `${b.seed} below ${b.n}`,
      ).toEqual(b.draws);
    }
  });
});

describe('decimal drawing without floating point', () => {
  it('scales decimal text exactly', () => {
    expect(scaled('0.05', 2, 'ceil')).toBe(5n);
    expect(scaled('0.051', 2, 'ceil')).toBe(6n);
    expect(scaled('0.051', 2, 'floor')).toBe(5n);
    expect(scaled('-0.051', 2, 'floor')).toBe(-6n);
    expect(scaled('-0.051', 2, 'ceil')).toBe(-5n);
    expect(scaled('1e-2', 4, 'floor')).toBe(100n);
    expect(scaled('0.1234567890123456789', 18, 'floor')).toBe(123456789012345678n);
  });

  it('writes scaled whole numbers back as decimal text', () => {
    expect(unscaled(5n, 2)).toBe('0.05');
    expect(unscaled(-5n, 2)).toBe('-0.05');
    expect(unscaled(150n, 2)).toBe('1.5');
    expect(unscaled(0n, 3)).toBe('0');
    expect(unscaled(-7n, 0)).toBe('-7');
  });

  it('counts the values of a range, both ends included', () => {
    expect(choices({ kind: 'range', min: '0.1', max: '0.9', decimals: 1 })).toBe(9n);
    expect(choices({ kind: 'range', min: '0.11', max: '0.19', decimals: 1 })).toBe(0n);
    expect(choices({ kind: 'choice', values: ['1', '2'] })).toBe(2n);
  });

  it('numbers the values of a small range from its low end, and nothing outside it', () => {
    const rule: VariantRule = { kind: 'range', min: '-0.2', max: '0.2', decimals: 1 };
    expect([0n, 1n, 2n, 3n, 4n].map((k) => valueAt(rule, k))).toEqual(['-0.2', '-0.1', '0', '0.1', '0.2']);
    expect(valueAt({ kind: 'choice', values: ['a', 'b'] }, 1n)).toBe('b');
  });

  it('shuffles positions as the reference does, a bijection of [0, n)', () => {
    for (const p of reference.permute) {
      const n = BigInt(p.n);
      expect(
        p.positions.map((_, i) => permute(BigInt(i), n, p.key).toString()),
        `${p.key} ${p.n}`,
      ).toEqual(p.positions);
      if (n <= 20n) expect(new Set(p.positions).size).toBe(p.positions.length);
    }
  });

  it('draws a small space without replacement: seeds 1..12 give the 12 sets once each, 13 repeats 1', () => {
    const exercise = {
      id: reference.small.exercise,
      variants: ruleMap(reference.small.rules),
    } as unknown as Parameters<typeof drawValues>[0];
    expect(possibleSets(exercise)).toBe(12n);
    const draws = reference.small.draws.map((_, i) =>
      Object.fromEntries(drawValues(exercise, String(i + 1), 0)),
    );
    expect(draws).toEqual(reference.small.draws);
    expect(new Set(draws.slice(0, 12).map((d) => JSON.stringify(d))).size).toBe(12);
    expect(draws[12]).toEqual(draws[0]);
  });

  it('gives the reference values for each exercise, seed and attempt', () => {
    for (const v of reference.variants) {
      const exercise = { id: v.exercise, variants: rules } as unknown as Parameters<typeof drawValues>[0];
      expect(
        Object.fromEntries(drawValues(exercise, v.seed, v.attempt)),
        `${v.exercise} ${v.seed} ${v.attempt}`,
      ).toEqual(v.values);
    }
    expect(seedText('e', '7', 0)).toBe('backstep-variant\u0000e\u00007\u00000');
  });
});

const NETWORK = `id: variant-test
title: One sigmoid neuron
network:
  layers:
    - { neurons: [A, B] }
    - { neurons: [C], activation: sigmoid }
  weights:
    w1: { from: A, to: C, value: 0.3 }
    w2: { from: B, to: C, value: -0.4 }
  biases: { C: 0.1 }
examples:
  - { inputs: [0.5, 0.8], targets: 1 }
loss: {}
training: { learning_rate: 0.5 }
practice: { ask: listed }
steps:
  z: { ask: true, hint: h }
  "dE/dw1": { ask: true, hint: h }
  "w1@2": { ask: true, hint: h }
`;

describe('variants of an exercise', () => {
  it('puts the drawn values into the plan, and the same seed gives the same exercise', () => {
    const { exercise } = loadExerciseText(
      'v.yaml',
      `${NETWORK}variants:\n  x_A: { min: 0.1, max: 0.9, decimals: 2 }\n  w2: [-0.5, -0.25, 0.25]\n  eta: [0.1, 1.5]\n  t: { min: 0.5, max: 1, decimals: 1 }\n  b: { min: -1, max: 1, decimals: 1 }\n`,
    );
    const a = drawVariant(exercise, '12');
    const b = drawVariant(exercise, '12');
    expect([...a.values]).toEqual([...b.values]);
    const givens = new Map(a.plan.givens.map((g) => [g.id, g.value]));
    for (const [id, v] of a.values) expect(givens.get(id), id).toBe(v);
    expect(a.exercise.title).toBe('One sigmoid neuron (variant 12)');
    expect(applyVariant(exercise, '12').spec).toEqual(a.exercise.spec);
    // Other seeds give other numbers (not all of 20 seeds can agree with seed 12).
    const others = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify([...drawVariant(exercise, `s${i}`).values]),
    );
    expect(new Set(others).size).toBeGreaterThan(5);
  });

  it('replaces inputs and targets of later examples by their [n] ids', () => {
    const text = NETWORK.split('practice:')[0]!.replace(
      'targets: 1 }',
      'targets: 1 }\n  - { inputs: [0.2, 0.9], targets: 0 }',
    );
    const { exercise } = loadExerciseText('v.yaml', text);
    const ex = withGivens(
      exercise,
      new Map([
        ['x_B[2]', '0.75'],
        ['t[2]', '0.25'],
      ]),
    );
    expect(ex.spec.kind === 'network' && ex.spec.examples[1]!.inputs.get('B')).toBe('0.75');
    expect(ex.spec.kind === 'network' && ex.spec.examples[1]!.targets.get('C')).toBe('0.25');
    expect(exercise.spec.kind === 'network' && exercise.spec.examples[1]!.inputs.get('B')).toBe('0.9');
  });

  it('draws again, deterministically, when the numbers make an asked step degenerate', () => {
    // x_A = 0 makes dE/dw1 zero and leaves w1 unchanged; the original (x_A = 0.5) does neither.
    const { exercise } = loadExerciseText('v.yaml', `${NETWORK}variants:\n  x_A: [0, 0.5, 0.7]\n`);
    let redrawn = 0;
    for (let i = 1; i <= 40; i++) {
      const seed = String(i);
      const first = drawValues(exercise, seed, 0).get('x_A');
      const v = drawVariant(exercise, seed);
      expect(v.values.get('x_A'), seed).not.toBe('0');
      if (first === '0') {
        redrawn++;
        expect(v.attempt).toBeGreaterThan(0);
        // The accepted draw is the first later attempt that is not degenerate.
        const firstGood = [...Array(v.attempt + 1).keys()].find(
          (k) => drawValues(exercise, seed, k).get('x_A') !== '0',
        );
        expect(v.attempt).toBe(firstGood);
      } else {
        expect(v.attempt).toBe(0);
      }
    }
    expect(redrawn).toBeGreaterThan(3);
  });

  it('keeps degeneracies the original itself has (they are the author\u2019s choice)', () => {
    const text = NETWORK.replace('inputs: [0.5, 0.8]', 'inputs: [0, 0.8]');
    const { exercise } = loadExerciseText('v.yaml', `${text}variants:\n  x_B: [0.3, 0.6]\n`);
    expect(drawVariant(exercise, '1').attempt).toBe(0);
  });

  it('gives up with a located error when no draw is usable', () => {
    const text = `${NETWORK}variants:\n  x_A: [0]\n`;
    const { exercise, source } = loadExerciseText('v.yaml', text);
    try {
      drawVariant(exercise, '1', source.keyRangeAt(['variants']));
      expect.fail('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(BackstepError);
      const p = (e as BackstepError).problems[0]!;
      expect(p.code).toBe('bad-value');
      expect(p.range?.start).toBe(text.indexOf('variants:'));
    }
  });

  it('refuses an exercise without variants, and a seed that is not a word', () => {
    const { exercise } = loadExerciseText('v.yaml', NETWORK);
    expect(() => drawVariant(exercise, '1')).toThrow(BackstepError);
    const { exercise: withRules } = loadExerciseText('v.yaml', `${NETWORK}variants:\n  x_A: [0.5, 0.7]\n`);
    expect(() => drawVariant(withRules, 'two words')).toThrow(BackstepError);
    expect(() => drawVariant(withRules, '')).toThrow(BackstepError);
  });

  it('checks `variants:` on load: unknown ids, empty ranges and refused values, located', () => {
    const text = `${NETWORK}variants:\n  x_C: [0.5]\n  x_B: { min: 0.11, max: 0.19, decimals: 1 }\n  eta: { min: -0.5, max: 0.5 }\n  v_w1: [0.1]\n`;
    const { problems } = checkExerciseText('v.yaml', text);
    expect(problems.map((p) => [p.code, p.range?.start])).toEqual([
      ['unknown-step', text.indexOf('x_C:')],
      ['bad-value', text.indexOf('{ min: 0.11')],
      ['bad-value', text.indexOf('{ min: -0.5')],
      ['unknown-step', text.indexOf('v_w1:')],
    ]);
  });
});

describe('backstep variants', () => {
  const run = async (args: string[], cwd: string) => {
    let out = '';
    const io = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      stdin: process.stdin,
      env: {},
      cwd,
    };
    const code = await variantsCommand(args, io);
    return { code, out };
  };
  const dir = mkdtempSync(join(tmpdir(), 'backstep-variants-'));
  writeFileSync(
    join(dir, 'v.yaml'),
    `${NETWORK}variants:\n  x_A: [0, 0.5, 0.7]\n  eta: { min: 0.1, max: 0.9, decimals: 1 }\n`,
  );

  it('writes a set as JSON, each with its seed, values and answers, the same on every run', async () => {
    const a = await run(['v.yaml', '--count', '12', '--format', 'json'], dir);
    const b = await run(['v.yaml', '--count', '12', '--format', 'json'], dir);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const doc = JSON.parse(a.out) as {
      variants: Array<{
        seed: string;
        redraws: number;
        values: Record<string, string>;
        answers: Record<string, string>;
      }>;
    };
    expect(doc.variants.map((v) => v.seed)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
    ]);
    const { exercise } = loadExerciseText('v.yaml', readFileSync(join(dir, 'v.yaml'), 'utf8'));
    for (const v of doc.variants) {
      const drawn = drawVariant(exercise, v.seed);
      expect(v.values).toEqual(Object.fromEntries(drawn.values));
      expect(v.redraws).toBe(drawn.attempt);
      expect(Object.keys(v.answers)).toEqual(['z', 'dE/dw1', 'w1@2']);
      // z = 0.3 x_A - 0.4 * 0.8 + 0.1, by hand: x_A = 0.5 gives -0.07, x_A = 0.7 gives -0.01 (0 is redrawn).
      expect(v.answers.z).toBe({ '0.5': '-0.0700', '0.7': '-0.0100' }[v.values.x_A!]);
    }
  });

  it('writes markdown with a table of values and the answers, or without them', async () => {
    const a = await run(['v.yaml', '--seeds', 'anna,ben'], dir);
    expect(a.out).toContain('| seed | `x_A` | `eta` |');
    expect(a.out).toMatch(/^\| anna \| /m);
    expect(a.out).toContain('### Seed ben');
    const b = await run(['v.yaml', '--seeds', 'anna,ben', '--no-answers'], dir);
    expect(b.out).not.toContain('## Answers');
  });

  it('says how many distinct sets a set holds when the ranges allow fewer than asked', async () => {
    writeFileSync(
      join(dir, 'small.yaml'),
      `${NETWORK}variants:\n  x_A: [0.5, 0.7]\n  eta: [0.1, 0.2, 0.3]\n`,
    );
    let err = '';
    let out = '';
    const io = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      stdin: process.stdin,
      env: {},
      cwd: dir,
    };
    expect(await variantsCommand(['small.yaml', '--count', '8', '--format', 'json'], io)).toBe(0);
    const doc = JSON.parse(out) as {
      distinct: number;
      possible: string;
      variants: Array<{ values: Record<string, string> }>;
    };
    expect(doc.possible).toBe('6');
    expect(doc.distinct).toBe(6);
    expect(new Set(doc.variants.slice(0, 6).map((v) => JSON.stringify(v.values))).size).toBe(6);
    expect(err).toContain('only 6 of these 8 variants have distinct numbers');
    expect(err).toContain('allow 6 distinct sets in all, so seeds 7 and above repeat');
  });

  it('words the repeat note for each cause, and says nothing when all differ', () => {
    expect(repeatNote(30, 30, 100n)).toBeUndefined();
    expect(repeatNote(3, 1, 1n)).toContain('allow 1 distinct set in all, so seeds 2 and above');
    expect(repeatNote(30, 29, 100n)).toContain('redraws met another seed');
  });

  it('refuses a bad count or a repeated seed', async () => {
    await expect(run(['v.yaml', '--count', '0'], dir)).rejects.toThrow(BackstepError);
    await expect(run(['v.yaml', '--seeds', 'a,a'], dir)).rejects.toThrow(BackstepError);
  });
});
