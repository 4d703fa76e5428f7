/**
 * Issue 22, item 2: a prototype word (constructor, __proto__, toString, hasOwnProperty, valueOf)
 * typed as an answer, given as a command or an option, or used as a name in an exercise file is
 * an ordinary word: never a crash, never "internal error". The exercise names its inputs with
 * these words (test/fixtures/hostile/prototype-names.yaml); its values are worked by hand there.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/ui/commands.js';
import { lineText } from '../src/ui/lines.js';
import { screenLines } from '../src/ui/screen.js';
import { runCli } from './helpers/run-cli.js';
import { answer, current, session } from './ui-helpers.js';

const WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const HOSTILE = fileURLToPath(new URL('./fixtures/hostile/', import.meta.url));
const NAMES = `${HOSTILE}prototype-names.yaml`;

const feedback = (s: ReturnType<typeof session>) => s.feedback.map((f) => f.text).join('\n');

describe('typed in the walkthrough (the reducer, no terminal)', () => {
  it.each(WORDS)('%s is not a command word', (w) => {
    expect(parseCommand(w)).toBeUndefined();
    expect(parseCommand(w.toUpperCase())).toBeUndefined();
  });

  it.each(['matrix-forward', NAMES])(
    '%s: each word, in any case, gets an answer and the session goes on',
    (id) => {
      let s = session(id);
      const first = current(s);
      for (const w of WORDS.flatMap((w) => [w, w.toUpperCase(), `${w}(1)`, `${w} + 0.001`])) {
        s = answer(s, w);
        expect(s.mode, w).toBe('asking');
        expect(feedback(s), w).not.toMatch(/internal error|undefined|Error|\[object|native code/);
        // Every screen of the session can still be drawn.
        expect(screenLines(s, { columns: 80, rows: 24 }).map(lineText).join('\n')).toContain('=');
      }
      expect(current(s)).toBe(first);
    },
  );

  it('as names of the exercise they are read as those names: a = valueOf * constructor = 3 * 2 = 6', () => {
    let s = session(NAMES);
    expect(current(s)).toBe('a');
    s = answer(s, 'constructor'); // 2, not 6
    expect(s.record.steps['a']?.outcome).toBeUndefined();
    expect(s.record.steps['a']?.tries).toBe(1);
    s = answer(s, '__proto__');
    expect(feedback(s)).toContain('__proto__ is not a name in this exercise');
    s = answer(s, 'valueOf * constructor');
    expect(s.record.steps['a']?.outcome).toBe('after-hints');
    expect(current(s)).toBe('b');
    // b = 6 + 1 + 3 * 0.25 = 7.75, typed with the names: the learner's own a, and the givens.
    s = answer(s, 'a + toString + valueOf * hasOwnProperty');
    expect(s.record.steps['b']?.value).toBe('7.75');
  });
});

describe('on the command line', () => {
  it.each(WORDS)('%s as a command, an option, an exercise and a variant', async (w) => {
    const cmd = await runCli([w]);
    expect(cmd.stderr).toContain(`error: unknown command "${w}"`);
    expect(cmd.code).toBe(2);
    for (const argv of [
      ['solve', 'matrix-forward', `--${w}`],
      ['solve', 'matrix-forward', `--${w}=1`],
      ['check', `--${w}`, 'matrix-forward'],
    ]) {
      const r = await runCli(argv);
      expect(r.stderr, argv.join(' ')).toContain(`unknown option --${w}`);
      expect(r.code, argv.join(' ')).toBe(2);
    }
    const id = await runCli(['solve', w]);
    expect(id.stderr).toContain(`no exercise "${w}"`);
    expect(id.code).toBe(2);
    const variant = await runCli(['solve', 'matrix-forward', '--variant', w]);
    expect(variant.stdout).toContain(`(variant ${w})`);
    expect(variant.code).toBe(0);
  });

  it('typed in plain mode: an answer each, then q', async () => {
    const r = await runCli(['practice', 'matrix-forward', '--no-save'], {
      stdin: [...WORDS, ...WORDS.map((w) => w.toUpperCase()), 'q', ''].join('\n'),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("I can't read that: __proto__ is not a name in this exercise");
    expect(r.stdout).toContain('Nothing was saved (--no-save): 0 of 3 steps done this time.');
  });
});
