/**
 * An errata page an instructor can publish: the errata first (with where the source prints
 * them and what the value should be), then the values that differ only by the source's
 * rounding, then those that are right as printed.
 */
import type { Exercise } from '../engine/model.js';
import { markdownText, safeUrl } from '../exercise/html-text.js';
import { summaryLine } from './render-text.js';
import type { VerifyReport, VerifyResult } from './types.js';
import { describeSource } from '../render/source.js';

export function renderVerifyMarkdown(exercise: Exercise, report: VerifyReport): string {
  // File text is escaped (Markdown passes HTML through), and only http(s) sources become links.
  const out: string[] = [`# Errata: ${markdownText(exercise.title)}`, ''];
  if (exercise.source) {
    const src = markdownText(describeSource(exercise.source));
    const url = exercise.source.url === undefined ? undefined : safeUrl(exercise.source.url);
    out.push(`*Source:* ${url ? `[${src}](<${url}>)` : src}`, '');
  }
  out.push(
    `Every number this exercise records as printed, checked against exact arithmetic (${exercise.working} significant digits). ` +
      'A value *matches* when it is the exact value rounded half-up to the decimals printed; it is ' +
      '*truncated* when the extra digits were cut instead; ' +
      "it is *carried* when the source's own rounded or truncated intermediate values explain it. Everything else is an erratum.",
    '',
    `**${summaryLine(report.summary).replace(/^summary: /, 'Summary:** ')}`,
    '',
  );
  if (report.results.length === 0) {
    out.push('The exercise records nothing printed to check.', '');
    return out.join('\n');
  }
  const errata = report.results.filter((r) => r.verdict === 'erratum' || r.verdict === 'acknowledged');
  // A value carried from an erratum follows from the source's working but is still wrong.
  const fromErratum = report.results.filter((r) => r.verdict === 'carried' && r.chain === 'erratum');
  const rounding = report.results.filter(
    (r) => r.verdict === 'truncated' || (r.verdict === 'carried' && r.chain !== 'erratum'),
  );
  const right = report.results.filter((r) => r.verdict === 'match');

  out.push('## Errata', '');
  if (errata.length === 0) out.push('None found.', '');
  else out.push(...whereTable(errata));
  if (fromErratum.length > 0) {
    out.push(
      '## Carried from an erratum',
      '',
      "Wrong, but not new mistakes: the source's working carries an earlier erratum into these values.",
      '',
    );
    out.push(...whereTable(fromErratum));
  }
  if (rounding.length > 0) {
    out.push(
      '## Differences explained by rounding',
      '',
      'Not errors: the printed digits follow from how the source rounded.',
      '',
    );
    out.push('| Step | Printed | Exact | Verdict | Explanation |', '|---|---|---|---|---|');
    for (const r of rounding)
      out.push(row([stepText(r), code(r.printed), r.shownExact, r.verdict, markdownText(r.explanation)]));
    out.push('');
  }
  if (right.length > 0) {
    out.push('## Right as printed', '');
    out.push('| Step | Printed | Exact | Note |', '|---|---|---|---|');
    for (const r of right)
      out.push(row([stepText(r), code(r.printed), r.shownExact, markdownText(r.explanation)]));
    out.push('');
  }
  return out.join('\n');
}

/** Rows with where the source prints them: the errata, and the values carried from them. */
function whereTable(rows: readonly VerifyResult[]): string[] {
  return [
    '| Step | Where | Printed | Exact | Explanation |',
    '|---|---|---|---|---|',
    ...rows.map((r) =>
      row([
        stepText(r),
        markdownText(r.where ?? ''),
        code(r.printed),
        r.shownExact,
        markdownText(r.explanation),
      ]),
    ),
    '',
  ];
}

function stepText(r: VerifyResult): string {
  return r.kind === 'value' ? code(r.step) : `${code(r.step)} (${r.kind})`;
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

/** A table row; a | inside a cell would end it early. */
function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
}
