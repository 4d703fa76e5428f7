/**
 * The menu `backstep` opens with: the bundled exercises grouped by the document they come from,
 * each with the learner's progress. A pure model (state, event) -> state plus its lines, like the
 * walkthrough.
 */
import { clip, plain, seg, wrap } from './lines.js';
import type { Line } from './lines.js';
import { textWidth } from './screen.js';
import type { Size } from './screen.js';
import { suggestedOrder } from './suggested-order.js';

export type MenuStatus =
  | { readonly kind: 'new' }
  | { readonly kind: 'progress'; readonly done: number; readonly total: number; readonly redo: boolean }
  | { readonly kind: 'done'; readonly right: number; readonly total: number }
  | { readonly kind: 'changed' }
  | { readonly kind: 'damaged'; readonly message: string }
  | { readonly kind: 'broken'; readonly message: string };

export interface MenuEntry {
  readonly id: string;
  readonly title: string;
  /** The source document, by which entries are grouped. */
  readonly group: string;
  readonly section?: string;
  /** The steps practice asks for (not every quantity of the worked solution). */
  readonly steps: number;
  /** The quantities of the worked solution, by which the suggested order puts the simplest first. */
  readonly size?: number;
  readonly status: MenuStatus;
  /** When the saved progress was last written. */
  readonly updatedAt?: string;
}

export const CONTINUE = 'Continue where you left off';

/**
 * Of an exercise's asked steps, how many are done: a redo of the missed steps comes after a
 * finished first pass, so all of them are (the redo's own count is in its status).
 */
export function stepsDone(e: MenuEntry): number {
  const st = e.status;
  if (st.kind === 'done' || (st.kind === 'progress' && st.redo)) return e.steps;
  return st.kind === 'progress' ? st.done : 0;
}

/** Whether the exercise was worked through to the end once (a redo keeps that result). */
export function finishedOnce(e: MenuEntry): boolean {
  return e.status.kind === 'done' || (e.status.kind === 'progress' && e.status.redo);
}

/** Done and total steps over all entries, and exercises finished (the copy under CONTINUE not counted twice). */
export function overall(entries: readonly MenuEntry[]): {
  done: number;
  steps: number;
  finished: number;
  exercises: number;
} {
  const own = entries.filter((e) => e.group !== CONTINUE);
  return {
    done: own.reduce((n, e) => n + stepsDone(e), 0),
    steps: own.reduce((n, e) => n + e.steps, 0),
    finished: own.filter(finishedOnce).length,
    exercises: own.length,
  };
}

export interface MenuState {
  readonly entries: readonly MenuEntry[];
  readonly selected: number;
  /** The exercise chosen with Enter, for the terminal loop to open (as a session's `exit`). */
  readonly chosen?: string;
  /** Why the chosen exercise could not be opened, shown under the list. */
  readonly error?: string;
  readonly exit?: 'quit' | 'interrupt';
}

export type MenuEvent =
  | { readonly type: 'move'; readonly by: number }
  | { readonly type: 'first' }
  | { readonly type: 'last' }
  | { readonly type: 'refresh'; readonly entries: readonly MenuEntry[] }
  | { readonly type: 'choose' }
  | { readonly type: 'failed'; readonly error: string }
  | { readonly type: 'leave'; readonly interrupted: boolean };

export function menuState(entries: readonly MenuEntry[], selectedId?: string): MenuState {
  return {
    entries,
    selected: Math.max(
      0,
      entries.findIndex((e) => e.id === selectedId),
    ),
  };
}

/**
 * Entries in display order: the suggested order (suggested-order.ts, shared with `backstep
 * list`), `last` groups (exercises without a source, ones that failed to load) at the end.
 */
export function groupEntries(entries: readonly MenuEntry[], last: readonly string[] = []): MenuEntry[] {
  const grouped = suggestedOrder(entries, last);
  // First, the exercise worked on last and not finished.
  const recent = grouped
    .filter((e) => e.status.kind === 'progress' && e.updatedAt)
    .sort((a, b) => (b.updatedAt! < a.updatedAt! ? -1 : b.updatedAt! > a.updatedAt! ? 1 : 0))[0];
  return recent ? [{ ...recent, group: CONTINUE }, ...grouped] : grouped;
}

export function menuReduce(state: MenuState, e: MenuEvent): MenuState {
  // A move or a choice clears the last error and choice.
  const { chosen: _c, error: _e, ...s } = state;
  const n = s.entries.length;
  switch (e.type) {
    case 'move':
      return n === 0 ? s : { ...s, selected: Math.max(0, Math.min(n - 1, s.selected + e.by)) };
    case 'first':
      return { ...s, selected: 0 };
    case 'last':
      return { ...s, selected: Math.max(0, n - 1) };
    case 'refresh':
      return { entries: e.entries, selected: Math.min(s.selected, Math.max(0, e.entries.length - 1)) };
    case 'choose': {
      const entry = s.entries[s.selected];
      return entry ? { ...s, chosen: entry.id } : s;
    }
    case 'failed':
      return { ...s, error: e.error };
    case 'leave':
      return { ...s, exit: e.interrupted ? 'interrupt' : 'quit' };
    default: {
      const unhandled: never = e;
      return unhandled;
    }
  }
}

export function statusText(st: MenuStatus, steps: number, short = false): string {
  if (short) {
    if (st.kind === 'new') return `0/${steps}`;
    if (st.kind === 'progress') return `${st.redo ? 'redo ' : ''}${st.done}/${st.total}`;
    // "right" said: a bare 4/13 reads as steps done, where `list` and the header say 13/13.
    if (st.kind === 'done') return `done, ${st.right}/${st.total} right`;
  }
  switch (st.kind) {
    case 'new':
      return `not started, ${steps} step${steps === 1 ? '' : 's'}`;
    case 'progress':
      return `${st.redo ? 'redoing' : 'in progress'}: ${st.done} of ${st.total}`;
    case 'done':
      return `done: ${st.right} of ${st.total} right`;
    case 'changed':
      return 'changed since you saved';
    case 'damaged':
      return 'saved progress unreadable';
    case 'broken':
      return 'cannot be loaded';
  }
}

/** The widest the menu's rows grow on a wide terminal. */
const MENU_WIDTH = 120;

export function menuLines(s: MenuState, size: Size): Line[] {
  const width = textWidth(size.columns);
  // Prose wraps at the reading width; the rows of the table may use a wide terminal, so that a
  // title is not cut at 52 characters on 120 columns.
  const rowWidth = Math.max(width, Math.min(MENU_WIDTH, size.columns));
  const budget = Math.max(6, size.rows - 1);
  const all = overall(s.entries);
  const top: Line[] = [
    plain('backstep: backpropagation by hand, checked exactly', { bold: true }),
    ...wrap(
      `Choose an exercise to practise. Done so far: ${all.done} of ${all.steps} steps (the values practice ` +
        `asks for), ${all.finished} of ${all.exercises} exercises finished.`,
      width,
      '',
    ).map((t) => plain(t, { dim: true })),
  ];
  const selected = s.entries[s.selected];
  const bottom: Line[] = [
    [],
    ...(s.error ? wrap(s.error, width, '  ').map((t) => plain(t, { color: 'red' })) : []),
    ...(selected
      ? [plain(`${selected.id}${selected.section ? ` · ${selected.section}` : ''}`, { dim: true })]
      : []),
    plain('↑/↓ choose · Enter open · q quit', { dim: true }),
  ];

  const rows: Array<{ line: Line; entry?: number }> = [];
  let group: string | undefined;
  // Narrow: short statuses, and ids for titles that would be cut to the same text.
  const short = rowWidth < 64;
  const statusW = Math.min(
    30,
    Math.max(...s.entries.map((e) => statusText(e.status, e.steps, short).length), 8),
  );
  const titleW = Math.max(10, rowWidth - statusW - 6);
  const cut = (t: string) => (t.length > titleW ? `${t.slice(0, titleW - 1)}…` : t);
  const seen = new Map<string, number>();
  for (const e of s.entries)
    seen.set(cut(e.title), (seen.get(cut(e.title)) ?? 0) + (e.group === CONTINUE ? 0 : 1));
  const titleOf = (e: MenuEntry) =>
    e.title.length > titleW && (seen.get(cut(e.title)) ?? 0) > 1 ? cut(e.id) : cut(e.title);
  s.entries.forEach((e, i) => {
    if (e.group !== group) {
      group = e.group;
      rows.push({ line: [] });
      rows.push({ line: plain(e.group, { bold: true }) });
    }
    const mark = i === s.selected ? '› ' : '  ';
    const status = statusText(e.status, e.steps, short);
    const title = titleOf(e);
    const color =
      e.status.kind === 'done'
        ? 'green'
        : e.status.kind === 'progress'
          ? 'yellow'
          : e.status.kind === 'broken' || e.status.kind === 'damaged'
            ? 'red'
            : undefined;
    rows.push({
      line: [
        seg(mark, { bold: true }),
        seg(title.padEnd(titleW), i === s.selected ? { inverse: true } : {}),
        seg('  '),
        seg(status, color ? { color } : { dim: true }),
      ],
      entry: i,
    });
  });
  const room = Math.max(1, budget - top.length - bottom.length);
  // A window of rows around the selection.
  const at = Math.max(
    0,
    rows.findIndex((r) => r.entry === s.selected),
  );
  let start = Math.max(0, Math.min(at - Math.floor(room / 2), rows.length - room));
  if (start > 0 && rows[start]?.line.length === 0) start++;
  const window = rows.slice(start, start + room).map((r) => r.line);
  return [...top, ...window, ...bottom].slice(0, budget).map((l) => clip(l, rowWidth));
}
