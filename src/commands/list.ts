/** `backstep list`: the bundled exercises with their titles, sources and step counts. */
import { totalSteps } from '../engine/plan.js';
import { BackstepError } from '../exercise/errors.js';
import { parseArgs } from './args.js';
import type { OptionTable } from './args.js';
import { loadExercise } from './catalog.js';
import type { Io } from './io.js';
import { wrap } from '../render/wrap.js';
import { describeSource } from '../render/source.js';
import { progressDir } from '../store/data-dir.js';
import { openStore } from '../store/progress.js';
import type { ProgressStore } from '../store/progress.js';
import { menuEntries } from './open-exercise.js';
import { CONTINUE, stepsDone, finishedOnce } from '../ui/menu.js';

export const LIST_HELP = `backstep list [--json]

The bundled exercises: id, title and source, how many quantities the worked solution has
(steps), how many of them practice asks for (asked), and your progress (done of asked).

They are listed in a suggested order, the menu's: the sources with the simplest first
exercise first; within a source, by its section numbers ("4.2" before "4.6"), then the
simplest first (fewest steps).
`;

export interface ListEntry {
  readonly id: string;
  readonly title: string;
  /** The full citation: title (document), section. */
  readonly source: string;
  /** What the source is, in a few words (its title, or its document). */
  readonly from: string;
  readonly steps: number;
  /** The steps practice asks for. */
  readonly asked: number;
  /** Of those, done so far, and whether the exercise was finished (a redo keeps both). */
  readonly done: number;
  readonly finished: boolean;
  /** A redo of the missed steps in progress: how many of them are done. */
  readonly redo?: { readonly done: number; readonly of: number };
}

/** The entries in the suggested order, the menu's (ui/suggested-order.ts). */
export function listEntries(cwd: string, store: ProgressStore): ListEntry[] {
  return menuEntries(cwd, store)
    .filter((m) => m.group !== CONTINUE)
    .map((m) => {
      const { exercise, plan } = loadExercise(m.id, cwd);
      const src = exercise.source ? describeSource(exercise.source) : '';
      const st = m.status;
      return {
        id: m.id,
        title: exercise.title,
        source: src,
        from: exercise.source?.title ?? exercise.source?.document ?? '',
        steps: m.size ?? totalSteps(plan),
        asked: m.steps,
        done: stepsDone(m),
        finished: finishedOnce(m),
        ...(st.kind === 'progress' && st.redo ? { redo: { done: st.done, of: st.total } } : {}),
      };
    });
}

/** The options of `list`, one line each (`--help` and `-h` come with every command). */
const OPTIONS = {
  json: 'flag',
} satisfies OptionTable;

export async function listCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('list', argv, OPTIONS, LIST_HELP);
  if (a.flags.has('help')) {
    io.stdout.write(LIST_HELP);
    return 0;
  }
  if (a.positional.length > 0)
    throw BackstepError.of(
      'usage',
      `list takes no arguments (got "${a.positional[0]}")`,
      'see `backstep list --help`',
    );
  const entries = listEntries(io.cwd, openStore(progressDir(io.env)));
  if (a.flags.has('json')) {
    io.stdout.write(JSON.stringify({ exercises: entries }, null, 2) + '\n');
    return 0;
  }
  // Grouped by source in the suggested order, like the menu; the full citation is in --json and solve.
  const idW = Math.max(...entries.map((e) => e.id.length), 2);
  const count = (n: number) => n.toLocaleString('en');
  const stepsW = Math.max(5, ...entries.map((e) => count(e.steps).length));
  const doneOf = (e: ListEntry) => `${count(e.done)}/${count(e.asked)}`;
  const doneW = Math.max(4, ...entries.map((e) => doneOf(e).length));
  const width = io.stdout.isTTY ? Math.max(60, io.stdout.columns ?? 80) : 80;
  const indent = ' '.repeat(2 + idW + 2 + stepsW + 2 + doneW + 2);
  const groups = new Map<string, ListEntry[]>();
  for (const e of entries) groups.set(e.from, [...(groups.get(e.from) ?? []), e]);
  io.stdout.write(`  ${'id'.padEnd(idW)}  ${'steps'.padStart(stepsW)}  ${'done'.padStart(doneW)}  title\n`);
  for (const [from, es] of groups) {
    io.stdout.write(`\n${from || 'Other'}\n`);
    for (const e of es) {
      const redo = e.redo ? ` (redoing the missed steps: ${count(e.redo.done)} of ${count(e.redo.of)})` : '';
      const [first, ...rest] = wrap(`${e.title}${redo}`, width - indent.length);
      io.stdout.write(
        `  ${e.id.padEnd(idW)}  ${count(e.steps).padStart(stepsW)}  ${doneOf(e).padStart(doneW)}  ${first ?? ''}\n`,
      );
      for (const line of rest) io.stdout.write(`${indent}${line}\n`);
    }
  }
  const done = entries.reduce((n, e) => n + e.done, 0);
  const asked = entries.reduce((n, e) => n + e.asked, 0);
  const finished = entries.filter((e) => e.finished).length;
  io.stdout.write(
    `\nOverall: ${count(done)} of ${count(asked)} asked steps done; ${finished} of ${entries.length} ` +
      `exercise${entries.length === 1 ? '' : 's'} finished.\n`,
  );
  for (const l of wrap(
    'steps: the quantities in the worked solution (`backstep solve`); done: of the steps practice asks ' +
      'for (a long run is practised for its first iterations only).',
    width,
  ))
    io.stdout.write(`${l}\n`);
  return 0;
}
