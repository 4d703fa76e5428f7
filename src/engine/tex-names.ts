/**
 * LaTeX for the names exercises use: w5 -> w_{5}, x_A -> x_{A}, y_hat -> \hat{y}, eta -> \eta.
 * Text symbols are the step ids themselves, which read like the sources. A neuron's name in
 * words (descriptions, pictures) is neuronLabel's.
 */
const GREEK = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'eta',
  'theta',
  'lambda',
  'mu',
  'sigma',
  'tau',
  'phi',
  'psi',
  'omega',
  'rho',
  'nu',
  'xi',
  'zeta',
  'kappa',
  'iota',
  'chi',
  'pi',
]);

/** Greek letters written as characters, by their LaTeX names (capitals that look Latin are Latin). */
export const UNICODE_GREEK: Readonly<Record<string, string>> = {
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  ε: 'epsilon',
  ζ: 'zeta',
  η: 'eta',
  θ: 'theta',
  ι: 'iota',
  κ: 'kappa',
  λ: 'lambda',
  μ: 'mu',
  ν: 'nu',
  ξ: 'xi',
  π: 'pi',
  ρ: 'rho',
  ς: 'varsigma',
  σ: 'sigma',
  τ: 'tau',
  υ: 'upsilon',
  φ: 'phi',
  χ: 'chi',
  ψ: 'psi',
  ω: 'omega',
  Γ: 'Gamma',
  Δ: 'Delta',
  Θ: 'Theta',
  Λ: 'Lambda',
  Ξ: 'Xi',
  Π: 'Pi',
  Σ: 'Sigma',
  Υ: 'Upsilon',
  Φ: 'Phi',
  Ψ: 'Psi',
  Ω: 'Omega',
  ϵ: 'epsilon',
  ϑ: 'vartheta',
  ϕ: 'phi',
};

/**
 * A character of a name in math mode, as written: a notation symbol is any text up to 8
 * characters (`%`, `}` or `\\iffalse` would end or break the formula), so every character that
 * is not a letter or digit is a command or a braced character that LaTeX, KaTeX and MathJax print
 * as itself, and that Markdown does not read as HTML (`{<}`) or a table cell (`\\vert`).
 */
const MATH_CHAR: Readonly<Record<string, string>> = {
  '\\': '\\backslash ',
  '{': '\\{',
  '}': '\\}',
  '%': '\\%',
  '#': '\\#',
  $: '\\$',
  '&': '\\&',
  _: '\\_',
  '^': '\\hat{}',
  '~': '\\sim ',
  '<': '{<}',
  '>': '{>}',
  '|': '\\vert ',
  '*': '\\ast ',
  '`': '\\grave{}',
  '"': "''",
  ' ': '\\ ',
  // Markdown would read [a](b) as a link.
  '[': '\\lbrack ',
  ']': '\\rbrack ',
};

/** A character's Unicode name by number: U+4E2D. */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function mathChars(w: string): string {
  return [...w]
    .map((ch) => {
      if (/^[A-Za-z0-9.,;:!?'()=+\-/@]$/.test(ch)) return ch;
      if (MATH_CHAR[ch] !== undefined) return MATH_CHAR[ch];
      if (UNICODE_GREEK[ch] !== undefined) return `\\${UNICODE_GREEK[ch]} `;
      // Anything else (an accented letter, CJK, an emoji) by its code point, which every renderer prints.
      return `\\text{[${codePoint(ch)}]}`;
    })
    .join('');
}

function latexWord(w: string): string {
  if (GREEK.has(w)) return `\\${w}`;
  if (/^[A-Za-z]$/.test(w)) return w;
  if (/^[A-Za-z]+$/.test(w)) return `\\mathit{${w}}`;
  return `\\mathrm{${mathChars(w)}}`;
}

export function latexName(name: string): string {
  const hat = /^(.+)_hat(?:_(.+))?$/.exec(name);
  if (hat)
    return `\\hat{${latexName(hat[1]!)}}${hat[2] ? `_{${hat[2].split('_').map(mathChars).join('_')}}` : ''}`;
  const us = name.indexOf('_');
  if (us > 0)
    return `${latexWord(name.slice(0, us))}_{${name
      .slice(us + 1)
      .split('_')
      .map(mathChars)
      .join(',')}}`;
  const digits = /^([A-Za-z]+)(\d+)$/.exec(name);
  if (digits) return `${latexWord(digits[1]!)}_{${digits[2]}}`;
  return latexWord(name);
}

export function latexPartial(num: string, den: string): string {
  return `\\frac{\\partial ${latexName(num)}}{\\partial ${latexName(den)}}`;
}

export function latexSuffix(latex: string, iteration: number, example?: number): string {
  const ex = example === undefined ? '' : `(${example})`;
  const it = iteration > 1 ? `[${iteration}]` : '';
  return ex || it ? `{${latex}}^{${ex}${it}}` : latex;
}

/**
 * A neuron's name as a learner reads it in words and pictures: a bare number ("weighted input
 * of 1") would read as a value, so a name that starts with a digit is written #1. Step ids keep
 * the name itself (z_1), since learners type them.
 */
export function neuronLabel(name: string): string {
  return /^[0-9]/.test(name) ? `#${name}` : name;
}
