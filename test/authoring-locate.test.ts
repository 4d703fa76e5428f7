import { describe, expect, it } from 'vitest';
import { locator } from '../src/authoring/locate.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { readYaml } from '../src/exercise/yaml-source.js';

/** A 2-2-1 network given as matrices, one with a bias row, and one weight and bias given by name. */
const TEXT = `id: located
title: Where each parameter is written
network:
  layers:
    - { name: input, neurons: [a, b] }
    - { name: hidden, neurons: [h1, h2] }
    - { name: out, neurons: [o] }
  matrices:
    - from: input
      to: hidden
      bias_row: true
      rows:
        - [0.5, -0.5]
        - [0.11, 0.12]
        - [0.21, 0.22]
  weights:
    v1: { from: h1, to: o, value: 0.31 }
    v2: { from: h2, to: o, value: 0.32 }
  biases:
    o: 0.7
examples:
  - inputs: [1, 2]
    targets: [1]
loss: { scale: half, difference: target-minus-output }
training:
  learning_rate: 0.5
`;

describe('where a parameter is written', () => {
  const { exercise } = loadExerciseText('x.yaml', TEXT);
  const { source } = readYaml('x.yaml', TEXT);
  const at = locator(exercise, source!);
  const written = (id: string) => {
    const r = at.weight(id);
    return r.text.slice(r.start, r.end);
  };
  const lineOf = (id: string) => TEXT.slice(0, at.weight(id).start).split('\n').length;

  it('a weight given in a matrix with a bias row is its cell, one row below its input', () => {
    const ids = exercise.spec.kind === 'network' ? exercise.spec.weights.map((w) => w.id) : [];
    const intoH2FromB = ids.find((id) => id === 'w_b_h2')!;
    expect(written(intoH2FromB)).toBe('0.22');
    expect(lineOf(intoH2FromB)).toBe(15);
  });

  it("a bias in the matrix's bias row is its cell in row 0", () => {
    const biases = exercise.spec.kind === 'network' ? exercise.spec.biases : [];
    const h2 = biases.find((b) => b.neuron === 'h2')!;
    expect(written(h2.id)).toBe('-0.5');
    expect(lineOf(h2.id)).toBe(13);
  });

  it('a weight and a bias given by name are their keys', () => {
    expect(written('v1')).toBe('v1');
    const o = (exercise.spec.kind === 'network' ? exercise.spec.biases : []).find((b) => b.neuron === 'o')!;
    expect(written(o.id)).toBe('o');
  });
});
