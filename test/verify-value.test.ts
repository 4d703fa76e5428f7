import { describe, expect, it } from 'vitest';
import { graphExercise, rowOf, verifyYaml } from './verify-support.js';

/**
 * The verdict ladder on printed values, on graphs whose exact values are short decimals worked
 * out by hand in the comments. A node `a: x * 1` makes a step whose exact value is the input.
 */
const single = (x: string, printed: string, decimals = 4) =>
  rowOf(verifyYaml(graphExercise({ x }, { a: 'x * 1' }, { a: { printed } }, decimals)), 'a');

describe('match and truncated', () => {
  it.each([
    // [exact, printed, verdict]
    ['0.58686', '0.5869', 'match'], // rounds up
    ['0.58686', '0.5868', 'truncated'], // cut
    ['0.24202866', '0.2420', 'match'], // a trailing zero is a printed digit: 4 decimals
    ['0.24202866', '0.242', 'match'], // 3 decimals
    ['0.24202866', '0.24', 'match'],
    ['0.12341', '0.1234', 'match'], // rounds and truncates to the same digits: match
    ['0.00005', '0.0001', 'match'], // a tie rounds half up (away from zero)
    ['0.00005', '0.0000', 'truncated'],
    ['0.00005', '0', 'match'], // to 0 decimals
    ['-0.00005', '-0.0001', 'match'], // ties away from zero for negatives too
    ['-0.00005', '0.0000', 'truncated'], // cut towards zero
    ['-0.00005', '-0.0000', 'truncated'],
    ['-0.053381', '-0.0534', 'match'],
    ['-0.053381', '-0.0533', 'truncated'],
    ['0.351', '0.351', 'match'],
    ['0.351', '0.3510', 'match'],
    ['21', '21', 'match'],
    ['2.5', '3', 'match'],
    ['2.5', '2', 'truncated'],
  ])('exact %s printed %s is %s', (x, printed, verdict) => {
    expect(single(x, printed).verdict).toBe(verdict);
  });

  it('shows the exact value to two more decimals than printed', () => {
    expect(single('0.58686', '0.5868').shownExact).toBe('0.586860');
    expect(single('0.242028', '0.242').shownExact).toBe('0.24203');
    expect(single('-0.00005', '0.0000').shownExact).toBe('-0.000050');
    expect(single('0.58686', '0.5868').exact).toBe('0.58686');
  });

  it('says what rounding would have given when the value was cut', () => {
    expect(single('0.58686', '0.5868').explanation).toContain('rounded it is 0.5869');
  });
});

describe('carried: the source worked from its own rounded values', () => {
  it('finds a chain of values truncated as printed', () => {
    // x = 0.12349; a = x printed 0.1234 (cut); b = 3a: exact 0.37047 (0.3705 rounded, 0.3704 cut),
    // but 3 * 0.1234 = 0.3702.
    const r = verifyYaml(
      graphExercise(
        { x: '0.12349' },
        { a: 'x * 1', b: 'a * 3' },
        { a: { printed: '0.1234' }, b: { printed: '0.3702' } },
      ),
    );
    expect(rowOf(r, 'a').verdict).toBe('truncated');
    const b = rowOf(r, 'b');
    expect(b.verdict).toBe('carried');
    expect(b.chain).toBe('truncated');
    expect(b.explanation).toBe(
      'intermediates truncated as printed: a = 0.1234 gives 0.3702, rounded or truncated to 0.3702',
    );
  });

  it('finds a chain of values rounded as printed', () => {
    // x = 0.12346; a printed 0.1235 (rounded; cut would be 0.1234); b = 3a: exact 0.37038 -> 0.3704;
    // 3 * 0.1235 = 0.3705, while 3 * 0.1234 = 0.3702.
    const r = verifyYaml(
      graphExercise(
        { x: '0.12346' },
        { a: 'x * 1', b: 'a * 3' },
        { a: { printed: '0.1235' }, b: { printed: '0.3705' } },
      ),
    );
    const b = rowOf(r, 'b');
    expect(b.verdict).toBe('carried');
    expect(b.chain).toBe('rounded');
    expect(b.explanation).toContain('a = 0.1235 gives 0.3705');
  });

  it('finds a chain that rounds values the source did not print', () => {
    // a = x is never printed; b = 3a printed 0.3702 only follows from a cut to 4 decimals:
    // exact 3 * 0.12349 = 0.37047.
    const r = verifyYaml(
      graphExercise({ x: '0.12349' }, { a: 'x * 1', b: 'a * 3' }, { b: { printed: '0.3702' } }),
    );
    const b = rowOf(r, 'b');
    expect(b.verdict).toBe('carried');
    expect(b.chain).toBe('truncated-all');
    expect(b.explanation).toContain('every intermediate truncated to 4 decimals: a = 0.1234 gives 0.3702');
  });

  it("follows the source's own printed values, typos included", () => {
    // a is printed as 0.1240 (a typo for 0.1235); b = 3 * 0.1240 = 0.372 is then consistent with it.
    const r = verifyYaml(
      graphExercise(
        { x: '0.12346' },
        { a: 'x * 1', b: 'a * 3' },
        { a: { printed: '0.1240' }, b: { printed: '0.3720' } },
      ),
    );
    expect(rowOf(r, 'a').verdict).toBe('erratum');
    const b = rowOf(r, 'b');
    expect(b.verdict).toBe('carried');
    // Carried, but from an erratum: it says so, with the exact values (issue 18, verdict 2).
    expect(b.chain).toBe('erratum');
    expect(b.explanation).toBe(
      "carried from the erratum at a (printed 0.1240, exact 0.12346): with it as printed and the source's other printed values, this step is 0.372, rounded or truncated to 0.3720; the exact value is 0.37038",
    );
  });
});

describe('errata and their likely slips', () => {
  it('reports the difference when nothing explains it', () => {
    // The lunch: 3 - 2.64 = 0.36, printed 0.35.
    const r = rowOf(
      verifyYaml(graphExercise({ t: '3', y: '2.64' }, { r: 't - y' }, { r: { printed: '0.35' } }, 2)),
      'r',
    );
    expect(r.verdict).toBe('erratum');
    expect(r.slip).toBeUndefined();
    expect(r.explanation).toContain('printed - exact = -0.0100');
  });

  it('finds a flipped sign, with negative numbers', () => {
    // a = x^2 - 0.5 = 0.0625 - 0.5 = -0.4375, printed 0.4375.
    const r = rowOf(
      verifyYaml(graphExercise({ x: '0.25' }, { a: 'x^2 - 0.5' }, { a: { printed: '0.4375' } })),
      'a',
    );
    expect(r.verdict).toBe('erratum');
    expect(r.slip).toBe('sign');
    expect(r.explanation).toContain('printed - exact = +0.875000');
  });

  it('finds the value of another step printed under this one (a label slip)', () => {
    // a = 2x = 0.246, b = 5x = 0.615; b printed as 0.246.
    const r = rowOf(
      verifyYaml(graphExercise({ x: '0.123' }, { a: 'x * 2', b: 'x * 5' }, { b: { printed: '0.246' } }, 3)),
      'b',
    );
    expect(r.slip).toBe('label');
    expect(r.explanation).toContain('0.246 is the value of a (0.246)');
  });

  it('does not point at another step for a number of one or two significant digits', () => {
    // b = 7x = 2.1 printed 0.6, which is a = 2x: but 0.6 is the value of too many things.
    const r = rowOf(
      verifyYaml(graphExercise({ x: '0.3' }, { a: 'x * 2', b: 'x * 7' }, { b: { printed: '0.6' } }, 1)),
      'b',
    );
    expect(r.verdict).toBe('erratum');
    expect(r.slip).not.toBe('label');
  });

  it('finds two transposed digits', () => {
    // a = 3x = 0.37047 (0.3705 rounded, 0.3704 cut), printed 0.3074.
    const r = rowOf(
      verifyYaml(graphExercise({ x: '0.12349' }, { a: 'x * 3' }, { a: { printed: '0.3074' } })),
      'a',
    );
    expect(r.slip).toBe('transposition');
    expect(r.explanation).toContain('0.3704');
  });

  it('finds a dropped factor', () => {
    // a = x y 2 = 0.3 * 0.7 * 2 = 0.42, printed 0.21: the factor 2 is left out.
    const r = rowOf(
      verifyYaml(graphExercise({ x: '0.3', y: '0.7' }, { a: 'x * y * 2' }, { a: { printed: '0.21' } }, 2)),
      'a',
    );
    expect(r.slip).toBe('factor');
    expect(r.explanation).toContain('the factor 2 is left out');
  });

  it('finds a dropped factor inside a difference (an update without its learning rate)', () => {
    // w' = w - eta g = 0.2 - 0.7 * (-0.05) = 0.235; without eta: 0.2 + 0.05 = 0.25.
    const r = rowOf(
      verifyYaml(
        graphExercise(
          { w: '0.2', eta: '0.7', g: '-0.05' },
          { u: 'w - eta * g' },
          { u: { printed: '0.25' } },
          2,
        ),
      ),
      'u',
    );
    expect(r.slip).toBe('factor');
    expect(r.explanation).toContain('the factor eta = 0.7 is left out');
  });

  it('finds an extra factor', () => {
    // a = x y = 0.21; printed 0.147 = 0.21 * 0.7.
    const r = rowOf(
      verifyYaml(graphExercise({ x: '0.3', y: '0.7' }, { a: 'x * y' }, { a: { printed: '0.147' } }, 3)),
      'a',
    );
    expect(r.slip).toBe('factor');
    expect(r.explanation).toContain('an extra factor y = 0.7');
  });

  it('finds a part of the computation taken from a nearby printed value', () => {
    // y = 0.61556 printed 0.6155 (cut); d = -(1 - y) = -0.38444 printed -0.3844 (rounded);
    // s = y (1 - y) = 0.2366458..., printed 0.2365. From the printed y: 0.6155 * 0.3845 = 0.23665975
    // (0.2366 either way); with 0.3844 for 1 - y: 0.6155 * 0.3844 = 0.2365982, cut to 0.2365.
    const r = verifyYaml(
      graphExercise(
        { x: '0.61556' },
        { y: 'x * 1', d: '-(1 - y)', s: 'y * (1 - y)' },
        { y: { printed: '0.6155' }, d: { printed: '-0.3844' }, s: { printed: '0.2365' } },
      ),
    );
    expect(rowOf(r, 'y').verdict).toBe('truncated');
    expect(rowOf(r, 'd').verdict).toBe('match');
    const s = rowOf(r, 's');
    expect(s.verdict).toBe('erratum');
    expect(s.slip).toBe('operand');
    expect(s.explanation).toContain(
      '1 - y taken as 0.3844 (the printed d without its minus sign) instead of 0.3845: that gives 0.236598, truncated to 0.2365',
    );
  });
});

describe('acknowledged errata', () => {
  const yaml = (erratum: string) =>
    graphExercise({ t: '3', y: '2.64' }, { r: 't - y' }, { r: { printed: '0.35', erratum } }, 2);

  it('turns a recorded erratum into acknowledged, with its note', () => {
    const report = verifyYaml(yaml('the text says 0.35; 3 - 2.64 is 0.36'));
    const r = rowOf(report, 'r');
    expect(r.verdict).toBe('acknowledged');
    expect(r.explanation).toContain('the text says 0.35; 3 - 2.64 is 0.36');
    expect(report.summary).toEqual({ match: 0, truncated: 0, carried: 0, erratum: 0, acknowledged: 1 });
  });

  it('says so when a recorded erratum is not one', () => {
    const report = verifyYaml(
      graphExercise(
        { t: '3', y: '2.64' },
        { r: 't - y' },
        { r: { printed: '0.36', erratum: 'thought wrong' } },
        2,
      ),
    );
    const r = rowOf(report, 'r');
    expect(r.verdict).toBe('match');
    expect(r.explanation).toContain('records an erratum here, but nothing printed for this step is wrong');
  });
});

describe('a long run', () => {
  // y = w x with x = 1, t = 1, eta = 0.001, w = 0: each update makes 1 - w 0.999 times smaller,
  // so after 5000 updates w = 1 - 0.999^5000 and E = 0.999^10000 / 2 (closed form, worked in
  // mpmath: 0.993278888..., 0.0000225866729...). 5000 iterations of 9 steps are more than verify
  // evaluates one by one; the values after the last update come from a replay.
  const run = (steps: string) => `id: long
title: A long run
network:
  layers:
    - { neurons: [A] }
    - { neurons: [F], activation: identity }
  weights: { w: { from: A, to: F, value: 0 } }
examples: [{ inputs: [1], targets: 1 }]
loss: {}
training: { learning_rate: 0.001, iterations: 5000, forward_after: true }
steps:
${steps}`;

  it('checks values printed after the last update', () => {
    const r = verifyYaml(
      run('  w@5001: { printed: 0.9932 }\n  E@5001: { printed: 0.0000226 }\n  E: { printed: 0.5 }\n'),
    );
    expect(rowOf(r, 'w@5001')).toMatchObject({ verdict: 'truncated', shownExact: '0.993279' });
    expect(rowOf(r, 'E@5001')).toMatchObject({ verdict: 'match', shownExact: '0.000022587' });
    expect(rowOf(r, 'E').verdict).toBe('match');
  });

  it('refuses a value printed in the middle of the run, with a reason', () => {
    expect(() => verifyYaml(run('  w@3000: { printed: 0.95 }\n'))).toThrow(
      /"w@3000" is in the middle of a 5000-iteration run/,
    );
  });
});
