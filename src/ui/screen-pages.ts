/**
 * The walkthrough's screens other than the question (screen.ts): the known values a page at a
 * time, the keys, the offer to resume, the review of a done step, and the summary.
 */
import { refsOf } from '../engine/expr.js';
import { showValue } from '../render/format-number.js';
import { formulaParts } from '../render/substitute.js';
import { knownOrder, knownValues } from './known.js';
import { plain, seg, wrap, wrapStyled } from './lines.js';
import type { Line } from './lines.js';
import { phaseTitle } from './practice-plan.js';
import { header, keyLines, OUTCOME_WORDS, symbolOf } from './screen-parts.js';
import { stepOf } from './session-record.js';
import { currentStep, doneSteps, when } from './session.js';
import type { SessionState } from './session.js';
import { summarise, summaryLines } from './summary.js';

/** Every known value with what it is, a page at a time. */
export function valuesLines(s: SessionState, width: number, budget: number): Line[] {
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
export function keysLines(s: SessionState, width: number): Line[] {
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

export function launchLines(s: SessionState, width: number): Line[] {
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

export function reviewLines(s: SessionState, width: number): Line[] {
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

export function summaryScreen(s: SessionState, width: number, budget = Infinity): Line[] {
  const sum = summarise(s);
  const redo =
    sum.missed.length > 0
      ? [`r redo the ${sum.missed.length} missed step${sum.missed.length > 1 ? 's' : ''}`]
      : [];
  const keys = keyLines([...redo, 'n practise again', 'q leave'], width);
  const build = (most: number, blanks: boolean): Line[] => {
    const out: Line[] = [header(s, width, 'done'), ...(blanks ? [[]] : [])];
    summaryLines(sum, width, most).forEach((l, i) => {
      if (l === '' && !blanks) return;
      out.push(
        ...(i === 0 ? wrapStyled(l, width, { bold: true }) : wrap(l, width, '  ').map((t) => plain(t))),
      );
    });
    return [...out, ...(blanks ? [[]] : []), ...keys];
  };
  // On a short terminal the blank lines give way first, then the mistakes listed (fewest last;
  // review shows each step), so the score line under the heading is never the line cut.
  const tries: Array<[number, boolean]> = [
    [3, true],
    [3, false],
    [2, false],
    [1, false],
    [0, false],
  ];
  for (const [most, blanks] of tries) {
    const out = build(most, blanks);
    if (out.length <= budget) return out;
  }
  const out = build(0, false);
  return [...out.slice(0, Math.max(1, budget - keys.length)), ...keys];
}
