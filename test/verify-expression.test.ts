import { describe, expect, it } from 'vitest';
import { graphExercise, rowOf, verifyYaml } from './verify-support.js';

/**
 * Printed arithmetic: its own value against the value printed beside it, and read back into
 * symbols against the step. Every number below is worked out by hand in the comments.
 */
const update = (steps: Record<string, Record<string, string>>) =>
  // u = w - eta g = 0.2 - 0.7 * (-0.05338) = 0.237366 (0.2374 rounded, 0.2373 cut).
  verifyYaml(graphExercise({ w: '0.2', eta: '0.7', g: '-0.05338' }, { u: 'w - eta * g' }, steps));

describe('printed expressions', () => {
  it('matches when the numbers in it are exact and it computes the step', () => {
    // z = 0.23 * 0.1 + 0.82 * 0.4 = 0.023 + 0.328 = 0.351
    const r = verifyYaml(
      graphExercise(
        { a: '0.23', b: '0.82' },
        { z: 'a * 0.1 + b * 0.4' },
        { z: { printed: '0.351', printed_expression: '0.23 * 0.1 + 0.82 * 0.4' } },
      ),
    );
    expect(rowOf(r, 'z', 'expression').verdict).toBe('match');
    expect(rowOf(r, 'z', 'expression').explanation).toBe('gives 0.351, the exact value');
  });

  it("is carried when it uses the source's rounded operands", () => {
    // g printed -0.0533 (cut); 0.2 - 0.7 * (-0.0533) = 0.23731: the step's formula with g as printed.
    const r = update({
      g: { printed: '-0.0533' },
      u: { printed: '0.2373', printed_expression: '0.2 - 0.7 * (-0.0533)' },
    });
    const e = rowOf(r, 'u', 'expression');
    expect(e.verdict).toBe('carried');
    expect(e.explanation).toBe("the step's formula with the printed g = -0.0533; it gives 0.23731");
  });

  it('names operands shown rounded when the source printed them nowhere', () => {
    // Nothing printed for g; -0.0534 is g rounded to 4 decimals. 0.2 + 0.7 * 0.0534 = 0.23738.
    const e = rowOf(update({ u: { printed_expression: '0.2 - 0.7 * (-0.0534)' } }), 'u', 'expression');
    expect(e.verdict).toBe('carried');
    expect(e.explanation).toBe("the step's formula with g rounded to -0.0534; it gives 0.23738");
  });

  it('finds a lost minus sign (the 2-2-1 update of w5)', () => {
    // As printed 0.2 - 0.7 * 0.0533 = 0.16269; with -0.0533: 0.23731, which is 0.2373 rounded or cut.
    const e = rowOf(
      update({
        g: { printed: '-0.0533' },
        u: { printed: '0.2373', printed_expression: '0.2 - (0.7 * 0.0533)' },
      }),
      'u',
      'expression',
    );
    expect(e.verdict).toBe('erratum');
    expect(e.slip).toBe('sign');
    expect(e.explanation).toBe(
      'as printed it gives 0.16269, not 0.2373; likely slip: 0.0533 should be -0.0533 (g): then it gives 0.23731, rounded or truncated to 0.2373',
    );
  });

  it('finds two transposed digits in a number', () => {
    // 0.23 * 0.1 + 0.28 * 0.4 = 0.135; with 0.82: 0.351.
    const r = verifyYaml(
      graphExercise(
        { a: '0.23', b: '0.82' },
        { z: 'a * 0.1 + b * 0.4' },
        { z: { printed: '0.351', printed_expression: '0.23 * 0.1 + 0.28 * 0.4' } },
      ),
    );
    const e = rowOf(r, 'z', 'expression');
    expect(e.slip).toBe('transposition');
    expect(e.explanation).toContain('0.28 has two digits transposed; with 0.82 (b) it gives 0.351');
  });

  it('finds a value that comes from an operand printed rounded', () => {
    // y = 0.61556 printed 0.6155 (cut). d = -(1 - y) = -0.38444, printed -0.3844 beside the
    // expression -(1 - 0.6155) = -0.3845: the printed value comes from the unrounded y.
    const r = verifyYaml(
      graphExercise(
        { x: '0.61556' },
        { y: 'x * 1', d: '-(1 - y)' },
        { y: { printed: '0.6155' }, d: { printed: '-0.3844', printed_expression: '-(1 - 0.6155)' } },
      ),
    );
    expect(rowOf(r, 'd').verdict).toBe('match');
    const e = rowOf(r, 'd', 'expression');
    expect(e.verdict).toBe('erratum');
    expect(e.slip).toBe('unrounded-operand');
    expect(e.explanation).toBe(
      'as printed it gives -0.3845, not -0.3844; likely slip: the printed value comes from the unrounded y = 0.61556, shown as 0.6155: with it the expression gives -0.38444, rounded or truncated to -0.3844',
    );
  });

  it('finds a part taken from a nearby printed value of another step', () => {
    // y = 0.61556 printed 0.6155; d = -(1 - y) printed -0.3844; s = y (1 - y) printed 0.2365
    // beside 0.6155 * (1 - 0.6155) = 0.23665975. With 0.3844 for (1 - 0.6155): 0.2365982, cut 0.2365.
    const r = verifyYaml(
      graphExercise(
        { x: '0.61556' },
        { y: 'x * 1', d: '-(1 - y)', s: 'y * (1 - y)' },
        {
          y: { printed: '0.6155' },
          d: { printed: '-0.3844' },
          s: { printed: '0.2365', printed_expression: '0.6155 * (1 - 0.6155)' },
        },
      ),
    );
    const e = rowOf(r, 's', 'expression');
    expect(e.slip).toBe('operand');
    expect(e.explanation).toBe(
      'as printed it gives 0.23666, not 0.2365; likely slip: 1 - 0.6155 = 0.3845 was taken as 0.3844 (the printed d without its minus sign): that gives 0.236598, truncated to 0.2365',
    );
  });

  it('finds an extra factor written into the expression', () => {
    // p = a b = 0.2 * 0.3 = 0.06; printed 0.5 * 0.2 * 0.3 = 0.03 beside 0.06.
    const r = verifyYaml(
      graphExercise(
        { a: '0.2', b: '0.3' },
        { p: 'a * b' },
        { p: { printed: '0.06', printed_expression: '0.5 * 0.2 * 0.3' } },
        2,
      ),
    );
    const e = rowOf(r, 'p', 'expression');
    expect(e.slip).toBe('factor');
    expect(e.explanation).toContain('an extra factor 0.5');
  });

  it('checks an expression printed without a value against the step', () => {
    // 0.2 + 0.7 * 0.0533 = 0.23731 computes u with g cut to -0.0533, its minus sign taken into
    // the formula: carried. With the sign in the wrong place it does not: 0.2 - 0.7 * 0.0533 = 0.16269.
    const right = rowOf(update({ u: { printed_expression: '0.2 + 0.7 * 0.0533' } }), 'u', 'expression');
    expect(right.verdict).toBe('carried');
    expect(right.explanation).toBe(
      "the step's formula with g truncated to -0.0533 (a minus sign taken into the formula); it gives 0.23731",
    );
    const wrong = rowOf(update({ u: { printed_expression: '0.2 - 0.7 * 0.0533' } }), 'u', 'expression');
    expect(wrong.verdict).toBe('erratum');
    expect(wrong.slip).toBe('sign');
    expect(wrong.explanation).toContain('gives 0.16269; the exact value is 0.237366');
  });

  it('acknowledges an expression erratum recorded for its step', () => {
    const r = update({
      u: {
        printed: '0.2373',
        printed_expression: '0.2 - (0.7 * 0.0533)',
        erratum: 'sign of the gradient dropped',
      },
    });
    expect(rowOf(r, 'u').verdict).toBe('truncated');
    expect(rowOf(r, 'u', 'expression').verdict).toBe('acknowledged');
    expect(r.summary.acknowledged).toBe(1);
    expect(r.summary.erratum).toBe(0);
  });
});

describe('printed arithmetic on values that are not steps (issue 18, verdict 6)', () => {
  // s = a^2 + b^2 with a = 0.2121, b = 0.318: a^2 = 0.04498641, b^2 = 0.101124, s = 0.14611041.
  // A source prints the two squares rounded to 3 decimals, 0.045 + 0.101 = 0.146: each number is
  // off by at most 0.0005, so the line is right to within 0.001 of the exact 0.14611.
  const squares = (printedExpression: string, printed: string) =>
    verifyYaml(
      graphExercise(
        { a: '0.2121', b: '0.318' },
        { s: 'a^2 + b^2' },
        { s: { printed, printed_expression: printedExpression } },
        3,
      ),
    );

  it('is not an erratum when rounding its numbers explains the difference', () => {
    const r = squares('0.045 + 0.101', '0.146');
    expect(rowOf(r, 's').verdict).toBe('match');
    const e = rowOf(r, 's', 'expression');
    expect(e.verdict).toBe('carried');
    expect(e.explanation).toContain('its numbers 0.045, 0.101 are rounded values');
  });

  it('is still an erratum when one number is off by more than its rounding', () => {
    // 0.047 + 0.101 = 0.148: a^2 = 0.04499 is not 0.047 to 3 decimals; 0.148 - 0.14611 > 0.001.
    const e = rowOf(squares('0.047 + 0.101', '0.148'), 's', 'expression');
    expect(e.verdict).toBe('erratum');
  });
});
