/**
 * Limits with a margin (issue 17): every bundled exercise is at most half of every limit, so a
 * course's own files like them are far from the edge, and a small change to the engine's
 * counts does not push a bundled file over. The counts are operation counts (steps, terms,
 * terms x digits), so this holds on any machine.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exprSize } from '../src/engine/expr.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { MAX_PLAN_OPERANDS, MAX_PLAN_STEPS, workEstimate } from '../src/exercise/work.js';

const dir = new URL('../exercises/', import.meta.url);
const bundled = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('every bundled exercise is at most half of every limit', () => {
  it('finds the bundled exercises, the 10,000-iteration one among them', () =>
    expect(bundled).toContain('sigmoid-identity-code-example.yaml'));

  it.each(bundled)('%s', (f) => {
    const { exercise, plan } = loadExerciseText(f, readFileSync(new URL(f, dir), 'utf8'));
    expect(plan.stepsPerIteration).toBeLessThanOrEqual(MAX_PLAN_STEPS / 2);
    const operands = plan.iteration(1).reduce((n, s) => n + exprSize(s.expr), 0);
    expect(operands).toBeLessThanOrEqual(MAX_PLAN_OPERANDS / 2);
    const { work, limit, share } = workEstimate(exercise, plan);
    expect(work).toBeLessThanOrEqual(limit / 2);
    // The work and, for a replayed run, the first pass shown in full, together.
    expect(share).toBeLessThanOrEqual(0.5);
  });
});
