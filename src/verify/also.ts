/**
 * Numbers a source prints with a step that are not the step's value (exp(z_3), a partial sum,
 * sqrt(v_hat)), and the step's value printed again at other digits (a worked line, then a
 * summary table). Each is judged at its own digits, like a printed value: right, cut, carried by
 * the source's own numbers (or an erratum of its), or wrong.
 */
import type { AlsoPrinted } from '../engine/model.js';
import type { Dec } from '../engine/numbers.js';
import type { Chain } from './chains.js';
import { chainLabel } from './chains.js';
import type { VerifyContext } from './context.js';
import { evalPrinted } from './context.js';
import { fitOf, fitWords, showFixed, showNumber } from './digits.js';
import { writtenDecimals } from '../exercise/decimal-text.js';
import type { Finding } from './types.js';
import type { ValueState } from './value.js';

/** The row's printed text: "0.13", "exp(z_3) = 1.534", "1.534 + 1.203 = 2.737". */
export function alsoText(a: AlsoPrinted): string {
  const lhs = a.formula ?? a.expression;
  return lhs === undefined ? a.printed : `${lhs} = ${a.printed}`;
}

/** What an also-printed number is worth exactly: the step, its formula, or its arithmetic. */
export function alsoExact(ctx: VerifyContext, id: string, a: AlsoPrinted): Dec | undefined {
  const text = a.formula ?? a.expression;
  return text === undefined ? ctx.exact.get(id) : evalPrinted(ctx, text);
}

export function checkAlso(
  ctx: VerifyContext,
  chains: readonly Chain[],
  state: ValueState,
  id: string,
  a: AlsoPrinted,
): Finding {
  const x = alsoExact(ctx, id, a);
  if (!x)
    return { verdict: 'erratum', explanation: 'it cannot be evaluated (an unreadable formula, or no value)' };
  const p = new ctx.D(a.printed);
  const d = writtenDecimals(a.printed);
  const places = d === 1 ? '1 decimal' : `${d} decimals`;
  const what = a.expression !== undefined ? 'the arithmetic as printed gives' : 'the exact value is';
  const fit = fitOf(x, p, d);
  if (fit === 'rounded' || fit === 'both')
    return {
      verdict: 'match',
      explanation: x.eq(p) ? `${what} exactly this` : `${what} ${showNumber(x, d)}, rounded to ${places}`,
    };
  // The step printed again: the same number as its first printing, rounded to fewer digits.
  const first = a.formula === undefined && a.expression === undefined ? ctx.printed.get(id) : undefined;
  if (first && fitOf(first.value, p, d) === 'rounded' && !first.value.eq(p))
    return {
      verdict: 'carried',
      explanation: `the value printed for the step, ${first.text}, rounded to ${places}`,
    };
  // A formula over steps: with the source's own numbers, or an erratum of its carried on.
  if (a.formula !== undefined) {
    const formula = a.formula;
    const sources: Array<[string, ReadonlyMap<string, Dec>]> = [
      ...chains.map((c): [string, ReadonlyMap<string, Dec>] => [chainLabel(ctx, c.kind), c.value]),
      ...[...state.cache.values()].map((c): [string, ReadonlyMap<string, Dec>] => [
        'an earlier erratum carried',
        c.value,
      ]),
    ];
    for (const [label, values] of sources) {
      const v = evalPrinted(ctx, formula, (r) => values.get(r) ?? ctx.exact.get(r));
      const f = v && fitOf(v, p, d);
      if (v && f && f !== 'truncated')
        return {
          verdict: 'carried',
          explanation: `${label}: they give ${showNumber(v, d)}, ${fitWords(f, a.printed)}; the exact value is ${showNumber(x, d)}`,
        };
    }
  }
  if (fit === 'truncated')
    return {
      verdict: 'truncated',
      explanation: `exact value truncated to ${places}; rounded it is ${showFixed(x, d)}`,
    };
  const diff = p.minus(x);
  return {
    verdict: 'erratum',
    explanation:
      a.expression !== undefined
        ? `as printed it gives ${showNumber(x, d)}, not ${a.printed}`
        : `printed - exact = ${diff.isNeg() ? '' : '+'}${showFixed(diff, d + 2)}`,
  };
}
