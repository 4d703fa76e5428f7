/**
 * A training setting the chosen rule does not use is a located error, never silently ignored
 * (issue 13): the perceptron and delta rules take neither momentum nor weight decay.
 */
import { describe, expect, it } from 'vitest';
import { checkExerciseText } from '../src/exercise/load.js';
import { lineCol } from '../src/exercise/format-error.js';

const file = (rule: string, extra: string) => `id: t
title: t
network:
  layers:
    - { neurons: [A, B] }
    - { neurons: [C], activation: step }
  weights:
    w1: { from: A, to: C, value: 2 }
    w2: { from: B, to: C, value: -3 }
examples:
  - inputs: [0.3, 0.4]
    targets: 1
training:
  rule: ${rule}
  learning_rate: 1
${extra}`;

function where(text: string): Array<[string, number, number, string]> {
  return checkExerciseText('t.yaml', text).problems.map((p) => {
    const { line, col } = lineCol(text, p.range?.start ?? -1);
    return [p.code, line, col, p.message];
  });
}

describe('settings the training rule does not use', () => {
  it.each(['perceptron', 'delta'])(
    'the %s rule refuses momentum and weight_decay where they are written',
    (rule) => {
      expect(where(file(rule, '  momentum: 0.9\n  weight_decay: 0.01\n'))).toEqual([
        ['bad-value', 16, 3, `the ${rule} rule does not use \`momentum\``],
        ['bad-value', 17, 3, `the ${rule} rule does not use \`weight_decay\``],
      ]);
    },
  );

  it('gradient descent takes both', () => {
    const text =
      file('gradient-descent', '  momentum: 0.9\n  weight_decay: 0.01\n').replace(
        'activation: step',
        'activation: sigmoid',
      ) + 'loss: {}\n';
    expect(where(text)).toEqual([]);
  });
});
