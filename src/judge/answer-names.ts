/**
 * The names a learner may use in an answer up to iteration k: given ids, step ids (dE/dy_F,
 * w5@2) and the exercise's own symbols. Ids with characters that are not part of a name ('/',
 * '@', '[') are swapped for placeholder names of the same length before parsing, so `dE/dz_F`
 * reads as one quantity rather than a division, and error positions stay where they were.
 */
import { passes } from '../engine/plan.js';
import type { Solved } from '../engine/solved.js';

export interface NameTable {
  /** Name as typed -> step or given id. */
  readonly ids: ReadonlyMap<string, string>;
  /** Ids that need a placeholder, longest first, with their placeholders. */
  readonly special: ReadonlyArray<{ readonly name: string; readonly placeholder: string }>;
  readonly fromPlaceholder: ReadonlyMap<string, string>;
}

const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_]*'?$/u;
// Placeholders: underscores and one CJK ideograph, a letter no exercise name uses.
const PLACEHOLDER_BASE = 0x4e00;
/** The names of iteration k, built once per solved exercise. */
export function nameTable(solved: Solved, iteration: number): NameTable {
  return solved.derived(`names@${iteration}`, () => build(solved, iteration));
}

function build({ exercise, plan, index: ix }: Solved, iteration: number): NameTable {
  const ids = new Map<string, string>();
  for (const g of plan.givens) ids.set(g.id, g.id);
  const last = Math.max(1, Math.min(iteration + 1, passes(plan)));
  for (let k = 1; k <= last; k++) for (const s of ix.steps(k)) ids.set(s.id, s.id);
  for (const [name, id] of exercise.symbols) ids.set(name, id);
  const special = [...ids.keys()]
    .filter((n) => !PLAIN_NAME.test(n))
    .sort((a, b) => b.length - a.length)
    .map((name, i) => ({
      name,
      placeholder: '_'.repeat(Math.max(0, name.length - 1)) + String.fromCharCode(PLACEHOLDER_BASE + i),
    }));
  return { ids, special, fromPlaceholder: new Map(special.map((s) => [s.placeholder, s.name])) };
}

const NAME_CHAR = /[\p{L}\p{N}_.']/u;

/** The text with every special name replaced by its placeholder (same length). */
export function substitutePlaceholders(text: string, table: NameTable): string {
  if (table.special.length === 0) return text;
  let out = '';
  let i = 0;
  outer: while (i < text.length) {
    const before = i > 0 ? text[i - 1]! : '';
    if (!NAME_CHAR.test(before)) {
      for (const { name, placeholder } of table.special) {
        if (text.startsWith(name, i) && !NAME_CHAR.test(text[i + name.length] ?? '')) {
          out += placeholder;
          i += name.length;
          continue outer;
        }
      }
    }
    out += text[i];
    i++;
  }
  return out;
}
