import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExerciseText } from '../src/exercise/load.js';
import { refsOf } from '../src/engine/expr.js';
import { lineCol, formatProblems } from '../src/exercise/format-error.js';

const BASE = `id: t
title: t
network:
  layers:
    - { neurons: [A, B] }
    - { neurons: [C], activation: sigmoid }
  weights:
    w1: { from: A, to: C, value: 0.1 }
    w2: { from: B, to: C, value: 0.2 }
examples:
  - inputs: [0.5, 0.25]
    targets: 1
loss: {}
training: { learning_rate: 0.5 }
`;

/** [code, line, col] of each problem: golden tests assert codes and places, not wording. */
function where(text: string): Array<[string, number, number]> {
  const { problems } = checkExerciseText('t.yaml', text);
  return problems.map((p) => {
    const { line, col } = lineCol(text, p.range?.start ?? -1);
    return [p.code, line, col];
  });
}

describe('located load errors', () => {
  it('a valid file loads', () => {
    expect(checkExerciseText('t.yaml', BASE).problems).toEqual([]);
  });
  it.each([
    ['unknown key (a typo is not ignored)', BASE.replace('loss: {}', 'los: {}'), [['unknown-key', 13, 1]]],
    ['not a number: 0.1.2', BASE.replace('value: 0.1 }', 'value: 0.1.2 }'), [['bad-number', 8, 34]]],
    ['not a number: .', BASE.replace('value: 0.2 }', 'value: . }'), [['bad-number', 9, 34]]],
    ['not a number: 1,5', BASE.replace('[0.5, 0.25]', '["1,5", 0.25]'), [['bad-number', 11, 14]]],
    [
      'weight to a missing neuron',
      BASE.replace('to: C, value: 0.2', 'to: X, value: 0.2'),
      [['unknown-neuron', 9, 24]],
    ],
    ['missing target', BASE.replace('    targets: 1\n', ''), [['missing-key', 11, 5]]],
    ['wrong number of inputs', BASE.replace('[0.5, 0.25]', '[0.5]'), [['wrong-count', 11, 13]]],
    ['zero learning rate', BASE.replace('learning_rate: 0.5', 'learning_rate: 0'), [['bad-value', 14, 28]]],
    [
      'negative learning rate',
      BASE.replace('learning_rate: 0.5', 'learning_rate: -0.1'),
      [['bad-value', 14, 28]],
    ],
    [
      'unknown activation',
      BASE.replace('activation: sigmoid', 'activation: sigmoud'),
      [['bad-value', 6, 35]],
    ],
    ['duplicate key', BASE.replace('loss: {}', 'loss: {}\nloss: {}'), [['duplicate-key', 14, 1]]],
    ['YAML syntax error', BASE.replace('title: t', 'title: [t'), 'yaml-syntax'],
    ['empty file', '', [['file-empty', 1, 1]]],
    ['only comments', '# nothing\n', [['file-empty', 1, 1]]],
    ['not a mapping', '- just\n- a list\n', [['not-a-mapping', 1, 1]]],
    ['not YAML at all', '\u0000\u0001binary', [['yaml-syntax', 1, 1]]],
    [
      'alias',
      BASE.replace('value: 0.1 }', 'value: &v 0.1 }').replace('value: 0.2 }', 'value: *v }'),
      [['yaml-alias', 9, 34]],
    ],
  ] as const)('%s', (_name, text, expected) => {
    const got = where(text);
    if (typeof expected === 'string') expect(got.map((g) => g[0])).toContain(expected);
    else expect(got).toEqual(expected);
  });

  it('reports every problem of a file at once', () => {
    const text = BASE.replace('los', 'x')
      .replace('loss: {}', 'lost: {}')
      .replace('value: 0.1 }', 'value: abc }')
      .replace('to: C, value: 0.2', 'to: Q, value: 0.2');
    const codes = where(text).map((w) => w[0]);
    expect(codes).toContain('unknown-key');
    expect(codes).toContain('bad-number');
  });

  it('a misspelt key and an error behind it come in one run, with did-you-mean', () => {
    // titel for title (two letters swapped: one edit), and a weight into a neuron that is not there.
    const text = BASE.replace('title: t', 'titel: t').replace('to: C, value: 0.2', 'to: Q, value: 0.2');
    expect(where(text)).toEqual([
      ['unknown-key', 2, 1],
      ['unknown-neuron', 9, 24],
    ]);
    const { problems } = checkExerciseText('t.yaml', text);
    expect(problems[0]!.hint).toBe('did you mean "title"?');
    // Only a neuron a weight can enter is suggested: C, never the inputs A or B.
    expect(problems[1]!.hint).toBe('did you mean "C"? (neurons that fit here: C)');
  });

  it('a mapping given as a list says "a mapping", and the rest of the file is still checked', () => {
    // BASE plus `steps: [1, 2]` (line 15) and a symbol for a step that does not exist (line 16).
    const text = `${BASE}steps: [1, 2]\nsymbols: { s: dE/dw9 }\n`;
    const { problems } = checkExerciseText('t.yaml', text);
    expect(problems[0]!.message).toBe('`steps` should be a mapping (key: value lines), not a list');
    expect(where(text)).toEqual([
      ['bad-type', 15, 8],
      ['unknown-step', 16, 15],
    ]);
  });

  it('never suggests an input as a weight target', () => {
    // "A" is an input, no edit from "a" but the case; a weight cannot enter it: C is suggested.
    const { problems } = checkExerciseText('t.yaml', BASE.replace('to: C, value: 0.2', 'to: a, value: 0.2'));
    expect(problems.map((p) => p.hint)).toEqual(['did you mean "C"? (neurons that fit here: C)']);
  });

  it('graph: a cycle and an undefined variable', () => {
    const g = (nodes: string) => `id: g\ntitle: g\ngraph:\n  inputs: { x: 1 }\n  nodes:\n${nodes}`;
    expect(where(g('    a: b + x\n    b: a * 2\n')).map((w) => w[0])).toContain('graph-cycle');
    expect(where(g('    a: x + q\n'))).toEqual([['undefined-variable', 6, 8]]);
  });

  it('alias bombs and absurd nesting are refused with a location, fast', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expect(where(bomb)[0]![0]).toBe('yaml-alias');
    expect(where('a: ' + '['.repeat(5000) + ']'.repeat(5000))).toEqual([['yaml-nesting', 1, 36]]);
    expect(where('a: ' + '{x: '.repeat(100) + '1' + '}'.repeat(100))[0]![0]).toBe('yaml-nesting');
    expect(where('x'.repeat(300 * 1024))[0]![0]).toBe('file-too-large');
  });

  it.each([
    ['1e1', 'write 10'],
    ['1.5e1', 'write 15'],
    ['2E0', 'write 2'],
    ['1e-1', 'write it in digits, such as 10'],
  ])('a count written with an exponent (decimals: %s) says so, and what to write', (written, hint) => {
    const text = BASE.replace('loss: {}', `loss: {}\nprecision: { decimals: ${written} }`);
    expect(where(text)).toEqual([['bad-type', 14, 24]]);
    const [p] = checkExerciseText('t.yaml', text).problems;
    expect(p!.message).toBe(
      `\`precision.decimals\`: ${written} is written with an exponent; a count is a whole number in digits`,
    );
    expect(p!.hint).toBe(hint);
  });

  it.each([
    ['0xFF', [0xff]],
    ['an overlong NUL, C0 80', [0xc0, 0x80]],
    ['a surrogate, ED A0 80', [0xed, 0xa0, 0x80]],
  ])('a byte that is not UTF-8 (%s) is a located encoding error, not a U+FFFD', (_name, bytes) => {
    // The bad bytes in the value of title (line 2, after "title: t" = column 9), read as a command does.
    const raw = Buffer.concat([Buffer.from(BASE.slice(0, BASE.indexOf('\nnetwork'))), Buffer.from(bytes)]);
    const text = raw.toString('utf8') + BASE.slice(BASE.indexOf('\nnetwork'));
    expect(where(text)).toEqual([['bad-encoding', 2, 9]]);
  });

  it('formats a problem with file:line:col, the source line and a caret', () => {
    const text = BASE.replace('loss: {}', 'los: {}');
    const out = formatProblems(checkExerciseText('ex.yaml', text).problems);
    expect(out).toContain('ex.yaml:13:1: error: unknown key "los"');
    expect(out).toContain('  13 | los: {}');
    expect(out).toContain('     | ^^^');
    expect(out).toContain('did you mean "loss"?');
  });
});

describe('fuzzing the loader', () => {
  const bundled = readdirSync(new URL('../exercises/', import.meta.url))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(new URL(`../exercises/${f}`, import.meta.url), 'utf8'));
  const corpus = [BASE, ...bundled.filter((t) => t.length < 20000)];

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(
          ':',
          '- ',
          '[',
          '{',
          '*a',
          '&a ',
          '!tag ',
          '"',
          "'",
          '\t',
          '\n  ',
          '0.1.2',
          '-',
          '#',
          '|',
          '>',
          '?',
          '<<: ',
          '~',
          'null',
          '1e999',
          '-.5',
        ),
      ),
    }),
    fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), len: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat(), len: fc.constant(0) }),
  );

  function apply(
    text: string,
    muts: ReadonlyArray<{ kind: string; at: number; len?: number; text?: string }>,
  ): string {
    let t = text;
    for (const m of muts) {
      const at = t.length === 0 ? 0 : m.at % t.length;
      const lines = t.split('\n');
      const li = lines.length ? m.at % lines.length : 0;
      if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + (m.len ?? 1));
      else if (m.kind === 'insert') t = t.slice(0, at) + (m.text ?? '') + t.slice(at);
      else if (m.kind === 'swap-lines') {
        const lj = lines.length ? (m.len ?? 0) % lines.length : 0;
        [lines[li], lines[lj]] = [lines[lj]!, lines[li]!];
        t = lines.join('\n');
      } else {
        lines.splice(li, 0, lines[li] ?? '');
        t = lines.join('\n');
      }
    }
    return t;
  }

  it('mutated exercise files give located problems or a valid plan, never a crash', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...corpus),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (text, muts) => {
          const mutated = apply(text, muts);
          const { loaded, problems } = checkExerciseText('m.yaml', mutated);
          if (loaded) {
            expect(problems).toEqual([]);
            // A loaded plan has steps, and each refers only to givens and earlier steps of its iteration.
            const steps = loaded.plan.iteration(1);
            expect(steps.length).toBe(loaded.plan.stepsPerIteration);
            expect(steps.length).toBeGreaterThan(0);
            const known = new Set(loaded.plan.givens.map((g) => g.id));
            for (const s of steps) {
              for (const r of refsOf(s.expr))
                expect(known.has(r), `${s.id} uses ${r} before it is known`).toBe(true);
              known.add(s.id);
            }
          } else {
            expect(problems.length).toBeGreaterThan(0);
            for (const p of problems) {
              expect(p.message.length).toBeGreaterThan(0);
              expect(p.range, `${p.code}: ${p.message}`).toBeDefined();
              expect(p.range!.start).toBeGreaterThanOrEqual(0);
              expect(p.range!.start).toBeLessThanOrEqual(mutated.length);
            }
          }
        },
      ),
      { numRuns: 400, seed: 42 },
    );
  });

  it('random text never crashes the loader', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const { loaded, problems } = checkExerciseText('r.yaml', text);
        expect(loaded !== undefined || problems.length > 0).toBe(true);
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});
