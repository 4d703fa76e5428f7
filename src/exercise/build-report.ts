/**
 * How the model builders report what they find: at its place in the file, and whether it is a
 * problem of a value only (a negative rate, a setting that is ignored), which leaves the
 * exercise's steps as the author meant them, or of its structure (a weight into a missing neuron).
 */
import type { Problem } from './errors.js';
import type { YamlSource } from './yaml-source.js';

export type AtFn = (
  path: Array<string | number>,
  code: Problem['code'],
  message: string,
  hint?: string,
  key?: boolean,
) => void;
/** Reports a problem; `at.value` one that leaves the exercise's steps as the author meant them. */
export type At = AtFn & { value: AtFn };

export interface Reported {
  /** Every problem, in the order found. */
  readonly all: Problem[];
  /** Those that leave the steps as meant (reported with `at.value`). */
  readonly ofValues: Problem[];
}

export function reporter(src: YamlSource): { at: At; reported: Reported } {
  const reported: Reported = { all: [], ofValues: [] };
  const make =
    (value: boolean): AtFn =>
    (path, code, message, hint, key = false) => {
      const p: Problem = {
        code,
        message,
        ...(hint ? { hint } : {}),
        path: [...path],
        range: key ? src.keyRangeAt(path) : src.rangeAt(path),
      };
      reported.all.push(p);
      if (value) reported.ofValues.push(p);
    };
  return { at: Object.assign(make(false), { value: make(true) }), reported };
}
