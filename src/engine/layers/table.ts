/**
 * The table of layer kinds: one row per kind, its compiler (engine/layers/<kind>.ts). A new kind
 * is a file with its `LayerKind` and one row here, plus its format (exercise/layers/table.ts).
 * The exercise's model of a layer is `LayerSpec`: the kind's name, its output symbol, and the
 * kind's own fields.
 */
import { conv } from './conv.js';
import type { ConvSpec } from './conv.js';
import { dense } from './dense.js';
import type { DenseSpec } from './dense.js';
import { pool } from './pool.js';
import type { PoolSpec } from './pool.js';
import { dropout, flatten } from './reshape.js';
import type { DropoutSpec, FlattenSpec } from './reshape.js';
import { attention } from './attention.js';
import type { AttentionSpec } from './attention.js';
import { batchnorm } from './batchnorm.js';
import type { NormSpec } from './batchnorm.js';
import { layernorm } from './layernorm.js';
import { rnn } from './rnn.js';
import type { RnnSpec } from './rnn.js';
import type { Grid, LayerBuilder, LayerKind, Shape3 } from './types.js';

/** Each kind's model (the row of the table below holds its compiler). */
export interface LayerSpecs {
  conv: ConvSpec;
  pool: PoolSpec;
  flatten: FlattenSpec;
  dropout: DropoutSpec;
  dense: DenseSpec;
  batchnorm: NormSpec;
  layernorm: NormSpec;
  attention: AttentionSpec;
  rnn: RnnSpec;
}

export type LayerKindName = keyof LayerSpecs;

export const LAYER_KINDS: { readonly [K in LayerKindName]: LayerKind<LayerSpecs[K]> } = {
  conv,
  pool,
  flatten,
  dropout,
  dense,
  batchnorm,
  layernorm,
  attention,
  rnn,
};

/** One layer of a layered exercise: its kind, the symbol of its output, and the kind's fields. */
export type LayerSpec = {
  [K in LayerKindName]: { readonly type: K; readonly name: string; readonly spec: LayerSpecs[K] };
}[LayerKindName];

/** The stack in words: each layer's kind and settings, with its output symbol. */
export function layersInWords(layers: readonly LayerSpec[]): string {
  return layers.map((l) => `${compilerOf(l).words()} -> ${l.name}`).join('; ');
}

/** A layer's compiler with its own fields bound, so callers never pair a kind with a spec. */
export interface BoundLayer {
  words(): string;
  shape(input: Shape3): Shape3;
  forward(input: Grid, b: LayerBuilder): Grid;
  backward(
    input: Grid,
    output: Grid,
    dOut: readonly string[],
    b: LayerBuilder,
    needInput: boolean,
  ): readonly string[] | undefined;
}

export function compilerOf(layer: LayerSpec): BoundLayer {
  // LayerSpec pairs each `type` with its kind's fields, which TypeScript cannot follow through a
  // lookup by a union key: the one place the pairing is asserted.
  const kind = LAYER_KINDS[layer.type] as LayerKind<unknown>;
  const spec: unknown = layer.spec;
  return {
    words: () => kind.words(spec),
    shape: (input) => kind.shape(spec, input),
    forward: (input, b) => kind.forward(spec, input, layer.name, b),
    backward: (input, output, dOut, b, needInput) => kind.backward(spec, input, output, dOut, b, needInput),
  };
}
