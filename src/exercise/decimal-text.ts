/**
 * Numbers in exercise files are decimal text, read from the YAML source (never via a JS number,
 * which would turn 0.1234567890123456789 into something else). This is the accepted form, and
 * the one reading of "digits as written" that loading, variants, verify, lint and the learner's
 * answers share.
 */
export const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isDecimalText(s: string): boolean {
  return DECIMAL_PATTERN.test(s) && s !== '.' && s.length <= 200;
}

/** A decimal text as written: its sign, its digits with the point removed, and where the last digit stands. */
export interface Written {
  readonly negative: boolean;
  /** Every digit written before the exponent, point removed, leading zeros kept: "0.2420" -> "02420". */
  readonly digits: string;
  /** The power of ten of the last digit written: "0.2420" -> -4, "1200" -> 0, "5.868e-1" -> -4. */
  readonly lastDigitExp: number;
}

const WRITTEN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The digits of a decimal text as written, or undefined when it is not decimal text. */
export function readWritten(text: string): Written | undefined {
  const m = WRITTEN.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  const exponent = m[4] === undefined ? 0 : Number.parseInt(m[4], 10);
  return {
    negative: m[1] === '-',
    digits: `${m[2] ?? ''}${fraction}`,
    lastDigitExp: exponent - fraction.length,
  };
}

/** Number of digits after the decimal point as written: "0.2420" -> 4, "3" -> 0, "1.5e-3" -> 4. */
export function writtenDecimals(s: string): number {
  return Math.max(0, -(readWritten(s)?.lastDigitExp ?? 0));
}

/** Significant digits as written (leading zeros do not count): "0.2420" -> 4, "-0.0533" -> 3, "21" -> 2, "0" -> 0. */
export function writtenSignificant(s: string): number {
  return (readWritten(s)?.digits ?? '').replace(/^0+/, '').length;
}

/** A decimal text as mantissa * 10^exponent, exactly. */
export function decimalParts(text: string): { mantissa: bigint; exponent: number } {
  const w = readWritten(text);
  if (!w) throw new Error(`internal: not decimal text: ${text}`);
  const mantissa = BigInt(w.digits || '0') * (w.negative ? -1n : 1n);
  return { mantissa, exponent: w.lastDigitExp };
}

/**
 * A decimal's value as a key: equal numbers, however written (0.5, 0.50, 5e-1, .5), give
 * equal keys. Exact: mantissa and exponent with the trailing zeros moved into the exponent.
 * Text that is not a decimal is its own key.
 */
export function valueKey(text: string): string {
  if (!readWritten(text)) return text;
  let { mantissa, exponent } = decimalParts(text);
  if (mantissa === 0n) return '0';
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  return `${mantissa}e${exponent}`;
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
