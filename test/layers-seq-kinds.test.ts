/**
 * The sequence and normalisation layer kinds (batch and layer normalisation, attention, the Elman
 * RNN) compiled on their own through a recording LayerBuilder and evaluated at 50 digits, against
 * the independent mpmath references of test/fixtures/layers/seq/*.py (plain loops from the textbook
 * formulas; see each script's header). Every reference value is compared to 1e-35.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evalExpr } from '../src/engine/evaluate.js';
import { ref } from '../src/engine/expr.js';
import { decimalAt } from '../src/engine/numbers.js';
import type { Dec } from '../src/engine/numbers.js';
import { mathContext } from '../src/engine/ops.js';
import { solveExercise } from '../src/engine/solved.js';
import { mistakeValues } from '../src/judge/index.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { verifyExercise } from '../src/verify/verify.js';
import { attention } from '../src/engine/layers/attention.js';
import { batchnorm } from '../src/engine/layers/batchnorm.js';
import { layernorm } from '../src/engine/layers/layernorm.js';
import { rnn } from '../src/engine/layers/rnn.js';
import type { Grid, LayerBuilder, LayerKind, LayerStep } from '../src/engine/layers/types.js';

const D = decimalAt(50);
const m = mathContext(D);
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/layers/seq/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    Record<string, string>
  >;

/** Runs a kind forward and backward with the given upstream gradient, evaluating every step. */
function run<S>(kind: LayerKind<S>, spec: S, rows: string[][], dOut: string[][], needInput = true) {
  const values = new Map<string, Dec>();
  const steps: LayerStep[] = [];
  const trained: Array<[string, string]> = [];
  const b: LayerBuilder = {
    given(id, value) {
      expect(values.has(id)).toBe(false);
      values.set(id, new D(value));
      return ref(id);
    },
    step(s) {
      expect(values.has(s.id)).toBe(false);
      steps.push(s);
      values.set(
        s.id,
        evalExpr(s.expr, (id) => values.get(id), m),
      );
      return ref(s.id);
    },
    grad: (id) => `dE/d${id}`,
    value: (id) => values.get(id)!,
    trains: (p, g) => void trained.push([p, g]),
  };
  const ids = rows.flatMap((r, i) =>
    r.map((v, j) => {
      const id = `x_${i + 1}_${j + 1}`;
      values.set(id, new D(v));
      return id;
    }),
  );
  const input: Grid = { name: 'x', channels: 1, rows: rows.length, cols: rows[0]!.length, ids };
  const out = kind.forward(spec, input, 'y', b);
  const dIds = dOut.flatMap((r, i) =>
    r.map((v, j) => {
      const id = `dE/dy_${i + 1}_${j + 1}`;
      values.set(id, new D(v));
      return id;
    }),
  );
  expect(dIds.length).toBe(out.ids.length);
  const dx = kind.backward(spec, input, out, dIds, b, needInput);
  return { values, steps, out, dx, trained };
}

const close = (got: Dec | undefined, want: string, what: string) => {
  expect(got, what).toBeDefined();
  expect(got!.minus(want).abs().lt('1e-35'), `${what}: ${got!.toString()} vs ${want}`).toBe(true);
};

describe('batch normalisation', () => {
  const ref = fixture('batchnorm');
  const cases = {
    'alexkode-custom': {
      x: [
        ['1', '2'],
        ['3', '4'],
        ['5', '6'],
      ],
      gamma: ['2', '0.5'],
      beta: ['1', '-1'],
      eps: '0',
      dy: [
        ['1', '1'],
        ['1', '1'],
        ['1', '1'],
      ],
    },
    uneven: {
      x: [
        ['1', '2'],
        ['3', '4'],
        ['5', '7'],
      ],
      gamma: ['2', '0.5'],
      beta: ['1', '-1'],
      eps: '0.01',
      dy: [
        ['0.5', '-1'],
        ['1', '0.25'],
        ['-2', '1.5'],
      ],
    },
  };
  for (const [name, c] of Object.entries(cases))
    it(`matches the mpmath reference (${name})`, () => {
      const r = run(batchnorm, { gamma: c.gamma, beta: c.beta, epsilon: c.eps }, c.x, c.dy);
      const want = ref[name]!;
      for (const [k, v] of Object.entries(want)) {
        const [, base, i, j] = /^(\w+)\[(\d+)(?:,(\d+))?\]$/.exec(k)!;
        const id = {
          mu: `mu_${i}`,
          var: `var_${i}`,
          dvar: `dE/dvar_${i}`,
          dmu: `dE/dmu_${i}`,
          dbeta: `dE/dbeta_${i}`,
          dgamma: `dE/dgamma_${i}`,
          xhat: `xhat_${i}_${j}`,
          y: `y_${i}_${j}`,
          dxhat: `dE/dxhat_${i}_${j}`,
          dx: `dE/dx_${i}_${j}`,
        }[base!]!;
        close(r.values.get(id), v, k);
      }
      expect(r.trained.map(([p]) => p).sort()).toEqual(['beta_1', 'beta_2', 'gamma_1', 'gamma_2']);
    });

  it('declares the slip of reading mu and sigma as constants on each dx', () => {
    const c = cases.uneven;
    const r = run(batchnorm, { gamma: c.gamma, beta: c.beta, epsilon: c.eps }, c.x, c.dy);
    const dx = r.steps.find((s) => s.id === 'dE/dx_1_1')!;
    const slip = dx.form?.layerSlips?.find((s) => s.code === 'norm-stat-paths-dropped');
    expect(slip).toBeDefined();
    // dxhat / sigma: 0.5 * 2 / sqrt(8/3 + 0.01), not the true dx
    const wrong = evalExpr(slip!.expr, (id) => r.values.get(id), m);
    close(wrong, new D(1).div(new D(8).div(3).plus('0.01').sqrt()).toString(), 'slip value');
    expect(wrong.minus(r.values.get('dE/dx_1_1')!).abs().gt('0.01')).toBe(true);
  });
});

describe('layer normalisation', () => {
  it('matches the mpmath reference', () => {
    const want = fixture('batchnorm').layernorm!;
    const r = run(
      layernorm,
      { gamma: ['1', '0.5', '2'], beta: ['0', '0.1', '-1'], epsilon: '0.01' },
      [
        ['1', '2', '4'],
        ['3', '0', '-3'],
      ],
      [
        ['0.5', '-1', '2'],
        ['1', '0.25', '-0.5'],
      ],
    );
    for (const [k, v] of Object.entries(want)) {
      const [, base, i, j] = /^(\w+)\[(\d+)(?:,(\d+))?\]$/.exec(k)!;
      const id = {
        mu: `mu_${i}`,
        var: `var_${i}`,
        dbeta: `dE/dbeta_${i}`,
        dgamma: `dE/dgamma_${i}`,
        xhat: `xhat_${i}_${j}`,
        y: `y_${i}_${j}`,
        dx: `dE/dx_${i}_${j}`,
      }[base!]!;
      close(r.values.get(id), v, k);
    }
  });
});

describe('scaled dot-product attention', () => {
  const X = [
    ['1', '0'],
    ['0', '2'],
    ['1', '1'],
  ];
  const spec = {
    keySize: 2,
    valueSize: 2,
    wq: ['1', '0', '0', '1'],
    wk: ['1', '1', '0', '1'],
    wv: ['1', '0', '0', '1'],
  };
  const cases = {
    chebale: [
      ['1', '1'],
      ['1', '1'],
      ['1', '1'],
    ],
    uneven: [
      ['0.5', '-1'],
      ['1', '0.25'],
      ['-2', '1.5'],
    ],
  };
  for (const [name, dy] of Object.entries(cases))
    it(`matches the mpmath reference (${name})`, () => {
      const r = run(attention, spec, X, dy);
      for (const [k, v] of Object.entries(fixture('attention')[name]!)) {
        const [, base, i, j] = /^(\w+)\[(\d+),(\d+)\]$/.exec(k)!;
        const id =
          base === 'O'
            ? `y_${i}_${j}`
            : base!.startsWith('d')
              ? `dE/d${base!.slice(1)}_${i}_${j}`
              : `${base}_${i}_${j}`;
        close(r.values.get(id), v, k);
      }
    });

  it('declares the missing scale and the softmax down a column', () => {
    const r = run(attention, spec, X, cases.uneven);
    const codes = (id: string) => r.steps.find((s) => s.id === id)!.form?.layerSlips?.map((s) => s.code);
    expect(codes('S_1_2')).toEqual(['attention-scale-dropped']);
    expect(codes('A_1_2')).toEqual(['softmax-wrong-axis']);
    expect(codes('dE/dS_2_1')).toEqual(['softmax-wrong-axis']);
    expect(codes('dE/dQ_1_1')).toEqual(['attention-scale-dropped']);
    // Down a column, A_1_2 = exp(S_1_2) / (exp(S_1_2) + exp(S_2_2) + exp(S_3_2)): S = 0, 2√2, √2.
    const slip = r.steps.find((s) => s.id === 'A_1_2')!.form!.layerSlips![0]!;
    const s2 = new D(2).sqrt();
    close(
      evalExpr(slip.expr, (id) => r.values.get(id), m),
      new D(1).div(new D(1).plus(s2.times(2).exp()).plus(s2.exp())).toString(),
      'column softmax',
    );
  });
});

describe('Elman RNN through time', () => {
  const prachub = { hidden: 1, outSize: 1, wx: ['0.5'], wh: ['0.1'], wy: ['2'], b: ['0'], h0: ['0'] };
  it('matches the mpmath reference of the PracHub walkthrough', () => {
    // E = sum (1/2)(y_t - target_t)^2, so dE/dy_t = y_t - target_t: from the reference's own y.
    const want = fixture('bptt').prachub!;
    const r = run(rnn, prachub, [['1'], ['2']], [[want['dy[1]']!], [want['dy[2]']!]]);
    const ids: Record<string, string> = { dWx: 'dE/dWx', dWh: 'dE/dWh', db: 'dE/db', dWy: 'dE/dWy' };
    for (const [k, v] of Object.entries(want)) {
      if (k === 'L' || k.startsWith('L[') || k.startsWith('dy[')) continue;
      const [, base, t] = /^(\w+)(?:\[(\d+)\])?$/.exec(k)!;
      const id = ids[base!] ?? (base!.startsWith('d') ? `dE/d${base!.slice(1)}_${t}` : `${base}_${t}`);
      close(r.values.get(id), v, k);
    }
  });

  it('matches a three-step reference with a bias and h0, and declares the forgotten recurrent path', () => {
    const want = fixture('bptt').three!;
    const spec = { hidden: 1, outSize: 1, wx: ['0.8'], wh: ['-0.6'], wy: ['1.5'], b: ['0.05'], h0: ['0.1'] };
    const r = run(
      rnn,
      spec,
      [['0.5'], ['-1'], ['1.5']],
      [['dy[1]'], ['dy[2]'], ['dy[3]']].map(([k]) => [want[k!]!]),
    );
    for (const k of ['h[3]', 'dh[1]', 'dh[2]', 'da[1]', 'dWx', 'dWh', 'db', 'dWy']) {
      const [, base, t] = /^(\w+)(?:\[(\d+)\])?$/.exec(k)!;
      const id = t ? `dE/d${base!.slice(1)}_${t}` : `dE/d${base!.slice(1)}`;
      close(r.values.get(base === 'h' ? 'h_3' : id), want[k]!, k);
    }
    const dh1 = r.steps.find((s) => s.id === 'dE/dh_1')!;
    expect(dh1.form?.layerSlips?.map((s) => s.code)).toEqual(['recurrent-path-dropped']);
    expect(r.steps.find((s) => s.id === 'dE/dh_3')!.form).toBeUndefined();
  });
});

describe('the sequence slips, diagnosed in the walkthrough on the bundled exercises', () => {
  const load = (id: string) => {
    const { exercise, plan } = loadExerciseText(
      `exercises/${id}.yaml`,
      readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8'),
    );
    return { solved: solveExercise(exercise, plan), accepted: new Map() };
  };
  const found = (id: string, step: string, code: string) =>
    mistakeValues(load(id), step)
      .filter((m) => m.code === code)
      .map((m) => m.value);

  it('batch norm: dx from the x-hat path alone is gamma/sigma = 2/sqrt(8/3), not 0', () => {
    const [v] = found('alexkode-batchnorm', 'dE/dx_1_1', 'norm-stat-paths-dropped');
    // dE/dxhat_1_1 = 1 * 2; sigma_1 = sqrt(8/3 + 0) = 1.632993...; 2 / 1.632993 = 1.224745 (sqrt(3/2)).
    expect(v!.minus(new D('1.5').sqrt()).abs().lt('1e-30')).toBe(true);
  });

  it('BPTT: dE/dh_1 from the output at time 1 alone is (y_1 - 1) Wy', () => {
    const [v] = found('prachub-bptt', 'dE/dh_1', 'recurrent-path-dropped');
    // y_1 = 2 tanh(0.5); (y_1 - 1) * 2 = 4 tanh(0.5) - 2.
    expect(v!.minus(new D('0.5').tanh().times(4).minus(2)).abs().lt('1e-30')).toBe(true);
  });

  it('attention: a score without the scale, and a weight normalised down its column', () => {
    // S_2_3 = Q_2 . K_3 / sqrt(2) = (0, 2) . (1, 2) / sqrt(2) = 4 / sqrt(2); unscaled: 4.
    expect(
      found('chebale-self-attention', 'S_2_3', 'attention-scale-dropped').map((v) => v.toFixed()),
    ).toEqual(['4']);
    // Column 1 of the scores: S_1_1 = 1/sqrt(2), S_2_1 = 2/sqrt(2), S_3_1 = 2/sqrt(2) (Q_3 . K_1 = 2).
    const r = new D(2).sqrt();
    const col = [new D(1).div(r), new D(2).div(r), new D(2).div(r)].map((s) => s.exp());
    const want = col[0]!.div(col[0]!.plus(col[1]!).plus(col[2]!));
    const [v] = found('chebale-self-attention', 'A_1_1', 'softmax-wrong-axis');
    expect(v!.minus(want).abs().lt('1e-30')).toBe(true);
  });

  it('verify names the slip when a source prints the value without the scale', () => {
    // The Chebale page itself prints no scores; a printed S_2_3 = 4 is the unscaled dot product.
    const text = readFileSync(new URL('../exercises/chebale-self-attention.yaml', import.meta.url), 'utf8');
    const { exercise, plan } = loadExerciseText('x.yaml', `${text}  S_2_3:\n    printed: 4\n`);
    const r = verifyExercise(solveExercise(exercise, plan)).results.find((x) => x.step === 'S_2_3')!;
    expect(r.explanation).toContain('attention without the 1/sqrt(d) scale');
  });
});
