/**
 * The table of operations: every record (operations/*.ts), looked up by the tree's name, by a name
 * typed in a formula, or as a network activation. Everything generic over operations reads it here.
 */
import { ARITHMETIC } from './arithmetic.js';
import { EXP_LOG } from './exp-log.js';
import { LOGISTIC } from './logistic.js';
import { LOG_DOMAIN } from './log-domain.js';
import { PIECEWISE } from './piecewise.js';
import { OTHER_ACTIVATIONS } from './activations.js';
import type { ActivationUse, Arity, Operation } from './types.js';
import type { BinaryOp, NaryOp, Op, UnaryOp } from '../expr.js';

const RECORDS = [...ARITHMETIC, ...EXP_LOG, ...LOG_DOMAIN, ...LOGISTIC, ...PIECEWISE] as const;
type Record_ = (typeof RECORDS)[number];

// Every operation of the tree has its record, with the arity the tree gives it.
type Covered<K extends Arity> = Extract<Record_, { arity: K }>['op'];
type Missing = [Exclude<UnaryOp, Covered<1>>, Exclude<BinaryOp, Covered<2>>, Exclude<NaryOp, Covered<'n'>>];
const complete: Missing extends [never, never, never] ? true : Missing = true;
void complete;

/** A unary operation a formula calls by name (every one but negation). */
export type FunctionOp = Exclude<UnaryOp, 'neg'>;

export const OPERATIONS: ReadonlyMap<string, Operation> = new Map(RECORDS.map((r) => [r.op, r]));

/** The record of an operation of the tree. */
export function operation(op: Op): Operation {
  return OPERATIONS.get(op)!;
}

/** Each name that may be typed in a formula or an answer, and its operation. */
export const FUNCTIONS: Readonly<Record<string, FunctionOp>> = Object.fromEntries(
  RECORDS.flatMap((r) => (r.names ?? []).map((n) => [n, r.op as FunctionOp])),
);

/** The functions by their first name (exp, ln, sqrt...), for a list of what a formula may use. */
export const FUNCTION_NAMES: readonly string[] = RECORDS.flatMap((r) => (r.names ? [r.names[0]!] : []));

/** The name each function is printed with in text; every one of them reads back as that operation. */
export const FUNCTION_TEXT: Readonly<Record<FunctionOp, string>> = Object.fromEntries(
  RECORDS.flatMap((r) => (r.names ? [[r.op, r.print?.text ?? r.names[0]!]] : [])),
) as Record<FunctionOp, string>;

/** The names of the network activations, as an exercise file writes them. */
export type ActivationName =
  Extract<Record_, { activation: ActivationUse }>['op'] | keyof typeof OTHER_ACTIVATIONS;

const ACTIVATION_TABLE: ReadonlyMap<string, ActivationUse> = new Map([
  ...RECORDS.flatMap((r) => (r.activation ? [[r.op, r.activation] as const] : [])),
  ...Object.entries(OTHER_ACTIVATIONS),
]);

/** Every activation name, in the table's order (the schema's enum and `new --activation`). */
export const ACTIVATION_NAMES = [...ACTIVATION_TABLE.keys()] as [ActivationName, ...ActivationName[]];

export function activationOf(name: ActivationName): ActivationUse {
  return ACTIVATION_TABLE.get(name)!;
}

/** A layer's activation when its file names none. */
export const DEFAULT_ACTIVATION: ActivationName = ACTIVATION_NAMES[0];
