/**
 * Text from an exercise file in a LaTeX document, so that it compiles and reads as written with
 * what texlive-latex-base installs (pdflatex, OT1-encoded Computer Modern, utf8 inputenc):
 * - the ten special characters are escaped; `^`, `~` and `\`, which have no glyph in OT1 roman,
 *   are the typewriter font's; `<`, `>` and `|` (¡, ¿ and — in OT1) are \textless, \textgreater
 *   and \textbar;
 * - ligatures the writer did not mean are broken: `--` (a dash), `!`` and `?`` (¡ ¿), ```` `` ````
 *   and `''` (curly quotes);
 * - Latin letters with accents that OT1 composes are passed through (utf8 inputenc sets them);
 *   common math symbols and Greek letters become math commands (≤ is \leq, Ω is \Omega);
 * - any other character (CJK, emoji, a symbol with no glyph in these fonts) is shown as
 *   [U+4E2D], never passed on to stop pdflatex with "Unicode character not set up". `check`
 *   warns about these (glyphless, used by authoring/lint).
 * The set of letters was measured: each character compiled alone, with a Type 1 font and
 * pdftotext reading it back (T1 encoding would need the lmodern or cm-super fonts, which
 * texlive-latex-base lacks: with it pdflatex draws bitmap fonts).
 */
import { UNICODE_GREEK, codePoint } from '../engine/tex-names.js';

const SPECIAL: Readonly<Record<string, string>> = {
  '\\': '{\\ttfamily\\char92}',
  '^': '{\\ttfamily\\char94}',
  '~': '{\\ttfamily\\char126}',
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

/** Symbols that read the same as a math command. */
const MATH_SYMBOL: Readonly<Record<string, string>> = {
  '≤': '\\leq',
  '≥': '\\geq',
  '≠': '\\neq',
  '≈': '\\approx',
  '≡': '\\equiv',
  '∞': '\\infty',
  '±': '\\pm',
  '∓': '\\mp',
  '×': '\\times',
  '÷': '\\div',
  '·': '\\cdot',
  '∙': '\\cdot',
  '−': '-',
  '→': '\\rightarrow',
  '←': '\\leftarrow',
  '↔': '\\leftrightarrow',
  '⇒': '\\Rightarrow',
  '⇐': '\\Leftarrow',
  '⇔': '\\Leftrightarrow',
  '↦': '\\mapsto',
  '∂': '\\partial',
  '∇': '\\nabla',
  '∑': '\\sum',
  '∏': '\\prod',
  '∫': '\\int',
  '√': '\\surd',
  '∈': '\\in',
  '∉': '\\notin',
  '⊂': '\\subset',
  '∪': '\\cup',
  '∩': '\\cap',
  '∀': '\\forall',
  '∃': '\\exists',
  '∘': '\\circ',
  '°': '^\\circ',
  '′': "'",
  '″': "''",
  '∼': '\\sim',
  '∝': '\\propto',
  '⊙': '\\odot',
  '⊗': '\\otimes',
  '⊕': '\\oplus',
  '∗': '\\ast',
  '‖': '\\|',
  '✓': '\\checkmark',
  '✔': '\\checkmark',
  '…': '\\ldots',
};

/** Text-mode replacements that OT1 or its companion fonts draw. */
const TEXT_SYMBOL: Readonly<Record<string, string>> = {
  '\u00a0': '~',
  '–': '--',
  '—': '---',
  '‘': '`',
  '’': "'",
  '“': '``',
  '”': "''",
  '•': '\\textbullet{}',
  '§': '\\S{}',
  '¶': '\\P{}',
  '†': '\\dag{}',
  '‡': '\\ddag{}',
  '¡': '!`',
  '¿': '?`',
};

// Latin letters with accents that utf8 inputenc composes in OT1 (measured, see above).
const COMPOSED = new RegExp(
  `^[${[
    '\\u00c0-\\u00cf\\u00d1-\\u00d6\\u00d8-\\u00dd\\u00df-\\u00ef\\u00f1-\\u00f6\\u00f8-\\u00fd',
    '\\u00ff-\\u0103\\u0106-\\u010f\\u0112-\\u0117\\u011a-\\u0125\\u0128-\\u012d\\u0130-\\u0137',
    '\\u0139-\\u013e\\u0141-\\u0148\\u014c-\\u0165\\u0168-\\u0171\\u0174-\\u017e\\u01cd-\\u01d4\\u01e2\\u01e3',
    '\\u01e6-\\u01e9\\u01f0\\u01f4\\u01f5\\u0232\\u0233\\u0237',
  ].join('')}]$`,
  'u',
);

/** A character's LaTeX in text mode, or undefined when the installed fonts have no glyph for it. */
function textChar(ch: string): string | undefined {
  if (/^[\x20-\x7e\n\t]$/.test(ch)) return SPECIAL[ch] ?? ch;
  if (COMPOSED.test(ch)) return ch;
  const math = MATH_SYMBOL[ch] ?? (UNICODE_GREEK[ch] !== undefined ? `\\${UNICODE_GREEK[ch]}` : undefined);
  if (math !== undefined) return `\\ensuremath{${math}}`;
  return TEXT_SYMBOL[ch];
}

/** Text for LaTeX, read as written: see the file comment. */
export function latexText(s: string): string {
  const chars = [...s.normalize('NFC')];
  let out = '';
  chars.forEach((ch, i) => {
    const next = chars[i + 1];
    out += textChar(ch) ?? unicodeTag(ch);
    // Pairs TeX would join into one glyph (--, !`, ?`, ``, '') are kept apart.
    if (
      next !== undefined &&
      ((ch === '-' && next === '-') || ('!?`'.includes(ch) && next === '`') || (ch === "'" && next === "'"))
    )
      out += '{}';
  });
  return out;
}

function unicodeTag(ch: string): string {
  return `[${codePoint(ch)}]`;
}

/** The characters of `s` that a LaTeX document shows as [U+XXXX] (no glyph in the installed fonts). */
export function glyphless(s: string): string[] {
  return [...new Set([...s.normalize('NFC')].filter((ch) => textChar(ch) === undefined))];
}
