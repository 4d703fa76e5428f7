/**
 * The quiz for Canvas: an IMS content package of QTI 1.2 assessments, one per category, the
 * files as text here (commands/zip.ts packs them).
 *
 * Written as Canvas's own exporter writes a numerical question (canvas-lms, lib/cc/qti/qti_items.rb,
 * `numerical_resprocessing`), and as Canvas's importer reads it back: the QTI Migration Tool
 * (instructure/QTIMigrationTool, migrate.py) turns QTI 1.2 into QTI 2, then canvas-lms
 * gems/plugins/qti_exporter/lib/qti/numeric_interaction.rb reads each answer from a
 * <respcondition>: the exact answer from <varequal>, and its margin as the <varlte> bound minus
 * it (BigDecimal). An item is a `numerical_question` by its <qtimetadata> `question_type`
 * (assessment_item_converter.rb); the category's shared text is a `text_only_question` first.
 */
import { decimalAt } from '../engine/numbers.js';
import { fullValue } from './format-number.js';
import { escapeXml, paragraphsHtml, questionHtml } from './quiz.js';
import type { QuizAnswer, QuizCategory } from './quiz.js';

/** Exact sums of an answer and its tolerance (values between 1e-300 and 1e300, authoring/quiz-limits.ts). */
const X = decimalAt(1000);

export interface PackageFile {
  readonly path: string;
  readonly text: string;
}

/** The files of the package: imsmanifest.xml, then one assessment file per category. */
export function qtiPackage(categories: readonly QuizCategory[]): PackageFile[] {
  const idents = categories.map((c, i) => identOf(c, i));
  const files = categories.map((c, i) => ({
    path: `${idents[i]}/${idents[i]}.xml`,
    text: assessmentXml(c, idents[i]!),
  }));
  const resources = files.map(
    (f, i) =>
      `    <resource identifier="${idents[i]}" type="imsqti_xmlv1p2">\n` +
      `      <file href="${f.path}"/>\n` +
      '    </resource>',
  );
  const manifest = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<manifest identifier="${idents[0] ?? 'backstep'}-manifest" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">`,
    '  <metadata>',
    '    <schema>IMS Content</schema>',
    '    <schemaversion>1.1.3</schemaversion>',
    '  </metadata>',
    '  <organizations/>',
    '  <resources>',
    ...resources,
    '  </resources>',
    '</manifest>',
    '',
  ].join('\n');
  return [{ path: 'imsmanifest.xml', text: manifest }, ...files];
}

/**
 * An identifier for a category, the same on every export of it (Canvas matches a re-import by
 * it): letters and digits of its names, and a hash of them so that two titles with the same
 * letters stay apart.
 */
function identOf(c: QuizCategory, i: number): string {
  const name = c.path.join(' ');
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return `backstep-${slug || `quiz${i + 1}`}-${fnv1a(name)}`;
}

/** 32-bit FNV-1a of the text's UTF-16 units, in hex: a short, stable fingerprint. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function meta(fields: ReadonlyArray<readonly [string, string]>): string[] {
  return [
    '        <itemmetadata>',
    '          <qtimetadata>',
    ...fields.map(
      ([label, entry]) =>
        `            <qtimetadatafield><fieldlabel>${label}</fieldlabel><fieldentry>${escapeXml(entry)}</fieldentry></qtimetadatafield>`,
    ),
    '          </qtimetadata>',
    '        </itemmetadata>',
  ];
}

function assessmentXml(c: QuizCategory, ident: string): string {
  const title = escapeXml(c.path.join(', '));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">',
    `  <assessment ident="${ident}" title="${title}">`,
    '    <section ident="root_section">',
    `      <item ident="${ident}-about" title="About these questions">`,
    ...meta([
      ['question_type', 'text_only_question'],
      ['points_possible', '0'],
    ]),
    '        <presentation>',
    `          <material><mattext texttype="text/html">${escapeXml(paragraphsHtml(c.intro))}</mattext></material>`,
    '        </presentation>',
    '      </item>',
  ];
  for (const [i, q] of c.questions.entries()) {
    out.push(
      `      <item ident="${ident}-q${i + 1}" title="${escapeXml(q.name)}">`,
      ...meta([
        ['question_type', 'numerical_question'],
        ['points_possible', '1'],
      ]),
      '        <presentation>',
      `          <material><mattext texttype="text/html">${escapeXml(questionHtml(q))}</mattext></material>`,
      '          <response_str ident="response1" rcardinality="Single">',
      '            <render_fib fibtype="Decimal"><response_label ident="answer1"/></render_fib>',
      '          </response_str>',
      '        </presentation>',
      '        <resprocessing>',
      '          <outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>',
      '          <respcondition continue="Yes">',
      '            <conditionvar><other/></conditionvar>',
      '            <displayfeedback feedbacktype="Response" linkrefid="general_fb"/>',
      '          </respcondition>',
      ...q.answers.flatMap(answerCondition),
      '        </resprocessing>',
      '        <itemfeedback ident="general_fb">',
      `          <flow_mat><material><mattext texttype="text/html">${escapeXml(paragraphsHtml(q.feedback))}</mattext></material></flow_mat>`,
      '        </itemfeedback>',
      '      </item>',
    );
  }
  out.push('    </section>', '  </assessment>', '</questestinterop>', '');
  return out.join('\n');
}

/**
 * One fully right answer: the value itself, or anything from value - margin to value + margin.
 * The bounds are written as exact decimal text (no float), so the margin Canvas reads back,
 * upper bound minus value, is the tolerance.
 */
function answerCondition(a: QuizAnswer): string[] {
  const [lo, hi] = bounds(a);
  return [
    '          <respcondition continue="No">',
    '            <conditionvar>',
    '              <or>',
    `                <varequal respident="response1">${a.value}</varequal>`,
    '                <and>',
    `                  <vargte respident="response1">${lo}</vargte>`,
    `                  <varlte respident="response1">${hi}</varlte>`,
    '                </and>',
    '              </or>',
    '            </conditionvar>',
    '            <setvar action="Set" varname="SCORE">100</setvar>',
    '          </respcondition>',
  ];
}

/** value - tolerance and value + tolerance, exact (both have at most a few hundred digits). */
export function bounds(a: QuizAnswer): [string, string] {
  const v = new X(a.value);
  return [fullValue(v.minus(a.tolerance)), fullValue(v.plus(a.tolerance))];
}
