/**
 * The documented magnitude limits (docs/authoring.md, "Limits"). One home, so the loader that
 * refuses a number and the evaluator that bounds a computed value agree on what is too large.
 */

/** Every number written in an exercise file is 0 or has a decimal exponent within ±this. */
export const MAX_INPUT_EXPONENT = 1000;

/**
 * A computed value whose decimal exponent would pass ±this is an overflow (or an underflow):
 * reported as such, never carried on as a number with a billion digits.
 */
export const MAX_VALUE_EXPONENT = 1_000_000;

/** An exercise file is at most this many bytes (checked before the YAML parser sees it). */
export const MAX_BYTES = 256 * 1024;
/**
 * The step window: a run with more steps than this is listed, worked through and verified step by
 * step only for its first iterations (as many whole iterations as fit); past it, solve shows a
 * summary and verify a replay that keeps no steps (the values after the last update). One window
 * for every output, so what solve lists is what practice asks and verify checks.
 */
export const STEP_WINDOW = 3000;
/**
 * Whether a decimal written as text (1.5e-3, -0.002, 1e1000000000) is 0 or has its decimal
 * exponent within ±MAX_INPUT_EXPONENT. Read from the text alone: a Decimal built from
 * 1e1000000000 would already be the problem. Text that is not a decimal counts as within.
 */
export function withinInputLimit(text: string): boolean {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m) return true;
  const int = m[1] ?? '';
  const digits = int + (m[2] ?? '');
  const first = digits.search(/[1-9]/);
  if (first < 0) return true;
  const exponent = BigInt(int.length - 1 - first) + BigInt(m[3] ?? '0');
  const bound = BigInt(MAX_INPUT_EXPONENT);
  return exponent <= bound && exponent >= -bound;
}
