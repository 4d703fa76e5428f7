/**
 * The solved exercise and the one what-if evaluator, on a graph small enough to work by hand:
 * u = a b, v = u + c, w = v^2 with a = 2, b = 3, c = 1 (u = 6, v = 7, w = 49).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { suffixIteration } from '../src/engine/plan-index.js';
import { solveExercise } from '../src/engine/solved.js';
import { whatIf } from '../src/engine/what-if.js';
import { loadExerciseText } from '../src/exercise/load.js';

const graph = [
  'id: what-if',
  'title: What if',
  'graph:',
  '  inputs: { a: "2", b: "3", c: "1" }',
  '  nodes: { u: "a * b", v: "u + c", w: "v^2" }',
  '',
].join('\n');
const { exercise, plan } = loadExerciseText('what-if.yaml', graph);
const solved = solveExercise(exercise, plan);

describe('the what-if evaluator', () => {
  it('gives the exact values with nothing pinned', () => {
    const ev = whatIf(solved);
    expect(['u', 'v', 'w'].map((id) => ev.value(id).toFixed())).toEqual(['6', '7', '49']);
  });

  it('recomputes what follows a pinned value and nothing before it', () => {
    // u pinned to 5: v = 5 + 1 = 6, w = 36; a and b keep their values.
    const ev = whatIf(solved, [['u', new solved.D(5)]]);
    expect(ev.value('v').toFixed()).toBe('6');
    expect(ev.value('w').toFixed()).toBe('36');
    expect(ev.value('a').toFixed()).toBe('2');
    // A pin equal to the exact value is no pin.
    expect(whatIf(solved, [['u', new solved.D(6)]]).pinned().size).toBe(0);
  });

  it('computes an altered step its own way, and what follows from it', () => {
    // v computed as u - c instead of u + c: v = 5, w = 25.
    const ev = whatIf(solved).alter(new Map([['v', (_s, e) => e.value('u').minus(e.value('c'))]]));
    expect(ev.value('v').toFixed()).toBe('5');
    expect(ev.value('w').toFixed()).toBe('25');
    expect(ev.value('u').toFixed()).toBe('6');
  });

  it('evaluates every step with the same pins in one run', () => {
    // c pinned to 2: v = 8, w = 64.
    const run = whatIf(solved, [['c', new solved.D(2)]]).all();
    expect(run.get('v')!.toFixed()).toBe('8');
    expect(run.get('w')!.toFixed()).toBe('64');
  });
});

describe('the iteration of a step id', () => {
  const text = readFileSync(new URL('../exercises/two-two-one-network.yaml', import.meta.url), 'utf8');
  const two = loadExerciseText('two.yaml', text.replace('iterations: 1', 'iterations: 2'));
  const index = solveExercise(two.exercise, two.plan).index;

  it('reads the suffix, and finds where the plan computes the step (docs/step-ids.md)', () => {
    expect(suffixIteration('z_C')).toBe(1);
    expect(suffixIteration('z_C@2')).toBe(2);
    // w5@2 is the weight after the first update: computed in iteration 1.
    expect(index.iterationOf('w5@2')).toBe(1);
    expect(index.iterationOf('z_C@2')).toBe(2);
    expect(index.iterationOf('z_C')).toBe(1);
    // An id the plan does not have: the iteration its suffix names.
    expect(index.iterationOf('nothing@7')).toBe(7);
  });
});
