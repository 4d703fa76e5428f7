import { describe, expect, it } from 'vitest';
import { allSteps } from '../src/engine/plan.js';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { checkExerciseText, loadExerciseText } from '../src/exercise/load.js';
import { lineCol } from '../src/exercise/format-error.js';
import { renderTemplate } from '../src/authoring/templates.js';
import { rowOf, verifyYaml } from './verify-support.js';

/*
 * convention: textbook, update: false and shared_biases on a network of identity neurons, whose
 * every value is a short decimal worked by hand:
 *   x = 2, t = 4, eta = 0.1; w1 = 0.5 (a->h1), w2 = -1 (a->h2), w3 = 3 (h1->o), w4 = 0.25 (h2->o);
 *   one bias b1 = 0.1 shared by h1 and h2, b_o = -0.5.
 *   z_h1 = 1 + 0.1 = 1.1, z_h2 = -2 + 0.1 = -1.9, z_o = 3.3 - 0.475 - 0.5 = 2.325.
 *   delta_o = (4 - 2.325) * 1 = 1.675; delta_h1 = 1.675 * 3 = 5.025; delta_h2 = 1.675 * 0.25 = 0.41875.
 *   Delta w1 = 0.1 * 5.025 * 2 = 1.005, Delta w2 = 0.1 * 0.41875 * 2 = 0.08375,
 *   Delta w3 = 0.1 * 1.675 * 1.1 = 0.18425, Delta w4 = 0.1 * 1.675 * -1.9 = -0.31825,
 *   Delta b1 = 0.1 * (5.025 + 0.41875) = 0.544375, Delta b_o = 0.1675.
 */
const NET = `id: t
title: t
network:
  layers:
    - { name: input, neurons: [a] }
    - { name: hidden, neurons: [h1, h2], activation: identity }
    - { name: output, neurons: [o], activation: identity }
  weights:
    w1: { from: a, to: h1, value: 0.5 }
    w2: { from: a, to: h2, value: -1 }
    w3: { from: h1, to: o, value: 3 }
    w4: { from: h2, to: o, value: 0.25 }
  biases: { o: -0.5 }
  shared_biases:
    b1: { layer: hidden, value: 0.1 }
examples:
  - inputs: [2]
    targets: 4
loss: {}
`;

function values(text: string): Map<string, string> {
  const { exercise, plan } = loadExerciseText('t.yaml', text);
  const v = evaluatePlan(plan, { precision: exercise.working });
  return new Map([...v].map(([k, d]) => [k, d.toString()]));
}

const ids = (text: string) => allSteps(loadExerciseText('t.yaml', text).plan).map((s) => s.id);

describe('convention: textbook', () => {
  const text = NET + 'training: { learning_rate: 0.1, convention: textbook }\n';
  it('delta carries the book sign, Delta w and w + Delta w are steps', () => {
    const v = values(text);
    const want: Record<string, string> = {
      z_h1: '1.1',
      z_h2: '-1.9',
      z_o: '2.325',
      delta_o: '1.675',
      delta_h1: '5.025',
      delta_h2: '0.41875',
      Delta_w1: '1.005',
      'w1@2': '1.505',
      Delta_w2: '0.08375',
      'w2@2': '-0.91625',
      Delta_w3: '0.18425',
      'w3@2': '3.18425',
      Delta_w4: '-0.31825',
      'w4@2': '-0.06825',
      Delta_b1: '0.544375',
      'b1@2': '0.644375',
      Delta_b_o: '0.1675',
      'b_o@2': '-0.3325',
    };
    for (const [id, x] of Object.entries(want)) expect(v.get(id), id).toBe(x);
    // No gradient-sign steps: the book's delta replaces dE/dz, its Delta w the dE/dw.
    expect(ids(text).filter((id) => id.startsWith('dE/'))).toEqual([]);
  });

  it('names delta with notation.delta (Err_o)', () => {
    const v = values(text.replace('loss: {}', 'loss: {}\nnotation: { delta: Err }'));
    expect(v.get('Err_o')).toBe('1.675');
    expect(v.get('Err_h2')).toBe('0.41875');
  });

  it('a batch of two examples takes the mean of delta x', () => {
    // Example 2: x = 0, t = 0 gives z_h1 = z_h2 = 0.1, z_o = 0.3 + 0.025 - 0.5 = -0.175,
    // delta_o = 0.175, x = 0 so Delta w1 = 0.1 * (1/2)(5.025 * 2 + 0) = 0.5025.
    const two = text.replace('    targets: 4\n', '    targets: 4\n  - inputs: [0]\n    targets: 0\n');
    const v = values(two);
    expect(v.get('delta_o[2]')).toBe('0.175');
    expect(v.get('Delta_w1')).toBe('0.5025');
  });
});

describe('update: false and shared biases', () => {
  it('stops after the gradients: no learning rate, no update', () => {
    const text = NET + 'training: { update: false }\n';
    const v = values(text);
    expect(v.get('dE/dz_h1')).toBe('-5.025');
    expect(v.get('dE/dw1')).toBe('-10.05');
    // The shared bias: one step, the sum of the deltas of the neurons it feeds.
    expect(v.get('dE/db1')).toBe('-5.44375');
    expect(ids(text).filter((id) => id === 'dE/db1')).toHaveLength(1);
    expect(ids(text).some((id) => id.includes('@2') || id === 'eta')).toBe(false);
    expect(loadExerciseText('t.yaml', text).plan.givens.some((g) => g.kind === 'rate')).toBe(false);
  });

  it('with the textbook convention it stops after the deltas', () => {
    const v = values(NET + 'training: { update: false, convention: textbook }\n');
    expect(v.get('delta_h2')).toBe('0.41875');
    expect(v.has('Delta_w1')).toBe(false);
  });

  it('gradient descent updates the shared bias with its summed gradient', () => {
    const v = values(NET + 'training: { learning_rate: 0.1 }\n');
    expect(v.get('b1@2')).toBe('0.644375');
  });
});

/** [code, line, col] of each problem. */
function where(text: string): Array<[string, number, number]> {
  return checkExerciseText('t.yaml', text).problems.map((p) => {
    const { line, col } = lineCol(text, p.range?.start ?? -1);
    return [p.code, line, col];
  });
}

describe('located refusals', () => {
  it.each([
    [
      'textbook with momentum',
      'training: { convention: textbook, momentum: 0.9 }',
      [['unsupported', 20, 45]],
    ],
    [
      'textbook with the perceptron rule',
      'training: { convention: textbook, rule: perceptron }',
      'bad-value',
    ],
    [
      'update: false with a learning rate',
      'training: { update: false, learning_rate: 0.5 }',
      [['bad-value', 20, 28]],
    ],
    ['update: false with iterations', 'training: { update: false, iterations: 2 }', [['bad-value', 20, 28]]],
  ])('%s', (_, training, want) => {
    const got = where(NET + training + '\n');
    if (typeof want === 'string') expect(got.map((g) => g[0])).toContain(want);
    else expect(got).toEqual(want);
  });

  it('a shared bias on the input layer, or beside a neuron bias, is refused at its place', () => {
    const input = NET.replace('b1: { layer: hidden', 'b1: { layer: input') + 'training: {}\n';
    expect(where(input)).toEqual([['bad-value', 15, 11]]);
    const both = NET.replace('biases: { o: -0.5 }', 'biases: { h1: -0.5 }') + 'training: {}\n';
    expect(where(both)).toEqual([['bad-value', 15, 5]]);
    const unknown = NET.replace('b1: { layer: hidden', 'b1: { layer: hiden') + 'training: {}\n';
    expect(where(unknown).map((w) => w[0])).toEqual(['unknown-layer']);
  });
});

describe('new --convention textbook', () => {
  it('writes convention: textbook and asks the book delta and Delta w', () => {
    const text = renderTemplate(
      {
        kind: 'network',
        sizes: [2, 2, 1],
        naming: 'letters',
        weights: 'named',
        activation: 'sigmoid',
        convention: 'textbook',
      },
      { id: 'x', schema: 's', fileName: 'x.yaml' },
    );
    expect(text).toContain('convention: textbook');
    expect(text).toMatch(/^ {2}delta_F:$/m);
    expect(text).toMatch(/^ {2}Delta_w\d:$/m);
    expect(text).toContain('The old value plus the change you just found.');
  });
});

describe('verify reads the textbook sign and the printed changes', () => {
  // The values of the first describe: delta_o = 1.675, Delta_w3 = 0.18425, w3@2 = 3.18425.
  const printed = (id: string) =>
    NET +
    'training: { learning_rate: 0.1, convention: textbook }\nsteps:\n' +
    `  ${id}: { printed: 1.675 }\n` +
    '  Delta_w3: { printed: 0.18, printed_expression: "0.1 * 1.675 * 1.1" }\n' +
    '  w3@2: { printed: 3.18, printed_expression: "3 + 0.18" }\n';

  it('matches delta, Delta w and the w + Delta w line as printed', () => {
    const report = verifyYaml(printed('delta_o'));
    expect(report.results.map((r) => [r.step, r.kind, r.verdict])).toEqual([
      ['delta_o', 'value', 'match'],
      ['Delta_w3', 'value', 'match'],
      ['Delta_w3', 'expression', 'match'],
      ['w3@2', 'value', 'match'],
      ['w3@2', 'expression', 'carried'],
    ]);
  });

  it('without the convention the same delta is an erratum of sign (what authors met before)', () => {
    const text = NET + 'training: { learning_rate: 0.1 }\nsteps:\n  dE/dz_o: { printed: 1.675 }\n';
    const row = rowOf(verifyYaml(text), 'dE/dz_o');
    expect(row.verdict).toBe('erratum');
    expect(row.slip).toBe('sign');
  });
});

describe('a step of the other convention', () => {
  const hintOf = (text: string) => checkExerciseText('t.yaml', text).problems.map((p) => p.hint ?? '');
  it('dE/dz under convention: textbook points to delta', () => {
    const text = NET + 'training: { convention: textbook }\nsteps:\n  dE/dz_o: { printed: -1.675 }\n';
    expect(hintOf(text)[0]).toContain('delta_<neuron> = -dE/dz');
  });
  it('delta_o without it points to convention: textbook', () => {
    const text = NET + 'training: {}\nsteps:\n  delta_o: { printed: 1.675 }\n';
    expect(hintOf(text)[0]).toContain('add `convention: textbook`');
  });
});
