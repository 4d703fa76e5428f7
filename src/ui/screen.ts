/**
 * The live region of the walkthrough as lines, fitted to the terminal: never taller than
 * rows - 1 (the region is redrawn by moving the cursor up over it, which cannot go above the
 * top of the screen: terminal.ts). The question, the input line, the latest feedback and the footer always show; the
 * known values, the network picture and the error plot show when there is room, in that order.
 */
import { plotHistory } from '../render/plot.js';
import { refsOf } from '../engine/expr.js';
import { passes } from '../engine/plan.js';
import { precisionWords } from '../render/format-number.js';
import { graphPicture } from './graph-picture.js';
import { gridPicture } from './grid-picture.js';
import { knownOrder, knownValues } from './known.js';
import { clip, flowItems, lineWidth, plain, seg, wrapStyled } from './lines.js';
import type { Color, Line } from './lines.js';
import { rnnPicture } from './rnn-picture.js';
import { networkPicture } from './network-picture.js';
import { phaseTitle } from './practice-plan.js';
import { stepOf } from './session-record.js';
import { currentStep, doneSteps } from './session.js';
import type { Entry, Feedback, SessionState } from './session.js';
import { header, keyLines, symbolOf, textWidth, TONE_COLOR } from './screen-parts.js';
import type { Size } from './screen-parts.js';
import { keysLines, launchLines, reviewLines, summaryScreen, valuesLines } from './screen-pages.js';
// The shared parts, for the modules that import them from here.
export { keyLines, OUTCOME_WORDS, TEXT_WIDTH, textWidth, TONE_COLOR } from './screen-parts.js';
export type { Size } from './screen-parts.js';

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
          ? summaryScreen(s, width, budget)
          : s.mode === 'values'
            ? valuesLines(s, width, budget)
            : s.mode === 'keys'
              ? keysLines(s, width)
              : askingLines(s, width, columns, budget);
  return fit(lines, budget).map((l) => clip(l, columns));
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
  // The judgement of the last answer (its ✓ line and a heading after it) stays in sight above the
  // region: the picture and the lists give way to it, or it would scroll off at the first answer.
  let room = budget - fixed - feedbackShown.length - judgementLines(s, width);

  // The picture, whole if it fits, else a window around the asked value (at least a header and
  // two rows), with the step's values it leaves out listed; then the error plot, then the rest.
  const pictureAt = (height: number) =>
    networkPicture(practice, known, step, columns, height) ??
    graphPicture(practice, known, step, columns, height) ??
    rnnPicture(practice, known, step, columns, height) ??
    gridPicture(practice, known, step, columns, height);
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
 * How many lines the transcript's tail takes from its last finished step on (the ✓ line and any
 * heading or note after it), at most four: what the asking screen leaves in sight above it.
 */
export function judgementLines(s: SessionState, width: number): number {
  const last = s.transcript.map((e) => e.kind).lastIndexOf('step');
  if (last < 0) return 0;
  const n = s.transcript.slice(last).reduce((sum, e) => sum + entryLines(e, width).length, 0);
  return Math.min(4, n);
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
