import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { evalExpr } from '../src/engine/evaluate.js';
import { decimalAt } from '../src/engine/numbers.js';
import { mathContext } from '../src/engine/ops.js';
import { allSteps } from '../src/engine/plan.js';
import { printExpr } from '../src/render/print-expr.js';
import { loadExerciseText } from '../src/exercise/load.js';

const graph = (x: string) => `
id: g
title: sqrt(x^2 + exp(x^2))
graph:
  inputs: { x: ${x} }
  nodes:
    a: x^2
    b: exp(a)
    c: a + b
    d: sqrt(c)
`;

describe('computation graphs', () => {
  it('writes the local partials as the lecture notes do', () => {
    const { plan } = loadExerciseText('g.yaml', graph('0.5'));
    const shown = new Map(allSteps(plan).map((s) => [s.id, printExpr(s.expr, 'text', (id) => id)]));
    expect(shown.get('da/dx')).toBe('2 * x');
    expect(shown.get('db/da')).toBe('b');
    expect(shown.get('dc/da')).toBe('1');
    expect(shown.get('dc/db')).toBe('1');
    expect(shown.get('dd/dc')).toBe('1/(2 * d)');
    // a feeds b and c: its adjoint sums both paths
    expect(shown.get('df/da')).toBe('df/db * db/da + df/dc * dc/da');
  });

  it('the adjoint df/dx equals the closed form x (1 + b) / d and a central difference', () => {
    for (const x of ['0.5', '-1.25', '2']) {
      const { plan } = loadExerciseText('g.yaml', graph(x));
      const v = evaluatePlan(plan, { precision: 50 });
      const D = decimalAt(50);
      const m = mathContext(D);
      const closed = new D(x).times(v.get('b')!.plus(1)).div(v.get('d')!);
      expect(v.get('df/dx')!.minus(closed).abs().lt('1e-48')).toBe(true);
      const f = (t: InstanceType<typeof D>) =>
        evalExpr(
          {
            op: 'sqrt',
            args: [
              {
                op: 'add',
                args: [
                  {
                    op: 'pow',
                    args: [
                      { op: 'ref', id: 't' },
                      { op: 'num', text: '2' },
                    ],
                  },
                  {
                    op: 'exp',
                    args: [
                      {
                        op: 'pow',
                        args: [
                          { op: 'ref', id: 't' },
                          { op: 'num', text: '2' },
                        ],
                      },
                    ],
                  },
                ],
              },
            ],
          },
          () => t,
          m,
        );
      const h = new D('1e-16');
      const fd = f(new D(x).plus(h))
        .minus(f(new D(x).minus(h)))
        .div(h.times(2));
      expect(v.get('df/dx')!.minus(fd).abs().lt('1e-28')).toBe(true);
    }
  });

  it('at x = 0.5 matches the mpmath fixture', async () => {
    const ref = (await import('./fixtures/reference.json', { with: { type: 'json' } })).default as {
      exercises: Record<string, Record<string, string>>;
    };
    const { plan } = loadExerciseText('g.yaml', graph('0.5'));
    const v = evaluatePlan(plan, { precision: 50 });
    for (const [id, want] of Object.entries(ref.exercises['autodiff-sqrt-exp']!)) {
      expect(v.has(id), id).toBe(true);
      expect(v.get(id)!.minus(want).abs().lt('1e-40'), id).toBe(true);
    }
  });
});
