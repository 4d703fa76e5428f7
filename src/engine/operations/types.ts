/**
 * The record of one operation: everything the program knows about it, in one place. The parser,
 * the printers, the symbolic derivative, the evaluators, both replay compilers, the evaluation
 * form and the network's textbook slopes all read these records (operations/table.ts), so a new
 * operation is one record and its tests.
 *
 * How a decimal rule keeps the precision guarantee (docs/precision.md): `value` must be the exact
 * result rounded once at the context's precision (or within one unit of it); `conditioning` says
 * how much an error in each argument grows in the result (log10 of |a_i f_i / f|, from exponents
 * only, so it costs next to nothing). A rule without `conditioning` gets it from its partials,
 * which is right but slower. A rule whose value never rounds (neg, abs) says `exact: true`.
 * A derivative is undefined (NaN) wherever the function is (ln at a <= 0, division by 0).
 */
import type { Expr, Op, UnaryOp } from '../expr.js';
import type { Dec } from '../numbers.js';
import type { BF, BinaryArith } from '../bigfloat.js';
import type { Layer } from '../model.js';
import type { MathContext } from './context.js';

export interface OpRule<A extends readonly Dec[] = readonly Dec[]> {
  value(args: A, m: MathContext): Dec;
  /** d(value)/d(arg_i) for every argument. */
  partials(args: A, value: Dec, m: MathContext): Dec[];
  /** log10 of a bound on |a_i (df/da_i) / f| for each argument (-Infinity: no influence). */
  conditioning?(args: A, value: Dec): number[];
  /** The value is exact whenever the arguments are (no rounding happens). */
  readonly exact?: boolean;
  /**
   * Exact arguments give an exact value when this holds at W digits: the exact result needs no
   * more than W digits, so nothing was rounded (1 * 1, or 0.5 + 0.25, at any precision).
   */
  fits?(args: A, W: number): boolean;
}

/** What a symbolic derivative is given: the node's arguments, the node itself, and d/dv of any sub-expression. */
export interface Derivation {
  readonly args: readonly Expr[];
  readonly self: Expr;
  readonly d: (e: Expr) => Expr;
  /** Whether a sub-expression mentions the variable (its derivative is not plainly 0). */
  readonly mentions: (e: Expr) => boolean;
}

/**
 * The value in binary floating point (bigfloat.ts), for the replay's fast runs: `apply1` of one
 * argument, `apply2` of two (an n-ary operation folds it left to right), or `fromExp` from the
 * argument and e^-|x| (expNegAbs), which the compiled run shares between the operations of one
 * slot (sigma(z) and sigma(-z) pay for one exponential). What the arithmetic cannot do throws
 * `Unsupported`, and the replay uses decimal.js. The result must be within a few units in the last
 * bit of the exact one: the replay's two runs, 64 bits apart, certify the digits (docs/precision.md).
 */
export type BinaryValue =
  | { readonly apply1: (A: BinaryArith, x: BF) => BF }
  | { readonly apply2: (A: BinaryArith, x: BF, y: BF) => BF }
  | { readonly fromExp: (A: BinaryArith, x: BF, t: readonly [bigint, number]) => BF };

/** The printed forms: text names it as `names[0]` unless `text` says otherwise. */
export interface Printers {
  readonly text?: string;
  /** LaTeX of the operation applied to its printed argument. */
  readonly latex: (arg: string) => string;
}

/** An operation used as a layer's activation: the forward formula, its textbook slope, and the hint's words. */
export interface ActivationUse {
  /** y as a formula of the weighted input z. */
  readonly forward: (z: Expr, layer: Layer) => Expr;
  /** dy/dz as the textbooks write it, through the output y where they can (y(1 - y)). */
  readonly slope: (y: Expr, z: Expr, layer: Layer) => Expr;
  /** What the activation step's hint says to do. */
  readonly hint: string;
  /** The slope as the delta's hint names it (", y(1 - y)"), when it has a short form. */
  readonly slopeHint?: string;
  /** Its few words in the schema's description of `activation` ("identity (linear)"). */
  readonly describe: string;
  /** Its outputs stay within (-1, 1) or (0, 1): a template gives it 0/1 targets. */
  readonly bounded?: boolean;
  /** The derivative convention at a kink, said after the delta (" (at z = 0 ...)"). */
  readonly kink?: string;
  /** The convention said once under the solution's header (training: whether the run trains). */
  readonly convention?: (layer: Layer, training: boolean) => string | undefined;
  /** The layer takes a `slope` (a below 0: y = a z there), default this decimal text. */
  readonly slopeDefault?: string;
  /** It has no useful slope: gradient descent cannot train through it (the threshold step). */
  readonly untrainable?: boolean;
  /** Allowed on the output layer only (softmax), handled layer-wide by the forward pass. */
  readonly layerWide?: boolean;
}

export interface Operation<N extends Op = Op, K extends Arity = Arity> extends OpRule {
  /** The name in the expression tree (and in a plan's JSON). */
  readonly op: N;
  readonly arity: K;
  /** Names a formula or an answer may call it by (a function only; operators have none). */
  readonly names?: readonly string[];
  /** Its names without "(" read as a reference (sigma is also a common symbol), not as an error. */
  readonly bareIsName?: boolean;
  readonly print?: Printers;
  /** Costs several products: counted three times in the work estimate (exprWork). */
  readonly heavy?: boolean;
  /** The symbolic derivative, chain rule included (undefined: the operation has none). */
  readonly derivative?: (x: Derivation) => Expr;
  readonly binary?: BinaryValue;
  /** 1 - f(X) written without the cancellation of a saturated f (sigma(-X) for sigma). */
  readonly oneMinus?: (x: Expr) => Expr;
  /** 1 - f(X)^2 written without its cancellation (4 sigma'(2X) for the hyperbolic tangent). */
  readonly oneMinusSquare?: (x: Expr) => Expr;
  /** Its use as a network activation, under the same name. */
  readonly activation?: ActivationUse;
}

export type Arity = 1 | 2 | 'n';

/** A record, keeping its name's literal type (the table is checked to have one for every Op). */
export function define<N extends Op, K extends Arity>(
  op: N,
  arity: K,
  r: Omit<Operation, 'op' | 'arity'>,
): Operation<N, K> {
  return { op, arity, ...r };
}

/** A one-argument record that is also a network activation (ActivationName is read from these). */
export function defineActivation<N extends UnaryOp>(
  op: N,
  r: Omit<Operation, 'op' | 'arity'> & { readonly activation: ActivationUse },
): Operation<N, 1> & { readonly activation: ActivationUse } {
  return { op, arity: 1, ...r };
}
