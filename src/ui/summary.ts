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
}

export interface Summary {
  readonly rows: readonly SummaryRow[];
  readonly total: PassScore;
  readonly activeMs: number;
  readonly topMistake?: { readonly code: string; readonly message: string; readonly count: number };
  readonly missed: readonly string[];
  readonly round: number;
  readonly firstPass?: PassScore;
}

export function summarise(s: SessionState): Summary {
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
  const counts = new Map<string, { message: string; count: number; order: number }>();
  let order = 0;
  for (const id of record.queue) {
    for (const m of stepOf(record, id).mistakes) {
      const c = counts.get(m.code);
      counts.set(m.code, { message: m.message, count: (c?.count ?? 0) + 1, order: c?.order ?? order++ });
    }
  }
  // The most frequent; on a tie, the one seen first.
  const top = [...counts.entries()].sort((a, b) => b[1].count - a[1].count || a[1].order - b[1].order)[0];
  return {
    rows: rows.map((r) => ({ title: r.title, score: scoreOf(record, r.ids) })),
    total: scoreOf(record),
    activeMs: record.activeMs,
    ...(top ? { topMistake: { code: top[0], message: top[1].message, count: top[1].count } } : {}),
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

/** The summary as plain lines (the Ink view colours the same lines). */
export function summaryLines(sum: Summary): string[] {
  const out: string[] = [];
  out.push(sum.round > 1 ? `Redo finished: ${scoreText(sum.total)} right without help.` : `Finished: ${scoreText(sum.total)} steps right without help (first try or with your own values).`);
  if (sum.firstPass) out.push(`First pass: ${scoreText(sum.firstPass)}.`);
  const titleW = Math.min(28, Math.max(4, ...sum.rows.map((r) => r.title.length)));
  const cols = ['first try', 'after hints', 'revealed', 'follow-through'];
  out.push(`${''.padEnd(titleW)}  ${cols.join('  ')}`);
  const cell = (n: number, w: number) => String(n).padStart(Math.ceil(w / 2)).padEnd(w);
  const row = (title: string, p: PassScore) => `${(title.length > titleW ? `${title.slice(0, titleW - 1)}…` : title).padEnd(titleW)}  ${[p.firstTry, p.afterHints, p.revealed, p.followThrough].map((n, i) => cell(n, cols[i]!.length)).join('  ')}`;
  for (const r of sum.rows) out.push(row(r.title, r.score));
  if (sum.rows.length > 1) out.push(row('All', sum.total));
  out.push('', `Time: ${durationText(sum.activeMs)}.`);
  if (sum.topMistake) out.push(`Mistake seen most (${sum.topMistake.count} time${sum.topMistake.count > 1 ? 's' : ''}): ${sum.topMistake.message}`);
  else out.push('No mistake diagnosed.');
  return out;
}
