/**
 * The composer's readers of single values (compose.ts has the walk and the collections): a
 * decimal kept as its source text, a whole number, text, one of a set of words.
 */
import { MAX_INPUT_EXPONENT, withinInputLimit } from '../engine/limits.js';
import { DECIMAL_PATTERN } from './decimal-text.js';
import { changed, describe, report, RANGE_HINT, stand, where } from './compose-context.js';
import type { Ctx, Path } from './compose-context.js';
import type { Shape } from './shape.js';
import { closest } from './suggest.js';
import type { Plain } from './yaml-source.js';

const NUMBER_HINT = 'write a decimal number such as 0.25, -3 or 1.5e-3 (a point for decimals, no commas)';

export function decimalAt(got: Plain | undefined, path: Path, ctx: Ctx): Plain {
  // Whole numbers of up to 9 digits arrive as numbers (exact); every other number as its text.
  const textOf = typeof got === 'number' ? String(got) : got;
  if (typeof textOf !== 'string') {
    const what = Array.isArray(got) || (got !== null && typeof got === 'object') ? 'bad-type' : 'bad-number';
    const message =
      what === 'bad-type'
        ? `${where(path)} should be a number, not ${describe(got)}`
        : `${where(path)}: ${describe(got)} is not a number`;
    report(ctx, path, what, message, NUMBER_HINT);
    return '1';
  }
  if (!DECIMAL_PATTERN.test(textOf)) {
    report(ctx, path, 'bad-number', `${where(path)}: ${describe(got)} is not a number`, NUMBER_HINT);
    return '1';
  }
  if (!withinInputLimit(textOf)) {
    report(
      ctx,
      path,
      'bad-value',
      `${where(path)}: this number is past the magnitude limit: exponents within ±${MAX_INPUT_EXPONENT} (docs/authoring.md, Limits)`,
    );
    return '1';
  }
  return textOf;
}

export function intAt(
  shape: Shape & { kind: 'int' },
  got: Plain | undefined,
  path: Path,
  ctx: Ctx,
): Plain | undefined {
  if (typeof got === 'number') {
    if (got >= shape.min && got <= shape.max) return got;
    const side = got < shape.min ? `at least ${shape.min}` : `at most ${shape.max}`;
    report(ctx, path, 'bad-value', `${where(path)}: ${side}, not ${got}`, RANGE_HINT);
    return stand(shape, path, ctx);
  }
  const written = typeof got === 'string' && DECIMAL_PATTERN.test(got) ? got : undefined;
  const whole = written === undefined ? undefined : wholeNumberOf(written);
  if (written !== undefined && /[eE]/.test(written)) {
    report(
      ctx,
      path,
      'bad-type',
      `${where(path)}: ${written} is written with an exponent; a count is a whole number in digits`,
      whole === undefined ? 'write it in digits, such as 10' : `write ${whole}`,
    );
  } else if (written !== undefined && /^[+-]?\d+$/.test(written)) {
    // Over nine digits: a whole number past every bound here.
    report(ctx, path, 'bad-value', `${where(path)}: at most ${shape.max}, not ${written}`, RANGE_HINT);
  } else {
    const fraction = written !== undefined && written.includes('.');
    report(
      ctx,
      path,
      'bad-type',
      fraction
        ? `${where(path)} should be a whole number, not ${written}`
        : `${where(path)} should be a whole number, not ${describe(got)}`,
      'write a plain whole number',
    );
  }
  return stand(shape, path, ctx);
}

/** The whole number an exponent form stands for (1e1 -> 10), when it is one of a sensible size. */
function wholeNumberOf(written: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(written);
  if (!m) return undefined;
  const exponent = Number.parseInt(m[4]!, 10);
  const fraction = m[3] ?? '';
  if (!Number.isFinite(exponent) || Math.abs(exponent) > 12) return undefined;
  const digits = (m[2] ?? '') + fraction;
  const point = (m[2] ?? '').length + exponent;
  if (point < 0 || /[1-9]/.test(digits.slice(Math.max(0, point)))) return undefined;
  const int =
    digits
      .padEnd(point, '0')
      .slice(0, point)
      .replace(/^0+(?=\d)/, '') || '0';
  return (m[1] === '-' && int !== '0' ? '-' : '') + int;
}

export function textAt(
  shape: Shape & { kind: 'text' },
  got: Plain | undefined,
  path: Path,
  ctx: Ctx,
): Plain | undefined {
  if (typeof got !== 'string') {
    const scalar = typeof got === 'number' || typeof got === 'boolean';
    report(
      ctx,
      path,
      'bad-type',
      `${where(path)} should be text, not ${describe(got)}`,
      scalar ? `put it in quotes to make it text: "${String(got)}"` : 'see docs/authoring.md',
    );
    return stand(shape, path, ctx);
  }
  const count = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
  let wrong: string | undefined;
  if (shape.min !== undefined && got.length < shape.min)
    wrong = got.length === 0 ? 'must not be empty' : `at least ${count(shape.min)}, not ${got.length}`;
  else if (got.length > shape.max) wrong = `at most ${count(shape.max)}, not ${got.length}`;
  if (wrong !== undefined) {
    report(ctx, path, 'bad-value', `${where(path)}: ${wrong}`, RANGE_HINT);
    return stand(shape, path, ctx);
  }
  if (shape.pattern && !shape.pattern.test(got)) {
    report(ctx, path, 'bad-value', `${where(path)}: ${describe(got)} has the wrong form`, shape.rule);
    return stand(shape, path, ctx);
  }
  return got;
}

export function choiceAt(values: readonly string[], got: Plain | undefined, path: Path, ctx: Ctx): Plain {
  if (typeof got === 'string' && values.includes(got)) return got;
  const near = typeof got === 'string' ? closest(got, values) : undefined;
  report(
    ctx,
    path,
    'bad-value',
    `${where(path)}: ${describe(got)} is not allowed`,
    `use one of: ${values.join(', ')}${near ? ` (did you mean "${near}"?)` : ''}`,
  );
  // The did-you-mean is the likely reading and keeps the steps; a first choice may not.
  if (near !== undefined) return near;
  changed(path, ctx);
  return values[0]!;
}
