/**
 * The menu `backstep` opens with: the bundled exercises grouped by the document they come from,
 * each with the learner's progress. A pure model (state, event) -> state plus its lines, like the
 * walkthrough.
 */
import { clip, plain, seg } from './lines.js';
import type { Line } from './lines.js';
import { textWidth } from './screen.js';
import type { Size } from './screen.js';

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
  readonly steps: number;
  readonly status: MenuStatus;
}

export interface MenuState {
  readonly entries: readonly MenuEntry[];
  readonly selected: number;
}

export type MenuEvent = { readonly type: 'move'; readonly by: number } | { readonly type: 'first' } | { readonly type: 'last' } | { readonly type: 'refresh'; readonly entries: readonly MenuEntry[] };

/**
 * Entries in display order: grouped by source document, the groups in the documents' order
 * (their names), entries in the order given; `last` groups (exercises without a source, ones
 * that failed to load) at the end.
 */
export function groupEntries(entries: readonly MenuEntry[], last: readonly string[] = []): MenuEntry[] {
  const groups = new Map<string, MenuEntry[]>();
  for (const e of entries) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  const rank = (g: string) => (last.includes(g) ? 1 : 0);
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)).flatMap(([, es]) => es);
}

export function menuReduce(s: MenuState, e: MenuEvent): MenuState {
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
    default: {
      const unhandled: never = e;
      return unhandled;
    }
  }
}

export function statusText(st: MenuStatus, steps: number): string {
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

export function menuLines(s: MenuState, size: Size): Line[] {
  const width = textWidth(size.columns);
  const budget = Math.max(6, size.rows - 1);
  const top: Line[] = [plain('backstep: backpropagation by hand, checked exactly', { bold: true }), plain('Choose an exercise to practise.', { dim: true })];
  const selected = s.entries[s.selected];
  const bottom: Line[] = [[], ...(selected ? [plain(`${selected.id}${selected.section ? ` · ${selected.section}` : ''}`, { dim: true })] : []), plain('↑/↓ choose · Enter open · q quit', { dim: true })];

  const rows: Array<{ line: Line; entry?: number }> = [];
  let group: string | undefined;
  const statusW = Math.min(30, Math.max(...s.entries.map((e) => statusText(e.status, e.steps).length), 8));
  s.entries.forEach((e, i) => {
    if (e.group !== group) {
      group = e.group;
      rows.push({ line: [] });
      rows.push({ line: plain(e.group, { bold: true }) });
    }
    const mark = i === s.selected ? '› ' : '  ';
    const status = statusText(e.status, e.steps);
    const titleW = Math.max(10, width - statusW - 6);
    const title = e.title.length > titleW ? `${e.title.slice(0, titleW - 1)}…` : e.title;
    const color = e.status.kind === 'done' ? 'green' : e.status.kind === 'progress' ? 'yellow' : e.status.kind === 'broken' || e.status.kind === 'damaged' ? 'red' : undefined;
    rows.push({
      line: [seg(mark, { bold: true }), seg(title.padEnd(titleW), i === s.selected ? { inverse: true } : {}), seg('  '), seg(status, color ? { color } : { dim: true })],
      entry: i,
    });
  });
  const room = Math.max(1, budget - top.length - bottom.length);
  // A window of rows around the selection.
  const at = Math.max(0, rows.findIndex((r) => r.entry === s.selected));
  let start = Math.max(0, Math.min(at - Math.floor(room / 2), rows.length - room));
  if (start > 0 && rows[start]?.line.length === 0) start++;
  const window = rows.slice(start, start + room).map((r) => r.line);
  return [...top, ...window, ...bottom].slice(0, budget).map((l) => clip(l, width));
}
