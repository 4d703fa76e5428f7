/**
 * A seeded fuzzer over the exercise format and the answer language (issue 10). Exercise files:
 * a bundled file with hostile pieces spliced in (escape sequences, tags, aliases, documents,
 * numbers past the magnitude limit, deep brackets, CR) must give located problems or a plan,
 * never a throw, and the printed problems must hold no control character. Answers: any text
 * typed at any step is judged or refused, never a throw. The seed is fixed; fast-check prints
 * it, with the counterexample, on failure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../src/judge/index.js';
import type { Context } from '../src/judge/index.js';
import { solveExercise } from '../src/engine/solved.js';
import { formatProblems } from '../src/exercise/format-error.js';
import { checkExerciseText, loadExerciseText } from '../src/exercise/load.js';

const SEED = 20261127;
const DIR = new URL('../exercises/', import.meta.url);
const bundled = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .slice(0, 8)
  .map((f) => readFileSync(new URL(f, DIR), 'utf8'));
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const PIECES = [
  '\u001b]52;c;ZXZpbA==\u0007',
  '\u001b[2J',
  '\u009b',
  '\u202e',
  '!!binary aGk=',
  '!x ',
  '&a ',
  '*a',
  '\n---\n',
  '\r',
  '\r\n',
  '[[[[[[[[',
  '{',
  '"',
  "'",
  '1e1000000000',
  '-1e-99999',
  '1e1001',
  '9'.repeat(300),
  '0.1.2',
  ': ',
  '- ',
  '\t',
  '#',
  '\u0000',
  'exp(1e3)',
  'x^1e9',
  '/0',
];

describe(`fuzzing the exercise format (seed ${SEED})`, () => {
  it('gives located problems or a plan, never a throw, and prints no control character', () => {
    const splice = fc.record({
      file: fc.integer({ min: 0, max: bundled.length - 1 }),
      at: fc.nat(),
      cut: fc.integer({ min: 0, max: 20 }),
      piece: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 12 })),
    });
    fc.assert(
      fc.property(fc.array(splice, { minLength: 1, maxLength: 4 }), (edits) => {
        let text = bundled[edits[0]!.file]!;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.piece + text.slice(at + e.cut);
        }
        const { loaded, problems } = checkExerciseText('fuzz.yaml', text);
        expect(loaded !== undefined || problems.length > 0).toBe(true);
        for (const p of problems) expect(p.range === undefined || p.range.file === 'fuzz.yaml').toBe(true);
        expect(formatProblems(problems)).not.toMatch(CONTROL);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe(`fuzzing the answer language (seed ${SEED})`, () => {
  it('judges or refuses any typed text at any step, never a throw', () => {
    const { exercise, plan } = loadExerciseText(
      'two-two-one-network.yaml',
      readFileSync(new URL('two-two-one-network.yaml', DIR), 'utf8'),
    );
    const steps = plan.iteration(1);
    const ctx: Context = { solved: solveExercise(exercise, plan), accepted: new Map() };
    const answer = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .array(
          fc.constantFrom(
            '0.5',
            '1e1000000000',
            '1e-999999',
            '-',
            '+',
            '*',
            '/',
            '^',
            '(',
            ')',
            'w5',
            'y_C',
            'exp(',
            'ln(',
            'sqrt(',
            ' ',
            '.',
            'e',
            '\u001b[2J',
            '%',
            '1/3',
            '0,5',
          ),
          { maxLength: 12 },
        )
        .map((xs) => xs.join('')),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: steps.length - 1 }), answer, (i, typed) => {
        const r = assess(ctx, steps[i]!.id, typed);
        expect(['right', 'right-follow-through', 'wrong', 'imprecise', 'unreadable']).toContain(r.kind);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
