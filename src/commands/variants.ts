/** `backstep variants`: a set of seeded variants of an exercise, with or without answers. */
import { basename } from 'node:path';
import { askedSteps } from '../authoring/asked.js';
import { shownSteps } from '../render/solution.js';
import { checkSeed, drawVariant, possibleSets } from '../authoring/variants.js';
import type { Variant } from '../authoring/variants.js';
import { evaluatePlan } from '../engine/evaluate-plan.js';
import { markdownText } from '../exercise/html-text.js';
import { shellWord } from '../exercise/shell-word.js';
import { valueKey } from '../exercise/decimal-text.js';
import { distinctChoices } from '../exercise/variant-grid.js';
import type { VariantRule } from '../engine/model.js';
import { fullValue, showValue } from '../render/format-number.js';
import { precisionWords } from '../render/format-number.js';
import { parseArgs, usage } from './args.js';
import type { OptionTable } from './args.js';
import { loadExerciseCached } from './exercise-cache.js';
import type { Io } from './io.js';

export const VARIANTS_HELP = `backstep variants <file|id> [--count 30] [--start 1 | --seeds a,b,c] [--format markdown|json] [--no-answers]

A set of variants of an exercise for a class, from its \`variants:\` section: each variant has a
seed, the given values it draws, and the answers to the asked steps. The same seed gives the same
numbers on any machine; a learner practises seed 7 with \`backstep practice <file> --variant 7\`,
and \`backstep solve <file> --variant 7 --blank\` prints its question sheet.

  --count N       how many variants (default 30), with seeds start, start+1, ...
  --start N       the first seed (default 1)
  --seeds a,b,c   these seeds instead
  --format        markdown (default) or json
  --no-answers    leave out the answers (a sheet to hand out)
`;

const MAX_COUNT = 1000;

/** The options of `variants`, one line each (`--help` and `-h` come with every command). */
const OPTIONS = {
  count: 'int',
  start: 'int',
  seeds: 'any',
  format: ['markdown', 'json'],
  'no-answers': 'flag',
} satisfies OptionTable;

export async function variantsCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('variants', argv, OPTIONS, VARIANTS_HELP);
  if (a.flags.has('help')) {
    io.stdout.write(VARIANTS_HELP);
    return 0;
  }
  if (a.positional.length !== 1) throw usage('variants', 'variants takes one exercise file (or bundled id)');
  if (a.options.has('seeds') && (a.options.has('count') || a.options.has('start')))
    throw usage('variants', 'give either --seeds or --count/--start');
  const seeds = seedList(a.options);
  const { exercise, source, resolved } = await loadExerciseCached(a.positional[0]!, io.cwd);
  const variantsRange = source.keyRangeAt(['variants']);
  const variants = seeds.map((seed) => drawVariant(exercise, seed, variantsRange));
  const possible = possibleSets(exercise);
  // Compared as numbers: a set with x = 0.5 and one with x = 0.50 are the same set.
  const distinct = new Set(variants.map((v) => [...v.values.values()].map(valueKey).join(' '))).size;
  const repeats = repeatNote(variants.length, distinct, possible, collapsedLists(exercise.variants));
  if (repeats) io.stderr.write(`backstep variants: ${repeats}\n`);
  const answers = !a.flags.has('no-answers');
  const rows = variants.map((v) => ({ variant: v, answers: answers ? answersOf(v) : [] }));
  if ((a.options.get('format') ?? 'markdown') === 'json') {
    io.stdout.write(
      JSON.stringify(
        {
          exercise: exercise.id,
          file: resolved.display,
          display: exercise.display,
          distinct,
          possible: possible.toString(),
          variants: rows.map(({ variant: v, answers: ans }) => ({
            seed: v.seed,
            redraws: v.attempt,
            values: Object.fromEntries(v.values),
            ...(answers
              ? {
                  answers: Object.fromEntries(ans.map((x) => [x.id, x.shown])),
                  exact: Object.fromEntries(ans.map((x) => [x.id, x.exact])),
                }
              : {}),
          })),
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  // The commands it names work from any folder: the file's absolute path, a bundled id as is.
  io.stdout.write(
    markdown(
      exercise.title,
      resolved.bundled ? basename(resolved.path).replace(/\.yaml$/, '') : shellWord(resolved.path),
      precisionWords(exercise.display),
      [...exercise.variants.keys()],
      rows,
      repeats,
    ),
  );
  return 0;
}

/**
 * Why a set holds fewer distinct number sets than variants, in words (undefined when all differ):
 * the ranges allow too few sets, or degenerate draws were redrawn onto another seed's numbers.
 */
export function repeatNote(
  count: number,
  distinct: number,
  possible: bigint,
  collapsed: readonly string[] = [],
): string | undefined {
  if (distinct === count) return undefined;
  const head = `only ${distinct} of these ${count} variants have distinct numbers`;
  const equal = collapsed.length ? ` (equal numbers in a list are one value: ${collapsed.join(', ')})` : '';
  if (possible < BigInt(count))
    return (
      `${head}: the ranges under \`variants:\` allow ${possible} distinct ` +
      `set${possible === 1n ? '' : 's'} in all${equal}, so seeds ${possible + 1n} and above repeat earlier ` +
      `ones; widen the ranges or vary more values`
    );
  return (
    `${head}: some draws were degenerate and their redraws met another seed's numbers (the ranges ` +
    `allow ${possible} sets); widen the ranges for more usable sets`
  );
}

/** The lists under `variants:` that name a number twice (0.5 and 0.50), in words: "x_A lists 4 values, 1 distinct". */
function collapsedLists(rules: ReadonlyMap<string, VariantRule>): string[] {
  return [...rules]
    .filter(([, r]) => r.kind === 'choice' && distinctChoices(r.values).length < r.values.length)
    .map(([id, r]) => {
      const values = r.kind === 'choice' ? r.values : [];
      return `${id} lists ${values.length} values, ${distinctChoices(values).length} distinct`;
    });
}

function seedList(options: ReadonlyMap<string, string>): string[] {
  const list = options.get('seeds');
  if (list !== undefined) {
    const seeds = list.split(',').map((s) => s.trim());
    for (const s of seeds) checkSeed(s);
    if (new Set(seeds).size !== seeds.length) throw usage('variants', '--seeds lists a seed twice');
    if (seeds.length > MAX_COUNT) throw usage('variants', `at most ${MAX_COUNT} variants at once`);
    return seeds;
  }
  const count = Number.parseInt(options.get('count') ?? '30', 10);
  const start = Number.parseInt(options.get('start') ?? '1', 10);
  if (count < 1 || count > MAX_COUNT) throw usage('variants', `--count is 1 to ${MAX_COUNT}`);
  return Array.from({ length: count }, (_, i) => String(start + i));
}

interface Answer {
  readonly id: string;
  readonly shown: string;
  readonly exact: string;
}

function answersOf(v: Variant): Answer[] {
  const values = evaluatePlan(v.plan, { precision: v.exercise.working, steps: shownSteps(v.plan) });
  return askedSteps(v.exercise, v.plan).map((s) => {
    const x = values.get(s.id)!;
    return { id: s.id, shown: showValue(x, v.exercise.display), exact: fullValue(x) };
  });
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

function markdown(
  title: string,
  file: string,
  precision: string,
  ids: readonly string[],
  rows: ReadonlyArray<{ variant: Variant; answers: Answer[] }>,
  repeats: string | undefined,
): string {
  const out = [
    `# ${markdownText(title)}: ${rows.length} variant${rows.length === 1 ? '' : 's'}`,
    '',
    ...(repeats ? [`Note: ${repeats}.`, ''] : []),
    `Each variant is named by its seed. Practise one with \`backstep practice ${file} --variant <seed>\`;`,
    `\`backstep solve ${file} --variant <seed> --format markdown --blank\` prints its question sheet, and without \`--blank\` its worked solution.`,
    '',
    '## Given values',
    '',
    `| seed | ${ids.map((id) => `\`${cell(id)}\``).join(' | ')} |`,
    `|---:|${ids.map(() => '---:').join('|')}|`,
    ...rows.map(
      ({ variant: v }) =>
        `| ${markdownText(v.seed)} | ${ids.map((id) => v.values.get(id) ?? '').join(' | ')} |`,
    ),
  ];
  if (rows.some((r) => r.answers.length > 0)) {
    out.push('', `## Answers (to ${precision})`);
    for (const { variant: v, answers } of rows) {
      out.push(
        '',
        `### Seed ${markdownText(v.seed)}`,
        '',
        '| step | answer |',
        '|---|---:|',
        ...answers.map((x) => `| \`${cell(x.id)}\` | ${x.shown} |`),
      );
    }
  }
  return out.join('\n') + '\n';
}
