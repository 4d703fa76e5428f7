/**
 * The contract of a layer kind (docs/layers.md): a layer reads a grid of cells (channels x rows x
 * columns, each cell a given or an earlier step) and writes its own grid of steps; backward, it
 * reads the gradient of its output and writes the gradients of its parameters and of its input.
 * Every value a person writes is one scalar step with an expression (plan.ts, expr.ts), so the
 * evaluators, judging, slips, handouts and the work estimate need nothing per kind.
 */
import type { Expr } from '../expr.js';
import type { Dec } from '../numbers.js';
import type { Phase, Role, StepForm } from '../plan.js';

/** A layer's input or output: `channels x rows x cols` cells, in reading order (channel, row, column). */
export interface Grid {
  /** The tensor's symbol (x, h1, y): its cells' ids are built from it (`cellId`). */
  readonly name: string;
  readonly channels: number;
  readonly rows: number;
  readonly cols: number;
  /** The id of each cell (a given or a step), channel-major, then row, then column. */
  readonly ids: readonly string[];
}

/** What a layer compiler may do: add givens and steps, and name them. */
export interface LayerBuilder {
  /** A given value (a kernel cell, a bias, a mask entry). */
  given(id: string, value: string, kind: 'weight' | 'bias' | 'constant', describe: string): Expr;
  /** A step of the plan; returns a reference to it. */
  step(s: LayerStep): Expr;
  /** The gradient symbol of a cell: `dE/d<id>`. */
  grad(id: string): string;
  /** Parameters that gradient descent updates: `param` (a given) by its gradient step `gradient`. */
  trains(param: string, gradient: string): void;
  /**
   * The exact value of a given or an earlier step, for a choice a person makes by looking at the
   * numbers (which cell of a window is the largest); the choice is then fixed in the formula.
   */
  value(id: string): Dec;
}

export interface LayerStep {
  readonly id: string;
  readonly expr: Expr;
  readonly phase: Phase;
  readonly role: Role;
  readonly describe: string;
  /** The parameter a gradient is of, for summaries and slips. */
  readonly param?: string;
  readonly form?: StepForm;
  /** The kind's own slip forms (slip-forms.ts `layerSlips`): a named alternative formula. */
  readonly slips?: ReadonlyArray<{ readonly name: string; readonly expr: Expr }>;
}

/**
 * One layer kind: its compiled forward and backward passes. `S` is the kind's model (numbers as
 * decimal text, shapes already checked by the kind's format, exercise/layers/).
 */
export interface LayerKind<S> {
  /** The layer in a few words, for summaries and handouts ("convolution, 2x2 kernel, stride 1"). */
  words(spec: S): string;
  /** The output grid's shape for an input shape (the format has checked it is positive). */
  shape(spec: S, input: Shape3): Shape3;
  /** Adds the parameters as givens and every output cell as a step; returns the output grid. */
  forward(spec: S, input: Grid, out: string, b: LayerBuilder): Grid;
  /**
   * Adds the gradient steps, given the ids of dE/d(each output cell) in `dOut`: the parameter
   * gradients (and `b.trains` for each), then, when `needInput`, dE/d(each input cell), returned.
   */
  backward(
    spec: S,
    input: Grid,
    output: Grid,
    dOut: readonly string[],
    b: LayerBuilder,
    needInput: boolean,
  ): readonly string[] | undefined;
}

export type Shape3 = { readonly channels: number; readonly rows: number; readonly cols: number };

/**
 * A cell's id: the tensor's symbol and its 1-based indices, joined by `_`; the channel is left
 * out when the tensor has one channel, and a flat vector (one channel, one row) has one index.
 */
export function cellId(g: Shape3 & { readonly name: string }, c: number, r: number, k: number): string {
  if (g.channels === 1 && g.rows === 1) return `${g.name}_${k + 1}`;
  if (g.channels === 1) return `${g.name}_${r + 1}_${k + 1}`;
  return `${g.name}_${c + 1}_${r + 1}_${k + 1}`;
}

/** The position of a cell in `ids` (reading order). */
export function at(g: Shape3, c: number, r: number, k: number): number {
  return (c * g.rows + r) * g.cols + k;
}
