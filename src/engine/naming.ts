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

function latexWord(w: string): string {
  if (GREEK.has(w)) return `\\${w}`;
  if (/^[A-Za-z]$/.test(w)) return w;
  if (/^[A-Za-z]+$/.test(w)) return `\\mathit{${w}}`;
  return `\\mathrm{${w.replace(/_/g, '\\_')}}`;
}

export function latexName(name: string): string {
  const hat = /^(.+)_hat(?:_(.+))?$/.exec(name);
  if (hat) return `\\hat{${latexName(hat[1]!)}}${hat[2] ? `_{${hat[2]}}` : ''}`;
  const us = name.indexOf('_');
  if (us > 0) return `${latexWord(name.slice(0, us))}_{${name.slice(us + 1).replace(/_/g, ',')}}`;
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
