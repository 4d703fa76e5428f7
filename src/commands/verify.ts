/** `backstep verify`: a source's printed numbers against exact values. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BackstepError, describeError, isBackstepError } from '../exercise/errors.js';
import { echoed } from '../exercise/terminal-text.js';
import type { Problem } from '../exercise/errors.js';
import { formatProblems } from '../exercise/format-error.js';
import type { LoadedExercise } from '../exercise/load.js';
import { renderVerifyJson } from '../verify/render-json.js';
import { renderVerifyMarkdown } from '../verify/render-markdown.js';
import { renderVerifyText, summaryLine } from '../verify/render-text.js';
import { emptySummary, VERDICTS } from '../verify/types.js';
import type { VerifyReport } from '../verify/types.js';
import { verifyExercise } from '../verify/verify.js';
import { solveExercise } from '../engine/solved.js';
import { parseArgs } from './args.js';
import type { OptionTable } from './args.js';
import { bundledIds, loadExercise } from './catalog.js';
import type { Io } from './io.js';

export const VERIFY_HELP = `backstep verify <id|file|dir>... [--all] [--format text|json|markdown] [--strict]

Checks every number an exercise records as printed by its source against exact arithmetic, and
explains each difference:

  match         the exact value rounded half-up to the printed decimals
  truncated     the exact value cut (not rounded) to the printed decimals
  carried       explained by the source's own chain: the step recomputed from its earlier
                values as printed, or from intermediates rounded or truncated as printed
  erratum       none of these: the difference, and the likely slip when one is found
                (a flipped sign, another step's value, transposed digits, a dropped or
                extra factor, a nearby value reused)
  acknowledged  an erratum the exercise file records with \`erratum:\` and a note

Printed expressions ("0.2 - (0.7 * 0.0533)") are checked against the value printed beside them
and against the step; printed formulas in symbols are compared with the step at the exercise's
values and at other points, naming the substitution or the factor that would fix them.

  --all       every bundled exercise (\`backstep list\`)
  --format    text (default: a table that fits 100 columns), json (one document), markdown
              (an errata page to publish)
  --strict    count acknowledged errata as errata for the exit code

Exit codes: 0 no unacknowledged erratum, 1 at least one, 2 an error in the input.
`;

/** The options of `verify`, one line each (`--help` and `-h` come with every command). */
const OPTIONS = {
  all: 'flag',
  format: ['text', 'json', 'markdown'],
  strict: 'flag',
} satisfies OptionTable;

export async function verifyCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('verify', argv, OPTIONS, VERIFY_HELP);
  if (a.flags.has('help')) {
    io.stdout.write(VERIFY_HELP);
    return 0;
  }
  const targets = [
    ...(a.flags.has('all') ? bundledIds() : []),
    ...a.positional.flatMap((p) => expandDirectory(p, io.cwd)),
  ];
  if (targets.length === 0) {
    io.stderr.write(
      `error: verify needs at least one exercise (an id from \`backstep list\`, a file or a directory), or --all\n\n${VERIFY_HELP}`,
    );
    return 2;
  }

  const problems: Problem[] = [];
  const checked: Array<{ loaded: LoadedExercise; report: VerifyReport }> = [];
  for (const t of targets) {
    try {
      const loaded = loadExercise(t, io.cwd);
      checked.push({ loaded, report: verifyExercise(solveExercise(loaded.exercise, loaded.plan)) });
    } catch (e) {
      if (!isBackstepError(e)) throw e;
      problems.push(...e.problems);
    }
  }

  const format = a.options.get('format') ?? 'text';
  if (format === 'json') io.stdout.write(renderVerifyJson(checked.map((c) => c.report)));
  else if (format === 'markdown')
    io.stdout.write(checked.map((c) => renderVerifyMarkdown(c.loaded.exercise, c.report)).join('\n'));
  else {
    const width = io.stdout.isTTY ? Math.max(60, Math.min(100, io.stdout.columns ?? 100)) : 100;
    const color = io.stdout.isTTY === true && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '');
    io.stdout.write(
      checked.map((c) => renderVerifyText(c.loaded.exercise, c.report, { width, color })).join('\n'),
    );
    if (checked.length > 1) {
      const total = emptySummary();
      for (const c of checked) for (const v of VERDICTS) total[v] += c.report.summary[v];
      io.stdout.write(`\n${checked.length} exercises, ${summaryLine(total).replace(/^summary/, 'in all')}\n`);
    }
  }

  if (problems.length > 0) {
    io.stderr.write(formatProblems(problems) + '\n');
    return 2;
  }
  const strict = a.flags.has('strict');
  const failing = checked.some(
    (c) => c.report.summary.erratum > 0 || (strict && c.report.summary.acknowledged > 0),
  );
  return failing ? 1 : 0;
}

/** A directory stands for the exercise files in it. */
function expandDirectory(arg: string, cwd: string): string[] {
  const path = resolve(cwd, arg);
  if (!existsSync(path) || !statSync(path).isDirectory()) return [arg];
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (e) {
    throw BackstepError.of(
      'file-unreadable',
      `${echoed(arg)}: this folder cannot be read (${describeError(e)})`,
      'check its permissions',
    );
  }
  const files = names.filter((f) => /\.ya?ml$/i.test(f)).sort();
  if (files.length === 0)
    throw BackstepError.of(
      'file-unreadable',
      `${echoed(arg)} holds no exercise files (*.yaml)`,
      'give exercise files, ids or a directory of them',
    );
  return files.map((f) => join(arg, f));
}
