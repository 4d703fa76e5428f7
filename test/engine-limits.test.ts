/**
 * Bounded values (issue 10): a computed value past MAX_VALUE_EXPONENT is an overflow (Infinity,
 * shown as such) or an underflow (0), never a number with a billion digits; and a derivative is
 * undefined where its function is. No timing here: that these end quickly is what lets the
 * suite finish at all (a billion-digit value would exhaust the heap).
 */
import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { fullValue, showValue } from '../src/render/format-number.js';

function graph(inputs: string, nodes: readonly string[]) {
  const text = [
    'id: limits',
    'title: limits',
    'graph:',
    '  function: f',
    `  inputs: { ${inputs} }`,
    '  nodes:',
    ...nodes.map((n) => `    ${n}`),
  ].join('\n');
  const { exercise, plan } = loadExerciseText('limits.yaml', text + '\n');
  return { exercise, values: evaluatePlan(plan, { precision: exercise.working }) };
}

describe('the magnitude bound on computed values', () => {
  it('exp(1e9), x^1000000000 and sixty squarings of 1.0001 overflow', () => {
    const { values, exercise } = graph('x: 2', ['a: exp(1e9 x)', 'b: x^1000000000', 'c: exp(-1e9 x)']);
    expect(values.get('a')!.toString()).toBe('Infinity');
    expect(values.get('b')!.toString()).toBe('Infinity');
    expect(values.get('c')!.toString()).toBe('0');
    expect(showValue(values.get('a')!, exercise.display)).toBe('overflow (above 1e1000000)');
    expect(fullValue(values.get('a')!)).toBe('Infinity');

    const squarings = Array.from({ length: 60 }, (_, i) => `a${i + 1}: ${i === 0 ? 'x' : `a${i}`}^2`);
    const s = graph('x: 1.0001', squarings).values;
    // 1.0001^(2^k) = e^(2^k ln 1.0001): past 10^1000000 from k = 35 (2^35 * 4.3e-5 > 1e6)
    expect(s.get('a34')!.isFinite()).toBe(true);
    expect(s.get('a34')!.e).toBeGreaterThan(700000);
    expect(s.get('a35')!.toString()).toBe('Infinity');
    expect(s.get('a60')!.toString()).toBe('Infinity');
  });

  it('writes a value with a huge exponent in scientific notation, in JSON too', () => {
    const { values, exercise } = graph('x: -100000', ['a: sigmoid(x)']);
    // mpmath: 1/(1 + exp(100000)) = 3.5629515...e-43430
    expect(fullValue(values.get('a')!)).toMatch(/^3\.5629\d+e-43430$/);
    expect(showValue(values.get('a')!, exercise.display)).toBe('0.0000');
  });
});

describe('undefined stays undefined', () => {
  it('a derivative at a point where the function is undefined is undefined', () => {
    // a = ln(x) at x = -1: da/dx = 1/x would be -1, but a has no value there.
    const { values } = graph('x: -1', ['a: ln(x)', 'b: a + x']);
    for (const id of ['a', 'da/dx', 'b', 'db/da', 'df/dx']) expect(values.get(id)!.isNaN(), id).toBe(true);
    const sq = graph('x: -4', ['a: sqrt(x)']).values;
    expect(sq.get('da/dx')!.isNaN()).toBe(true);
    const dv = graph('x: 0', ['a: 1/x']).values;
    expect(dv.get('a')!.isNaN()).toBe(true);
    expect(dv.get('da/dx')!.isNaN()).toBe(true);
  });

  it('a derivative where the function is defined stays a number', () => {
    const { values } = graph('x: 4', ['a: ln(x)', 'b: sqrt(x)']);
    expect(values.get('da/dx')!.toString()).toBe('0.25');
    expect(values.get('db/dx')!.toString()).toBe('0.25');
  });
});
