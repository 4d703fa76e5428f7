/**
 * `backstep export`: an exercise, or a set of its variants, as a quiz an LMS imports: Moodle
 * XML, GIFT, or a Canvas QTI package. The questions are built in authoring/quiz.ts (each judged
 * from the values it states), written by render/quiz.ts and render/quiz-qti.ts; here the
 * options, the bounds on the export's size (authoring/quiz-limits.ts) and what is said on stderr
 * about questions left out.
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { quizCategory } from '../authoring/quiz.js';
import type { QuizBuild } from '../authoring/quiz.js';
import { exportEstimate, MAX_EXPORT_BYTES } from '../authoring/quiz-limits.js';
import { checkSeed, withVariant } from '../authoring/variants.js';
import { BackstepError, describeError } from '../exercise/errors.js';
import { renderGift, renderMoodleXml } from '../render/quiz.js';
import { qtiPackage } from '../render/quiz-qti.js';
import { parseArgs, usage } from './args.js';
import type { OptionTable } from './args.js';
import { loadExercise } from './catalog.js';
import type { Io } from './io.js';
import { zip } from './zip.js';

export const EXPORT_HELP = `backstep export <id|file> [--format moodle-xml|gift|canvas] [--count N] [--seed S] [--out FILE]

A quiz for your LMS: one numerical question per asked step, each stating the values it uses
(the earlier steps rounded as the exercise shows them) and judged from them, with a tolerance
inside backstep's judging interval and the formula as feedback.
Moodle: Question bank > Import, format "Moodle XML" or "GIFT".
Canvas: Settings > Import Course Content, "QTI .zip file" (--format canvas needs --out).

  --format    moodle-xml (default), gift, or canvas (a QTI 1.2 package, a .zip)
  --seed S    the variant with seed S (as \`backstep solve --variant S\`)
  --count N   N variants, seeds S, S+1, ... (S from --seed, default 1), one category each
  --out FILE  write to FILE instead of standard output (never over an existing file)
`;

/** The options of \`export\`, one line each (\`--help\` and \`-h\` come with every command). */
const OPTIONS = {
  format: ['moodle-xml', 'gift', 'canvas'],
  count: 'int',
  seed: 'any',
  out: 'any',
} satisfies OptionTable;

const MAX_COUNT = 1000;

export async function exportCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('export', argv, OPTIONS, EXPORT_HELP);
  if (a.flags.has('help')) {
    io.stdout.write(EXPORT_HELP);
    return 0;
  }
  if (a.positional.length !== 1) {
    throw usage('export', 'export takes one exercise (an id from `backstep list`, or a file)');
  }
  const loaded = loadExercise(a.positional[0]!, io.cwd);
  const seed = a.options.get('seed');
  const countText = a.options.get('count');
  if ((seed !== undefined || countText !== undefined) && loaded.exercise.variants.size === 0) {
    throw usage(
      'export',
      `the exercise "${loaded.exercise.id}" declares no \`variants:\`; leave out --seed and --count`,
    );
  }
  const format = a.options.get('format') ?? 'moodle-xml';
  const out = a.options.get('out');
  if (format === 'canvas' && out === undefined)
    throw usage('export', 'a Canvas package is a zip file: give it a name with --out FILE.zip');
  const seeds = seedsOf(countText, seed);
  boundExport(loaded, seeds.length);
  const builds: QuizBuild[] = seeds.map((s) => {
    if (s === undefined) return quizCategory(loaded.exercise, loaded.plan, [loaded.exercise.title], false);
    checkSeed(s);
    const { exercise, plan } = withVariant(loaded, s);
    return quizCategory(exercise, plan, [loaded.exercise.title, `variant ${s}`], true);
  });
  const categories = builds.map((b) => b.category);
  const data =
    format === 'canvas'
      ? zip(qtiPackage(categories))
      : format === 'gift'
        ? renderGift(categories)
        : renderMoodleXml(categories);
  if (out === undefined) io.stdout.write(data as string);
  else writeNew(resolve(io.cwd, out), out, data);
  for (const line of leftOut(
    builds,
    categories.reduce((n, c) => n + c.questions.length, 0),
  ))
    io.stderr.write(`${line}\n`);
  if (out !== undefined) io.stderr.write(`wrote ${out}\n`);
  return 0;
}

/** The seeds to export: the exercise itself (undefined), one variant, or --count of them. */
function seedsOf(countText: string | undefined, seed: string | undefined): Array<string | undefined> {
  if (countText === undefined) return [seed];
  const count = Number.parseInt(countText, 10);
  if (count < 1 || count > MAX_COUNT) throw usage('export', `--count is 1 to ${MAX_COUNT}`);
  if (seed !== undefined && !/^\d{1,9}$/.test(seed)) {
    throw usage(
      'export',
      `with --count, --seed is the first of the numbered seeds, a whole number, not "${seed}"`,
    );
  }
  const start = Number.parseInt(seed ?? '1', 10);
  return Array.from({ length: count }, (_, i) => String(start + i));
}

/**
 * Refuses, before anything is evaluated, an export whose text or work would pass the limits:
 * its size grows with the variants, the questions and the values each states.
 */
function boundExport(loaded: ReturnType<typeof loadExercise>, variants: number): void {
  const one = exportEstimate(loaded.exercise, loaded.plan);
  const bytes = one.bytes * variants;
  const share = one.share * variants;
  if (bytes <= MAX_EXPORT_BYTES && share <= 1) return;
  const mb = (n: number) => `${Math.round(n / 1e6)} MB`;
  const per =
    variants > 1 ? ` (${variants} variants of ${one.questions} questions)` : ` (${one.questions} questions)`;
  throw BackstepError.of(
    'unsupported',
    bytes > MAX_EXPORT_BYTES
      ? `this export would write about ${mb(bytes)}${per}, past the limit of ${mb(MAX_EXPORT_BYTES)}`
      : `this export would evaluate ${variants} passes${per}, each ${one.share.toFixed(3)} of the size ` +
          `limits of a pass: ${share.toFixed(2)} in all, past 1 (docs/authoring.md, "Limits")`,
    bytes > MAX_EXPORT_BYTES
      ? `${variants > 1 ? 'export fewer variants (--count), or ' : ''}ask fewer steps (practice: ask: printed or listed)`
      : variants > 1
        ? 'export fewer variants (--count)'
        : 'export a smaller network',
  );
}

/** What stderr says about questions left out, and about an exercise that marks none asked. */
function leftOut(builds: readonly QuizBuild[], written: number): string[] {
  const sum = (f: (b: QuizBuild) => number) => builds.reduce((n, b) => n + f(b), 0);
  const undef = sum((b) => b.undefinedValues);
  const beyond = sum((b) => b.beyondDouble);
  const lines: string[] = [];
  if (builds.some((b) => b.everyStep))
    lines.push('note: the exercise marks no step as asked, so every step is a question (as in practice)');
  if (undef > 0)
    lines.push(`left out ${undef} question${undef === 1 ? '' : 's'} whose value is undefined or infinite`);
  if (beyond > 0)
    lines.push(
      `left out ${beyond} question${beyond === 1 ? '' : 's'} whose answer or tolerance an LMS cannot hold ` +
        '(it reads them as doubles: nonzero values must lie between 1e-300 and 1e300)',
    );
  if (written === 0) lines.push('warning: the quiz has no questions');
  return lines;
}

/** Writes a new file (never over an existing one), removing what was written if it fails. */
function writeNew(path: string, shown: string, data: string | Buffer): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'wx');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    const done = fd;
    fd = undefined;
    closeSync(done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A partial file would be refused as existing on the retry.
    if (fd !== undefined) {
      closeSync(fd);
      unlinkSync(path);
    }
    throw BackstepError.of(
      'io',
      `cannot write ${shown}: ${code === 'EEXIST' ? 'it already exists' : describeError(e)}`,
      code === 'EEXIST' ? 'choose another name, or remove the file first' : 'check the path',
    );
  }
}
