/**
 * verify names the usual classification and optimiser mistakes when they explain a printed
 * number. The printed values are made here from the mpmath reference values
 * (fixtures/classification-reference.json) with the mistake applied by hand, so nothing comes
 * from the engine under test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decimalAt } from '../src/engine/numbers.js';
import { rowOf, verifyYaml } from './verify-support.js';

const R = decimalAt(60);
const ref = (
  JSON.parse(readFileSync(new URL('./fixtures/classification-reference.json', import.meta.url), 'utf8')) as {
    exercises: Record<string, Record<string, string>>;
  }
).exercises;

/** The bundled exercise with `printed:` values added to its step notes. */
function withPrinted(id: string, printed: Record<string, string>): string {
  let text = readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8');
  for (const [step, value] of Object.entries(printed)) {
    const key = `\n  ${step}:\n`;
    expect(text.includes(key), `${id} has a note for ${step}`).toBe(true);
    text = text.replace(key, `${key}    printed: ${value}\n`);
  }
  return text;
}

describe('verify: slips of classification and optimisers', () => {
  it('softmax through the Jacobian: base-10 log, dropped minus, dropped cross terms', () => {
    const v = (k: string) => new R(ref['softmax-jacobian']![k]!);
    const printed = {
      E: v('E').div(R.ln(10)).toFixed(4),
      'dE/dy_Q': new R('0.8').div(v('y_Q')).toFixed(4),
      'dE/dz_P': v('dE/dy_P').times(v('dy_P/dz_P')).toFixed(4),
    };
    const report = verifyYaml(withPrinted('softmax-jacobian', printed));
    const expectSlip = (step: string, words: string) => {
      const r = rowOf(report, step);
      expect(r.verdict, `${step}: ${r.explanation}`).toBe('erratum');
      expect(r.slip).toBe('mistake');
      expect(r.explanation).toContain(words);
    };
    expectSlip('E', 'base-10 logarithm');
    expectSlip('dE/dy_Q', 'minus sign of the cross-entropy dropped');
    expectSlip('dE/dz_P', 'cross terms left out');
  });

  it('softmax with the combined gradient: the slope counted twice, t - y for y - t', () => {
    const v = (k: string) => new R(ref['softmax-cross-entropy']![k]!);
    const yQ = v('y_Q');
    const printed = {
      'dE/dz_Q': yQ.minus(1).times(yQ).times(yQ.neg().plus(1)).toFixed(4),
      'dE/dz_P': v('y_P').neg().toFixed(4),
    };
    const report = verifyYaml(withPrinted('softmax-cross-entropy', printed));
    expect(rowOf(report, 'dE/dz_Q').explanation).toContain('slope applied on top of y - t');
    expect(rowOf(report, 'dE/dz_P').explanation).toContain('t - y written for y - t');
  });

  it('names the catalogued mistake where its erratum is carried on (issue 18, verdict 2)', () => {
    // dE/dz_Q with the slope on top: (y_Q - 1) y_Q (1 - y_Q) = -0.148148. The source then backs it
    // through the weights from C (0.5, -0.4, 0.2): dE/dy_C = 0.5 y_P - 0.4 (-0.1481) + 0.2 y_R.
    const v = (k: string) => new R(ref['softmax-cross-entropy']![k]!);
    const yQ = v('y_Q');
    const slipped = yQ.minus(1).times(yQ).times(yQ.neg().plus(1));
    const dEdyC = v('dE/dz_P').times('0.5').plus(slipped.times('-0.4')).plus(v('dE/dz_R').times('0.2'));
    const report = verifyYaml(
      withPrinted('softmax-cross-entropy', { 'dE/dz_Q': slipped.toFixed(4), 'dE/dy_C': dEdyC.toFixed(4) }),
    );
    const r = rowOf(report, 'dE/dy_C');
    expect(r.verdict).toBe('carried');
    expect(r.chain).toBe('erratum');
    expect(r.explanation).toMatch(
      /^carried from the erratum at dE\/dz_Q \(printed -0\.1481, exact -0\.666209; /,
    );
    expect(r.explanation).toContain('slope applied on top of y - t (y - t is already dE/dz)');
    // ... and the exact value, which the source's number is not.
    expect(r.explanation).toContain(`the exact value is ${v('dE/dy_C').toDecimalPlaces(6).toString()}`);
  });

  it('Adam: no bias correction, epsilon inside the root', () => {
    const v = (k: string) => new R(ref['adam-two-steps']![k]!);
    const eta = new R('0.1');
    const eps = new R('0.001');
    const printed = {
      'w1@3': v('w1@2')
        .minus(eta.times(v('m_w1@3')).div(v('v_w1@3').sqrt().plus(eps)))
        .toSignificantDigits(6)
        .toString(),
      'w1@2': new R('0.4')
        .minus(eta.times(v('mhat_w1')).div(v('vhat_w1').plus(eps).sqrt()))
        .toSignificantDigits(6)
        .toString(),
    };
    const report = verifyYaml(withPrinted('adam-two-steps', printed));
    expect(rowOf(report, 'w1@3').explanation).toContain('without bias correction');
    expect(rowOf(report, 'w1@2').explanation).toContain('epsilon inside the square root');
  });
});
