/**
 * What `verify` says about each printed number of an exercise. Values are decimal strings.
 */
export const VERDICTS = ['match', 'truncated', 'carried', 'erratum', 'acknowledged'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * A printed value, a printed arithmetic expression, a printed formula in symbols, or another
 * number printed with the step (also.ts).
 */
export type ResultKind = 'value' | 'expression' | 'formula' | 'also';

/** Which hypothesis about the source's working explains a carried value. */
export type ChainKind =
  | 'truncated'
  | 'rounded'
  | 'truncated-all'
  | 'rounded-all'
  | 'printed'
  /** an earlier erratum carried into this value (erratum-chains.ts) */
  | 'erratum';

export interface VerifyResult {
  readonly step: string;
  /** As printed: the value, the expression or the formula text. */
  readonly printed: string;
  /** The step's exact value at full working precision. */
  readonly exact: string;
  /** The exact value to two more decimals than printed. */
  readonly shownExact: string;
  readonly verdict: Verdict;
  readonly explanation: string;
  readonly kind: ResultKind;
  /** For carried values: the chain that explains them. */
  readonly chain?: ChainKind;
  /** For errata: the kind of slip found, when one was. */
  readonly slip?: SlipKind;
  /** Where the source prints it (from the exercise file). */
  readonly where?: string;
}

export type SlipKind =
  | 'sign'
  | 'label'
  | 'transposition'
  | 'factor'
  | 'operand'
  | 'unrounded-operand'
  | 'substitution'
  | 'updated-weights'
  | 'batch'
  | 'mistake';

/** What one check found, before an erratum the exercise records turns it into acknowledged. */
export interface Finding {
  readonly verdict: Exclude<Verdict, 'acknowledged'>;
  readonly explanation: string;
  readonly chain?: ChainKind;
  readonly slip?: SlipKind;
}

export interface VerifyReport {
  readonly exercise: string;
  readonly results: readonly VerifyResult[];
  readonly summary: Record<Verdict, number>;
}

export function emptySummary(): Record<Verdict, number> {
  return { match: 0, truncated: 0, carried: 0, erratum: 0, acknowledged: 0 };
}
