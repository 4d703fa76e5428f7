import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { allSteps } from '../src/engine/plan.js';
import { replay } from '../src/engine/replay.js';
import { loadExerciseText } from '../src/exercise/load.js';

const NET = `
id: exact
title: exactness
precision: { working: 60 }
network:
  layers:
    - { neurons: [A, B] }
    - { neurons: [C], activation: sigmoid }
  weights:
    w1: { from: A, to: C, value: 0.1234567890123456789012345678901 }
    w2: { from: B, to: C, value: 12345678901234567890.5 }
examples:
  - inputs: [1.10, 0.000000000000000000001]
    targets: 1
loss: {}
training: { learning_rate: 0.5 }
`;

describe('numbers keep their source text', () => {
  it('long decimals and trailing zeros reach the plan as written', () => {
    const { plan } = loadExerciseText('exact.yaml', NET);
    const byId = new Map(plan.givens.map((g) => [g.id, g.value]));
    expect(byId.get('w1')).toBe('0.1234567890123456789012345678901');
    expect(byId.get('w2')).toBe('12345678901234567890.5');
    expect(byId.get('x_A')).toBe('1.10');
    expect(byId.get('x_B')).toBe('0.000000000000000000001');
    expect(byId.get('eta')).toBe('0.5');
  });

  it('z is the exact sum of products of the written digits', () => {
    const { plan, exercise } = loadExerciseText('exact.yaml', NET);
    const v = evaluatePlan(plan, { precision: exercise.working });
    // 1.10 * 0.1234567890123456789012345678901 + 1e-21 * 12345678901234567890.5, by hand:
    // 0.13580246791358024679135802467911 + 0.0123456789012345678905
    expect(v.get('z')!.toFixed()).toBe('0.14814814681481481468185802467911');
  });
});

describe('results do not depend on YAML formatting', () => {
  const variants = [
    NET,
    NET.replace('{ neurons: [A, B] }', '\n      neurons:\n        - A\n        - B').replace(
      'w1: { from: A, to: C, value: 0.1234567890123456789012345678901 }',
      'w1:\n      from: A\n      to: C\n      value: "0.1234567890123456789012345678901"   # quoted',
    ),
    NET.replace('inputs: [1.10, 0.000000000000000000001]', 'inputs: { B: 1e-21, A: "1.10" }'),
  ];
  it('block, flow, quoted and reordered forms give identical values', () => {
    const results = variants.map((text) => {
      const { plan, exercise } = loadExerciseText('f.yaml', text);
      const v = evaluatePlan(plan, { precision: exercise.working });
      return allSteps(plan)
        .map((s) => `${s.id}=${v.get(s.id)!.toFixed()}`)
        .join('\n');
    });
    expect(results[1]).toBe(results[0]);
    expect(results[2]).toBe(results[0]);
  });
});

describe('results do not depend on global Decimal state', () => {
  it('a global Decimal.set changes nothing', () => {
    const text = readFileSync(new URL('../exercises/two-two-one-network.yaml', import.meta.url), 'utf8');
    const run = () => {
      const { plan, exercise } = loadExerciseText('x.yaml', text);
      const v = evaluatePlan(plan, { precision: exercise.working });
      return allSteps(plan)
        .map((s) => v.get(s.id)!.toFixed())
        .join(',');
    };
    const before = run();
    const saved = { precision: Decimal.precision, rounding: Decimal.rounding };
    try {
      Decimal.set({ precision: 5, rounding: Decimal.ROUND_DOWN });
      expect(run()).toBe(before);
    } finally {
      Decimal.set(saved);
    }
  });
});

describe('replay', () => {
  it('gives the same parameters and error as evaluating every step', () => {
    const text = `
id: r
title: replay
network:
  layers:
    - { neurons: ['1', '2'] }
    - { neurons: [h], activation: tanh }
    - { neurons: [o], activation: sigmoid }
  weights:
    w1: { from: '1', to: h, value: 0.3 }
    w2: { from: '2', to: h, value: -0.2 }
    w3: { from: h, to: o, value: 0.7 }
  biases: { h: 0.1, o: -0.1 }
examples:
  - { inputs: [1, 0], targets: 1 }
  - { inputs: [0, 1], targets: 0 }
  - { inputs: [1, 1], targets: 1 }
loss: { batch: mean }
training: { learning_rate: 0.9, iterations: 7, forward_after: true, momentum: 0.5, weight_decay: 0.01 }
`;
    const { plan, exercise } = loadExerciseText('r.yaml', text);
    const full = evaluatePlan(plan, { precision: exercise.working });
    const costs: string[] = [];
    const r = replay(plan, { precision: exercise.working, onIteration: (_k, c) => costs.push(c!.toFixed()) });
    for (const p of ['w1', 'w2', 'w3', 'b_h', 'b_o'])
      expect(r.final.get(p)!.toFixed()).toBe(full.get(`${p}@8`)!.toFixed());
    expect(costs).toEqual([1, 2, 3, 4, 5, 6, 7].map((k) => full.get(k === 1 ? 'E' : `E@${k}`)!.toFixed()));
    expect(r.after.get('E@8')!.toFixed()).toBe(full.get('E@8')!.toFixed());
  });
});
