/**
 * Parses arithmetic as a person types it: graph node formulas, printed formulas, and learner
 * answers. Never eval. Numbers stay decimal text. `+ - * / ^`, `·` and `×`, parentheses,
 * implicit multiplication (`2 x b`, `2(3)`), and the functions of the operations' records
 * (operations/*.ts: exp, ln, sqrt...). Identifiers come back as
 * references by the name typed; the caller resolves them.
 */
import { MAX_INPUT_EXPONENT, withinInputLimit } from './limits.js';
import { add, div, mul, neg, num, pow, ref, sub, unary } from './expr.js';
import type { Expr } from './expr.js';
import { FUNCTIONS, operation } from './operations/table.js';

export interface ParseFailure {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}
export type ParseResult = { ok: true; expr: Expr } | { ok: false; error: ParseFailure };

// The one table of function names, for formulas and answers alike (each operation's record).
export { FUNCTIONS, FUNCTION_TEXT } from './operations/table.js';

export function isFunctionName(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}
export const MAX_INPUT_LENGTH = 400;
const MAX_DEPTH = 40;

/** A token of a formula or an answer: a number as typed, a name, an operator or bracket, or the end. */
export type Tok = {
  readonly kind: 'num' | 'id' | 'op' | 'end';
  readonly text: string;
  readonly start: number;
  readonly end: number;
};

class Fail extends Error {
  constructor(readonly failure: ParseFailure) {
    super(failure.message);
  }
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const numMatch = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (numMatch) {
      const text = numMatch[0];
      const after = src[i + text.length];
      if (after === ',' && /\d/.test(src[i + text.length + 1] ?? '')) {
        throw new Fail({
          message: 'use a point for decimals, not a comma (0.5, not 0,5)',
          start: i + text.length,
          end: i + text.length + 1,
        });
      }
      if (after === '.')
        throw new Fail({
          message: `"${text}." has a second decimal point`,
          start: i + text.length,
          end: i + text.length + 1,
        });
      if (!withinInputLimit(text))
        throw new Fail({
          message: `${text} is past the magnitude limit (exponents within ±${MAX_INPUT_EXPONENT})`,
          start: i,
          end: i + text.length,
        });
      toks.push({ kind: 'num', text, start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    // Names, with the step-id suffixes for an example and an iteration: y_hat[2], w5@2.
    const idMatch = /^[\p{L}_][\p{L}\p{N}_]*'?(?:\[\d{1,6}\])?(?:@\d{1,7})?/u.exec(src.slice(i));
    if (idMatch) {
      toks.push({ kind: 'id', text: idMatch[0], start: i, end: i + idMatch[0].length });
      i += idMatch[0].length;
      continue;
    }
    const opText = c === '*' && src[i + 1] === '*' ? '**' : c;
    if ('+-*/^()·×−**'.includes(opText) || opText === '**') {
      const normal =
        opText === '**' ? '^' : opText === '·' || opText === '×' ? '*' : opText === '−' ? '-' : opText;
      toks.push({ kind: 'op', text: normal, start: i, end: i + opText.length });
      i += opText.length;
      continue;
    }
    throw new Fail({ message: `unexpected "${c}"`, start: i, end: i + 1 });
  }
  toks.push({ kind: 'end', text: '', start: src.length, end: src.length });
  return toks;
}

/** The tokens the parser reads in `src`, or undefined where it refuses a character (parseExpr says why). */
export function tokenizeExpr(src: string): readonly Tok[] | undefined {
  try {
    return tokenize(src);
  } catch (e) {
    if (e instanceof Fail) return undefined;
    throw e;
  }
}

export function parseExpr(src: string): ParseResult {
  return parseTokens(src, undefined);
}

/**
 * parseExpr, reusing the tokens of `src` when the caller has them already (tokenizeExpr).
 *
 * Longer than 80 lines on purpose: a recursive-descent parser whose rules (expression, term,
 * signed, power, primary) call each other and share one cursor and one depth count. As closures
 * over that state each rule reads as its line of the grammar; split into module functions they
 * would pass the cursor around and the grammar would no longer read top to bottom.
 */
export function parseTokens(src: string, tokens: readonly Tok[] | undefined): ParseResult {
  if (src.length > MAX_INPUT_LENGTH)
    return {
      ok: false,
      error: { message: `too long (over ${MAX_INPUT_LENGTH} characters)`, start: 0, end: src.length },
    };
  try {
    const toks = tokens ?? tokenize(src);
    if (toks.length === 1) return { ok: false, error: { message: 'nothing to read', start: 0, end: 0 } };
    let pos = 0;
    let depth = 0;
    const peek = () => toks[pos]!;
    const next = () => toks[pos++]!;
    const fail = (t: Tok, message: string): never => {
      throw new Fail({ message, start: t.start, end: Math.max(t.end, t.start + 1) });
    };
    const enter = (t: Tok) => {
      if (++depth > MAX_DEPTH) fail(t, 'nested too deeply');
    };
    const isOp = (t: Tok, s: string) => t.kind === 'op' && t.text === s;

    const expression = (): Expr => {
      enter(peek());
      let left = term();
      for (;;) {
        const t = peek();
        if (isOp(t, '+')) {
          next();
          left = add(left, term());
        } else if (isOp(t, '-')) {
          next();
          left = sub(left, term());
        } else break;
      }
      depth--;
      return left;
    };
    const startsPrimary = (t: Tok) => t.kind === 'num' || t.kind === 'id' || isOp(t, '(');
    const term = (): Expr => {
      let left = signed();
      for (;;) {
        const t = peek();
        if (isOp(t, '*')) {
          next();
          left = mul(left, signed());
        } else if (isOp(t, '/')) {
          next();
          left = div(left, signed());
        } else if (startsPrimary(t)) {
          left = mul(left, power()); // implicit multiplication: 2 x b, 2(3)
        } else break;
      }
      return left;
    };
    const signed = (): Expr => {
      const t = peek();
      if (isOp(t, '-')) {
        next();
        enter(t);
        const e = neg(signed());
        depth--;
        return e;
      }
      if (isOp(t, '+')) {
        next();
        return signed();
      }
      return power();
    };
    const power = (): Expr => {
      const base = primary();
      if (isOp(peek(), '^')) {
        const t = next();
        enter(t);
        const e = pow(base, signed());
        depth--;
        return e;
      }
      return base;
    };
    const primary = (): Expr => {
      const t = next();
      if (t.kind === 'num') return num(t.text);
      if (t.kind === 'id') {
        const fn = isFunctionName(t.text) ? FUNCTIONS[t.text] : undefined;
        // A name that is not a function, followed by "(", multiplies: y_F (1 - y_F).
        if (fn && isOp(peek(), '(')) {
          next();
          const arg = expression();
          if (!isOp(peek(), ')')) fail(peek(), 'missing ")"');
          next();
          return unary(fn, arg);
        }
        if (fn && !operation(fn).bareIsName) fail(t, `"${t.text}" is a function: write ${t.text}(...)`);
        return ref(t.text);
      }
      if (isOp(t, '(')) {
        const e = expression();
        if (!isOp(peek(), ')')) fail(peek(), 'missing ")"');
        next();
        return e;
      }
      if (t.kind === 'end') return fail(t, 'the expression ends too early');
      return fail(t, `unexpected "${t.text}"`);
    };

    const e = expression();
    const rest = peek();
    if (rest.kind !== 'end') fail(rest, isOp(rest, ')') ? 'unmatched ")"' : `unexpected "${rest.text}"`);
    return { ok: true, expr: e };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.failure };
    throw e;
  }
}
