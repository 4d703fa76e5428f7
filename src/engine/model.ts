/**
 * The engine's input: an exercise normalised from its file (defaults filled in, names resolved).
 * Numbers are decimal text.
 */
import type { Expr } from './expr.js';

import type { ActivationName } from './operations/table.js';
import type { LayerSpec } from './layers/table.js';

/** The activations are the operations' records (operations/table.ts). */
export type { ActivationName } from './operations/table.js';

export interface Notation {
  readonly input: string;
  readonly preactivation: string;
  readonly activation: string;
  readonly target: string;
  readonly error: string;
  readonly cost: string;
  readonly rate: string;
  readonly bias: string;
}

export const DEFAULT_NOTATION: Notation = {
  input: 'x',
  preactivation: 'z',
  activation: 'y',
  target: 't',
  error: 'E',
  cost: 'E',
  rate: 'eta',
  bias: 'b',
};

export interface Layer {
  readonly name: string;
  readonly neurons: readonly string[];
  readonly activation: ActivationName;
  /** An activation that takes one: the slope for z < 0 (decimal text). */
  readonly slope?: string;
}

export interface Weight {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly value: string;
}

export interface Bias {
  readonly id: string;
  readonly neuron: string;
  readonly value: string;
}

export interface Example {
  /** Input value per input neuron. */
  readonly inputs: ReadonlyMap<string, string>;
  /** Target per output neuron (empty when the exercise has none). */
  readonly targets: ReadonlyMap<string, string>;
}

export interface Loss {
  /** squared: scale (t - y)^2; cross-entropy: -sum t ln y; binary-cross-entropy: -[t ln y + (1 - t) ln(1 - y)]. */
  readonly kind: 'squared' | 'cross-entropy' | 'binary-cross-entropy';
  /** How the output delta is reached: the chain dE/dy dy/dz (through the softmax Jacobian), or dE/dz = y - t at once. */
  readonly route: 'chain' | 'combined';
  readonly scale: 'half' | 'one';
  readonly difference: 'target-minus-output' | 'output-minus-target';
  readonly batch: 'sum' | 'mean';
}

export interface Training {
  readonly rule: 'gradient-descent' | 'perceptron' | 'delta';
  readonly rate: string;
  readonly mode: 'batch' | 'online';
  readonly iterations: number;
  readonly forwardAfter: boolean;
  readonly updateBiases: boolean;
  readonly weightDecay?: string;
  readonly momentum?: string;
  readonly divideByInputs: boolean;
  /** sgd (with optional momentum), adam (Kingma & Ba 2015, Algorithm 1) or rmsprop. */
  readonly optimiser: Optimiser;
}

export type Optimiser =
  | { readonly kind: 'sgd' }
  | { readonly kind: 'adam'; readonly beta1: string; readonly beta2: string; readonly epsilon: string }
  | { readonly kind: 'rmsprop'; readonly rho: string; readonly epsilon: string };

export interface NetworkSpec {
  readonly kind: 'network';
  readonly layers: readonly Layer[];
  readonly weights: readonly Weight[];
  readonly biases: readonly Bias[];
  readonly examples: readonly Example[];
  readonly loss?: Loss;
  readonly training: Training;
}

export interface GraphNode {
  readonly name: string;
  readonly expr: Expr;
  readonly text: string;
}

export interface GraphSpec {
  readonly kind: 'graph';
  readonly fn: string;
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly nodes: readonly GraphNode[];
  readonly output: string;
}

/**
 * A stack of typed layers (convolution, pooling, dense...) on one input grid: every layer kind is
 * a row of the table in engine/layers/table.ts (docs/layers.md).
 */
export interface LayersSpec {
  readonly kind: 'layers';
  /** The input grid: its symbol, shape, and values in reading order (channel, row, column). */
  readonly input: {
    readonly name: string;
    readonly channels: number;
    readonly rows: number;
    readonly cols: number;
    readonly values: readonly string[];
  };
  readonly layers: readonly LayerSpec[];
  /** A target per output cell (reading order), with the loss: the backward pass starts at E. */
  readonly target?: readonly string[];
  readonly loss?: { readonly kind: 'squared'; readonly scale: 'half' | 'one' };
  /** Or dE/d(each output cell) given, as an assignment's upstream gradient. */
  readonly upstream?: readonly string[];
  /** With a learning rate, one gradient-descent update of every kernel, weight and bias. */
  readonly rate?: string;
  /** Whether the backward pass goes on to dE/d(each input cell). */
  readonly inputGradient: boolean;
  /** Given values replaced by id (a variant, `--given`): read instead of the layers' own. */
  readonly replaced?: ReadonlyMap<string, string>;
}

export type Display = { readonly kind: 'decimals' | 'significant'; readonly digits: number };

export interface StepNote {
  readonly printed?: string;
  readonly printedExpression?: string;
  readonly printedFormula?: string;
  readonly where?: string;
  readonly hint?: string;
  readonly ask?: boolean;
  readonly erratum?: string;
}

export interface Source {
  readonly title?: string;
  readonly document: string;
  readonly section?: string;
  readonly url?: string;
}

export interface Exercise {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly source?: Source;
  readonly display: Display;
  readonly working: number;
  readonly notation: Notation;
  readonly spec: NetworkSpec | GraphSpec | LayersSpec;
  /** Extra names for step ids, for printed formulas and answers. */
  readonly symbols: ReadonlyMap<string, string>;
  readonly notes: ReadonlyMap<string, StepNote>;
  readonly ask: 'all' | 'printed' | 'listed';
  readonly variants: ReadonlyMap<string, VariantRule>;
}

export type VariantRule =
  | { readonly kind: 'range'; readonly min: string; readonly max: string; readonly decimals: number }
  | { readonly kind: 'choice'; readonly values: readonly string[] };
