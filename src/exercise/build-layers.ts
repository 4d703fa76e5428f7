/**
 * The layers section: the input grid, the stack of typed layers (each built by its kind's format,
 * exercise/layers/table.ts, in the shape the layer before it gives), and where the backward pass
 * starts (targets with the squared error, or a given upstream gradient).
 */
import type { LayerSpec } from '../engine/layers/table.js';
import { compilerOf } from '../engine/layers/table.js';
import type { Shape3 } from '../engine/layers/types.js';
import type { LayersSpec } from '../engine/model.js';
import type { At } from './build-report.js';
import { readNested } from './layers/grid.js';
import type { Nested } from './layers/grid.js';
import { LAYER_FORMATS } from './layers/table.js';
import type { ExerciseData } from './schema.js';

/** A vector, a grid or channels of grids as channels x rows x columns. */
function asShape3(sizes: readonly number[]): Shape3 | undefined {
  if (sizes.length === 0 || sizes.length > 3) return undefined;
  const [channels, rows, cols] = [...new Array<number>(3 - sizes.length).fill(1), ...sizes];
  return { channels: channels!, rows: rows!, cols: cols! };
}

const cellsOf = (s: Shape3) => s.channels * s.rows * s.cols;

export function layers(d: ExerciseData, at: At): LayersSpec | undefined {
  const l = d.layers!;
  const input = readNested(l.input, ['layers', 'input'], at);
  const shape0 = input && asShape3(input.sizes);
  if (!input || !shape0) {
    if (input)
      at(
        ['layers', 'input'],
        'bad-value',
        'the input is a vector, a grid, or a list of grids (channels)',
        'write a grid as [[1, 2], [3, 4]]',
      );
    return undefined;
  }
  const stack = stackOf(d, shape0, at);
  if (!stack) return undefined;
  const { built, shape } = stack;
  const target =
    l.target === undefined ? undefined : flatValues(l.target, ['layers', 'target'], cellsOf(shape), at);
  const upstream =
    l.upstream === undefined ? undefined : flatValues(l.upstream, ['layers', 'upstream'], cellsOf(shape), at);
  if (target && upstream)
    at(
      ['layers', 'upstream'],
      'bad-value',
      'give either `target` or `upstream`, not both',
      'the backward pass starts from one of them',
      true,
    );
  if (l.learning_rate !== undefined && !target && !upstream)
    at.value(
      ['layers', 'learning_rate'],
      'bad-value',
      'a learning rate needs a backward pass',
      'give a `target` or an `upstream` gradient, or remove the rate',
      true,
    );
  if (d.loss && (d.loss.type ?? 'squared') !== 'squared')
    at(
      ['loss', 'type'],
      'bad-value',
      'a layers exercise has the squared error only',
      'remove `type`, or put the output in a dense network exercise',
    );
  return {
    kind: 'layers',
    input: { name: l.input_name ?? 'X', ...shape0, values: input.values },
    layers: built,
    ...(target ? { target, loss: { kind: 'squared' as const, scale: d.loss?.scale ?? 'half' } } : {}),
    ...(upstream && !target ? { upstream } : {}),
    ...(l.learning_rate !== undefined ? { rate: l.learning_rate } : {}),
    inputGradient: l.input_gradient ?? false,
  };
}

/** Each layer of the stack built by its kind's format, in the shape the one before gives. */
function stackOf(d: ExerciseData, shape0: Shape3, at: At): { built: LayerSpec[]; shape: Shape3 } | undefined {
  const l = d.layers!;
  const withParams = l.stack.filter((s) => LAYER_FORMATS[s.type]!.params).length;
  const built: LayerSpec[] = [];
  let shape = shape0;
  let ok = true;
  l.stack.forEach((s, i) => {
    if (!ok) return;
    const path = ['layers', 'stack', i];
    const format = LAYER_FORMATS[s.type]!;
    for (const key of Object.keys(s))
      if (!['type', 'name', ...format.fields].includes(key))
        at.value(
          [...path, key],
          'unknown-key',
          `\`${key}\` is not a field of a ${s.type} layer`,
          `its fields are ${format.fields.join(', ') || 'none besides name'}`,
          true,
        );
    const last = i === l.stack.length - 1;
    const layer = format.build(s, {
      at,
      path,
      input: shape,
      position: i + 1,
      suffix: withParams > 1 ? String(i + 1) : '',
    });
    if (!layer) return void (ok = false);
    const name = s.name ?? (last ? (d.notation?.activation ?? 'y') : `h${i + 1}`);
    const spec = { ...layer, name } as LayerSpec;
    shape = compilerOf(spec).shape(shape);
    if (shape.rows < 1 || shape.cols < 1) {
      at(
        path,
        'bad-value',
        `this layer leaves no output cell (${shape.rows}x${shape.cols})`,
        'use a smaller window or stride, or more padding',
      );
      return void (ok = false);
    }
    built.push(spec);
  });
  return ok ? { built, shape } : undefined;
}

/** A target or gradient per output cell, in the output's shape or flat. */
function flatValues(v: Nested, path: Array<string | number>, n: number, at: At): string[] | undefined {
  const r = readNested(v, path, at);
  if (!r) return undefined;
  if (r.values.length !== n) {
    at(
      path,
      'wrong-count',
      `${r.values.length} values for the ${n} output cells`,
      'give one value per cell of the last layer, in reading order',
    );
    return undefined;
  }
  return r.values;
}
