import type { Chain } from './chains.js';
import { chainLabel, frontier } from './chains.js';
import type { Printed, VerifyContext } from './context.js';
import { fitOf, fitWords, showFixed, showNumber } from './digits.js';
import type { Fit } from './digits.js';
import { carryErrata, carryWords } from './erratum-chains.js';
import type { CarriedRun, KnownErratum } from './erratum-chains.js';
import { findValueSlip } from './slips.js';
import type { ChainKind, Finding } from './types.js';

// Each chain with the last rounding that belongs to it: a source that cut its intermediates
// cut its results too. The source's own printed values may have been rounded either way.
const CHAIN_FITS: ReadonlyArray<readonly [ChainKind, readonly Fit[]]> = [
  ['truncated', ['truncated', 'both']],
  ['rounded', ['rounded', 'both']],
  ['truncated-all', ['truncated', 'both']],
  ['rounded-all', ['rounded', 'both']],
  ['printed', ['rounded', 'truncated', 'both']],
];

/** What the value checks of one exercise share: earlier errata and the chains that carry them. */
export interface ValueState {
  readonly errata: KnownErratum[];
  /** Values found carried from earlier errata, with those errata: a chain through them carries them too. */
  readonly tainted: Map<string, readonly KnownErratum[]>;
  readonly cache: Map<string, CarriedRun>;
}

/**
 * A printed value: match, truncated, carried by a chain or from an earlier erratum, or an
 * erratum with its likely slip. `state` collects the errata for the values after it.
 */
export function checkValue(
  ctx: VerifyContext,
  chains: readonly Chain[],
  id: string,
  state: ValueState = { errata: [], tainted: new Map(), cache: new Map() },
): Finding {
  const f = judgeValue(ctx, chains, id, state);
  // A catalogued mistake is named again where the erratum is carried; other slips stay on their row.
  if (f.verdict === 'erratum')
    state.errata.push({ id, ...(f.slip === 'mistake' && f.slipText ? { slip: f.slipText } : {}) });
  if (f.from) state.tainted.set(id, f.from);
  const { slipText: _, from: __, ...finding } = f;
  return finding;
}

function judgeValue(
  ctx: VerifyContext,
  chains: readonly Chain[],
  id: string,
  state: ValueState,
): Finding & { slipText?: string; from?: readonly KnownErratum[] } {
  const p = ctx.printed.get(id)!;
  const x = ctx.exact.get(id)!;
  if (!x.isFinite())
    return {
      verdict: 'erratum',
      explanation: 'the step has no finite value at these numbers, so nothing printed can be right',
    };
  const fit = fitOf(x, p.value, p.decimals);
  const places = p.decimals === 1 ? '1 decimal' : `${p.decimals} decimals`;
  if (fit === 'both' || fit === 'rounded') {
    return { verdict: 'match', explanation: x.eq(p.value) ? 'exact' : `exact value rounded to ${places}` };
  }
  if (fit === 'truncated') {
    // Cut digits are the last explanation: a value the source rounded from its own rounded
    // numbers (0.474 x 0.526 x 0.526 = 0.131144 for Err = 0.1311) is carried.
    const rounded = explainByChain(ctx, chains, id, p, state, true);
    if (rounded) return rounded;
    return {
      verdict: 'truncated',
      explanation: `exact value truncated to ${places}; rounded it is ${showFixed(x, p.decimals)}`,
    };
  }
  const carried = explainByChain(ctx, chains, id, p, state);
  if (carried) return carried;
  const followed = carryErrata(ctx, state.errata, id, state.cache);
  if (followed)
    return {
      verdict: 'carried',
      chain: 'erratum',
      explanation: carryWords(ctx, followed, id),
      from: followed.from,
    };
  const diff = p.value.minus(x);
  const slip = findValueSlip(ctx, chains, id, p);
  const sign = diff.isNeg() ? '' : '+';
  const none = ctx.exercise.notes.get(id)?.printedExpression
    ? 'the arithmetic printed with it is judged on the next row'
    : 'no single slip (sign, label, transposed digits, dropped or extra factor) explains it';
  return {
    verdict: 'erratum',
    explanation: `printed - exact = ${sign}${showFixed(diff, p.decimals + 2)}; ${slip ? `likely slip: ${slip.text}` : none}`,
    ...(slip ? { slip: slip.kind, slipText: slip.text } : {}),
  };
}

export function explainByChain(
  ctx: VerifyContext,
  chains: readonly Chain[],
  id: string,
  p: Printed,
  state?: ValueState,
  roundedOnly = false,
): (Finding & { from?: readonly KnownErratum[] }) | undefined {
  for (const [kind, fits] of CHAIN_FITS) {
    const chain = chains.find((c) => c.kind === kind);
    const raw = chain?.raw.get(id);
    if (!chain || !raw) continue;
    const fit = fitOf(raw, p.value, p.decimals);
    // Before calling a value truncated: the source's own printed numbers, rounded to this one.
    if (roundedOnly && (fit === 'truncated' || kind !== 'printed')) continue;
    if (!fit || !fits.includes(fit)) continue;
    const from = frontier(ctx, chain, id);
    // The source's values include an erratum on the way: say so, not a plain "carried".
    // (also through a value itself carried from one).
    const wrong = [
      ...new Set(
        from.flatMap((f) => {
          const e = state?.errata.find((x) => x.id === f);
          return e ? [e] : (state?.tainted.get(f) ?? []);
        }),
      ),
    ];
    if (kind === 'printed' && wrong.length > 0) {
      const c = { from: wrong, value: raw, fit, others: 'printed' as const };
      return { verdict: 'carried', chain: 'erratum', explanation: carryWords(ctx, c, id), from: wrong };
    }
    const values = from.map((f) => `${f} = ${chainValueText(ctx, chain, f, p.decimals)}`).join(', ');
    const subject =
      from.length === 0 ? 'the chain gives' : `${values} ${from.length === 1 ? 'gives' : 'give'}`;
    return {
      verdict: 'carried',
      chain: kind,
      explanation: `${chainLabel(ctx, kind)}: ${subject} ${showNumber(raw, p.decimals)}, ${fitWords(fit, p.text)}`,
    };
  }
  return undefined;
}

function chainValueText(ctx: VerifyContext, chain: Chain, id: string, decimals: number): string {
  const printed = ctx.printed.get(id);
  if (chain.kind === 'printed' && printed) return printed.text;
  const v = chain.value.get(id)!;
  const d = chain.decimalsOf(id);
  return d !== undefined ? showFixed(v, d) : showNumber(v, decimals);
}
