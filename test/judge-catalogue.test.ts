/**
 * The mistake table against the bundled exercises: every code the catalogue can name is named at
 * some step of some bundled exercise (so no rule is switched off by a change in the compiler),
 * and every rule names roles the compilers emit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_ORDER, ownMistakes } from '../src/judge/catalogue.js';
import { RULES } from '../src/judge/catalogue-rules.js';
import { mistakeValues } from '../src/judge/index.js';
import type { MistakeCode } from '../src/judge/index.js';
import { solveExercise } from '../src/engine/solved.js';
import { whatIf } from '../src/engine/what-if.js';
import { decimalAt } from '../src/engine/numbers.js';
import { allSteps } from '../src/engine/plan.js';
import { loadExerciseText } from '../src/exercise/load.js';

const DIR = join(import.meta.dirname, '..', 'exercises');

describe('the mistake catalogue', () => {
  it('names every mistake code at some step of a bundled exercise', () => {
    const fired = new Map<MistakeCode, string>();
    for (const file of readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      const { exercise, plan } = loadExerciseText(file, readFileSync(join(DIR, file), 'utf8'));
      // The 10,000-update run adds no step role the short exercises lack, and takes minutes exact.
      if (plan.iterations > 20) continue;
      const ev = whatIf(solveExercise(exercise, plan));
      for (const s of allSteps(plan)) {
        // A mistake that gives the right value for these numbers is no mistake here.
        const found = ownMistakes(s, ev).filter((m) => !m.value.eq(ev.value(s.id)));
        for (const m of found) if (!fired.has(m.code)) fired.set(m.code, `${exercise.id} ${s.id}`);
      }
    }
    const codes = new Set(RULES.map((r) => r.code));
    const missing = [...codes].filter((c) => !fired.has(c));
    expect(missing, `never named: ${missing.join(', ')}`).toEqual([]);
    // Every code has a place in the order of specificity.
    for (const c of codes) expect(CATALOGUE_ORDER).toContain(c);
  });
});

describe('the classification and optimiser mistakes, by value', () => {
  const R = decimalAt(60);
  const load = (id: string) => {
    const { exercise, plan } = loadExerciseText(`${id}.yaml`, readFileSync(join(DIR, `${id}.yaml`), 'utf8'));
    const solved = solveExercise(exercise, plan);
    const ctx = { solved, accepted: new Map() };
    const v = (sid: string) => new R(solved.exact.get(sid)!.toString());
    const ev = whatIf(solved);
    // As the walkthrough names them; `raw`: also those too close to the right value to be told apart.
    const mistake = (sid: string, code: MistakeCode, raw = false) => {
      const found = raw ? ownMistakes(solved.index.locate(sid)!.step, ev) : mistakeValues(ctx, sid);
      const m = found.find((x) => x.code === code);
      expect(m, `${code} at ${sid}`).toBeDefined();
      return new R(m!.value.toString());
    };
    return { v, mistake };
  };
  // Agreement to 30 digits: the mistaken value, rebuilt here from the exact step values.
  const same = (a: InstanceType<typeof R>, b: InstanceType<typeof R>) =>
    expect(a.minus(b).abs().lte(b.abs().plus(1).times('1e-30')), `${a.toString()} vs ${b.toString()}`).toBe(
      true,
    );

  it('names log base 10, the dropped minus, t - y and the slope counted twice (softmax-cross-entropy)', () => {
    const { v, mistake } = load('softmax-cross-entropy');
    same(mistake('E', 'log-base-10'), v('E').div(R.ln(10)));
    same(mistake('E', 'loss-sign-dropped'), v('E').neg());
    same(mistake('dE/dz_Q', 'difference-reversed'), v('t_Q').minus(v('y_Q')));
    const y = v('y_Q');
    same(mistake('dE/dz_Q', 'slope-counted-twice'), y.minus(1).times(y).times(y.neg().plus(1)));
  });

  it('names the dropped cross terms of the softmax Jacobian (softmax-jacobian)', () => {
    const { v, mistake } = load('softmax-jacobian');
    // Diagonal only: dE/dy_P dy_P/dz_P, without dE/dy_Q dy_Q/dz_P and dE/dy_R dy_R/dz_P.
    same(mistake('dE/dz_P', 'jacobian-cross-terms-dropped'), v('dE/dy_P').times(v('dy_P/dz_P')));
    // ...and the full sum is y_P - t_P (targets adding up to 1).
    same(v('dE/dz_P'), v('y_P').minus(v('t_P')));
    same(mistake('dE/dy_Q', 'loss-sign-dropped'), v('t_Q').div(v('y_Q')));
  });

  it('names Adam without bias correction and epsilon inside the root (adam-two-steps)', () => {
    const { v, mistake } = load('adam-two-steps');
    const eta = new R('0.1');
    const eps = new R('0.001');
    same(
      mistake('w1@3', 'no-bias-correction'),
      v('w1@2').minus(eta.times(v('m_w1@3')).div(v('v_w1@3').sqrt().plus(eps))),
    );
    same(
      mistake('w1@3', 'epsilon-inside-root'),
      v('w1@2').minus(eta.times(v('mhat_w1@2')).div(v('vhat_w1@2').plus(eps).sqrt())),
    );
    same(mistake('mhat_w1@2', 'no-bias-correction'), v('m_w1@3'));
  });
});
