import { renderJson } from '../render/json.js';
import { renderLatex } from '../render/latex.js';
import { renderMarkdown } from '../render/markdown.js';
import { buildSolution } from '../render/solution.js';
import { renderText } from '../render/text.js';
import { allSteps } from '../engine/plan.js';
import { parseArgs } from './args.js';
import { loadExercise } from './catalog.js';
import type { Io } from './io.js';

export const SOLVE_HELP = `backstep solve <id|file> [--format text|markdown|json|latex] [--all-steps] [--ids]

The whole worked solution of an exercise: every value a person writes down, phase by phase,
with the formula in symbols, the numbers substituted, and the value.

  --format     text (default), markdown (handouts), json (one document, full precision), latex
  --all-steps  show every step of every iteration of a long run (default: first iteration, then a summary)
  --ids        list the step ids of the exercise (for writing exercise files) and stop
`;

export async function solveCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('solve', argv, { flags: ['all-steps', 'ids', 'help', 'blank'], options: { format: ['text', 'markdown', 'json', 'latex'], variant: 'any' } });
  if (a.flags.has('help')) {
    io.stdout.write(SOLVE_HELP);
    return 0;
  }
  if (a.positional.length !== 1) {
    io.stderr.write(`error: solve takes one exercise (an id from \`backstep list\`, or a file)\n\n${SOLVE_HELP}`);
    return 2;
  }
  const { exercise, plan } = loadExercise(a.positional[0]!, io.cwd);
  if (a.flags.has('ids')) {
    const steps = plan.stepsPerIteration * (plan.iterations + 1) > 20000 ? plan.iteration(1) : allSteps(plan);
    for (const g of plan.givens) io.stdout.write(`${g.id}\tgiven\t${g.describe}\n`);
    for (const s of steps) io.stdout.write(`${s.id}\t${s.phase}\t${s.describe}\n`);
    return 0;
  }
  const sol = buildSolution(exercise, plan, { allSteps: a.flags.has('all-steps') });
  const format = a.options.get('format') ?? 'text';
  const width = Math.max(60, Math.min(120, io.stdout.columns ?? 80));
  const text = format === 'json' ? renderJson(sol) : format === 'markdown' ? renderMarkdown(sol) : format === 'latex' ? renderLatex(sol) : renderText(sol, io.stdout.isTTY ? width : 80);
  io.stdout.write(text);
  return 0;
}
