/** `backstep solve`: the worked solution of an exercise in text, markdown, json or latex. */
import { SOLVE_JSON_FORMAT, jsonFinal, jsonSteps, renderJson } from '../render/json.js';
import { LATEX_END, latexHeader, latexSections, renderLatex } from '../render/latex.js';
import { markdownHeader, markdownSections, renderMarkdown } from '../render/markdown.js';
import { STEP_WINDOW } from '../engine/limits.js';
import { buildSolution, shownSteps, streamSolution } from '../render/solution.js';
import { totalSteps } from '../engine/plan.js';
import { renderText, textHeader, textSections } from '../render/text.js';
import type { Exercise } from '../engine/model.js';
import type { Plan } from '../engine/plan.js';
import { askedSteps } from '../authoring/asked.js';
import { withVariant } from '../authoring/variants.js';
import { renderHandout } from '../render/handout.js';
import { parseArgs, usage } from './args.js';
import type { OptionTable, Parsed } from './args.js';
import { clock, problemsText, watchable, watchFile } from './watch.js';
import { loadExerciseCached } from './exercise-cache.js';
import { isBackstepError } from '../exercise/errors.js';
import type { BackstepError } from '../exercise/errors.js';
import { shellWord } from '../exercise/shell-word.js';
import { echoed, safeLine } from '../exercise/terminal-text.js';
import type { Io } from './io.js';
import { terminalOf } from './io.js';

export const SOLVE_HELP = `backstep solve <id|file> [--format text|markdown|json|latex] [--all-steps] [--ids] [--blank] [--variant S] [--watch]

The whole worked solution of an exercise: every value a person writes down, phase by phase,
with the formula in symbols, the numbers substituted, and the value.

  --format     text (default), markdown (handouts), json (one document, full precision), latex
  --all-steps  every step of every iteration of a long run (default: the first iteration in
               full, then a summary of the error and the final parameters); over ${STEP_WINDOW.toLocaleString('en')} steps
               onto a terminal it states the size and asks first
  --ids        list the step ids of the exercise (for writing exercise files) and stop; also
               for a file whose errors leave its steps as meant (an unknown step name)
  --blank      the question sheet instead: the exercise, the given values and an empty line
               for every asked step (the answer key is the same command without --blank)
  --variant S  the variant with seed S of an exercise with \`variants:\` (see backstep variants)
  --watch      for authors: print it again on every save of the file (its located errors while
               it has any), until Ctrl-C
`;

type Format = 'text' | 'markdown' | 'json' | 'latex';

/** The options of `solve`, one line each (`--help` and `-h` come with every command). */
const OPTIONS = {
  format: ['text', 'markdown', 'json', 'latex'],
  'all-steps': 'flag',
  ids: 'flag',
  blank: 'flag',
  variant: 'any',
  watch: 'flag',
} satisfies OptionTable;

export async function solveCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('solve', argv, OPTIONS, SOLVE_HELP);
  if (a.flags.has('help')) {
    io.stdout.write(SOLVE_HELP);
    return 0;
  }
  if (a.positional.length !== 1) {
    io.stderr.write(
      `error: solve takes one exercise (an id from \`backstep list\`, or a file)\n\n${SOLVE_HELP}`,
    );
    return 2;
  }
  if (a.flags.has('watch')) return watchSolve(a, io);
  return solveOnce(a, io);
}

/**
 * solve --ids: the step ids, also of a file whose errors leave its steps as meant (an unknown
 * step name, a bad number), since `check` names this command to find the right name.
 */
async function listIds(arg: string, io: Io): Promise<number> {
  let loaded: { plan: Plan };
  try {
    loaded = await loadExerciseCached(arg, io.cwd);
  } catch (e) {
    if (!isBackstepError(e)) throw e;
    // Loaded only here: solving a cached bundled exercise reads no YAML and no schema.
    const { checkExerciseText } = await import('../exercise/load.js');
    const { readExerciseFile, resolveExercise } = await import('./resolve.js');
    const r = resolveExercise(arg, io.cwd);
    const checked = checkExerciseText(r.display, readExerciseFile(r));
    if (!checked.steps) throw e;
    const n = checked.problems.length;
    io.stderr.write(
      `note: ${safeLine(r.display)} has ${n} error${n === 1 ? '' : 's'} (\`backstep check ` +
        `${shellWord(r.display)}\` shows ${n === 1 ? 'it' : 'them'}); its step ids are listed ` +
        `anyway\n`,
    );
    loaded = checked.steps;
  }
  const { plan } = loaded;
  for (const g of plan.givens) io.stdout.write(`${g.id}\tgiven\t${g.describe}\n`);
  for (const s of shownSteps(plan)) io.stdout.write(`${s.id}\t${s.phase}\t${s.describe}\n`);
  return 0;
}

/** solve --watch: the output again after every save (a clear screen first on a terminal). */
async function watchSolve(a: Parsed, io: Io): Promise<number> {
  const arg = a.positional[0]!;
  if (!watchable(arg, io.cwd))
    throw usage('solve', '--watch needs an exercise file (a path such as ./my-exercise.yaml)');
  let running = Promise.resolve();
  const again = () => {
    running = running.then(async () => {
      // On the raw terminal: the guarded stdout would print the clearing as text.
      if (io.stdout.isTTY) terminalOf(io.stdout).write('\x1b[2J\x1b[H');
      try {
        await solveOnce(a, io);
      } catch (e) {
        io.stdout.write(`${problemsText(e)}\n`);
      }
      io.stdout.write(`\n-- watching ${echoed(arg)} (read at ${clock(new Date())}); Ctrl-C stops --\n`);
    });
  };
  // Until Ctrl-C (the watcher keeps the process alive), or until the folder cannot be watched:
  // then a located error, exit 2. Watching starts first, so a folder that cannot be watched is
  // refused before anything is printed.
  let gone: (e: BackstepError) => void = () => undefined;
  const ended = new Promise<number>((_, reject) => (gone = reject));
  watchFile(arg, io.cwd, again, (e) => void running.then(() => gone(e)));
  again();
  return ended;
}

async function solveOnce(a: Parsed, io: Io): Promise<number> {
  if (a.flags.has('ids')) return listIds(a.positional[0]!, io);
  const { exercise, plan } = withVariant(
    await loadExerciseCached(a.positional[0]!, io.cwd),
    a.options.get('variant'),
  );
  const format = (a.options.get('format') ?? 'text') as Format;
  if (a.flags.has('blank')) {
    if (format === 'json')
      throw usage('solve', '--blank makes a question sheet: use --format markdown, latex or text');
    io.stdout.write(renderHandout({ exercise, plan, asked: askedSteps(exercise, plan) }, format));
    return 0;
  }
  const width = io.stdout.isTTY ? Math.max(60, Math.min(120, io.stdout.columns ?? 80)) : 80;
  if (a.flags.has('all-steps') && totalSteps(plan) > STEP_WINDOW) {
    // Millions of lines onto a terminal: say how much first, and go on only when asked to.
    if (io.stdout.isTTY && !io.stdin.isTTY) {
      // No one to ask (input is piped), and millions of lines onto a terminal help no one.
      const size = estimateBytes(exercise, plan, format, width);
      io.stdout.write(
        `--all-steps would write every one of the ${totalSteps(plan).toLocaleString('en')} steps: about ` +
          `${megabytes(size)} of ${format}. Not written: redirect it to a file (> solution.txt).\n`,
      );
      return 2;
    }
    if (io.stdout.isTTY && io.stdin.isTTY) {
      const size = estimateBytes(exercise, plan, format, width);
      io.stdout.write(
        `--all-steps writes every one of the ${totalSteps(plan).toLocaleString('en')} steps: about ` +
          `${megabytes(size)} of ${format}. Write it here? (y/N, or redirect it to a file) `,
      );
      if (!/^y(es)?$/i.test((await oneLine(io.stdin)).trim())) {
        io.stdout.write('Not written.\n');
        return 0;
      }
    }
    await streamAll(exercise, plan, format, width, io);
    return 0;
  }
  const sol = buildSolution(exercise, plan);
  io.stdout.write(
    format === 'json'
      ? renderJson(sol)
      : format === 'markdown'
        ? renderMarkdown(sol)
        : format === 'latex'
          ? renderLatex(sol)
          : renderText(sol, width),
  );
  return 0;
}

/** The size of the whole output, from the first iteration's rendered size per step. */
function estimateBytes(exercise: Exercise, plan: Plan, format: Format, width: number): number {
  const first = streamSolution(exercise, plan).next();
  if (first.done) return 0;
  const { sections, values } = first.value;
  const steps = sections.reduce((n, sec) => n + sec.steps.length, 0);
  const text =
    format === 'json'
      ? jsonSteps(sections, values)
          .map((x) => JSON.stringify(x))
          .join(',\n')
      : format === 'markdown'
        ? markdownSections(sections, values, exercise, plan)
        : format === 'latex'
          ? latexSections(sections, values, exercise, plan)
          : textSections(sections, values, exercise, plan, width);
  return steps === 0 ? 0 : (Buffer.byteLength(text) / steps) * totalSteps(plan);
}

function megabytes(bytes: number): string {
  return bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(1)} GB`
    : bytes >= 1e6
      ? `${Math.round(bytes / 1e6)} MB`
      : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** One line typed at the terminal (cooked mode: the terminal echoes and edits it). */
function oneLine(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const onData = (chunk: Buffer | string) => {
      got += chunk.toString();
      if (got.includes('\n')) done();
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.off('end', done);
      stdin.pause();
      resolve(got.split('\n')[0] ?? '');
    };
    stdin.on('data', onData);
    stdin.on('end', done);
  });
}

/** Every step of a long run, written one iteration at a time, waiting for the pipe to drain. */
async function streamAll(
  exercise: Exercise,
  plan: Plan,
  format: Format,
  width: number,
  io: Io,
): Promise<void> {
  const write = async (s: string) => {
    const out = io.stdout as { write(s: string): boolean; once?: (e: string, f: () => void) => void };
    if (out.write(s) === false && out.once) await new Promise<void>((resolve) => out.once!('drain', resolve));
    // A write to a closed pipe fails with an 'error' event, which needs a turn of the event loop:
    // without one the run would compute every step for a reader that has gone (`| head`).
    else await new Promise<void>((resolve) => setImmediate(resolve));
  };
  await write(
    format === 'json'
      ? `{\n  "format": "${SOLVE_JSON_FORMAT}",\n  "exercise": ${JSON.stringify(exercise.id)},\n  "precision": ${exercise.working},\n  "steps": [\n`
      : format === 'markdown'
        ? markdownHeader(exercise, plan)
        : format === 'latex'
          ? latexHeader(exercise, plan)
          : textHeader(exercise, plan, width),
  );
  let first = true;
  let last:
    { sections: Parameters<typeof textSections>[0]; values: Parameters<typeof textSections>[1] } | undefined;
  for (const chunk of streamSolution(exercise, plan)) {
    if (format === 'json') {
      const items = jsonSteps(chunk.sections, chunk.values).map((s) => '    ' + JSON.stringify(s));
      if (items.length) await write((first ? '' : ',\n') + items.join(',\n'));
      first = first && items.length === 0;
    } else {
      await write(
        format === 'markdown'
          ? markdownSections(chunk.sections, chunk.values, exercise, plan)
          : format === 'latex'
            ? latexSections(chunk.sections, chunk.values, exercise, plan)
            : textSections(chunk.sections, chunk.values, exercise, plan, width),
      );
    }
    last = chunk;
  }
  if (format === 'json') {
    const final = last ? jsonFinal({ exercise, plan, sections: last.sections, values: last.values }) : {};
    await write(`\n  ],\n  "final": ${JSON.stringify(final, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
  } else if (format === 'latex') {
    await write(LATEX_END);
  }
}
