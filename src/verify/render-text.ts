/**
 * The verdict table of one exercise for a terminal or a file: step, printed, exact (two more
 * decimals than printed), verdict and explanation, wrapped to fit `width` columns, then a
 * summary line. Colour only on request (a terminal without NO_COLOR).
 */
import type { Exercise } from '../engine/model.js';
import { renderTable, wrapCell } from './table.js';
import { VERDICTS } from './types.js';
import type { Verdict, VerifyReport, VerifyResult } from './types.js';
import { describeSource } from '../render/source.js';
import { clip } from '../render/wrap.js';

export interface TextOptions {
  readonly width: number;
  readonly color: boolean;
}

const COLORS: Record<Verdict, string> = {
  match: '32',
  truncated: '36',
  carried: '36',
  erratum: '31;1',
  acknowledged: '33',
};

export function renderVerifyText(exercise: Exercise, report: VerifyReport, opts: TextOptions): string {
  const out: string[] = [];
  const title = `${exercise.id}: ${exercise.title}`;
  out.push(clip(title, opts.width));
  if (exercise.source) out.push(clip(`Source: ${describeSource(exercise.source)}`, opts.width));
  out.push('');
  if (report.results.length === 0) {
    out.push('Nothing printed to check: the exercise records no printed values, expressions or formulas.');
    out.push('');
    return out.join('\n') + '\n';
  }

  const rows = report.results.map((r, i) => [
    stepCell(r, report.results[i - 1]),
    r.printed,
    r.shownExact,
    r.verdict,
    r.explanation,
  ]);
  let step = clamp(
    report.results.reduce((m, r) => Math.max(m, r.step.length), 12),
    10,
    18,
  );
  // reduce, not Math.max(...): a file may print thousands of values.
  let printed = clamp(
    rows.reduce((m, r) => Math.max(m, r[1]!.length), 0),
    7,
    18,
  );
  const exact = clamp(
    rows.reduce((m, r) => Math.max(m, r[2]!.length), 0),
    5,
    14,
  );
  const verdict = report.results.reduce((m, r) => Math.max(m, r.verdict.length), 7);
  // The explanation gets what is left; on a narrow terminal the step and printed columns give way.
  const rest = () => opts.width - step - printed - exact - verdict - 8;
  while (rest() < 30 && (printed > 8 || step > 8)) {
    if (printed >= step && printed > 8) printed--;
    else step--;
  }
  const columns = [
    { title: 'step', width: step },
    { title: 'printed', width: printed },
    { title: 'exact', width: exact },
    { title: 'verdict', width: verdict },
    { title: 'explanation', width: Math.max(12, rest()) },
  ];
  const decorate = (col: number, row: number, padded: string) => {
    if (!opts.color || col !== 3) return padded;
    const v = report.results[row]!.verdict;
    return `\u001b[${COLORS[v]}m${padded.trimEnd()}\u001b[0m${' '.repeat(padded.length - padded.trimEnd().length)}`;
  };
  for (const l of renderTable(columns, rows, decorate)) out.push(l);
  out.push('');
  out.push(...wrapCell(summaryLine(report.summary), opts.width));
  out.push('');
  return out.join('\n') + '\n';
}

/** The step id on the first row of a step; the kind of the rows that follow it. */
function stepCell(r: VerifyResult, previous: VerifyResult | undefined): string {
  const label = r.kind === 'value' ? '' : r.kind === 'also' ? '(also)' : `(${r.kind})`;
  if (previous?.step === r.step) return label;
  return label ? `${r.step}\n${label}` : r.step;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

export function summaryLine(summary: Record<Verdict, number>): string {
  return `summary: ${VERDICTS.map((v) => `${summary[v]} ${v}`).join(', ')}`;
}
