/**
 * From the composed data to the engine's model: defaults filled in, names resolved, and every
 * problem the format cannot see (a weight to a neuron that does not exist, a cycle in a graph)
 * reported at its place in the file. One builder per section (build-network.ts,
 * build-examples.ts, build-training.ts, build-graph.ts); this file puts the exercise together.
 */
import { DEFAULT_NOTATION } from '../engine/model.js';
import type { Exercise, Notation, StepNote, VariantRule } from '../engine/model.js';
import { decimalAt, DEFAULT_WORKING_PRECISION } from '../engine/numbers.js';
import { graph } from './build-graph.js';
import { layers } from './build-layers.js';
import { network } from './build-network.js';
import { reporter } from './build-report.js';
import type { At } from './build-report.js';
import { trainingValues } from './build-training.js';
import type { Problem } from './errors.js';
import type { ExerciseData } from './schema.js';
import type { YamlSource } from './yaml-source.js';

/**
 * The exercise is built whenever every problem is one of values (`ofValues`: a number out of
 * range, a setting that is ignored): its steps are then those the author meant, so `check` can
 * go on to the checks that name steps. A problem in the structure (a weight into a missing
 * neuron) leaves the exercise unbuilt.
 */
export function normalise(
  d: ExerciseData,
  src: YamlSource,
): { exercise?: Exercise; problems: readonly Problem[]; ofValues: readonly Problem[] } {
  const { at, reported } = reporter(src);
  precisionChecks(d, at);
  const notation = notationOf(d);
  const spec = specOf(d, at);
  const notes = notesOf(d);
  const variants = variantsOf(d, at);
  const { all, ofValues } = reported;
  if (!spec || all.length > ofValues.length) return { problems: all, ofValues };
  const display =
    d.precision?.significant !== undefined
      ? { kind: 'significant' as const, digits: d.precision.significant }
      : { kind: 'decimals' as const, digits: d.precision?.decimals ?? 4 };
  const exercise: Exercise = {
    id: d.id,
    title: d.title,
    ...(d.description !== undefined ? { description: d.description } : {}),
    ...(d.source
      ? {
          source: {
            ...(d.source.title ? { title: d.source.title } : {}),
            document: d.source.document,
            ...(d.source.section ? { section: d.source.section } : {}),
            ...(d.source.url ? { url: d.source.url } : {}),
          },
        }
      : {}),
    display,
    working: d.precision?.working ?? DEFAULT_WORKING_PRECISION,
    notation,
    spec,
    symbols: new Map(Object.entries(d.symbols ?? {})),
    notes,
    ask: d.practice?.ask ?? 'all',
    variants,
  };
  return { exercise, problems: all, ofValues };
}

function precisionChecks(d: ExerciseData, at: At): void {
  // Shown digits must be computed digits: keep 5 of the working precision in reserve.
  const working = d.precision?.working ?? DEFAULT_WORKING_PRECISION;
  for (const key of ['decimals', 'significant'] as const) {
    const digits = d.precision?.[key];
    if (digits !== undefined && digits > working - 5)
      at.value(
        ['precision', key],
        'bad-value',
        `${digits} ${key === 'decimals' ? 'decimals' : 'significant figures'} need more than the ${working} working digits can give`,
        `raise \`working\` to at least ${digits + 5}, or show fewer digits`,
      );
  }
  if (d.precision?.decimals !== undefined && d.precision.significant !== undefined) {
    at.value(
      ['precision', 'significant'],
      'bad-value',
      'give either `decimals` or `significant`, not both',
      'keep the one the source uses',
      true,
    );
  }
}

function notationOf(d: ExerciseData): Notation {
  const given = Object.fromEntries(
    Object.entries(d.notation ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<Notation>;
  return {
    ...DEFAULT_NOTATION,
    ...given,
    cost: given.cost ?? given.error ?? DEFAULT_NOTATION.cost,
  };
}

function specOf(d: ExerciseData, at: At): Exercise['spec'] | undefined {
  let spec: Exercise['spec'] | undefined;
  if ([d.network, d.graph, d.layers].filter(Boolean).length > 1)
    at(
      ['graph'],
      'bad-value',
      'an exercise has one of `network`, `graph` and `layers`',
      'split it into two files',
      true,
    );
  else if (d.network) spec = network(d, at);
  else if (d.graph) spec = graph(d, at);
  else if (d.layers) spec = layers(d, at);
  else {
    // No network to build (a repaired file may have lost it): its training numbers still count.
    if (d.training) trainingValues(d.training, at);
    at(
      [],
      'missing-key',
      'the exercise needs a `network` or a `graph`',
      'run `backstep new` to see both forms',
    );
  }
  return spec;
}

function notesOf(d: ExerciseData): Map<string, StepNote> {
  const notes = new Map<string, StepNote>();
  for (const [id, n] of Object.entries(d.steps ?? {})) {
    notes.set(id, {
      ...(n.printed !== undefined ? { printed: String(n.printed) } : {}),
      ...(n.printed_expression !== undefined ? { printedExpression: n.printed_expression } : {}),
      ...(n.printed_formula !== undefined ? { printedFormula: n.printed_formula } : {}),
      ...(n.where !== undefined ? { where: n.where } : {}),
      ...(n.hint !== undefined ? { hint: n.hint } : {}),
      ...(n.ask !== undefined ? { ask: n.ask } : {}),
      ...(n.erratum !== undefined ? { erratum: n.erratum } : {}),
    });
  }
  return notes;
}

function variantsOf(d: ExerciseData, at: At): Map<string, VariantRule> {
  const variants = new Map<string, VariantRule>();
  for (const [id, v] of Object.entries(d.variants ?? {})) {
    if (Array.isArray(v)) variants.set(id, { kind: 'choice', values: v });
    else {
      if (!new (decimalAt(DEFAULT_WORKING_PRECISION))(v.min).lt(v.max))
        at.value(['variants', id, 'max'], 'bad-value', '`max` must be greater than `min`');
      variants.set(id, { kind: 'range', min: v.min, max: v.max, decimals: v.decimals ?? 2 });
    }
  }
  return variants;
}
