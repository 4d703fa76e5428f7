/**
 * The suggested order of the bundled exercises, shared by `backstep list` and the menu so the
 * two never disagree: the source's order, simplest first.
 *
 * - Within one source: by the number its section starts with ("4.2" before "4.6", "Part I"
 *   before "Part II", sections without a number after those with one), the way the book or
 *   notes lead through them; then the simplest first, measured by the quantities of the worked
 *   solution (a long training run is not simple just because practice asks only its first
 *   steps); then by id.
 * - The sources: the one whose first exercise is simplest first, so a newcomer starts small;
 *   then by name. Groups named in `last` (no source, could not be loaded) come at the end.
 */
export interface Orderable {
  readonly id: string;
  /** The source document, by which entries are grouped. */
  readonly group: string;
  readonly section?: string;
  /** The quantities of the worked solution; the asked steps when it is not known. */
  readonly size?: number;
  readonly steps: number;
}

const ROMAN: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

function romanValue(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i]!]!;
    const next = ROMAN[s[i + 1] ?? ''] ?? 0;
    n += v < next ? -v : v;
  }
  return n;
}

/**
 * The position a section label gives, as numbers to compare in turn ("4.6 Backpropagation" ->
 * [4, 6], "Part II: XOR" -> [2]); an empty list when the section starts with no number.
 */
export function sectionRank(section: string | undefined): number[] {
  const m = /^\s*(?:(?:part|chapter|section|§)\s*)?(?:(\d+(?:\.\d+)*)|([IVXLC]+)\b)/i.exec(section ?? '');
  if (!m) return [];
  if (m[1]) return m[1].split('.').map((d) => Number.parseInt(d, 10));
  return [romanValue(m[2]!.toUpperCase())];
}

/** Numbered sections in their order ("4" before "4.2"); sections with no number after them. */
function compareRanks(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return (a.length === 0 ? 1 : 0) - (b.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

const sizeOf = (e: Orderable) => e.size ?? e.steps;
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The entries in the suggested order (see the file comment); a new array. */
export function suggestedOrder<T extends Orderable>(
  entries: readonly T[],
  last: readonly string[] = [],
): T[] {
  const groups = new Map<string, T[]>();
  for (const e of entries) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  const inSource = (a: T, b: T) =>
    compareRanks(sectionRank(a.section), sectionRank(b.section)) ||
    sizeOf(a) - sizeOf(b) ||
    byName(a.id, b.id);
  const sorted = [...groups].map(([name, es]) => ({ name, es: [...es].sort(inSource) }));
  const rank = (g: string) => (last.includes(g) ? 1 : 0);
  sorted.sort(
    (a, b) => rank(a.name) - rank(b.name) || sizeOf(a.es[0]!) - sizeOf(b.es[0]!) || byName(a.name, b.name),
  );
  return sorted.flatMap((g) => g.es);
}
