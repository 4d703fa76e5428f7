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
import { echoed } from '../exercise/terminal-text.js';
import type { SourceRange } from '../exercise/errors.js';
import type { YamlSource } from '../exercise/yaml-source.js';
import { degeneracies, degeneracyKey } from './degenerate.js';
import type { Degeneracy } from './degenerate.js';
import { valueAt } from './draw.js';
import { choices } from '../exercise/variant-grid.js';
import { permute } from './permute.js';
import { streamFrom } from './prng.js';
import { withGivens } from './given-values.js';

/**
 * Variants: the same exercise with other given values, drawn from the rules under `variants:`.
 * A seed names a variant: the same seed gives the same numbers on any machine (see prng.ts).
 * The rules span a finite space of value sets (the product of their sizes), and a variant is a
 * position in a keyed shuffle of that space (permute.ts): seed k (a whole number) takes position
 * k - 1, so seeds 1 .. N draw N distinct sets without replacement whenever the space holds N, and
 * each seed's numbers depend on that seed alone (`solve --variant 7` and a class set agree). A
 * word seed takes a position drawn from its hash.
 * A draw that makes the exercise degenerate where the original is not (an asked value of zero,
 * an update that changes nothing, an undefined value, a mistake that gives the right answer) is
 * drawn again with the next attempt number, so the redraw is as deterministic as the draw.
 */
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

/** How many distinct sets of values the rules under \`variants:\` can give: the product of their sizes. */
export function possibleSets(exercise: Pick<Exercise, 'variants'>): bigint {
  let n = 1n;
  for (const rule of exercise.variants.values()) n *= choices(rule);
  return n;
}

/**
 * The first positions of the shuffle belong to the seeds 1 .. CLASS_POSITIONS (a class set is at
 * most that many, see commands/variants.ts); a redraw after a degenerate draw keeps clear of them
 * when the space is at least twice as large, so it cannot land on another small seed's numbers.
 */
export const CLASS_POSITIONS = 1000n;

/** The position in the shuffle of one attempt of a seed. */
export function drawPosition(
  exercise: Pick<Exercise, 'id' | 'variants'>,
  seed: string,
  attempt: number,
): bigint {
  const n = possibleSets(exercise);
  if (attempt === 0 && /^[1-9]\d*$/.test(seed)) return (BigInt(seed) - 1n) % n;
  const low = attempt > 0 && n >= 2n * CLASS_POSITIONS ? CLASS_POSITIONS : 0n;
  return low + streamFrom(seedText(exercise.id, seed, attempt)).below(n - low);
}

/** The values of one attempt, before any test for degeneracy: the rules' digits of the shuffled position, first rule lowest. */
export function drawValues(
  exercise: Pick<Exercise, 'id' | 'variants'>,
  seed: string,
  attempt: number,
): Map<string, string> {
  let index = permute(drawPosition(exercise, seed, attempt), possibleSets(exercise), exercise.id);
  const values = new Map<string, string>();
  for (const [id, rule] of exercise.variants) {
    const size = choices(rule);
    values.set(id, valueAt(rule, index % size));
    index /= size;
  }
  return values;
}

export function checkSeed(seed: string): void {
  if (seed.trim() === '' || seed.length > MAX_SEED_LENGTH || !/^[\x21-\x7e]+$/.test(seed)) {
    throw BackstepError.of(
      'usage',
      `"${echoed(seed)}" cannot be a variant seed`,
      `a seed is a word or a number of up to ${MAX_SEED_LENGTH} printable characters, such as 7 or anna`,
    );
  }
}

const baseline = new WeakMap<Exercise, Set<string>>();

export function drawVariant(exercise: Exercise, seed: string, variantsRange?: SourceRange): Variant {
  checkSeed(seed);
  if (exercise.variants.size === 0) {
    throw BackstepError.of(
      'usage',
      `the exercise "${exercise.id}" declares no \`variants:\`, so it has no variants`,
      'add a `variants:` section (see docs/authoring.md), or leave out --variant',
      ...(variantsRange ? [variantsRange] : []),
    );
  }
  let last: Degeneracy[] = [];
  for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
    const values = drawValues(exercise, seed, attempt);
    const { ex, plan, refused } = tryValues(exercise, values);
    last = refused;
    if (last.length === 0)
      return { seed, attempt, values, exercise: { ...ex, title: variantTitle(exercise.title, seed) }, plan };
  }
  throw BackstepError.of(
    'bad-value',
    `no usable variant for seed "${seed}" in ${MAX_DRAWS} draws; the last one failed because ${last
      .slice(0, 3)
      .map((d) => d.message)
      .join('; ')}`,
    'widen the ranges under `variants:`, or vary fewer values',
    ...(variantsRange ? [variantsRange] : []),
  );
}

/** The exercise with these values, and what makes it degenerate where the original is not. */
function tryValues(exercise: Exercise, values: ReadonlyMap<string, string>) {
  let known = baseline.get(exercise);
  if (!known) {
    known = new Set(degeneracies(exercise, compile(exercise)).map(degeneracyKey));
    baseline.set(exercise, known);
  }
  const ex = withGivens(exercise, values);
  const plan = compile(ex);
  const refused = degeneracies(ex, plan).filter((d) => !known.has(degeneracyKey(d)));
  return { ex, plan, refused };
}

/** How many draws `check` tries with each listed variant value before calling it never drawn. */
export const UNDRAWN_TRIES = 8;

/**
 * The values listed under `variants:` that every one of UNDRAWN_TRIES draws with them refuses
 * (the other rules drawn as a seed would draw them), with the last reason: a learning rate of 1
 * makes a forgotten rate give the right update whatever the other numbers, so no set with it is
 * ever used. A value drawn once is left alone at once, so a usable list costs a draw a value.
 */
export function undrawnChoices(
  exercise: Exercise,
): Array<{ id: string; index: number; value: string; reason: string }> {
  const out: Array<{ id: string; index: number; value: string; reason: string }> = [];
  for (const [id, rule] of exercise.variants) {
    if (rule.kind !== 'choice') continue;
    rule.values.forEach((value, index) => {
      let reason = '';
      for (let attempt = 0; attempt < UNDRAWN_TRIES; attempt++) {
        const values = drawValues(exercise, `check\u0000${id}\u0000${index}`, attempt);
        values.set(id, value);
        const { refused } = tryValues(exercise, values);
        if (refused.length === 0) return;
        reason = refused[0]!.message;
      }
      out.push({ id, index, value, reason });
    });
  }
  return out;
}

export function variantTitle(title: string, seed: string): string {
  return `${title} (variant ${seed})`;
}

/** The exercise with the values of variant `seed` (for `practice --variant` and `solve --variant`). */
export function applyVariant(exercise: Exercise, seed: string): Exercise {
  return drawVariant(exercise, seed).exercise;
}

/** A loaded exercise, or its variant `seed` when one is asked for (solve and practice). */
export function withVariant<
  T extends { readonly exercise: Exercise; readonly plan: Plan; readonly source: YamlSource },
>(loaded: T, seed: string | undefined): T {
  if (seed === undefined) return loaded;
  const range = loaded.exercise.variants.size > 0 ? loaded.source.keyRangeAt(['variants']) : undefined;
  const v = drawVariant(loaded.exercise, seed, range);
  return { ...loaded, exercise: v.exercise, plan: v.plan };
}
