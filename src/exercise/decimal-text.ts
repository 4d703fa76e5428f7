/**
 * Numbers in exercise files are decimal text, read from the YAML source (never via a JS number,
 * which would turn 0.1234567890123456789 into something else). This is the accepted form.
 */
export const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isDecimalText(s: string): boolean {
  return DECIMAL_PATTERN.test(s) && s !== '.' && s.length <= 200;
}

/** Number of digits after the decimal point as written: "0.2420" -> 4, "3" -> 0, "1.5e-3" -> 4. */
export function writtenDecimals(s: string): number {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return 0;
  const frac = m[2]?.length ?? 0;
  const exp = m[3] === undefined ? 0 : Number.parseInt(m[3], 10);
  return Math.max(0, frac - exp);
}

/**
 * The sign of a decimal written as text, read from its digits: exact even where a Decimal would
 * underflow to 0 (1e-99999999999999999 is positive).
 */
export function signOfText(s: string): -1 | 0 | 1 {
  const mantissa = s.replace(/[eE].*$/, '');
  if (!/[1-9]/.test(mantissa)) return 0;
  return mantissa.trimStart().startsWith('-') ? -1 : 1;
}
