/**
 * Issue 19's smaller points: JSON final.parameters lists every carried value (Adam's v and the
 * momentum velocity too); beta1 and beta2 may be 0 (the moving average off) but not 1, and the
 * message says so; a cross-entropy on an output that is not a probability is refused at its line.
 */
import { describe, expect, it } from 'vitest';
import { loadExerciseText } from '../src/exercise/load.js';
import { checkExerciseText } from '../src/exercise/load.js';
import { runCli } from './helpers/run-cli.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const net = (activation: string, loss: string, training: string) => `id: small-points
title: one weight
network:
  layers:
    - { name: input, neurons: [A] }
    - { name: output, neurons: [P], activation: ${activation} }
  weights:
    w1: { from: A, to: P, value: 0.5 }
examples:
  - inputs: { A: 1 }
    targets: { P: 1 }
loss: ${loss}
training:
  learning_rate: 0.1
  iterations: 1
${training}`;

const problems = (text: string) => checkExerciseText('small.yaml', text).problems;

async function finalParameters(text: string): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'backstep-small-'));
  writeFileSync(join(dir, 'small.yaml'), text);
  const { code, stdout } = await runCli(['solve', join(dir, 'small.yaml'), '--format', 'json']);
  expect(code).toBe(0);
  return (JSON.parse(stdout) as { final: { parameters: Record<string, string> } }).final.parameters;
}

describe('Adam with beta1 = beta2 = 0, and the final parameters in JSON', () => {
  // y = w1 = 0.5, t = 1, E = 1/2 (t - y)^2: g = y - t = -0.5. With both betas 0, m = g = -0.5,
  // v = g^2 = 0.25, no bias correction (1 - 0^1 = 1), and w1 moves by 0.1 * 0.5 / (0.5 + 1e-8)
  // = 0.1 / 1.00000002 = 0.1 - 2e-9 + 4e-17 - 8e-25 + ...
  const adam = net('identity', '{ scale: half }', '  optimiser: adam\n  beta1: 0\n  beta2: 0');

  it('accepts 0 and lists m and v with the weight', async () => {
    expect(problems(adam)).toEqual([]);
    const final = await finalParameters(adam);
    expect(final.m_w1).toBe('-0.5');
    expect(final.v_w1).toBe('0.25');
    expect(final.w1!.startsWith('0.5999999980000000399999992')).toBe(true);
  });

  it('lists the momentum velocity', async () => {
    const final = await finalParameters(net('identity', '{ scale: half }', '  momentum: 0.5'));
    // v = 0.5 * 0 + g or -eta g, whichever the rule: either way its size is 0.5 or 0.05.
    expect(Object.keys(final).sort()).toEqual(['v_w1', 'w1']);
    expect(['0.5', '-0.5', '0.05', '-0.05']).toContain(final.v_w1);
  });

  it('refuses 1 with a message that says what is allowed', () => {
    for (const key of ['beta1', 'beta2']) {
      const msgs = problems(net('identity', '{ scale: half }', `  optimiser: adam\n  ${key}: 1`));
      expect(msgs.map((p) => p.message)).toContain(`${key} must be at least 0 and below 1`);
    }
  });
});

describe('cross-entropy on an output that is not a probability', () => {
  it.each([
    ['tanh', 'cross-entropy'],
    ['identity', 'binary-cross-entropy'],
    ['tanh', 'binary-cross-entropy'],
  ])('%s output with %s is refused at loss.type, with a hint', (activation, kind) => {
    const text = net(activation, `{ type: ${kind} }`, '');
    const errors = problems(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(`a ${activation} output is not a probability`);
    expect(errors[0]!.hint).toMatch(/activation: (sigmoid|softmax)/);
    const at = errors[0]!.range!;
    expect(text.slice(at.start, at.end)).toBe(kind);
    expect(() => loadExerciseText('small.yaml', text)).toThrow();
  });

  it('a sigmoid output with either cross-entropy is accepted', () => {
    for (const kind of ['cross-entropy', 'binary-cross-entropy'])
      expect(problems(net('sigmoid', `{ type: ${kind} }`, ''))).toEqual([]);
  });
});

describe('an uncertain value not held within one unit', () => {
  // a = sqrt(2) * sqrt(2) - 2 is 0 by algebra, not by the structure of its terms: a cancellation
  // that no digit count certifies, so its value is unknown (and df/dx = 3 - 3 with it).
  const file = new URL('./fixtures/saturation/algebraic-zero.yaml', import.meta.url).pathname;

  it('is written unknown in JSON, not as a number; the certified values stay numbers', async () => {
    const { code, stdout } = await runCli(['solve', file, '--format', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { steps: Array<{ id: string; value: string }>; uncertain: string[] };
    const value = (id: string) => doc.steps.find((s) => s.id === id)!.value;
    expect(doc.uncertain).toContain('a');
    expect(value('a')).toBe('unknown');
    // mpmath: sqrt(2) to 40 digits.
    expect(value('s')).toBe('1.41421356237309504880168872420969807857');
    for (const s of doc.steps) if (!doc.uncertain.includes(s.id)) expect(s.value).not.toBe('unknown');
  });

  it('is not printed as a number in the text and LaTeX solutions either, nor inside later lines', async () => {
    const text = (await runCli(['solve', file])).stdout;
    const line = (id: string) => text.split('\n').find((l) => l.startsWith(`${id} =`))!;
    expect(line('a')).toMatch(/= unknown \(not certified\)$/);
    // g's worked line keeps a as a symbol (no line with a's digits put in).
    expect(line('g')).toBe('g = 3 * a + 1 = 1.0000');
    const latex = (await runCli(['solve', file, '--format', 'latex'])).stdout;
    expect(latex).toContain('\\text{unknown (not certified)}');
  });

  it('a softmax whose deltas cancel through equal weights is certified 0 by structure', async () => {
    // Equal weights from H into two softmax outputs: dE/dy_H = 2 (dE/dz_P + dE/dz_Q) = 0, since
    // y_P - 1 and y_Q are the same share with opposite signs (exact-zero.ts reads them so).
    const equal = new URL('./fixtures/saturation/softmax-equal-weights.yaml', import.meta.url).pathname;
    const doc = JSON.parse((await runCli(['solve', equal, '--format', 'json'])).stdout) as {
      steps: Array<{ id: string; value: string }>;
      uncertain?: string[];
    };
    expect(doc.steps.find((s) => s.id === 'dE/dy_H')!.value).toBe('0');
    expect(doc.uncertain ?? []).toEqual([]);
    // y_P = 1 / (1 + e^-0.4) whatever H is (the weights from H are equal): 0.59868766...
    expect(doc.steps.find((s) => s.id === 'y_P')!.value).toBe('0.5986876601124520003690786594055078341947');
  });
});
