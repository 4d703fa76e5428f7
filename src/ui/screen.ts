import { showValue } from '../render/format-number.js';
import { plotHistory } from '../render/plot.js';
import { formulaParts } from '../render/substitute.js';
import { graphPicture } from './graph-picture.js';
import { knownOrder, knownValues } from './known.js';
import { clip, flowItems, plain, seg, wrap, wrapStyled } from './lines.js';
import type { Color, Line } from './lines.js';
import { networkPicture } from './network-picture.js';
import { phaseTitle } from './practice-plan.js';
import { stepOf } from './session-record.js';
import { currentStep, doneSteps, when } from './session.js';
import type { Entry, Feedback, SessionState, Tone } from './session.js';
import type { Outcome } from '../store/record.js';
import { summarise, summaryLines } from './summary.js';

/**
 * The live region of the walkthrough as lines, fitted to the terminal: never taller than
 * rows - 1 (Ink redraws the whole screen, with flicker, once a frame reaches the terminal's
 * height). The question, the input line, the latest feedback and the footer always show; the
 * known values, the network picture and the error plot show when there is room, in that order.
 */
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
 * longer than its new width, which Ink then cannot erase. Pictures may use the whole width.
 */
export const TEXT_WIDTH = 78;

export function textWidth(columns: number): number {
  return Math.max(20, Math.min(TEXT_WIDTH, columns));
}

export function screenLines(s: SessionState, size: Size): Line[] {
  const columns = Math.max(20, size.columns);
  const width = textWidth(columns);
  const budget = Math.max(4, size.rows - 1);
  const lines = s.mode === 'launch' ? launchLines(s, width) : s.mode === 'review' ? reviewLines(s, width) : s.mode === 'summary' ? summaryScreen(s, width) : askingLines(s, width, columns, budget);
  return fit(lines, budget).map((l) => clip(l, columns));
}

function header(s: SessionState, width: number, right: string): Line {
  const title = s.practice.exercise.title;
  const room = width - right.length - 2;
  const t = title.length > room ? `${title.slice(0, Math.max(0, room - 1))}…` : title;
  return [seg(t, { bold: true }), seg(' '.repeat(Math.max(1, width - t.length - right.length))), seg(right, { dim: true })];
}

function askingLines(s: SessionState, width: number, columns: number, budget: number): Line[] {
  const step = currentStep(s);
  if (!step) return [plain('Nothing left to ask.')];
  const { practice, record } = s;
  const position = record.queue.indexOf(step.id) + 1;
  const head = header(s, width, `${record.round > 1 ? 'redo ' : ''}step ${position} of ${record.queue.length}`);
  const question: Line[] = [
    [seg(phaseTitle(step, practice.plan), { dim: true }), seg('  '), seg(step.symbol, { bold: true }), seg(`: ${step.describe}`)],
  ].flatMap((l) => (l.reduce((n, x) => n + x.text.length, 0) <= width ? [l] : wrapStyled(l.map((x) => x.text).join(''), width, {}, '  ')));
  const feedback = s.feedback.flatMap((f) => feedbackLines(f, width));
  const input: Line = [seg(`${step.symbol} = `, { bold: true }), seg(s.input), seg(' ', { inverse: true })];
  const status: Line[] = s.saveError ? wrapStyled(s.saveError, width, { color: 'red' }) : [];
  const footer = footerLine(s, width);

  const required = 1 + question.length + 1 + status.length + 1;
  const feedbackShown = feedback.slice(Math.max(0, feedback.length - Math.max(1, budget - required)));
  let room = budget - required - feedbackShown.length;

  const known = knownValues(s);
  const picture = networkPicture(practice, known, step, columns) ?? graphPicture(practice, known, step, columns) ?? [];

  // Optional parts, in order of priority: the known values (up to two lines), the error plot
  // (one line at least), the picture (whole or not at all), a bigger plot, more known values.
  // The known values leave out what the picture shows, so whether it shows is settled first.
  const knownFor = (pictured: boolean, lines: number) => knownLines(s, known, pictured, width, Math.max(0, lines));
  const plotSmall = plotLines(s, known, width, 1);
  const plotReserve = plotSmall.length > 0 ? plotSmall.length + 1 : 0;
  const knownWith = knownFor(true, Math.min(2, room - 1));
  const pictureFits = picture.length > 0 && picture.length + 1 + (knownWith.length > 0 ? knownWith.length + 1 : 0) + plotReserve <= room;
  let knownShown = pictureFits ? knownWith : knownFor(false, Math.min(2, room - 1));
  room -= knownShown.length > 0 ? knownShown.length + 1 : 0;
  const pictureShown = pictureFits ? picture : [];
  room -= pictureShown.length > 0 ? pictureShown.length + 1 : 0;
  const plotShown = plotLines(s, known, width, room - 1);
  room -= plotShown.length > 0 ? plotShown.length + 1 : 0;
  if (room > 0 && knownShown.length > 0) knownShown = knownFor(pictureFits, Math.min(4, knownShown.length + room));

  const out: Line[] = [head];
  if (pictureShown.length > 0) out.push([], ...pictureShown);
  if (plotShown.length > 0) out.push([], ...plotShown);
  if (knownShown.length > 0) out.push([], ...knownShown);
  out.push(...question, ...feedbackShown, input, ...status, footer);
  return out;
}

function feedbackLines(f: Feedback, width: number): Line[] {
  return wrapStyled(f.text, width, { ...(TONE_COLOR[f.tone] ? { color: TONE_COLOR[f.tone]! } : {}) }, '  ');
}

/** Values already known that the picture does not show: the latest ones matter most. */
function knownLines(s: SessionState, known: ReadonlyMap<string, string>, pictured: boolean, width: number, maxLines: number): Line[] {
  if (maxLines <= 0) return [];
  const spec = s.practice.exercise.spec;
  const shownInPicture = (id: string) => {
    if (!pictured) return false;
    if (spec.kind === 'graph') return spec.inputs.some((i) => i.name === id) || spec.nodes.some((n) => n.name === id) || id.startsWith(`d${spec.fn}/d`);
    const given = s.practice.plan.givens.find((g) => g.id === id);
    if (given) return given.kind === 'input' || given.kind === 'target' || given.kind === 'weight' || given.kind === 'bias';
    const st = s.practice.byId.get(id);
    return st !== undefined && (st.role === 'preactivation' || st.role === 'activation' || st.role === 'delta');
  };
  const ids = knownOrder(s, known).filter((id) => !shownInPicture(id));
  const items = ids.map((id) => `${s.practice.byId.get(id)?.symbol ?? id} = ${known.get(id)}`);
  let lines = flowItems(items, width, ', ', 'Known: ');
  if (lines.length > maxLines) {
    // Keep the most recent values: drop from the front, and say so.
    let from = 0;
    do {
      from++;
      lines = flowItems(items.slice(from), width, ', ', 'Known: …, ');
    } while (lines.length > maxLines && from < items.length);
  }
  return lines.map((l) => [seg(l.slice(0, 6), { dim: true }), seg(l.slice(6))]);
}

/** The error at each iteration known so far: a small plot, or one line when room is short. */
function plotLines(s: SessionState, known: ReadonlyMap<string, string>, width: number, room: number): Line[] {
  const { plan } = s.practice;
  const costBase = plan.costBase;
  if (!costBase || plan.iterations + (plan.forwardAfter ? 1 : 0) < 2 || room < 1) return [];
  const points = [];
  for (let k = 1; k <= plan.iterations + 1; k++) {
    const id = k === 1 ? costBase : `${costBase}@${k}`;
    const v = known.has(id) ? (s.accepted.get(id) ?? s.practice.exact.get(id)) : undefined;
    if (v) points.push({ iteration: k, cost: v, shown: known.get(id)! });
  }
  if (points.length < 2) return [];
  const plot = plotHistory(points, Math.max(10, Math.min(40, width - 20)), 4);
  if (plot.length + 1 <= room) return [plain(`${costBase} so far`, { dim: true }), ...plot.map((l) => plain(l))];
  // One line: a sparkline (positions only; the numbers are the ones shown) and the first and last.
  const nums = points.map((p) => p.cost.toNumber());
  const lo = nums.reduce((a, b) => Math.min(a, b));
  const hi = nums.reduce((a, b) => Math.max(a, b));
  const bars = nums.map((n) => '▁▂▃▄▅▆▇█'[hi === lo ? 3 : Math.round(((n - lo) / (hi - lo)) * 7)]).join('');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return [[seg(`${costBase} so far `, { dim: true }), seg(bars), seg(`  ${first.shown} (iteration ${first.iteration}) → ${last.shown} (iteration ${last.iteration})`)]];
}

function footerLine(s: SessionState, width: number): Line {
  const step = currentStep(s);
  const hints = step ? stepOf(s.record, step.id).hints : 0;
  const hint = hints >= 2 ? '? reveal' : `? hint ${hints + 1}/2`;
  const parts = ['Enter check', hint, ...(doneSteps(s).length > 0 ? ['↑ review'] : []), 'q save & leave', 'help'];
  const full = parts.join(' · ');
  return plain(full.length <= width ? full : parts.join(' '), { dim: true });
}

function launchLines(s: SessionState, width: number): Line[] {
  const offer = s.offer;
  const out: Line[] = [header(s, width, ''), []];
  if (!offer) return out;
  const say = (t: string) => out.push(...wrapStyled(t, width));
  switch (offer.kind) {
    case 'resume':
      say(`You have done ${offer.done} of ${offer.total} steps (saved ${when(offer.savedAt)}).`);
      out.push([], plain('Enter resume · n start over · q leave', { dim: true }));
      break;
    case 'finished':
      say(`You finished this exercise ${when(offer.finishedAt)}.`);
      if (s.saved?.firstPass) say(`First pass: ${s.saved.firstPass.firstTry + s.saved.firstPass.followThrough} of ${s.saved.firstPass.total} right without help.`);
      out.push([], plain(`Enter practise again${offer.missed > 0 ? ` · r redo the ${offer.missed} missed step${offer.missed > 1 ? 's' : ''}` : ''} · q leave`, { dim: true }));
      break;
    case 'stale':
      say(`This exercise file changed since your progress was saved (${when(offer.savedAt)}), so the saved answers may not fit it any more.`);
      out.push([], plain('Enter start over · q leave (the saved progress stays until you answer a step)', { dim: true }));
      break;
  }
  return out;
}

function reviewLines(s: SessionState, width: number): Line[] {
  const done = doneSteps(s);
  const step = done[Math.min(s.review, done.length - 1)];
  if (!step) return [plain('Nothing to review yet.')];
  const { practice } = s;
  const rec = stepOf(s.record, step.id);
  const display = practice.exercise.display;
  const values = new Map(practice.exact);
  for (const [id, v] of s.accepted) values.set(id, v);
  const { symbolic, substituted } = formulaParts(step, practice.plan, practice.exercise, values, 'text', (id) => practice.byId.get(id)?.symbol ?? id);
  const out: Line[] = [header(s, width, `review ${s.review + 1} of ${done.length}`), []];
  out.push([seg(phaseTitle(step, practice.plan), { dim: true }), seg('  '), seg(step.symbol, { bold: true }), seg(`: ${step.describe}`)]);
  out.push(...wrapStyled(`${step.symbol} = ${symbolic}`, width, {}, '    '));
  if (substituted !== symbolic) out.push(...wrapStyled(`${' '.repeat(step.symbol.length)} = ${substituted}`, width, {}, '    '));
  out.push(plain(`exact: ${showValue(practice.exact.get(step.id)!, display)}`));
  const yours = rec.outcome === 'revealed' ? `revealed${rec.value ? ` (${rec.value})` : ''}` : `your answer: ${rec.answer ?? '?'} (${rec.outcome ? OUTCOME_WORDS[rec.outcome] : ''})`;
  out.push(plain(yours, { color: rec.outcome === 'revealed' ? 'magenta' : 'green' }));
  if (rec.tries > 0 || rec.hints > 0) out.push(plain(`${rec.tries} wrong ${rec.tries === 1 ? 'try' : 'tries'}, ${rec.hints} hint${rec.hints === 1 ? '' : 's'}`, { dim: true }));
  for (const m of rec.mistakes.slice(-3)) out.push(...wrapStyled(`mistake: ${m.message}`, width, { color: 'yellow' }, '  '));
  out.push([], plain('↑/↓ earlier/later · Esc back to the question', { dim: true }));
  return out;
}

function summaryScreen(s: SessionState, width: number): Line[] {
  const sum = summarise(s);
  const out: Line[] = [header(s, width, 'done'), []];
  summaryLines(sum).forEach((l, i) => out.push(...(i === 0 ? wrapStyled(l, width, { bold: true }) : wrap(l, width, '  ').map((t) => plain(t)))));
  const redo = sum.missed.length > 0 ? `r redo the ${sum.missed.length} missed step${sum.missed.length > 1 ? 's' : ''} · ` : '';
  out.push([], plain(`${redo}n practise again · q leave`, { dim: true }));
  return out;
}

/** Cuts from the top of the middle when too tall, keeping the first line and the bottom. */
function fit(lines: Line[], budget: number): Line[] {
  if (lines.length <= budget) return lines;
  const keepBottom = budget - 1;
  return [lines[0]!, ...lines.slice(lines.length - keepBottom)];
}

/** A finished step, heading or note as it scrolls away above the live region. */
export function entryLines(e: Entry, width: number, breakWords = true): Line[] {
  switch (e.kind) {
    case 'heading':
      return [[], plain(e.text, { bold: true })];
    case 'note':
      return wrapStyled(e.text, width, TONE_COLOR[e.tone] ? { color: TONE_COLOR[e.tone]! } : {}, '  ', breakWords);
    case 'step': {
      const mark = e.outcome === 'revealed' ? '·' : '✓';
      const color: Color = e.outcome === 'revealed' ? 'magenta' : e.outcome === 'after-hints' ? 'yellow' : 'green';
      const head = `  ${mark} ${e.symbol} = ${e.shown}`;
      const one = `${head}   ${e.detail}`;
      if (one.length <= width) return [[seg(`  ${mark} `, { color }), seg(`${e.symbol} = ${e.shown}`), seg(`   ${e.detail}`, { dim: true })]];
      return [clip([seg(`  ${mark} `, { color }), seg(`${e.symbol} = ${e.shown}`)], width), ...wrapStyled(e.detail, width - 4, { dim: true }, '', breakWords).map((l) => [seg('    '), ...l])];
    }
  }
}
