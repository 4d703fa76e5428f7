/**
 * Variants: the same exercise with other given values, drawn from the rules under `variants:`.
 * A seed names a variant: the same seed gives the same numbers on any machine (see prng.ts).
 * A draw that makes the exercise degenerate where the original is not (an asked value of zero,
 * an update that changes nothing, an undefined value, a mistake that gives the right answer) is
 * drawn again with the next attempt number, so the redraw is as deterministic as the draw.
 */
import { compile } from '../engine/compile.js';
import type { Exercise } from '../engine/model.js';
import type { Plan } from '../engine/plan.js';
import { BackstepError } from '../exercise/errors.js';
import type { SourceRange } from '../exercise/errors.js';
import type { YamlSource } from '../exercise/yaml-source.js';
import { degeneracies, degeneracyKey } from './degenerate.js';
import type { Degeneracy } from './degenerate.js';
import { drawValue } from './draw.js';
import { streamFrom } from './prng.js';
import { withGivens } from './given-values.js';

export const MAX_DRAWS = 200;
export const MAX_SEED_LENGTH = 64;

export interface Variant {
  readonly seed: string;
  /** 0 for the first draw; n when n earlier draws were degenerate. */
  readonly attempt: number;
  /** The drawn values by given id, in the order of `variants:`. */
  readonly values: ReadonlyMap<string, string>;
  readonly exercise: Exercise;
  readonly plan: Plan;
}

/** The stream's seed text: the exercise id keeps seed 7 of one exercise apart from seed 7 of another. */
export function seedText(exerciseId: string, seed: string, attempt: number): string {
  return `backstep-variant\u0000${exerciseId}\u0000${seed}\u0000${attempt}`;
}

/** The values of one attempt, before any test for degeneracy. */
export function drawValues(exercise: Exercise, seed: string, attempt: number): Map<string, string> {
  const rng = streamFrom(seedText(exercise.id, seed, attempt));
  const values = new Map<string, string>();
  for (const [id, rule] of exercise.variants) values.set(id, drawValue(rule, rng));
  return values;
}

export function checkSeed(seed: string): void {
  if (seed.trim() === '' || seed.length > MAX_SEED_LENGTH || !/^[\x21-\x7e]+$/.test(seed)) {
    throw BackstepError.of('usage', `"${seed.slice(0, MAX_SEED_LENGTH)}" cannot be a variant seed`, `a seed is a word or a number of up to ${MAX_SEED_LENGTH} printable characters, such as 7 or anna`);
  }
}

const baseline = new WeakMap<Exercise, Set<string>>();

export function drawVariant(exercise: Exercise, seed: string, variantsRange?: SourceRange): Variant {
  checkSeed(seed);
  if (exercise.variants.size === 0) {
    throw BackstepError.of('usage', `the exercise "${exercise.id}" declares no \`variants:\`, so it has no variants`, 'add a `variants:` section (see docs/authoring.md), or leave out --variant', ...(variantsRange ? [variantsRange] : []));
  }
  let known = baseline.get(exercise);
  if (!known) {
    known = new Set(degeneracies(exercise, compile(exercise)).map(degeneracyKey));
    baseline.set(exercise, known);
  }
  let last: Degeneracy[] = [];
  for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
    const values = drawValues(exercise, seed, attempt);
    const ex = withGivens(exercise, values);
    const plan = compile(ex);
    last = degeneracies(ex, plan).filter((d) => !known.has(degeneracyKey(d)));
    if (last.length === 0) return { seed, attempt, values, exercise: { ...ex, title: variantTitle(exercise.title, seed) }, plan };
  }
  throw BackstepError.of(
    'bad-value',
    `no usable variant for seed "${seed}" in ${MAX_DRAWS} draws; the last one failed because ${last.slice(0, 3).map((d) => d.message).join('; ')}`,
    'widen the ranges under `variants:`, or vary fewer values',
    ...(variantsRange ? [variantsRange] : []),
  );
}

export function variantTitle(title: string, seed: string): string {
  return `${title} (variant ${seed})`;
}

/** The exercise with the values of variant `seed` (for `practice --variant` and `solve --variant`). */
export function applyVariant(exercise: Exercise, seed: string): Exercise {
  return drawVariant(exercise, seed).exercise;
}

/** A loaded exercise, or its variant `seed` when one is asked for (solve and practice). */
export function withVariant<T extends { readonly exercise: Exercise; readonly plan: Plan; readonly source: YamlSource }>(loaded: T, seed: string | undefined): T {
  if (seed === undefined) return loaded;
  const range = loaded.exercise.variants.size > 0 ? loaded.source.keyRangeAt(['variants']) : undefined;
  const v = drawVariant(loaded.exercise, seed, range);
  return { ...loaded, exercise: v.exercise, plan: v.plan };
}
