import { evaluateFormula, givenValue } from '../engine/evaluate-plan.js';
import type { Expr } from '../engine/expr.js';
import { mapRefs, ref } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import { FUNCTIONS, isFunctionName, parseTokens, tokenizeExpr, type Tok } from '../engine/parse-expr.js';
import { readWritten, writtenSignificant } from '../exercise/decimal-text.js';
import { closest } from '../exercise/suggest.js';
import { nameTable, substitutePlaceholders, type NameTable } from './answer-names.js';
import { normaliseAnswer } from './normalise-answer.js';
import type { AnswerParse, Context } from './types.js';

/**
 * Reads an answer: a number (0.5868, -.0533, 5.868e-1) or the arithmetic a learner would
 * otherwise do on a calculator (1/3, 0.5869*0.2, y_F*(1-y_F), sigmoid(0.351), exp(-0.471)).
 * Names of earlier steps take the learner's accepted values; givens their exact values.
 * Never eval: the engine's parser builds an expression tree, evaluated at working precision.
 * Anything that cannot be read comes back as a message with the place it concerns.
 */

export function parseAnswer(input: string, ctx: Context, stepId: string): AnswerParse {
  const r = readAnswer(input, ctx, stepId);
  if (!r.ok) return r;
  return { ok: true, value: r.value, text: r.text, decimals: r.decimals, significant: r.significant };
}

/** parseAnswer, plus the power of ten of a typed number's last digit (undefined for an expression). */
export type ReadAnswer =
  | { ok: false; message: string; start: number; end: number }
  | {
      ok: true;
      value: Dec;
      text: string;
      decimals: number | undefined;
      significant: number;
      lastDigitExp: number | undefined;
    };

export function readAnswer(input: string, ctx: Context, stepId: string): ReadAnswer {
  const ix = ctx.solved.index;
  const step = ix.locate(stepId)?.step;
  const ownNames = [
    stepId,
    ...[...ctx.solved.exercise.symbols].filter(([, id]) => id === stepId).map(([name]) => name),
  ];
  const norm = normaliseAnswer(input, ownNames);
  const at = (start: number, end: number) => ({
    start: norm.origin[start] ?? input.length,
    end: norm.origin[Math.max(end, start)] ?? input.length,
  });
  const fail = (message: string, start: number, end: number): ReadAnswer => ({
    ok: false,
    message,
    ...at(start, end),
  });

  if (norm.text === '')
    return fail(
      'there is nothing to read yet: type a number, like 0.5868, or an expression, like 0.2*0.5868',
      0,
      0,
    );
  const table = nameTable(ctx.solved, step?.iteration ?? 1);
  const src = substitutePlaceholders(norm.text, table);
  // The parser's own tokens, so that the names checked below are the names it reads.
  const scanned = tokenizeExpr(src);
  const tokens = scanned ?? [];

  const pair = adjacentNumbers(tokens);
  if (pair)
    return fail(
      `two numbers with only a space between them; write * between them to multiply, or remove the space`,
      pair.start,
      pair.end,
    );
  const parsed = parseTokens(src, scanned);
  if (!parsed.ok)
    return fail(
      restoreNames(parsed.error.message, table.fromPlaceholder),
      parsed.error.start,
      parsed.error.end,
    );

  const looked = valuesOfNames(tokens, table, ctx, stepId);
  if (!looked.ok) return fail(looked.message, looked.start, looked.end);
  const values = looked.values;
  const D = ctx.solved.D;

  const expr = mapRefs(parsed.expr, (name) => ref(table.fromPlaceholder.get(name) ?? name));
  let value: Dec;
  try {
    value = evaluateFormula(expr, (name) => values.get(name), D.precision);
  } catch {
    return fail('this cannot be worked out', 0, norm.text.length);
  }
  if (!value.isFinite())
    return fail(
      'this has no value: it divides by zero, or takes ln or sqrt of a negative number, or is too large',
      0,
      norm.text.length,
    );

  return readValue(value, norm.text, expr, ctx);
}

/** Where two numbers stand side by side with only a space between them, if anywhere. */
function adjacentNumbers(tokens: readonly Tok[]): { start: number; end: number } | undefined {
  // Two numbers side by side would be multiplied; a learner almost certainly meant one number.
  for (let i = 1; i < tokens.length; i++) {
    const [a, b] = [tokens[i - 1]!, tokens[i]!];
    if (a.kind === 'num' && b.kind === 'num') return { start: a.start, end: b.end };
  }
  return undefined;
}

/**
 * The value of every name in the answer, by the name as typed; or what is wrong with the first
 * name that has none (unknown, the step itself, not worked out yet), at its tokens' place.
 * Every name must be a quantity the learner already has.
 */
function valuesOfNames(
  tokens: readonly Tok[],
  table: NameTable,
  ctx: Context,
  stepId: string,
): { ok: true; values: Map<string, Dec> } | { ok: false; message: string; start: number; end: number } {
  const ix = ctx.solved.index;
  const D = ctx.solved.D;
  const values = new Map<string, Dec>();
  const fail = (message: string, t: Tok) => ({ ok: false, message, start: t.start, end: t.end }) as const;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'id') continue;
    const next = tokens[i + 1];
    if (next?.kind === 'op' && next.text === '(' && isFunctionName(t.text)) continue;
    const typed = table.fromPlaceholder.get(t.text) ?? t.text;
    const id = table.ids.get(typed);
    if (id === undefined) return fail(unknownName(typed, table.ids.keys(), next?.text === '('), t);
    if (id === stepId)
      return fail(`${typed} is the value you are working out; type a number or an expression for it`, t);
    const given = ix.given(id);
    const v = given ? (ctx.solved.exact.get(id) ?? givenValue(D, given.value)) : ctx.accepted.get(id);
    if (v === undefined) return fail(`${typed} is not known yet; work it out first, or type its value`, t);
    values.set(typed, v);
  }
  return { ok: true, values };
}

/**
 * A readable answer's result: a plain number states its own precision; an expression carries
 * its full value, at working precision.
 */
function readValue(value: Dec, text: string, expr: Expr, ctx: Context): ReadAnswer {
  const plain = plainNumber(expr);
  if (plain) {
    const digits = typedDigits(plain);
    return {
      ok: true,
      value,
      text,
      decimals: Math.max(0, -digits.lastDigitExp),
      significant: digits.significant,
      lastDigitExp: digits.lastDigitExp,
    };
  }
  return {
    ok: true,
    value,
    text,
    decimals: undefined,
    significant: ctx.solved.exercise.working,
    lastDigitExp: undefined,
  };
}

/** The number's text when the expression is a plain number (possibly negated), else undefined. */
function plainNumber(e: Expr): string | undefined {
  if (e.op === 'num') return e.text;
  if (e.op === 'neg' && e.args[0].op === 'num') return e.args[0].text;
  return undefined;
}

/**
 * What a typed number states: the power of ten of its last digit (0.5868: -4; 5.868e-1: -4;
 * 1200: 0) and its count of significant digits (0.05868: 4; 0.2420: 4; 0: 1).
 */
export function typedDigits(text: string): { lastDigitExp: number; significant: number } {
  return {
    lastDigitExp: readWritten(text)?.lastDigitExp ?? 0,
    significant: Math.max(1, writtenSignificant(text)),
  };
}

/** The functions named in a message: the first name of each operation (exp, ln, sqrt, sigmoid, ...). */
const FUNCTION_LIST = Object.entries(FUNCTIONS)
  .filter(([name, op], i, all) => all.findIndex(([, o]) => o === op) === i && !name.endsWith("'"))
  .map(([name]) => name)
  .join(', ');

function unknownName(name: string, known: Iterable<string>, called: boolean): string {
  if (name === 'e')
    return 'e on its own is not a name here; for e to a power, write exp(...), as in exp(-0.351)';
  if (isFunctionName(name)) return `${name} is a function: write ${name}(...)`;
  if (called) {
    const guess = closest(name, [...Object.keys(FUNCTIONS), ...known]);
    return `${name} is not a function or a name in this exercise${guess ? `; did you mean ${guess}?` : ` (functions: ${FUNCTION_LIST})`}`;
  }
  const guess = closest(name, known);
  return guess
    ? `${name} is not a name in this exercise; did you mean ${guess}?`
    : `${name} is not a name in this exercise`;
}

function restoreNames(message: string, fromPlaceholder: ReadonlyMap<string, string>): string {
  let out = message;
  for (const [p, name] of fromPlaceholder) if (out.includes(p)) out = out.split(p).join(name);
  return out;
}
