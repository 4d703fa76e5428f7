/**
 * A quiz for an LMS (`backstep export`): categories of numerical questions, and their rendering
 * as Moodle XML and as GIFT (Canvas: render/quiz-qti.ts). The questions and their numbers are
 * decided elsewhere (authoring/quiz.ts); here they are only written down, and every text from
 * the exercise file is escaped for the target: HTML inside the question, then XML or GIFT
 * around it.
 *
 * Moodle XML as documented at https://docs.moodle.org/404/en/Moodle_XML: a <quiz> of
 * <question type="category"> markers (the questions after one go into that category, path
 * `$course$/...`, with an <info> description), a <question type="description"> carrying the
 * same text, and <question type="numerical"> with <name>, <questiontext format="html">,
 * <generalfeedback>, and <answer fraction="100"> holding <text> (the value) and <tolerance>
 * (nominal, plus or minus).
 */

export interface QuizAnswer {
  /** The value the LMS compares with, as plain decimal text. */
  readonly value: string;
  /** Nominal tolerance: the answers value - tolerance to value + tolerance are right. */
  readonly tolerance: string;
}

export interface QuizQuestion {
  readonly name: string;
  /** Which part of the calculation it belongs to, in words ("Second forward pass (updated parameters)"). */
  readonly pass: string;
  /** The values it is judged from, "symbol = value", plain text. */
  readonly uses: readonly string[];
  /** What to find and how to round it, plain text. */
  readonly ask: string;
  /** All answers are fully right (fraction 100); the first is the one the LMS shows as correct. */
  readonly answers: readonly QuizAnswer[];
  /** Plain text shown after answering. */
  readonly feedback: readonly string[];
}

export interface QuizCategory {
  /** The category and its parents, outermost first (Moodle creates what is missing). */
  readonly path: readonly string[];
  /** Paragraphs every question shares (the description, the network), said once. */
  readonly intro: readonly string[];
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

/** A question's text as HTML: its pass, the values it uses, what to find. */
export function questionHtml(q: QuizQuestion): string {
  const uses = q.uses.map((u) => `<li>${escapeHtml(u)}</li>`).join('');
  return (
    `<p><b>${escapeHtml(q.pass)}</b></p>` +
    (q.uses.length ? `<p>Use these values:</p><ul>${uses}</ul>` : '') +
    `<p>${escapeHtml(q.ask)}</p>`
  );
}

/** Paragraphs of plain text as HTML. */
export function paragraphsHtml(paragraphs: readonly string[]): string {
  return paragraphs.map((f) => `<p>${escapeHtml(f)}</p>`).join('');
}

/**
 * A category path for Moodle, whose importer splits it on single slashes: a slash inside a name
 * is written twice, and a name that would start or end with one gets a space there, as Moodle's
 * own export writes it (qformat_default::assemble_category_path, read back by split_category_path,
 * in question/format.php).
 */
export function moodleCategoryPath(names: readonly string[]): string {
  return ['$course$', ...names]
    .map((n) => n.replace(/\//g, '//').replace(/^\//, ' /').replace(/\/$/, '/ '))
    .join('/');
}

export function renderMoodleXml(categories: readonly QuizCategory[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  for (const c of categories) {
    const intro = escapeXml(paragraphsHtml(c.intro));
    out.push(
      '  <question type="category">',
      `    <category><text>${escapeXml(moodleCategoryPath(c.path))}</text></category>`,
      `    <info format="html"><text>${intro}</text></info>`,
      '  </question>',
      // The same text as an item a quiz can show above its questions.
      '  <question type="description">',
      `    <name><text>${escapeXml(aboutName(c))}</text></name>`,
      `    <questiontext format="html"><text>${intro}</text></questiontext>`,
      '    <generalfeedback format="html"><text></text></generalfeedback>',
      '    <defaultgrade>0</defaultgrade>',
      '    <penalty>0</penalty>',
      '    <hidden>0</hidden>',
      '  </question>',
    );
    for (const q of c.questions) {
      out.push(
        '  <question type="numerical">',
        `    <name><text>${escapeXml(q.name)}</text></name>`,
        `    <questiontext format="html"><text>${escapeXml(questionHtml(q))}</text></questiontext>`,
        `    <generalfeedback format="html"><text>${escapeXml(paragraphsHtml(q.feedback))}</text></generalfeedback>`,
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

/** The name of a category's description item. */
export function aboutName(c: QuizCategory): string {
  return `${c.path.join(', ')}: about these questions`;
}

/** GIFT's special characters, escaped with a backslash (https://docs.moodle.org/404/en/GIFT_format). */
function escapeGift(s: string): string {
  return s.replace(/[~=#{}:\\]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The same quiz in GIFT: `$CATEGORY:` lines, a description item, and `::name::[html]text{#=value:tolerance ...####feedback}`. */
export function renderGift(categories: readonly QuizCategory[]): string {
  const out: string[] = [];
  for (const c of categories) {
    // The category line is read as it stands (GIFT's escapes would stay in the name as &&058;):
    // GIFT's special characters become -, and a slash is doubled as in Moodle XML.
    out.push(`$CATEGORY: ${moodleCategoryPath(c.path.map((p) => p.replace(/[~=#{}:\\\r\n]/g, '-')))}`, '');
    // No braces: GIFT reads it as a description.
    out.push(`::${escapeGift(aboutName(c))}::[html]${escapeGift(paragraphsHtml(c.intro))}`, '');
    for (const q of c.questions) {
      const answers = q.answers.map((a) => `=${a.value}:${a.tolerance}`).join(' ');
      const feedback = escapeGift(paragraphsHtml(q.feedback));
      out.push(
        `::${escapeGift(q.name)}::[html]${escapeGift(questionHtml(q))}{#${answers}####${feedback}}`,
        '',
      );
    }
  }
  return out.join('\n');
}
