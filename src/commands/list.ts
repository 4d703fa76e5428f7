import { allSteps } from '../engine/plan.js';
import { BackstepError } from '../exercise/errors.js';
import { parseArgs } from './args.js';
import { bundledIds, loadExercise } from './catalog.js';
import type { Io } from './io.js';
import { wrapWords } from '../render/wrap.js';
import { describeSource } from '../engine/model.js';

export const LIST_HELP = `backstep list [--json]

The bundled exercises: id, title, source and number of steps.
`;

export interface ListEntry {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly steps: number;
}

export function listEntries(cwd: string): ListEntry[] {
  return bundledIds().map((id) => {
    const { exercise, plan } = loadExercise(id, cwd);
    const total = plan.stepsPerIteration * (plan.iterations + (plan.forwardAfter ? 1 : 0)) > 20000 ? plan.stepsPerIteration * (plan.iterations + 1) : allSteps(plan).length;
    const src = exercise.source ? `${describeSource(exercise.source)}` : '';
    return { id, title: exercise.title, source: src, steps: total };
  });
}

export async function listCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('list', argv, { flags: ['json', 'help'] });
  if (a.flags.has('help')) {
    io.stdout.write(LIST_HELP);
    return 0;
  }
  if (a.positional.length > 0) throw BackstepError.of('usage', `list takes no arguments (got "${a.positional[0]}")`, 'see `backstep list --help`');
  const entries = listEntries(io.cwd);
  if (a.flags.has('json')) {
    io.stdout.write(JSON.stringify({ exercises: entries }, null, 2) + '\n');
    return 0;
  }
  const idW = Math.max(...entries.map((e) => e.id.length), 2);
  const width = io.stdout.isTTY ? Math.max(60, io.stdout.columns ?? 80) : 80;
  const indent = ' '.repeat(idW + 2);
  for (const e of entries) {
    const [first, ...rest] = wrapWords(`${e.title} (${e.steps} steps)`, width - indent.length);
    io.stdout.write(`${e.id.padEnd(idW)}  ${first ?? ''}\n`);
    for (const line of [...rest, ...wrapWords(e.source, width - indent.length)]) io.stdout.write(`${indent}${line}\n`);
  }
  return 0;
}
