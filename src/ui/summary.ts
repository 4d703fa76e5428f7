/**
 * The end of a walkthrough: per part of the calculation how the steps went (first try, after
 * hints, revealed, follow-through), the time taken, the mistake seen most, and which steps are
 * worth another go.
 */
import type { PassScore } from '../store/record.js';
import { phaseTitle } from './practice-plan.js';
import { missedIds, points, scoreOf, stepOf } from './session-record.js';
import type { SessionState } from './session.js';

export interface SummaryRow {
  readonly title: string;
  readonly score: PassScore;
  /** Of score.afterHints: the steps that had a hint or the interval (the rest only retries). */
  readonly hinted: number;
}

/** One kind of mistake on one step, and how often it was made there. */
export interface MistakeCount {
  readonly code: string;
  readonly step: string;
  readonly message: string;
  readonly count: number;
}

export interface SessionSummary {
  readonly rows: readonly SummaryRow[];
  readonly total: PassScore;
  readonly activeMs: number;
  readonly topMistake?: MistakeCount;
  /** By kind and step, the most frequent first (on a tie, the one seen first). */
  readonly mistakes: readonly MistakeCount[];
  readonly hinted: number;
  readonly missed: readonly string[];
  readonly round: number;
  readonly firstPass?: PassScore;
}

export function summarise(s: SessionState): SessionSummary {
  const { record, practice } = s;
  const rows: Array<{ title: string; ids: string[] }> = [];
  for (const id of record.queue) {
    const step = practice.byId.get(id);
    if (!step) continue;
    const title = phaseTitle(step, practice.plan);
    const last = rows[rows.length - 1];
    if (last && last.title === title) last.ids.push(id);
    else rows.push({ title, ids: [id] });
  }
  // A code names a kind of mistake; its message names the step's own quantities, so the same
  // code on two steps is two mistakes.
  const counts = new Map<string, MistakeCount & { order: number }>();
  for (const id of record.queue) {
    for (const m of stepOf(record, id).mistakes) {
      const key = `${m.code}\u0000${id}`;
      const c = counts.get(key);
      counts.set(key, {
        code: m.code,
        step: practice.byId.get(id)?.symbol ?? id,
        message: m.message,
        count: (c?.count ?? 0) + 1,
        order: c?.order ?? counts.size,
      });
    }
  }
  const mistakes = [...counts.values()]
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .map(({ order: _order, ...m }) => m);
  const hinted = (ids: readonly string[]) =>
    ids.filter(
      (id) =>
        stepOf(record, id).outcome === 'after-hints' &&
        (stepOf(record, id).hints > 0 || stepOf(record, id).interval === true),
    ).length;
  return {
    rows: rows.map((r) => ({ title: r.title, score: scoreOf(record, r.ids), hinted: hinted(r.ids) })),
    total: scoreOf(record),
    hinted: hinted(record.queue),
    activeMs: record.activeMs,
    mistakes,
    ...(mistakes[0] ? { topMistake: mistakes[0] } : {}),
    missed: missedIds(record),
    round: record.round,
    ...(record.round > 1 && record.firstPass ? { firstPass: record.firstPass } : {}),
  };
}

/** "12 min 5 s", "48 s", "1 h 3 min". */
export function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function scoreText(p: PassScore): string {
  return `${points(p)} of ${p.total}`;
}

/**
 * The summary as plain lines (the terminal view colours the same lines), with at most `most`
 * of the diagnosed mistakes (a short terminal shows fewer: screen-pages.ts).
 */
export function summaryLines(sum: SessionSummary, width = 78, most = 3): string[] {
  const out: string[] = [];
  out.push(
    sum.round > 1
      ? `Redo finished: ${scoreText(sum.total)} right without help.`
      : `Finished: ${scoreText(sum.total)} steps right without help (first try or with your own values).`,
  );
  if (sum.firstPass) out.push(`First pass: ${scoreText(sum.firstPass)}.`);
  // Right first try; right with the learner's own earlier values; right after wrong tries only;
  // right after a hint or the interval; revealed. Each step counts in exactly one column.
  const cols = ['first try', 'own values', 'retried', 'hinted', 'revealed'];
  const counts = (p: PassScore, hinted: number) => [
    p.firstTry,
    p.followThrough,
    p.afterHints - hinted,
    hinted,
    p.revealed,
  ];
  const titleW = Math.max(4, Math.min(24, width - 50, Math.max(...sum.rows.map((r) => r.title.length))));
  const longest = Math.max(3, ...sum.rows.map((r) => r.title.length));
  if (titleW < Math.min(longest, 20)) {
    // Too narrow for the table with its row titles whole ("Forward p…" at 60 columns; on a wide
    // terminal only a title over 20 characters is cut): a line per part, same words.
    const line = (title: string, p: PassScore, hinted: number) =>
      `${title}: ${counts(p, hinted)
        .map((n, i) => (n > 0 ? `${n} ${cols[i]!}` : ''))
        .filter(Boolean)
        .join(', ')}`;
    for (const r of sum.rows) out.push(line(r.title, r.score, r.hinted));
    if (sum.rows.length > 1) out.push(line('All', sum.total, sum.hinted));
  } else {
    out.push(`${''.padEnd(titleW)}  ${cols.join('  ')}`);
    const cell = (n: number, w: number) =>
      String(n)
        .padStart(Math.ceil(w / 2))
        .padEnd(w);
    const row = (title: string, p: PassScore, hinted: number) => {
      const name = title.length > titleW ? `${title.slice(0, titleW - 1)}…` : title;
      const cells = counts(p, hinted).map((n, k) => cell(n, cols[k]!.length));
      return `${name.padEnd(titleW)}  ${cells.join('  ')}`.trimEnd();
    };
    for (const r of sum.rows) out.push(row(r.title, r.score, r.hinted));
    if (sum.rows.length > 1) out.push(row('All', sum.total, sum.hinted));
  }
  out.push('', `Time: ${durationText(sum.activeMs)}.`);
  const n = sum.mistakes.length;
  if (n === 0) out.push('No mistake diagnosed.');
  else if (most <= 0) out.push(`Mistakes diagnosed: ${n} (kind and step on a taller terminal).`);
  else {
    out.push(
      `Mistakes diagnosed, by kind and step${n > most ? ` (the ${most > 1 ? `${most} most frequent` : 'most frequent'} of ${n})` : ''}:`,
    );
    for (const m of sum.mistakes.slice(0, most))
      out.push(`${m.step}${m.count > 1 ? ` (×${m.count})` : ''}: ${m.message}`);
  }
  return out;
}
