/**
 * What every screen of the walkthrough shares: the terminal's size and the text width set in
 * it, the colours of feedback, the header line and the row of keys at the bottom.
 */
import type { Outcome } from '../store/record.js';
import { plain, seg, wrap } from './lines.js';
import type { Color, Line } from './lines.js';
import type { SessionState, Tone } from './session.js';

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

export const TONE_COLOR: Readonly<Record<Tone, Color | undefined>> = {
  right: 'green',
  follow: 'green',
  wrong: 'red',
  warn: 'yellow',
  hint: 'cyan',
  reveal: 'magenta',
  info: undefined,
  error: 'red',
};

export const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  'first-try': 'right first try',
  'follow-through': 'right with your own earlier values',
  'after-hints': 'right after hints or another try',
  revealed: 'revealed',
};

/**
 * Text is set at most this wide, however wide the terminal: lines are easier to read, and a
 * terminal that reflows its lines when made narrower (tmux, VTE, iTerm2) only splits lines
 * longer than its new width, which could then not be erased. Pictures may use the whole width.
 */
export const TEXT_WIDTH = 78;

export function textWidth(columns: number): number {
  return Math.max(20, Math.min(TEXT_WIDTH, columns));
}

export function header(s: SessionState, width: number, status: string): Line {
  const title = s.practice.exercise.title;
  // A watch session says when it last read the file: the note above the walkthrough that says
  // so is the first line a small terminal drops.
  const watched = s.meta.watchedAt === undefined ? '' : `read ${s.meta.watchedAt}`;
  const right = [watched, status].filter(Boolean).join(' · ');
  const room = width - right.length - 2;
  const t = title.length > room ? `${title.slice(0, Math.max(0, room - 1))}…` : title;
  return [
    seg(t, { bold: true }),
    seg(' '.repeat(Math.max(1, width - t.length - right.length))),
    seg(right, { dim: true }),
  ];
}

/**
 * A row of keys ("Enter check · q leave") on as many dim lines as the width needs, never a key
 * cut in two: a footer stays whole on a narrow terminal. A key wider than the line wraps.
 */
export function keyLines(parts: readonly string[], width: number): Line[] {
  const lines: string[] = [];
  for (const p of parts) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 3 + p.length <= width) lines[lines.length - 1] = `${last} · ${p}`;
    else lines.push(...wrap(p, width, '  '));
  }
  return lines.map((t) => plain(t, { dim: true }));
}

export function symbolOf(s: SessionState, id: string): string {
  return s.practice.plan.givens.find((g) => g.id === id)?.symbol ?? id;
}
