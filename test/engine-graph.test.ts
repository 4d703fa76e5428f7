import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { evalExpr } from '../src/engine/evaluate.js';
import { decimalAt } from '../src/engine/numbers.js';
import { mathContext } from '../src/engine/ops.js';
import { STEP_WINDOW } from '../src/engine/limits.js';
import { allSteps, totalSteps } from '../src/engine/plan.js';
import { buildSolution } from '../src/render/solution.js';
import { renderText } from '../src/render/text.js';
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

  it('names a local partial by the first node with that expression, also far down a long graph', () => {
    const nodes = Array.from({ length: 900 }, (_, i) => `    v${i}: ${i === 0 ? 'x' : `tanh(v${i - 1})`}`);
    const text = `id: g\ntitle: t\ngraph:\n  inputs: { x: 0.5 }\n  nodes:\n    a: x^2\n    b: exp(a)\n    c: exp(a)\n    d: exp(c)\n${nodes.join('\n')}\n    z: exp(c) + b\n`;
    const { plan } = loadExerciseText('g.yaml', text);
    const shown = new Map(allSteps(plan).map((s) => [s.id, printExpr(s.expr, 'text', (id) => id)]));
    // b and c share exp(a): the partial is named by b, the first of them.
    expect(shown.get('db/da')).toBe('b');
    expect(shown.get('dc/da')).toBe('b');
    // exp(c) is the node d, 900 nodes before z.
    expect(shown.get('dz/dc')).toBe('d');
  });

  it('solves a graph past the step window in one pass, every step shown and no summary', () => {
    const nodes = Array.from(
      { length: 1100 },
      (_, i) => `    v${i}: ${i === 0 ? 'x' : `tanh(v${i - 1}) * x`}`,
    );
    const { exercise, plan } = loadExerciseText(
      'g.yaml',
      `id: g\ntitle: t\ngraph:\n  inputs: { x: 0.5 }\n  nodes:\n${nodes.join('\n')}\n`,
    );
    expect(totalSteps(plan)).toBeGreaterThan(STEP_WINDOW);
    const sol = buildSolution(exercise, plan);
    expect(sol.summary).toBeUndefined();
    expect(sol.sections.reduce((n, s) => n + s.steps.length, 0)).toBe(totalSteps(plan));
    expect(renderText(sol, 80)).not.toMatch(/summary/);
  });

  it('retries the uncertain values of a long graph with more digits, the rest untouched', () => {
    // w = (y + 1e-55) - y is exactly 1e-55 and needs about 56 digits: the first pass (50) cannot
    // certify it, the retry over w's cone can. A long chain beside it must keep its values.
    const chain = Array.from(
      { length: 1000 },
      (_, i) => `    v${i}: tanh(${i === 0 ? 'x' : `v${i - 1}`}) * x`,
    );
    const text = `id: g\ntitle: t\ngraph:\n  inputs: { x: 0.7, y: 0.5 }\n  nodes:\n${chain.join('\n')}\n    u: y + 1e-55\n    w: u - y\n    z: w + v999\n`;
    const { plan } = loadExerciseText('g.yaml', text);
    const v = evaluatePlan(plan, { precision: 40 });
    expect(v.uncertain.size).toBe(0);
    expect(v.get('w')!.eq('1e-55')).toBe(true);
    // v0 = tanh(0.7) 0.7 by decimal.js at 60 digits, rounded to 40: another route to the same digits.
    const D60 = decimalAt(60);
    expect(v.get('v0')!.toString()).toBe(
      new D60('0.7').tanh().times('0.7').toSignificantDigits(40).toString(),
    );
    expect(v.get('z')!.eq(v.get('v999')!.plus('1e-55').toSignificantDigits(40))).toBe(true);
  });

  it('stops retrying a value on a midpoint for 600 digits, and says it is uncertain', () => {
    // df/dv1041 = 0.5^58 (41 digits, the last a 5) times a factor about 1e-600 short of 1: no
    // guard within reach settles its 40th digit. Rounded down from 0.5^58 is right, by hand.
    const chain = Array.from(
      { length: 1100 },
      (_, i) => `    v${i}: ${i === 0 ? 'x' : `tanh(v${i - 1}) * x`}`,
    );
    const { plan } = loadExerciseText(
      'g.yaml',
      `id: g\ntitle: t\ngraph:\n  inputs: { x: 0.5 }\n  nodes:\n${chain.join('\n')}\n`,
    );
    const v = evaluatePlan(plan, { precision: 40 });
    expect([...v.uncertain]).toEqual(['df/dv1041']);
    const D = decimalAt(100);
    expect(v.get('df/dv1041')!.toString()).toBe(
      new D('0.5').pow(58).toSignificantDigits(40, D.ROUND_DOWN).toString(),
    );
  });
});
