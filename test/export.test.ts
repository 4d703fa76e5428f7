/**
 * `backstep export`: the Moodle XML is read back with an XML parser (fast-xml-parser) and checked
 * against the structure Moodle documents (https://docs.moodle.org/404/en/Moodle_XML): <quiz>,
 * <question type="category"> with <category><text>$course$/...</text> and <info>, a description
 * item, <question type="numerical"> with <name>, <questiontext format="html">, <generalfeedback>
 * and <answer fraction="100"> holding <text> and <tolerance>.
 *
 * Each question is judged from the values it states. For two-two-one-network the stated values
 * and the value they give come from test/fixtures/quiz-reference.json (mpmath, an independent
 * script: gen_quiz_reference.py); for every bundled exercise, every stated step value must be
 * the mpmath reference value (test/fixtures/reference.json) rounded as the exercise shows it.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { acceptedInterval } from '../src/judge/interval.js';
import type { Display } from '../src/engine/model.js';
import { decimalAt } from '../src/engine/numbers.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { moodleCategoryPath } from '../src/render/quiz.js';
import { runCli } from './helpers/run-cli.js';

const D = decimalAt(200);
const reference = (
  JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8')) as {
    exercises: Record<string, Record<string, string>>;
  }
).exercises;
const quizReference = (
  JSON.parse(readFileSync(new URL('./fixtures/quiz-reference.json', import.meta.url), 'utf8')) as Record<
    string,
    Record<string, { uses: Record<string, string>; value: string }>
  >
)['two-two-one-network']!;
const bundled = readdirSync(new URL('../exercises/', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));
const bundledText = (id: string) => readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8');
const exerciseOf = (id: string) => loadExerciseText(`${id}.yaml`, bundledText(id)).exercise;

/** The CLI in-process: its standard output, after checking it exits 0. */
async function run(args: string[], cwd = process.cwd()): Promise<string> {
  const r = await runCli(args, { cwd });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

interface Text {
  text: string;
  '@_format'?: string;
}
interface Answer {
  '@_fraction': string;
  text: string;
  tolerance: string;
}
interface Question {
  '@_type': string;
  category?: Text;
  info?: Text;
  name?: Text;
  questiontext?: Text;
  generalfeedback?: Text;
  answer?: Answer[];
}
interface Category {
  path: string;
  info: string;
  about?: Question;
  questions: Question[];
}

const NUMBER = /^-?\d+(\.\d+)?(e[-+]\d+)?$/;

/** The quiz as Moodle reads it: categories, each with its description item and numerical questions. */
function parseQuiz(xml: string): Category[] {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')).toBe(true);
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'question' || name === 'answer',
  }).parse(xml) as { quiz: { question: Question[] } };
  const out: Category[] = [];
  for (const q of doc.quiz.question) {
    if (q['@_type'] === 'category') {
      expect(q.category?.text).toMatch(/^\$course\$\/./);
      expect(q.info?.['@_format']).toBe('html');
      out.push({ path: q.category!.text, info: q.info!.text, questions: [] });
      continue;
    }
    expect(out.length, 'a question before the first category').toBeGreaterThan(0);
    const last = out[out.length - 1]!;
    if (q['@_type'] === 'description') {
      expect(last.about, 'one description per category').toBeUndefined();
      expect(last.questions).toHaveLength(0);
      last.about = q;
      continue;
    }
    expect(q['@_type']).toBe('numerical');
    expect(q.name?.text).toBeTruthy();
    expect(q.questiontext?.['@_format']).toBe('html');
    expect(q.generalfeedback?.text).toBeTruthy();
    expect(q.answer?.length).toBeGreaterThan(0);
    for (const a of q.answer!) {
      expect(a['@_fraction']).toBe('100');
      expect(a.text).toMatch(NUMBER);
      expect(a.tolerance).toMatch(NUMBER);
    }
    last.questions.push(q);
  }
  return out;
}

const stepOf = (q: Question) => q.name!.text.slice(q.name!.text.lastIndexOf(': ') + 2);

/** The values a question states, "symbol = value" each, from its HTML list. */
function usesOf(q: Question): string[] {
  return [...q.questiontext!.text.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]!.replace(/&#39;/g, "'"));
}

/** Every answer holds v within its tolerance and stays inside v's judging interval. */
function checkAnswers(q: Question, v: string, display: Display) {
  const value = new D(v);
  const [lo, hi] = acceptedInterval(value, display);
  for (const a of q.answer!) {
    const centre = new D(a.text);
    const tol = new D(a.tolerance);
    expect(
      centre.minus(value).abs().lte(tol),
      `${q.name!.text}: ${v} is not within ${a.text} +- ${a.tolerance}`,
    ).toBe(true);
    expect(
      centre.minus(tol).gte(lo) && centre.plus(tol).lte(hi),
      `${q.name!.text}: ${a.text} +- ${a.tolerance} leaves the judging interval`,
    ).toBe(true);
  }
}

/** v rounded half-up to 4 decimals, as plain text (the display of two-two-one-network). */
const four = (v: string) => new D(v).toDecimalPlaces(4, D.ROUND_HALF_UP).toFixed(4);

describe('backstep export --format moodle-xml', () => {
  it('two-two-one-network: each question states the rounded values it uses and is judged from them (mpmath)', async () => {
    const [category, ...rest] = parseQuiz(await run(['export', 'two-two-one-network']));
    expect(rest).toHaveLength(0);
    expect(category!.questions.map(stepOf).sort()).toEqual(Object.keys(quizReference).sort());
    for (const q of category!.questions) {
      const ref = quizReference[stepOf(q)]!;
      expect(usesOf(q).sort()).toEqual(
        Object.entries(ref.uses)
          .map(([k, v]) => `${k} = ${v}`)
          .sort(),
      );
      // The answer Moodle shows is the value from those numbers, rounded as the exercise shows it.
      expect(new D(q.answer![0]!.text).eq(four(ref.value)), q.name!.text).toBe(true);
      checkAnswers(q, ref.value, { kind: 'decimals', digits: 4 });
      expect(q.questiontext!.text).toContain('Give it to 4 decimal places.');
    }
    // The textbook's slip carried through: -0.3844 * 0.2366 = -0.09094904 is -0.0909, though
    // from unrounded values dE/dz_F is -0.0910; E@2 = (1 - 0.6262)^2 / 2 = 0.06986322.
    const byStep = new Map(category!.questions.map((q) => [stepOf(q), q]));
    expect(byStep.get('dE/dz_F')!.answer![0]!.text).toBe('-0.0909');
    expect(byStep.get('dE/dz_F')!.generalfeedback!.text).toContain('from unrounded values it is -0.0910');
    expect(byStep.get('E@2')!.answer![0]!.text).toBe('0.0699');
  });

  it('names the pass of each question in words, and says once what every question shares', async () => {
    const [category] = parseQuiz(await run(['export', 'two-two-one-network']));
    const passOf = (id: string) =>
      /^<p><b>(.*?)<\/b><\/p>/.exec(
        category!.questions.find((q) => stepOf(q) === id)!.questiontext!.text,
      )![1];
    expect(passOf('z_C')).toBe('Forward pass');
    expect(passOf('dE/dw5')).toBe('Backward pass');
    expect(passOf('w5@2')).toBe('Update');
    expect(passOf('z_C@2')).toBe('Second forward pass (updated parameters)');
    const description = exerciseOf('two-two-one-network').description!.trim().slice(0, 60);
    expect(category!.info).toContain(description);
    expect(category!.info).toContain('z_C@2 is z_C computed again with the updated values');
    expect(category!.about!.questiontext!.text).toBe(category!.info);
    for (const q of category!.questions) expect(q.questiontext!.text).not.toContain(description);
  });

  // The reference names the steps of the 10,000-step run differently (hidden[0][0]).
  const withReference = bundled.filter((id) => reference[id] && id !== 'sigmoid-identity-code-example');
  it.each(withReference)(
    '%s: every stated step value is the mpmath value rounded as the exercise shows it',
    async (id) => {
      const { exercise, plan } = loadExerciseText(`${id}.yaml`, bundledText(id));
      const quiz = parseQuiz(await run(['export', id]));
      expect(quiz).toHaveLength(1);
      let checked = 0;
      let fromGivens = 0;
      const givens = new Set(plan.givens.map((g) => g.symbol));
      for (const q of quiz[0]!.questions) {
        for (const use of usesOf(q)) {
          const [symbol, shown] = use.split(' = ');
          const exact = reference[id]![symbol!];
          if (exact === undefined) continue;
          // The display rule, by hand: half-up at the decimals (or significant figures).
          const v = new D(exact);
          const expected =
            exercise.display.kind === 'decimals'
              ? v.toDecimalPlaces(exercise.display.digits, D.ROUND_HALF_UP)
              : v.toSignificantDigits(exercise.display.digits, D.ROUND_HALF_UP);
          // A given is stated as written; a step whose value has no more digits than shown, too.
          if (new D(shown!).eq(v)) {
            checked++;
            continue;
          }
          expect(new D(shown!).eq(expected), `${q.name!.text}: ${use}, reference ${exact}`).toBe(true);
          checked++;
        }
        // A question from givens alone asks for the exact value: every answer holds the reference.
        const exact = reference[id]![stepOf(q)];
        if (exact !== undefined && usesOf(q).every((u) => givens.has(u.split(' = ')[0]!))) {
          checkAnswers(q, exact, exercise.display);
          fromGivens++;
        }
      }
      expect(checked + fromGivens, 'values checked against the reference').toBeGreaterThanOrEqual(1);
    },
  );

  it('--count gives a category per variant, without the description (it may quote the original numbers)', async () => {
    const quiz = parseQuiz(await run(['export', 'autodiff-sqrt-exp', '--count', '3', '--seed', '5']));
    expect(quiz.map((c) => c.path.replace(/^.*\//, ''))).toEqual(['variant 5', 'variant 6', 'variant 7']);
    const description = exerciseOf('autodiff-sqrt-exp').description!.trim().slice(0, 40);
    for (const c of quiz) {
      expect(c.questions.length).toBeGreaterThan(0);
      expect(c.info).not.toContain(description);
    }
  });

  it('escapes text from the file, and keeps a slash of the title in the category name as Moodle escapes it (//)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-export-'));
    const text = bundledText('autodiff-sqrt-exp')
      .replace(/^title: .*$/m, 'title: "A <b>bold</b> & ]]> title/with a slash/"')
      .replace(/^description: >\n(?: {2}.*\n)+/m, 'description: "<script>alert(1)</script> {#=1:0}"\n');
    writeFileSync(join(dir, 'x.yaml'), text);
    const quiz = parseQuiz(await run(['export', 'x.yaml'], dir));
    // qformat_default::split_category_path splits on single slashes and reads // as one; a name
    // ending in a slash gets a space after it (assemble_category_path).
    expect(quiz[0]!.path).toBe('$course$/A <b>bold<//b> & ]]> title//with a slash// ');
    expect(quiz[0]!.info).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    for (const q of quiz[0]!.questions) {
      // The HTML Moodle shows: only the tags backstep writes, the file's text as entities.
      const tags = q.questiontext!.text.match(/<\/?([a-z]+)/g) ?? [];
      for (const t of tags) expect(['p', 'b', 'ul', 'li']).toContain(t.replace(/[</]/g, ''));
    }
    const gift = await run(['export', 'x.yaml', '--format', 'gift'], dir);
    expect(gift.split('\n')[0]).toBe('$CATEGORY: $course$/A <b>bold<//b> & ]]> title//with a slash// ');
  });

  it('says "as a whole number" for 0 decimals and names significant figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-export-'));
    writeFileSync(
      join(dir, 'a.yaml'),
      bundledText('autodiff-sqrt-exp').replace(/decimals: 4/, 'decimals: 0'),
    );
    expect(await run(['export', 'a.yaml'], dir)).toContain('Give it as a whole number.');
    writeFileSync(
      join(dir, 'b.yaml'),
      bundledText('autodiff-sqrt-exp').replace(/decimals: 4/, 'significant: 1'),
    );
    expect(await run(['export', 'b.yaml'], dir)).toContain('Give it to 1 significant figure.');
  });

  it('GIFT: a description item, then the same questions, each with its answers and feedback in one {#...####...} block', async () => {
    const xml = parseQuiz(await run(['export', 'two-two-one-network']));
    const gift = await run(['export', 'two-two-one-network', '--format', 'gift']);
    const items = gift.split('\n').filter((l) => l.startsWith('::'));
    expect(items[0]).toMatch(
      /^::A 2-2-1 sigmoid network, one step of backpropagation\\: about these questions::\[html\]<p>[^{}]*$/,
    );
    const questions = items.slice(1);
    expect(questions).toHaveLength(xml[0]!.questions.length);
    for (const [i, line] of questions.entries()) {
      const m = /^::(.+?)(?<!\\)::\[html\](.*)\{#((?:=\S+:\S+ ?)+)####(.*)\}$/.exec(line);
      expect(m, line).not.toBeNull();
      const answers = m![3]!
        .trim()
        .split(' ')
        .map((a) => a.slice(1).split(':'));
      expect(answers).toEqual(xml[0]!.questions[i]!.answer!.map((a) => [a.text, a.tolerance]));
    }
    expect(gift.startsWith('$CATEGORY: $course$/A 2-2-1 sigmoid network')).toBe(true);
  });

  it('refuses --count on an exercise without variants, with what to do (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-export-'));
    const without = bundledText('two-two-one-network').replace(/^variants:\n(?:[ #].*\n|\n)+/m, '');
    expect(without).not.toContain('variants:');
    writeFileSync(join(dir, 'net.yaml'), without);
    const r = await runCli(['export', 'net.yaml', '--count', '3'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no `variants:`; leave out --seed and --count');
    expect(r.stdout).toBe('');
  });
});

describe('backstep export: edge values and bounds', () => {
  it('leaves out questions whose numbers a double cannot hold, and says how many', async () => {
    // a = x x = 1e-1000, b = y y = 1e400, c = a + b = 1e400, da/dx = 2x = 2e-500 and
    // df/dx = 2e-500 are past a double (1e-300 to 1e300); the other seven are 1 or 2e200.
    const dir = mkdtempSync(join(tmpdir(), 'backstep-export-'));
    writeFileSync(
      join(dir, 'edge.yaml'),
      [
        'id: edge-values',
        'title: Values past a double',
        'precision: { significant: 3 }',
        'graph:',
        '  function: f',
        '  inputs: { x: 1e-500, y: 1e200 }',
        '  nodes: { a: x*x, b: y*y, c: a+b }',
        '',
      ].join('\n'),
    );
    const r = await runCli(['export', 'edge.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('left out 5 questions whose answer or tolerance an LMS cannot hold');
    const steps = parseQuiz(r.stdout)[0]!.questions.map(stepOf);
    expect(steps.sort()).toEqual(['db/dy', 'dc/da', 'dc/db', 'df/da', 'df/db', 'df/dc', 'df/dy']);
    for (const q of parseQuiz(r.stdout)[0]!.questions)
      for (const a of q.answer!) for (const n of [a.text, a.tolerance]) expect(Number(n)).not.toBe(Infinity);
  });

  it('`ask: listed` with nothing listed asks every step, as practice does, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-export-'));
    const text = bundledText('autodiff-exp-square');
    expect(text).not.toMatch(/^\s+ask: true/m);
    writeFileSync(join(dir, 'x.yaml'), text.replace(/ask: all/, 'ask: listed'));
    const r = await runCli(['export', 'x.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'the exercise marks no step as asked, so every step is a question (as in practice)',
    );
    const all = parseQuiz(await run(['export', 'autodiff-exp-square']))[0]!.questions.length;
    expect(parseQuiz(r.stdout)[0]!.questions).toHaveLength(all);
  });

  it('a 16-16-16 network with every step asked: each question states only its own values (linear size)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-export-'));
    expect((await runCli(['new', '--layers', '16,16,16', '--out', 'n.yaml'], { cwd: dir })).code).toBe(0);
    const file = join(dir, 'n.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}ask: listed/m, '  ask: all'));
    const xml = await run(['export', 'n.yaml'], dir);
    const [category] = parseQuiz(xml);
    // One pass of 16-16-16 with biases: 16 z and 16 y per layer, twice forward, and so on.
    expect(category!.questions.length).toBeGreaterThan(1500);
    // A neuron fed by 16 others and a bias states 33 values: no question lists more, though the
    // exercise has 578 given values.
    for (const q of category!.questions) expect(usesOf(q).length).toBeLessThanOrEqual(33);
    expect(xml.length / category!.questions.length).toBeLessThan(2000);
    // Each variant is one pass, taking its share of the size limits of a pass (exercise/work.ts):
    // a pass of 16-16-16 is about 1,770 of the 30,000 steps allowed, 0.059, so 18 variants (1.06)
    // are past the limit, refused before anything is evaluated.
    const r = await runCli(['export', 'n.yaml', '--count', '18'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /this export would evaluate 18 passes \(18 variants of \d+ questions\), each 0\.05\d/,
    );
  });
});

describe('moodleCategoryPath', () => {
  // Moodle's reading of a category path, transcribed from qformat_default::split_category_path
  // (question/format.php): split on a slash with no slash either side, then in each name trim
  // and read // as /.
  const moodleSplit = (path: string) =>
    path.split(/(?<!\/)\/(?!\/)/).map((n) => n.replace(/\/\//g, '/').trim());
  it.each([['plain title'], ['a/b'], ['/leading'], ['trailing/'], ['/both/'], ['a//b'], ['///']])(
    '%s survives as one name',
    (name) => {
      expect(moodleSplit(moodleCategoryPath([name, 'variant 3']))).toEqual(['$course$', name, 'variant 3']);
    },
  );
});
