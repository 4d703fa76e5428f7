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

describe('where a step of a layer stack is placed', () => {
  const LAYERS = `id: stack
title: A convolution and a max pooling
layers:
  input: [[1, 2, 0], [0, 1, 3], [2, 1, 1]]
  stack:
    - { type: conv, name: Y, kernel: [[1, 0], [0, 1]] }
    - { type: max-pool, name: P, size: 2 }
  upstream: [[1]]
`;
  const { exercise, plan } = loadExerciseText('x.yaml', LAYERS);
  const { source } = readYaml('x.yaml', LAYERS);
  const at = locator(exercise, source!);
  const lineOf = (id: string) => {
    const s = plan.iteration(1).find((st) => st.id === id)!;
    return LAYERS.slice(0, at.step(s).start).split('\n').length;
  };

  it('a cell of a layer, and its gradient, are placed at that layer in the stack', () => {
    expect(lineOf('Y_1_1')).toBe(6);
    expect(lineOf('dE/dY_2_2')).toBe(6);
    expect(lineOf('P_1')).toBe(7);
  });

  it('a parameter gradient, named by no layer, is placed at the section', () => {
    expect(lineOf('dE/dK_1_1')).toBe(3);
  });
});
