/**
 * One suggested order for `backstep list` and the menu: the source's order (section numbers),
 * simplest first (fewest quantities in the worked solution), sources by their simplest start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEntries } from '../src/commands/list.js';
import { menuEntries } from '../src/commands/open-exercise.js';
import { openStore } from '../src/store/progress.js';
import { CONTINUE, groupEntries } from '../src/ui/menu.js';
import type { MenuEntry } from '../src/ui/menu.js';
import { sectionRank, suggestedOrder } from '../src/ui/suggested-order.js';
import { ROOT } from './ui-helpers.js';

const e = (id: string, group: string, size: number, section?: string) => ({
  id,
  group,
  steps: 5,
  size,
  ...(section === undefined ? {} : { section }),
});

describe('the suggested order', () => {
  it.each([
    ['4.6 Backpropagation (restated in 5.5)', [4, 6]],
    ['4.2 Representing', [4, 2]],
    ['Part II: XOR', [2]],
    ['Part I: Loss Function; Bias', [1]],
    ['Chapter 12', [12]],
    ['Compound expressions with chain rule', []],
    [undefined, []],
  ])('section %j ranks as %j', (section, rank) => {
    expect(sectionRank(section)).toEqual(rank);
  });

  it('follows the section numbers within a source, then the simplest first, then the id', () => {
    const order = suggestedOrder([
      e('ten', 'book', 5, '10.1'),
      e('unnumbered-big', 'book', 50, 'Exercises'),
      e('two-big', 'book', 90, '2'),
      e('two-small', 'book', 9, '2'),
      e('unnumbered-small', 'book', 3, 'Appendix'),
      e('part-ii', 'book', 1, 'Part II'),
      e('part-i-b', 'book', 7, 'Part I: b'),
      e('part-i-a', 'book', 7, 'Part I: a'),
    ]).map((x) => x.id);
    // Numbers compare as numbers (2 < 10.1, I < II = 2); ties in section go to the smaller
    // solution, then the id; sections without a number come after, simplest first.
    expect(order).toEqual([
      'part-i-a',
      'part-i-b',
      'part-ii',
      'two-small',
      'two-big',
      'ten',
      'unnumbered-small',
      'unnumbered-big',
    ]);
  });

  it('puts the source with the simplest first exercise first, the `last` groups at the end', () => {
    const order = suggestedOrder(
      [
        e('other', 'Other', 1),
        e('b-late', 'b-notes', 2, '9'),
        e('b-first', 'b-notes', 40, '1'),
        e('a-only', 'a-notes', 30),
        e('c-only', 'c-notes', 30),
      ],
      ['Other'],
    ).map((x) => x.id);
    // b-notes starts with its section 1 (40 steps): after a-notes and c-notes (30, by name).
    expect(order).toEqual(['a-only', 'c-only', 'b-first', 'b-late', 'other']);
  });

  it('falls back to the asked steps when the size of the solution is not known', () => {
    const bare = (id: string, steps: number): MenuEntry => ({
      id,
      title: id,
      group: 'g',
      steps,
      status: { kind: 'new' },
    });
    expect(groupEntries([bare('big', 20), bare('small', 3)]).map((x) => x.id)).toEqual(['small', 'big']);
  });

  it('`list` and the menu agree on the bundled exercises', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-order-'));
    try {
      const store = openStore(dir);
      const menu = menuEntries(ROOT, store).filter((m) => m.group !== CONTINUE);
      const list = listEntries(ROOT, store);
      expect(list.map((x) => x.id)).toEqual(menu.map((m) => m.id));
      // The bundled textbook chapter in its own order: 4.2, 4.3, 4.4, then 4.6 (two files, the
      // smaller first).
      const book = list.filter((x) => x.from.startsWith('Textbook chapter')).map((x) => x.id);
      expect(book).toEqual([
        'matrix-forward',
        'perceptron-rule',
        'delta-rule-lunch',
        'two-two-one-network',
        'two-two-one-decay-momentum',
      ]);
      // Every source is listed in one piece.
      const groups = list.map((x) => x.from);
      expect(new Set(groups).size).toBe(groups.filter((g, i) => g !== groups[i - 1]).length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
