import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mistakeValues } from '../src/check/index.js';
import { evaluatePlan } from '../src/engine/evaluate-plan.js';
import { decimalAt } from '../src/engine/numbers.js';
import { solveExercise } from '../src/engine/solved.js';
import { BackstepError } from '../src/exercise/errors.js';
import { loadExerciseText } from '../src/exercise/load.js';

/*
 * The layer kinds (docs/layers.md) on small inputs worked by hand in the comments; the bundled
 * exercises are checked against mpmath in exercises-reference.test.ts.
 */
function values(yaml: string): Map<string, string> {
  const { exercise, plan } = loadExerciseText('inline.yaml', yaml);
  const v = evaluatePlan(plan, { precision: exercise.working });
  return new Map([...v].map(([k, d]) => [k, d.toFixed()]));
}

const head = 'id: inline\ntitle: t\n';

describe('convolution', () => {
  it('cross-correlates by default, and turns the kernel with flip: true', () => {
    // d2l 7.2: [[0,1,2],[3,4,5],[6,7,8]] with [[0,1],[2,3]]: 0*0 + 1*1 + 3*2 + 4*3 = 19.
    // Turned, the kernel reads [[3,2],[1,0]]: 0*3 + 1*2 + 3*1 + 4*0 = 5; the last cell
    // 4*3 + 5*2 + 7*1 + 8*0 = 29.
    const layer = (flip: boolean) =>
      `${head}layers:\n  input: [[0, 1, 2], [3, 4, 5], [6, 7, 8]]\n  stack:\n    - {type: conv, name: Y, kernel: [[0, 1], [2, 3]], flip: ${flip}}\n`;
    expect(values(layer(false)).get('Y_1_1')).toBe('19');
    const turned = values(layer(true));
    expect([turned.get('Y_1_1'), turned.get('Y_2_2')]).toEqual(['5', '29']);
  });

  it('sums over input channels and makes one map per output channel (the d2l 7.4 example)', () => {
    // d2l 7.4.1: X = [X0, X0 + 1], K = [[[0,1],[2,3]], [[1,2],[3,4]]] -> [[56, 72], [104, 120]];
    // 7.4.2: the kernels K, K + 1, K + 2. Worked: map 3, cell (2,2) = [[2,3],[4,5]] . [[4,5],[7,8]]
    // + [[3,4],[5,6]] . [[5,6],[8,9]] = (8 + 15 + 28 + 40) + (15 + 24 + 40 + 54) = 91 + 133 = 224;
    // map 2, cell (1,1) = [[1,2],[3,4]] . [[0,1],[3,4]] + [[2,3],[4,5]] . [[1,2],[4,5]]
    // = (0 + 2 + 9 + 16) + (2 + 6 + 16 + 25) = 27 + 49 = 76.
    const v = values(`${head}layers:
  input: [[[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]]]
  stack:
    - type: conv
      name: Y
      kernel:
        - [[[0, 1], [2, 3]], [[1, 2], [3, 4]]]
        - [[[1, 2], [3, 4]], [[2, 3], [4, 5]]]
        - [[[2, 3], [4, 5]], [[3, 4], [5, 6]]]
`);
    const map = (c: number) => [1, 2].flatMap((i) => [1, 2].map((j) => v.get(`Y_${c}_${i}_${j}`)));
    expect(map(1)).toEqual(['56', '72', '104', '120']);
    expect(map(2)).toEqual(['76', '100', '148', '172']);
    expect(map(3)).toEqual(['96', '128', '192', '224']);
  });

  it('names the slips of a window: a turned kernel, a stride or padding off by one', () => {
    // dumoulin-conv-padding-stride, Y_2_2 = 17 (stride 2, padding 1). Stride 1: padded rows 1..3,
    // columns 1..3 = [[3,3,2],[0,0,1],[3,1,2]] . K = 3 + 4 + 1 + 4 = 12. Stride 3: rows 3..5 =
    // [[2,2,3],[0,2,2],[0,0,1]] . K = 2 + 6 + 4 + 2 = 14. Turned kernel [[2,1,0],[0,2,2],[2,1,0]]
    // on the window [[0,1,3],[1,2,2],[0,0,2]]: 1 + (4 + 4) + 0 = 9. Padding 0 (same stride): the
    // window starts at input row and column 2 (0-based): [[2,2,3],[0,2,2],[0,0,1]]: 14 again;
    // padding 2: it starts at 2 - 2 = 0: [[3,3,2],[0,0,1],[3,1,2]] . K = 7 + 0 + 5 = 12.
    const { exercise, plan } = loadExerciseText(
      'exercises/dumoulin-conv-padding-stride.yaml',
      readFileSync(new URL('../exercises/dumoulin-conv-padding-stride.yaml', import.meta.url), 'utf8'),
    );
    const ctx = { solved: solveExercise(exercise, plan), accepted: new Map() };
    const found = mistakeValues(ctx, 'Y_2_2').map((m) => `${m.code} ${m.value.toFixed()}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'kernel-flipped 9',
        'stride-off-by-one 12',
        'stride-off-by-one 14',
        'padding-off-by-one 14',
        'padding-off-by-one 12',
      ]),
    );
  });
});

describe('pooling', () => {
  it('routes a tie to the first largest cell, and names the gradient spread to every cell', () => {
    // dumoulin-max-pooling: X_1_2 = 3 is in windows (1,1) and (1,2); window (1,1) holds X_1_1 = 3
    // first, so only window (1,2) routes to it: dE/dX_1_2 = 1; spread to every cell: 1 + 1 = 2.
    // X_2_4 = 3 is the first largest of windows (1,2), (1,3) and (2,3)... and (2,2)? Window (2,2)
    // (rows 2..4, columns 2..4) reads 0 1 3 / 1 2 2 / 0 0 2: its first 3 is X_2_4. So 4 windows?
    // Window (1,2) (rows 1..3, columns 2..4) starts 3 2 1: its first 3 is X_1_2, not X_2_4.
    // Windows (1,3): 2 1 0 / 1 3 1 / 2 2 3 -> X_2_4; (2,2) -> X_2_4; (2,3): 1 3 1 / 2 2 3 / 0 2 2
    // -> X_2_4. So dE/dX_2_4 = 3, as the mpmath reference has it.
    const { exercise, plan } = loadExerciseText(
      'exercises/dumoulin-max-pooling.yaml',
      readFileSync(new URL('../exercises/dumoulin-max-pooling.yaml', import.meta.url), 'utf8'),
    );
    const solved = solveExercise(exercise, plan);
    expect(solved.exactOf('dE/dX_1_2').toFixed()).toBe('1');
    expect(solved.exactOf('dE/dX_2_4').toFixed()).toBe('3');
    const found = mistakeValues({ solved, accepted: new Map() }, 'dE/dX_1_2').map(
      (m) => `${m.code} ${m.value.toFixed()}`,
    );
    expect(found).toContain('pool-gradient-spread 2');
  });

  it('averages, and gives each cell of a window 1/n of its gradient', () => {
    // [[1,2],[3,6]] averaged over its one 2x2 window: 12/4 = 3 (a 1x1 output is a vector of one
    // cell: Y_1); dE/dX = 2/4 = 0.5 each.
    const v = values(`${head}layers:
  input: [[1, 2], [3, 6]]
  stack:
    - {type: average-pool, name: Y, size: 2}
  upstream: [[2]]
  input_gradient: true
`);
    expect([v.get('Y_1'), v.get('dE/dX_1_1'), v.get('dE/dX_2_2')]).toEqual(['3', '0.5', '0.5']);
  });
});

describe('a stack with a loss and an update', () => {
  it('flattens, applies a dense output, the squared error and one update', () => {
    // X = [[1, 2]] flattened to h1 = (1, 2); y = 0.5 * 1 - 1 * 2 + 0 = -1.5; E = 1/2 (1 + 1.5)^2
    // = 3.125; dE/dy = y - t = -2.5; dE/dW_1_1 = -2.5, dE/dW_1_2 = -5, dE/db_1 = -2.5;
    // with eta = 0.1: W_1_1 = 0.75, W_1_2 = -0.5, b_1 = 0.25. Dropout with mask (1, 0), q = 0.5,
    // in front: h = (2, 0), y = 1 + 0 = 1... (second case below).
    const v = values(`${head}layers:
  input: [[1, 2]]
  stack:
    - {type: flatten}
    - {type: dense, weights: [[0.5, -1]], bias: [0]}
  target: [1]
  learning_rate: 0.1
`);
    expect(v.get('E')).toBe('3.125');
    expect([v.get('dE/dW_1_1'), v.get('dE/dW_1_2'), v.get('dE/db_1')]).toEqual(['-2.5', '-5', '-2.5']);
    expect([v.get('W_1_1@2'), v.get('W_1_2@2'), v.get('b_1@2')]).toEqual(['0.75', '-0.5', '0.25']);
  });

  it('drops and scales with a given mask (inverted dropout)', () => {
    // x = (1, 2), mask (1, 0), q = 0.5: h = (2, 0); dE/dh given (3, 5): dE/dx = (1 * 3 / 0.5, 0) = (6, 0).
    const v = values(`${head}layers:
  input: [1, 2]
  stack:
    - {type: dropout, name: h, mask: [1, 0], keep: 0.5}
  upstream: [3, 5]
  input_gradient: true
`);
    expect([v.get('h_1'), v.get('h_2'), v.get('dE/dX_1'), v.get('dE/dX_2')]).toEqual(['2', '0', '6', '0']);
  });
});

describe('the format', () => {
  const problems = (yaml: string): string[] => {
    try {
      loadExerciseText('inline.yaml', yaml);
      return [];
    } catch (e) {
      if (!(e instanceof BackstepError)) throw e;
      return e.problems.map((p) => `${p.code}: ${p.message}`);
    }
  };

  it('reports a dense layer on a grid, a kernel larger than its input, and a field of another kind', () => {
    expect(
      problems(
        `${head}layers:\n  input: [[1, 2], [3, 4]]\n  stack:\n    - {type: dense, weights: [[1, 2, 3, 4]]}\n`,
      ),
    ).toEqual([expect.stringContaining('a dense layer reads a vector')]);
    expect(
      problems(
        `${head}layers:\n  input: [[1, 2], [3, 4]]\n  stack:\n    - {type: conv, kernel: [[1, 1, 1], [1, 1, 1], [1, 1, 1]]}\n`,
      ),
    ).toEqual([expect.stringContaining('larger than the 2x2 input')]);
    expect(
      problems(`${head}layers:\n  input: [[1, 2], [3, 4]]\n  stack:\n    - {type: flatten, size: 2}\n`),
    ).toEqual([expect.stringContaining('`size` is not a field of a flatten layer')]);
  });

  it('reports rows of different lengths at the row', () => {
    expect(problems(`${head}layers:\n  input: [[1, 2], [3]]\n  stack:\n    - {type: flatten}\n`)).toEqual([
      expect.stringContaining('this entry is a 1 list but the first is a 2 list'),
    ]);
  });
});

void decimalAt;
