/**
 * `backstep export`: the Moodle XML is read back with an XML parser (fast-xml-parser) and checked
 * against the structure Moodle documents (https://docs.moodle.org/404/en/Moodle_XML): <quiz>,
 * <question type="category"> with <category><text>$course$/...</text>, <question
 * type="numerical"> with <name>, <questiontext format="html">, <generalfeedback> and
 * <answer fraction="100"> holding <text> and <tolerance>. Every answer must hold the exact value
 * within its tolerance, the exact values coming from test/fixtures/reference.json (mpmath, an
 * independent method; see test/fixtures/README.md), and must stay inside the judging interval.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { accepts } from '../src/check/interval.js';
import type { Display } from '../src/engine/model.js';
import { decimalAt } from '../src/engine/numbers.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { runCli } from './helpers/run-cli.js';
import { totalSteps } from '../src/engine/plan.js';
import { STEP_WINDOW } from '../src/engine/limits.js';

const D = decimalAt(200);
const reference = (
  JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8')) as {
    exercises: Record<string, Record<string, string>>;
  }
).exercises;
const bundled = readdirSync(new URL('../exercises/', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

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
  name?: Text;
  questiontext?: Text;
  generalfeedback?: Text;
  answer?: Answer[];
}

/** The quiz as Moodle reads it: categories, each with its numerical questions. */
function parseQuiz(xml: string): Array<{ path: string; questions: Question[] }> {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')).toBe(true);
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'question' || name === 'answer',
  }).parse(xml) as { quiz: { question: Question[] } };
  const out: Array<{ path: string; questions: Question[] }> = [];
  for (const q of doc.quiz.question) {
    if (q['@_type'] === 'category') {
      expect(q.category?.text).toMatch(/^\$course\$\/./);
      out.push({ path: q.category!.text, questions: [] });
      continue;
    }
    expect(q['@_type']).toBe('numerical');
    expect(out.length, 'a question before the first category').toBeGreaterThan(0);
    expect(q.name?.text).toBeTruthy();
    expect(q.questiontext?.['@_format']).toBe('html');
    expect(q.generalfeedback?.text).toBeTruthy();
    expect(q.answer?.length).toBeGreaterThan(0);
    for (const a of q.answer!) {
      expect(a['@_fraction']).toBe('100');
      expect(a.text).toMatch(/^-?\d+(\.\d+)?$/);
      expect(a.tolerance).toMatch(/^\d+(\.\d+)?$/);
    }
    out[out.length - 1]!.questions.push(q);
  }
  return out;
}

const stepOf = (q: Question) => q.name!.text.slice(q.name!.text.lastIndexOf(': ') + 2);

/** The exact value within every answer's tolerance, and both ends of every answer inside the judging interval. */
function checkAnswers(q: Question, exactText: string, display: Display) {
  const exact = new D(exactText);
  for (const a of q.answer!) {
    const value = new D(a.text);
    const tol = new D(a.tolerance);
    expect(
      value.minus(exact).abs().lte(tol),
      `${q.name!.text}: ${exactText} is not within ${a.text} +- ${a.tolerance}`,
    ).toBe(true);
    expect(
      accepts(exact, value.minus(tol), display) && accepts(exact, value.plus(tol), display),
      `${q.name!.text}: ${a.text} +- ${a.tolerance} leaves the judging interval`,
    ).toBe(true);
  }
}

describe('backstep export --format moodle-xml', () => {
  // The reference names the steps of the 10,000-step run differently (hidden[0][0]); that one is
  // left to the structural checks.
  const withReference = bundled.filter((id) => reference[id] && id !== 'sigmoid-identity-code-example');
  it('has reference values for most bundled exercises', () =>
    expect(withReference.length).toBeGreaterThanOrEqual(10));

  it.each(withReference)(
    '%s: one question per asked step, each answer holding the mpmath value within its tolerance',
    async (id) => {
      const { exercise } = loadExerciseText(
        `${id}.yaml`,
        readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8'),
      );
      const quiz = parseQuiz(await run(['export', id]));
      expect(quiz).toHaveLength(1);
      expect(quiz[0]!.path).toBe(`$course$/${exercise.title.replace(/\//g, '-')}`);
      const questions = quiz[0]!.questions;
      expect(questions.length).toBeGreaterThan(0);
      let checked = 0;
      for (const q of questions) {
        const exact = reference[id]![stepOf(q)];
        if (exact === undefined) continue;
        checkAnswers(q, exact, exercise.display);
        checked++;
        // The question names what is asked and gives the known values; the feedback has the formula.
        expect(q.questiontext!.text).toContain(`Find ${stepOf(q)}`);
        expect(q.questiontext!.text).toContain('Known values');
        expect(q.generalfeedback!.text).toContain(`${stepOf(q)} = `);
      }
      expect(checked, 'questions with a reference value').toBeGreaterThanOrEqual(1);
    },
  );

  it('every bundled exercise exports, each answer holding the engine value (solve --format json, full precision)', async () => {
    // A long run's full solution takes seconds; its first iteration is checked against mpmath above.
    for (const id of bundled.filter(
      (b) =>
        totalSteps(
          loadExerciseText(
            `${b}.yaml`,
            readFileSync(new URL(`../exercises/${b}.yaml`, import.meta.url), 'utf8'),
          ).plan,
        ) <= STEP_WINDOW,
    )) {
      const json = JSON.parse(await run(['solve', id, '--format', 'json'])) as {
        steps: Array<{ id: string; value: string }>;
      };
      const exact = new Map(json.steps.map((s) => [s.id, s.value]));
      const { exercise } = loadExerciseText(
        `${id}.yaml`,
        readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8'),
      );
      for (const q of parseQuiz(await run(['export', id]))[0]!.questions)
        checkAnswers(q, exact.get(stepOf(q))!, exercise.display);
    }
  });

  it('--count gives a category per variant, with the numbers of solve --variant', async () => {
    const quiz = parseQuiz(await run(['export', 'autodiff-sqrt-exp', '--count', '3', '--seed', '5']));
    expect(quiz.map((c) => c.path.replace(/^.*\//, ''))).toEqual(['variant 5', 'variant 6', 'variant 7']);
    const { exercise } = loadExerciseText(
      'x.yaml',
      readFileSync(new URL('../exercises/autodiff-sqrt-exp.yaml', import.meta.url), 'utf8'),
    );
    for (const [i, c] of quiz.entries()) {
      const json = JSON.parse(
        await run(['solve', 'autodiff-sqrt-exp', '--format', 'json', '--variant', String(5 + i)]),
      ) as { steps: Array<{ id: string; value: string }> };
      const exact = new Map(json.steps.map((s) => [s.id, s.value]));
      expect(c.questions.length).toBeGreaterThan(0);
      for (const q of c.questions) checkAnswers(q, exact.get(stepOf(q))!, exercise.display);
    }
  });

  it('escapes text from the file: no markup of its own reaches the question', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-export-'));
    const text = readFileSync(new URL('../exercises/autodiff-sqrt-exp.yaml', import.meta.url), 'utf8')
      .replace(/^title: .*$/m, 'title: "A <b>bold</b> & ]]> title"')
      .replace(/^description: >\n(?: {2}.*\n)+/m, 'description: "<script>alert(1)</script> {#=1:0}"\n');
    writeFileSync(join(dir, 'x.yaml'), text);
    const xml = await run(['export', 'x.yaml'], dir);
    const quiz = parseQuiz(xml);
    // A slash would open a subcategory.
    expect(quiz[0]!.path).toBe('$course$/A <b>bold<-b> & ]]> title');
    for (const q of quiz[0]!.questions) {
      // The HTML Moodle shows: only the tags backstep writes, the file's text as entities.
      const tags = q.questiontext!.text.match(/<\/?([a-z]+)/g) ?? [];
      expect(new Set(tags.map((t) => t.replace(/[</]/g, '')))).toEqual(new Set(['p', 'ul', 'li']));
      expect(q.questiontext!.text).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
      expect(q.questiontext!.text).not.toContain('\u0007');
    }
  });

  it('GIFT: the same questions, each with its answers and feedback in one {#...####...} block', async () => {
    const xml = parseQuiz(await run(['export', 'two-two-one-network']));
    const gift = await run(['export', 'two-two-one-network', '--format', 'gift']);
    const questions = gift.split('\n').filter((l) => l.startsWith('::'));
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
    // Every bundled exercise has variants: the same file with its `variants:` block taken out.
    const dir = mkdtempSync(join(tmpdir(), 'backstep-export-'));
    const text = readFileSync(new URL('../exercises/two-two-one-network.yaml', import.meta.url), 'utf8');
    const without = text.replace(/^variants:\n(?:[ #].*\n|\n)+/m, '');
    expect(without).not.toContain('variants:');
    writeFileSync(join(dir, 'net.yaml'), without);
    const r = await runCli(['export', 'net.yaml', '--count', '3'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no `variants:`; leave out --seed and --count');
    expect(r.stdout).toBe('');
  });
});
