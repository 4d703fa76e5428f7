/**
 * Nested lists of numbers as a file writes a vector, a grid, channels of grids or a stack of
 * kernels, read into a shape and its values in reading order. The shape language has no
 * recursion, so a depth of up to four is spelled out; the builder checks every row is as long as
 * the first.
 */
import { decimal, either, list } from '../shape.js';
import type { Shape } from '../shape.js';
import type { At } from '../build-report.js';

export type Nested = string | Nested[];

const number = decimal('A decimal number, written as in the source.');

/** A list of numbers, or of lists of them, up to `depth` levels. */
export function nested(depth: number): Shape {
  return depth === 1 ? list(number, 1, 256) : list(either(number, nested(depth - 1)), 1, 256);
}

/** The sizes along each level (outermost first) and the values in reading order, or undefined after reporting. */
export function readNested(
  v: Nested,
  path: Array<string | number>,
  at: At,
): { sizes: number[]; values: string[] } | undefined {
  if (typeof v === 'string') return { sizes: [], values: [v] };
  const parts = v.map((item, i) => readNested(item, [...path, i], at));
  if (parts.some((p) => p === undefined)) return undefined;
  const first = parts[0]!.sizes;
  const odd = parts.findIndex((p) => p!.sizes.join('x') !== first.join('x'));
  if (odd >= 0) {
    at(
      [...path, odd],
      'wrong-count',
      `this entry is ${shapeWords(parts[odd]!.sizes)} but the first is ${shapeWords(first)}`,
      'every row of a grid has the same length, and every grid of a stack the same shape',
    );
    return undefined;
  }
  return { sizes: [v.length, ...first], values: parts.flatMap((p) => p!.values) };
}

function shapeWords(sizes: readonly number[]): string {
  return sizes.length === 0 ? 'a number' : `a ${sizes.join('x')} list`;
}
