/**
 * A bare function to minimise (issue 18, convention 6): the graph's inputs named as parameters,
 * trained by the optimisers a network uses. Expected values are worked by hand as exact
 * rationals; the published examples are in published-optimisers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkExerciseText, loadExerciseText } from '../src/exercise/load.js';
import { lineCol } from '../src/exercise/format-error.js';
import { solveExercise } from '../src/engine/solved.js';

const file = (graph: string, training: string) =>
  `id: t\ntitle: t\nprecision: { decimals: 4 }\ngraph:\n${graph}training:\n${training}`;

const values = (text: string, ids: string[]) => {
  const { exercise, plan } = loadExerciseText('t.yaml', text);
  const s = solveExercise(exercise, plan);
  return Object.fromEntries(ids.map((id) => [id, s.exactOf(id).toString()]));
};

function problems(text: string): Array<[string, number, number, string]> {
  return checkExerciseText('t.yaml', text).problems.map((p) => {
    const { line, col } = lineCol(text, p.range?.start ?? -1);
    return [p.code, line, col, p.message];
  });
}

const BOWL = '  inputs: { x: 1, y: 1 }\n  nodes:\n    a: x^2\n    b: 10 * y^2\n    c: a + b\n';

describe('several parameters', () => {
  it('descends f(x, y) = x^2 + 10 y^2 on both at once', () => {
    // g = (2x, 20y): (2, 20) at (1, 1); eta = 0.1 gives (0.8, -1); then g = (1.6, -20) gives
    // (0.64, 1), and f there is 0.4096 + 10 = 10.4096.
    const text = file(
      BOWL,
      '  parameters: [x, y]\n  learning_rate: 0.1\n  iterations: 2\n  forward_after: true\n',
    );
    expect(values(text, ['df/dx', 'df/dy', 'x@2', 'y@2', 'df/dy@2', 'x@3', 'y@3', 'c@3'])).toEqual({
      'df/dx': '2',
      'df/dy': '20',
      'x@2': '0.8',
      'y@2': '-1',
      'df/dy@2': '-20',
      'x@3': '0.64',
      'y@3': '1',
      'c@3': '10.4096',
    });
  });

  it('keeps an input that is not a parameter fixed', () => {
    // Only x moves: y stays 1, so b stays 10 in every iteration.
    const text = file(BOWL, '  parameters: [x]\n  learning_rate: 0.1\n  iterations: 2\n');
    expect(values(text, ['x@3', 'b@2'])).toEqual({ 'x@3': '0.64', 'b@2': '10' });
  });

  it("takes a gradient step on Rosenbrock's function", () => {
    // f = (1 - x)^2 + 100 (y - x^2)^2 at (0, 0): g = (-2, 0); eta = 0.001 gives (0.002, 0), where
    // f = 0.998^2 + 100 (0.000004)^2 = 0.996004 + 0.0000000016 = 0.9960040016.
    const text = file(
      '  inputs: { x: 0, y: 0 }\n  nodes:\n    p: 1 - x\n    q: y - x^2\n    r: p^2 + 100 * q^2\n',
      '  parameters: [x, y]\n  learning_rate: 0.001\n  forward_after: true\n',
    );
    expect(values(text, ['df/dx', 'df/dy', 'x@2', 'y@2', 'r@2'])).toEqual({
      'df/dx': '-2',
      'df/dy': '0',
      'x@2': '0.002',
      'y@2': '0',
      'r@2': '0.9960040016',
    });
  });

  it('runs RMSProp with epsilon = 0 to the sign step', () => {
    // s = 0.1 g^2 with rho = 0.9, so the step is eta g / sqrt(0.1 g^2) = eta sqrt(10) sign(g):
    // from x = 1 (g = 2), eta = 0.1: x = 1 - 0.2 / sqrt(0.4) = 1 - sqrt(0.1) = 0.68377223398316206680011...
    const text = file(
      '  inputs: { x: 1 }\n  nodes:\n    a: x^2\n',
      '  parameters: [x]\n  optimiser: rmsprop\n  rho: 0.9\n  epsilon: 0\n  learning_rate: 0.1\n',
    );
    const x = values(text, ['x@2', 's_x@2']);
    expect(x['s_x@2']).toBe('0.4');
    expect(x['x@2']!.startsWith('0.68377223398316206680')).toBe(true);
  });
});

describe('what a graph training section refuses, where it is written', () => {
  it('needs the parameters named', () => {
    expect(problems(file(BOWL, '  learning_rate: 0.1\n'))).toEqual([
      [
        'missing-key',
        10,
        1,
        'a graph is trained through the inputs it names: add `parameters:` under `training`',
      ],
    ]);
  });

  it('names an unknown parameter, a repeated one, and one the output does not use', () => {
    const text = file(
      '  inputs: { x: 1, y: 1, z: 2 }\n  nodes:\n    a: x^2 + y\n',
      '  parameters: [xx, y, y, z]\n  learning_rate: 0.1\n',
    );
    expect(problems(text)).toEqual([
      ['undefined-variable', 9, 16, 'the parameter "xx" is not an input of the graph'],
      ['bad-value', 9, 23, '"y" is listed twice'],
      ['bad-value', 9, 26, 'a does not depend on z, so z has no gradient to follow'],
    ]);
  });

  it("refuses a network's settings in a graph, and a graph's parameters in a network", () => {
    expect(problems(file(BOWL, '  parameters: [x]\n  mode: online\n'))[0]).toEqual([
      'bad-value',
      12,
      3,
      '`mode` belongs to network exercises',
    ]);
    const net =
      'id: n\ntitle: n\nnetwork:\n  layers:\n    - { neurons: [A] }\n    - { neurons: [C] }\n' +
      '  weights:\n    w1: { from: A, to: C, value: 2 }\nexamples:\n  - inputs: [1]\n    targets: 1\n' +
      'loss: {}\ntraining:\n  parameters: [w1]\n';
    expect(problems(net)).toEqual([
      [
        'bad-value',
        14,
        3,
        '`parameters` belongs to graph exercises: a network updates all its weights and biases',
      ],
    ]);
  });

  it('takes epsilon = 0 as the source prints it, and refuses a negative one', () => {
    const adam = (eps: string) =>
      file(
        '  inputs: { x: 1 }\n  nodes:\n    a: x^2\n',
        `  parameters: [x]\n  optimiser: adam\n  epsilon: ${eps}\n`,
      );
    expect(problems(adam('0'))).toEqual([]);
    expect(problems(adam('-1e-8'))).toEqual([['bad-value', 11, 12, 'epsilon cannot be negative']]);
  });
});
