/**
 * How an answer key fits the page. A step is a paragraph of display-style inline math, so TeX
 * itself measures it and breaks it where a reader would: after an `=` or between the terms of a
 * sum or product, never inside a number; the continuation lines hang under the first. For that,
 * the math is made breakable: `\left( \right)` around plain content becomes `( )` (TeX breaks
 * only outside \left..\right), a comma between arguments allows a break, and a fraction too wide
 * for the line (a softmax over many outputs) is written `numerator / (denominator)`.
 * Given values and final parameters go in a compact table of several `symbol = value` columns.
 */

/** Macros the answer key uses, for the preamble. */
export const LAYOUT_MACROS = [
  // Worked steps: ragged right, one paragraph each, its continuation lines indented.
  '\\newenvironment{worked}{\\par\\raggedright\\setlength{\\parindent}{0pt}\\setlength{\\parskip}{0.9ex plus 0.3ex}}{\\par}',
  '\\newcommand{\\workedstep}{\\hangindent=2.5em\\hangafter=1 }',
];

/** Characters of math a line of the key holds (11pt on A4 with 2 cm margins: 483 pt, about 88 digits). */
const LINE_CHARS = 80;
/** A fraction whose numerator or denominator is wider than this is written inline. */
const WIDE_FRACTION = 60;
const ROWS = 12;

/** One step: `lhs = part = part ...` as a breakable paragraph. */
export function latexStep(lhs: string, parts: readonly string[]): string {
  return `\\workedstep $\\displaystyle ${[lhs, ...parts].map(breakable).join(' = ')}$\\par`;
}

/** The end of a balanced `{...}` group that opens at `open`. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return s.length - 1;
}

/** Math TeX can break between terms: see the file comment. */
export function breakable(math: string): string {
  // Breaks between terms, not inside a product: a \cdot holds its factors together.
  return relaxParens(inlineWideFractions(math))
    .replace(/, /g, ',\\allowbreak ')
    .replace(/ \\cdot /g, ' \\cdot\\nobreak ');
}

function inlineWideFractions(s: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const at = s.indexOf('\\frac{', i);
    if (at < 0) return out + s.slice(i);
    const numEnd = closing(s, at + 5);
    const denEnd = closing(s, numEnd + 1);
    const num = s.slice(at + 6, numEnd);
    const den = s.slice(numEnd + 2, denEnd);
    out += s.slice(i, at);
    if (Math.max(mathWidth(num), mathWidth(den)) > WIDE_FRACTION) {
      const n = inlineWideFractions(num);
      out += `${/ [+-] /.test(n) ? `\\bigl(${n}\\bigr)` : n} \\big/ \\bigl(${inlineWideFractions(den)}\\bigr)`;
    } else out += s.slice(at, denEnd + 1);
    i = denEnd + 1;
  }
}

/** `\left( x \right)` as `( x )` wherever x holds nothing tall (no fraction or sum). */
function relaxParens(s: string): string {
  const pairs: Array<[number, number]> = [];
  const open: number[] = [];
  const re = /\\left\(|\\right\)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m[0] === '\\left(') open.push(m.index);
    else if (open.length) pairs.push([open.pop()!, m.index]);
  }
  const plain = pairs.filter(([a, b]) => !/\\frac|\\sum|\\dfrac/.test(s.slice(a, b)));
  const starts = new Set(plain.map(([a]) => a));
  const ends = new Set(plain.map(([, b]) => b));
  return s.replace(/\\left\(|\\right\)/g, (m, at: number) => (starts.has(at) ? '(' : ends.has(at) ? ')' : m));
}

/** About how many digit widths a piece of LaTeX math takes (for choosing a layout, not exact). */
export function mathWidth(tex: string): number {
  const t = tex
    .replace(/\\(left|right|big[lr]?|displaystyle|allowbreak)\b/g, '')
    .replace(/\\frac\{/g, '{')
    .replace(/\\(exp|ln|max|operatorname|text|mathrm|mathit)\b/g, 'ab')
    .replace(/\\[a-zA-Z]+/g, 'x')
    .replace(/\\./g, 'x')
    .replace(/[{}_^]/g, '');
  // An operator with its spaces is about two digits wide.
  return t.replace(/ [+=-] | x /g, 'xx').replace(/ /g, '').length;
}

/**
 * `symbol = value` pairs in as many columns as fit, row by row, in tables of at most 12 rows (a
 * page may break between them, so a long list does not leave half a page empty).
 */
export function latexValueTable(pairs: ReadonlyArray<readonly [string, string]>): string[] {
  if (pairs.length === 0) return [];
  const widest = Math.max(...pairs.map(([s, v]) => mathWidth(s) + mathWidth(v)));
  // Each column also holds ` = ` and the gap to the next one (about 6 digits together).
  const cols = Math.max(1, Math.min(6, Math.floor((LINE_CHARS + 4) / (widest + 6)), pairs.length));
  const out: string[] = [];
  const rows = Math.ceil(pairs.length / cols);
  for (let start = 0; start < rows; start += ROWS) {
    out.push(`\\noindent\\begin{tabular}{@{}${Array(cols).fill('r@{${}={}$}l').join('@{\\qquad}')}@{}}`);
    for (let r = start; r < Math.min(rows, start + ROWS); r++) {
      const cells = pairs.slice(r * cols, r * cols + cols).map(([s, v]) => `$${s}$ & $${v}$`);
      out.push(`${cells.join(' & ')} \\\\`);
    }
    out.push('\\end{tabular}\\par');
  }
  return out;
}
