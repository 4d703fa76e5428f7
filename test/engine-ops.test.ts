import { describe, expect, it } from 'vitest';
import { decimalAt } from '../src/engine/numbers.js';
import { mathContext, OPS } from '../src/engine/ops.js';

const D = decimalAt(40);
const m = mathContext(D);
const tanh = (x: string) => OPS.tanh.value([new D(x)], m).toString();

describe('activation rules at the edges', () => {
  it('tanh is correctly rounded to 40 digits', () => {
    // python3 -c "from mpmath import *; mp.dps=60; print(nstr(tanh(mpf('0.5')), 40))" and likewise
    expect(tanh('0.5')).toBe('0.4621171572600097585023184836436725487303');
    expect(tanh('-3.25')).toBe('-0.9969976354865260169322759264395722730592');
    expect(tanh('20')).toBe('0.9999999999999999915032914894168220454386');
  });

  it('tanh keeps tiny arguments (tanh x = x - x^3/3 + ...) and saturates without overflow', () => {
    expect(tanh('1e-45')).toBe('1e-45');
    // 1 - tanh(100) = 2e^-200 + ... < 1e-86: rounds to 1 at 40 digits
    expect(tanh('100')).toBe('1');
    expect(tanh('1e30')).toBe('1');
    expect(tanh('-1e30')).toBe('-1');
  });

  it('an undefined input stays undefined through relu and step', () => {
    expect(OPS.relu.value([new D(NaN)], m).isNaN()).toBe(true);
    expect(OPS.step.value([new D(NaN)], m).isNaN()).toBe(true);
    expect(OPS.relu.value([new D('-0.5')], m).toString()).toBe('0');
    expect(OPS.step.value([new D('0')], m).toString()).toBe('1');
  });
});
