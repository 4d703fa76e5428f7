/**
 * The live region of the walkthrough as lines, fitted to the terminal: never taller than
 * rows - 1 (Ink redraws the whole screen, with flicker, once a frame reaches the terminal's
 * height). The question, the input line, the latest feedback and the footer always show; the
 * known values, the network picture and the error plot show when there is room, in that order.
 */
import { showValue } from '../render/format-number.js';
import { plotHistory } from '../render/plot.js';
import { formulaParts } from '../render/substitute.js';
import { refsOf } from '../engine/expr.js';
import { passes } from '../engine/plan.js';
import { precisionWords } from '../render/format-number.js';
import { graphPicture } from './graph-picture.js';
import { knownOrder, knownValues } from './known.js';
import { clip, flowItems, lineWidth, plain, seg, wrap, wrapStyled } from './lines.js';
import type { Color, Line } from './lines.js';
import { networkPicture } from './network-picture.js';
import { phaseTitle } from './practice-plan.js';
import { stepOf } from './session-record.js';
import { currentStep, doneSteps, when } from './session.js';
import type { Entry, Feedback, SessionState, Tone } from './session.js';
import type { Outcome } from '../store/record.js';
import { summarise, summaryLines } from './summary.js';

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
  const lines =
    s.mode === 'launch'
      ? launchLines(s, width)
      : s.mode === 'review'
        ? reviewLines(s, width)
        : s.mode === 'summary'
          ? summaryScreen(s, width)
          : s.mode === 'values'
            ? valuesLines(s, width, budget)
            : s.mode === 'keys'
              ? keysLines(s, width)
              : askingLines(s, width, columns, budget);
  return fit(lines, budget).map((l) => clip(l, columns));
}

function header(s: SessionState, width: number, status: string): Line {
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

function askingLines(s: SessionState, width: number, columns: number, budget: number): Line[] {
  const step = currentStep(s);
  if (!step) return [plain('Nothing left to ask.')];
  const { practice, record } = s;
  const position = record.queue.indexOf(step.id) + 1;
  const head = header(
    s,
    width,
    `${record.round > 1 ? 'redo ' : ''}step ${position} of ${record.queue.length}`,
  );
  // The phase title (also the heading above) goes first when the line is too long; then it wraps.
  const asked = [
    seg(step.symbol, { bold: true }),
    seg(`: ${step.describe}`),
    seg(` (${precisionWords(practice.exercise.display)})`, { dim: true }),
  ];
  const question: Line[] = [[seg(phaseTitle(step, practice.plan), { dim: true }), seg('  '), ...asked], asked]
    .filter((l, i, all) => i === all.length - 1 || lineWidth(l) <= width)
    .slice(0, 1)
    .flatMap((l) =>
      lineWidth(l) <= width ? [l] : wrapStyled(l.map((x) => x.text).join(''), width, {}, '  '),
    );
  const feedback = s.feedback.map((f) => feedbackLines(f, width));
  const input: Line = [seg(`${step.symbol} = `, { bold: true }), seg(s.input), seg(' ', { inverse: true })];
  const status: Line[] = s.saveError ? wrapStyled(s.saveError, width, { color: 'red' }) : [];
  const footer = footerLines(s, width);

  const fixed = 1 + question.length + 1 + status.length + footer.length;
  const known = knownValues(s);
  // The values the step is computed from are always listed, whatever the picture shows: the
  // one place to look, on any terminal (the picture may be cropped around them).
  const inputs = refsOf(step.expr).filter((id) => known.has(id));
  // A neuron fed by 64 others uses 129 values: as many as leave room for the latest message
  // whole (a message cut at its top starts mid-sentence), keeping two lines of them at least.
  const latest = feedback.length > 0 ? feedback[feedback.length - 1]!.length : 1;
  const usesAll = usesLines(s, known, inputs, width, Math.max(2, budget - fixed - 1 - latest));
  const gap = (lines: readonly Line[]) => (lines.length > 0 ? lines.length + 1 : 0);
  // Feedback never pushes the question or the step's values off screen: its latest lines show.
  const feedbackShown = latestMessages(feedback, Math.max(1, budget - fixed - gap(usesAll)));
  let room = budget - fixed - feedbackShown.length;

  // The picture, whole if it fits, else a window around the asked value (at least a header and
  // two rows), with the step's values it leaves out listed; then the error plot, then the rest.
  const pictureAt = (height: number) =>
    networkPicture(practice, known, step, columns, height) ??
    graphPicture(practice, known, step, columns, height);
  const plotReserve = plotLines(s, known, width, 1).length > 0 ? 2 : 0;
  let pictureShown: Line[] = [];
  let onScreen: ReadonlySet<string> = new Set();
  room -= gap(usesAll);
  const full = pictureAt(1000);
  for (let h = Math.min(full?.lines.length ?? 0, room - 1 - plotReserve); h >= 3; h--) {
    const pic = h === full?.lines.length ? full : pictureAt(h);
    if (!pic) break;
    if (pic.lines.length + 1 + plotReserve <= room) {
      pictureShown = pic.lines;
      onScreen = pic.ids;
      break;
    }
  }
  room -= gap(pictureShown);
  const plotShown = plotLines(s, known, width, room - 1);
  room -= gap(plotShown);
  const others = knownOrder(s, known).filter((id) => !onScreen.has(id) && !inputs.includes(id));
  const knownShown = listLines(s, known, others, 'Known: ', width, Math.min(4, room - 1));

  const out: Line[] = [head];
  if (pictureShown.length > 0) out.push([], ...pictureShown);
  if (plotShown.length > 0) out.push([], ...plotShown);
  if (knownShown.length > 0) out.push([], ...knownShown);
  if (usesAll.length > 0) out.push([], ...usesAll);
  out.push(...question, ...feedbackShown, input, ...status, ...footer);
  return out;
}

/**
 * The latest messages that fit in `room` lines, each whole: a message cut at its top would start
 * mid-sentence. The latest one alone shows its last lines when even it does not fit.
 */
export function latestMessages(messages: readonly (readonly Line[])[], room: number): Line[] {
  const out: Line[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (out.length + m.length <= room) out.unshift(...m);
    else {
      if (out.length === 0) out.push(...m.slice(m.length - room));
      break;
    }
  }
  return out;
}

function feedbackLines(f: Feedback, width: number): Line[] {
  return wrapStyled(
    f.count && f.count > 1 ? `${f.text} (×${f.count})` : f.text,
    width,
    { ...(TONE_COLOR[f.tone] ? { color: TONE_COLOR[f.tone]! } : {}) },
    '  ',
  );
}

/**
 * Known values as "Label: a = 1, b = 2" folded to the width; when more than maxLines, the most
 * recent ones, saying that earlier ones are left out (all of them are a key away).
 */
function listLines(
  s: SessionState,
  known: ReadonlyMap<string, string>,
  ids: readonly string[],
  label: string,
  width: number,
  maxLines: number,
): Line[] {
  if (maxLines <= 0 || ids.length === 0) return [];
  const items = ids.map((id) => `${s.practice.byId.get(id)?.symbol ?? symbolOf(s, id)} = ${known.get(id)}`);
  let lines = flowItems(items, width, ', ', label);
  if (lines.length > maxLines) {
    let from = 0;
    do {
      from++;
      lines = flowItems(items.slice(from), width, ', ', `${label}…, `);
    } while (lines.length > maxLines && from < items.length);
  }
  return lines.map((l) => [seg(l.slice(0, label.length), { dim: true }), seg(l.slice(label.length))]);
}

/** The step's values, the first ones when not all fit, then how many more the pager lists. */
function usesLines(
  s: SessionState,
  known: ReadonlyMap<string, string>,
  ids: readonly string[],
  width: number,
  maxLines: number,
): Line[] {
  const label = 'Uses: ';
  const items = ids.map((id) => `${s.practice.byId.get(id)?.symbol ?? symbolOf(s, id)} = ${known.get(id)}`);
  let lines = flowItems(items, width, ', ', label);
  for (let k = items.length - 1; lines.length > maxLines && k > 0; k--) {
    lines = flowItems(
      [...items.slice(0, k), `… ${items.length - k} more (↓ lists them)`],
      width,
      ', ',
      label,
    );
  }
  return lines.map((l) => [seg(l.slice(0, label.length), { dim: true }), seg(l.slice(label.length))]);
}

function symbolOf(s: SessionState, id: string): string {
  return s.practice.plan.givens.find((g) => g.id === id)?.symbol ?? id;
}

/** The error at each iteration known so far: a small plot, or one line when room is short. */
function plotLines(s: SessionState, known: ReadonlyMap<string, string>, width: number, room: number): Line[] {
  const { plan } = s.practice;
  const costBase = plan.costBase;
  if (!costBase || passes(plan) < 2 || room < 1) return [];
  const points = [];
  for (let k = 1; k <= plan.iterations + 1; k++) {
    const id = k === 1 ? costBase : `${costBase}@${k}`;
    const v = known.has(id) ? (s.accepted.get(id) ?? s.practice.exact.get(id)) : undefined;
    if (v) points.push({ iteration: k, cost: v, shown: known.get(id)! });
  }
  if (points.length < 2) return [];
  const plot = plotHistory(points, Math.max(10, Math.min(40, width - 20)), 4);
  if (plot.length + 1 <= room)
    return [plain(`${costBase} so far`, { dim: true }), ...plot.map((l) => plain(l))];
  // One line: a sparkline (positions only; the numbers are the ones shown) and the first and last.
  const nums = points.map((p) => p.cost.toNumber());
  const lo = nums.reduce((a, b) => Math.min(a, b));
  const hi = nums.reduce((a, b) => Math.max(a, b));
  const bars = nums.map((n) => '▁▂▃▄▅▆▇█'[hi === lo ? 3 : Math.round(((n - lo) / (hi - lo)) * 7)]).join('');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return [
    [
      seg(`${costBase} so far `, { dim: true }),
      seg(bars),
      seg(`  ${first.shown} (iteration ${first.iteration}) → ${last.shown} (iteration ${last.iteration})`),
    ],
  ];
}

/** The keys, whole: on two lines when one is too narrow. */
function footerLines(s: SessionState, width: number): Line[] {
  const step = currentStep(s);
  const hints = step ? stepOf(s.record, step.id).hints : 0;
  const hint = hints >= 2 ? 'Tab reveal' : `Tab hint ${hints + 1}/2`;
  const parts = [
    'Enter check',
    hint,
    ...(doneSteps(s).length > 0 ? ['↑ review'] : []),
    '↓ values',
    // With --no-save nothing is written: the key only leaves.
    s.meta.unsaved ? 'q leave' : 'q save & leave',
    '? keys',
  ];
  const full = parts.join(' · ');
  if (full.length <= width) return [plain(full, { dim: true })];
  // Shorter words, then as many lines as needed.
  return keyLines(
    parts.map((x) => x.replace(/ save & leave$/, ' leave').replace(/ [0-9]\/2$/, '')),
    width,
  );
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

/** Every known value with what it is, a page at a time. */
function valuesLines(s: SessionState, width: number, budget: number): Line[] {
  const known = knownValues(s);
  const step = currentStep(s);
  const inputs = step ? refsOf(step.expr).filter((id) => known.has(id)) : [];
  const ids = [...inputs, ...knownOrder(s, known).filter((id) => !inputs.includes(id))];
  const describe = (id: string) =>
    s.practice.byId.get(id)?.describe ?? s.practice.plan.givens.find((g) => g.id === id)?.describe ?? '';
  const items = ids.map((id) => `${s.practice.byId.get(id)?.symbol ?? symbolOf(s, id)} = ${known.get(id)}`);
  const pad = Math.min(Math.max(0, ...items.map((t) => t.length)) + 2, Math.floor(width / 2));
  const rows = items.map((t, i) =>
    t.length + 2 + describe(ids[i]!).length <= width || t.length < pad
      ? `${t.padEnd(pad)}${describe(ids[i]!)}`
      : t,
  );
  const size = Math.max(1, budget - 4);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const page = Math.min(s.page ?? 0, pages - 1);
  const out: Line[] = [header(s, width, `values, page ${page + 1} of ${pages}`), []];
  out.push(...rows.slice(page * size, (page + 1) * size).map((t) => plain(t)));
  out.push([], plain('↓ next page · ↑ previous · Esc back', { dim: true }));
  return out;
}

/** What every key does (the ? key), and the words that can be typed instead of a value. */
function keysLines(s: SessionState, width: number): Line[] {
  const table = (rows: ReadonlyArray<readonly [string, string]>) =>
    rows.flatMap(([k, what]) =>
      wrap(what, Math.max(10, width - 11), '').map((t, i) => plain(`${(i === 0 ? k : '').padEnd(10)} ${t}`)),
    );
  return [
    header(s, width, 'keys'),
    ...table([
      ['Enter', 'check the value typed'],
      ['Tab', 'a hint: the formula, then the numbers, then the value (revealed)'],
      ['↑ PgUp', 'review the steps done (↑ ↓ move, Esc back)'],
      ['↓ PgDn', 'every value known so far, a page at a time'],
      ['Esc', 'clear the line; back from a page'],
      ['Ctrl-U', 'clear the line; Backspace deletes a character'],
      ['q', 'save and leave (on an empty line)'],
      ['Ctrl-C', 'save and quit at once (exit code 130)'],
      ['?', 'these keys'],
    ]),
    plain('Typed instead of a value:', { dim: true }),
    ...table([
      ['reveal', 'show the value (the step counts as revealed)'],
      ['interval', 'the values accepted (counts like a hint)'],
      ['hint', 'as Tab; review: as ↑; quit: as q'],
    ]),
    plain('any key: back to the question', { dim: true }),
  ];
}

function launchLines(s: SessionState, width: number): Line[] {
  const offer = s.offer;
  const out: Line[] = [header(s, width, ''), []];
  if (!offer) return out;
  const paragraph = (t: string) => out.push(...wrapStyled(t, width));
  switch (offer.kind) {
    case 'resume': {
      // A redo keeps the earlier result: the first pass's score is said with the redo's count.
      const first = s.saved && s.saved.round > 1 ? s.saved.firstPass : undefined;
      if (offer.changed) paragraph(offer.changed);
      paragraph(
        first
          ? `You are redoing the missed steps: ${offer.done} of ${offer.total} done (saved ${when(offer.savedAt)}).`
          : `You have done ${offer.done} of ${offer.total} steps (saved ${when(offer.savedAt)}).`,
      );
      if (first)
        paragraph(
          `First pass: ${first.firstTry + first.followThrough} of ${first.total} right without help.`,
        );
      out.push([], ...keyLines(['Enter resume', 'n start over', 'q leave'], width));
      break;
    }
    case 'finished':
      paragraph(`You finished this exercise ${when(offer.finishedAt)}.`);
      if (s.saved?.firstPass)
        paragraph(
          `First pass: ${s.saved.firstPass.firstTry + s.saved.firstPass.followThrough} of ${s.saved.firstPass.total} right without help.`,
        );
      out.push(
        [],
        ...keyLines(
          [
            'Enter practise again',
            ...(offer.missed > 0
              ? [`r redo the ${offer.missed} missed step${offer.missed > 1 ? 's' : ''}`]
              : []),
            'q leave',
          ],
          width,
        ),
      );
      break;
    case 'stale':
      paragraph(
        `This exercise file changed since your progress was saved (${when(offer.savedAt)}), so the saved answers may not fit it any more.`,
      );
      out.push(
        [],
        ...keyLines(
          ['Enter start over', 'q leave (the saved progress stays until you answer a step)'],
          width,
        ),
      );
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
  const { symbolic, substituted } = formulaParts(
    step,
    practice.plan,
    practice.exercise,
    values,
    'text',
    (id) => practice.byId.get(id)?.symbol ?? id,
  );
  const out: Line[] = [header(s, width, `review ${s.review + 1} of ${done.length}`), []];
  out.push([
    seg(phaseTitle(step, practice.plan), { dim: true }),
    seg('  '),
    seg(step.symbol, { bold: true }),
    seg(`: ${step.describe}`),
  ]);
  out.push(...wrapStyled(`${step.symbol} = ${symbolic}`, width, {}, '    '));
  if (substituted !== symbolic)
    out.push(...wrapStyled(`${' '.repeat(step.symbol.length)} = ${substituted}`, width, {}, '    '));
  out.push(plain(`exact: ${showValue(practice.exact.get(step.id)!, display)}`));
  const yours =
    rec.outcome === 'revealed'
      ? `revealed${rec.value ? ` (${rec.value})` : ''}`
      : `your answer: ${rec.answer ?? '?'} (${rec.outcome ? OUTCOME_WORDS[rec.outcome] : ''})`;
  out.push(plain(yours, { color: rec.outcome === 'revealed' ? 'magenta' : 'green' }));
  if (rec.tries > 0 || rec.hints > 0)
    out.push(
      plain(
        `${rec.tries} wrong ${rec.tries === 1 ? 'try' : 'tries'}, ${rec.hints} hint${rec.hints === 1 ? '' : 's'}`,
        { dim: true },
      ),
    );
  for (const m of rec.mistakes.slice(-3))
    out.push(...wrapStyled(`mistake: ${m.message}`, width, { color: 'yellow' }, '  '));
  out.push([], plain('↑/↓ earlier/later · Esc back to the question', { dim: true }));
  return out;
}

function summaryScreen(s: SessionState, width: number): Line[] {
  const sum = summarise(s);
  const out: Line[] = [header(s, width, 'done'), []];
  summaryLines(sum, width).forEach((l, i) =>
    out.push(...(i === 0 ? wrapStyled(l, width, { bold: true }) : wrap(l, width, '  ').map((t) => plain(t)))),
  );
  const redo =
    sum.missed.length > 0
      ? [`r redo the ${sum.missed.length} missed step${sum.missed.length > 1 ? 's' : ''}`]
      : [];
  out.push([], ...keyLines([...redo, 'n practise again', 'q leave'], width));
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
      return wrapStyled(
        e.text,
        width,
        TONE_COLOR[e.tone] ? { color: TONE_COLOR[e.tone]! } : {},
        '  ',
        breakWords,
      );
    case 'step': {
      const mark = e.outcome === 'revealed' ? '·' : '✓';
      const color: Color =
        e.outcome === 'revealed' ? 'magenta' : e.outcome === 'after-hints' ? 'yellow' : 'green';
      const head = `  ${mark} ${e.symbol} = ${e.shown}`;
      const one = `${head}   ${e.detail}`;
      if (one.length <= width)
        return [
          [
            seg(`  ${mark} `, { color }),
            seg(`${e.symbol} = ${e.shown}`),
            seg(`   ${e.detail}`, { dim: true }),
          ],
        ];
      return [
        clip([seg(`  ${mark} `, { color }), seg(`${e.symbol} = ${e.shown}`)], width),
        ...wrapStyled(e.detail, width - 4, { dim: true }, '', breakWords).map((l) => [seg('    '), ...l]),
      ];
    }
  }
}
