/**
 * A quiz for an LMS (`backstep export`): categories of numerical questions, and their rendering
 * as Moodle XML and as GIFT. The numbers are decided elsewhere (commands/export.ts, from the
 * engine and the judging interval); here they are only written down, and every text from the
 * exercise file is escaped for the target: HTML inside the question, then XML or GIFT around it.
 *
 * Moodle XML as documented at https://docs.moodle.org/404/en/Moodle_XML: a <quiz> of
 * <question type="category"> markers (the questions after one go into that category, path
 * `$course$/...`) and <question type="numerical"> with <name>, <questiontext format="html">,
 * <generalfeedback>, and <answer fraction="100"> holding <text> (the value) and <tolerance>
 * (nominal, plus or minus).
 */

export interface QuizAnswer {
  /** The value Moodle compares with, as plain decimal text. */
  readonly value: string;
  /** Nominal tolerance: the answers value - tolerance to value + tolerance are right. */
  readonly tolerance: string;
}

export interface QuizQuestion {
  readonly name: string;
  /** Paragraphs of plain text (escaped here). */
  readonly text: readonly string[];
  /** Lines under "Known values:", plain text. */
  readonly known: readonly string[];
  /** All answers are fully right (fraction 100); the first is the one Moodle shows as correct. */
  readonly answers: readonly QuizAnswer[];
  /** Plain text shown after answering. */
  readonly feedback: readonly string[];
}

export interface QuizCategory {
  /** The category and its parents, outermost first (Moodle creates what is missing). */
  readonly path: readonly string[];
  readonly questions: readonly QuizQuestion[];
}

/** Text for HTML: the five characters that could start markup or end an attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const XML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text for an XML element or attribute, with control characters (not allowed in XML 1.0) dropped. */
export function escapeXml(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"']/g, (c) => XML_ENTITY[c]!)
  );
}

function html(q: QuizQuestion): string {
  const paragraphs = q.text.map((p) => `<p>${escapeHtml(p)}</p>`);
  const items = q.known.map((k) => `<li>${escapeHtml(k)}</li>`).join('');
  const known = q.known.length ? [`<p>Known values:</p><ul>${items}</ul>`] : [];
  return [...paragraphs.slice(0, -1), ...known, ...paragraphs.slice(-1)].join('');
}

function feedbackHtml(q: QuizQuestion): string {
  return q.feedback.map((f) => `<p>${escapeHtml(f)}</p>`).join('');
}

export function renderMoodleXml(categories: readonly QuizCategory[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  for (const c of categories) {
    // A slash inside a name would start a subcategory.
    const path = ['$course$', ...c.path.map((p) => p.replace(/\//g, '-'))].join('/');
    out.push(
      '  <question type="category">',
      `    <category><text>${escapeXml(path)}</text></category>`,
      '  </question>',
    );
    for (const q of c.questions) {
      out.push(
        '  <question type="numerical">',
        `    <name><text>${escapeXml(q.name)}</text></name>`,
        `    <questiontext format="html"><text>${escapeXml(html(q))}</text></questiontext>`,
        `    <generalfeedback format="html"><text>${escapeXml(feedbackHtml(q))}</text></generalfeedback>`,
        '    <defaultgrade>1</defaultgrade>',
        '    <penalty>0.3333333</penalty>',
        '    <hidden>0</hidden>',
      );
      for (const a of q.answers) {
        out.push(
          '    <answer fraction="100" format="plain_text">',
          `      <text>${escapeXml(a.value)}</text>`,
          `      <tolerance>${escapeXml(a.tolerance)}</tolerance>`,
          '      <feedback format="html"><text></text></feedback>',
          '    </answer>',
        );
      }
      out.push('  </question>');
    }
  }
  out.push('</quiz>');
  return out.join('\n') + '\n';
}

/** GIFT's special characters, escaped with a backslash (https://docs.moodle.org/404/en/GIFT_format). */
function escapeGift(s: string): string {
  return s.replace(/[~=#{}:\\]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The same quiz in GIFT: `$CATEGORY:` lines, and `::name::[html]text{#=value:tolerance ...####feedback}`. */
export function renderGift(categories: readonly QuizCategory[]): string {
  const out: string[] = [];
  for (const c of categories) {
    // The category line is read as it stands (no escapes): GIFT's special characters become -.
    out.push(
      `$CATEGORY: ${['$course$', ...c.path.map((p) => p.replace(/[~=#{}:\\/\r\n]/g, '-'))].join('/')}`,
      '',
    );
    for (const q of c.questions) {
      const answers = q.answers.map((a) => `=${a.value}:${a.tolerance}`).join(' ');
      const feedback = escapeGift(feedbackHtml(q));
      out.push(`::${escapeGift(q.name)}::[html]${escapeGift(html(q))}{#${answers}####${feedback}}`, '');
    }
  }
  return out.join('\n');
}
