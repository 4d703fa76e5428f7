/**
 * The limits that keep every command quick on a file from anyone (docs/authoring.md, "Limits"):
 * steps and terms in one pass, and the work of a whole run, estimated before it starts. Apart
 * from the loader (which refuses a file over them), solve and verify read the work estimate when
 * a run turns to decimal arithmetic on the way, so this file holds no YAML or schema code.
 */
import { exprWork } from '../engine/operations/work.js';
import { STEP_WINDOW } from '../engine/limits.js';
import type { Exercise } from '../engine/model.js';
import { passes } from '../engine/plan.js';
import type { Plan } from '../engine/plan.js';
import { binaryProbe, decimalOnly } from '../engine/replay.js';
import { BackstepError } from './errors.js';

/**
 * The work budget (docs/authoring.md, "Limits"): the terms of every pass's formulas (a division,
 * root, power or exponential counting 3: `exprWork`) times the working digits (a decimal
 * operation costs about its digit count), times DECIMAL_FACTOR for a run that cannot take the
 * binary fast path, plus the setup of a replayed run (SETUP_WORK_PER_STEP). This estimates the
 * run before it starts; the bundled 10,000-iteration example is 6.43e8. Over it, the file is
 * refused with the figure, so that `check` saying ok means `solve` ends.
 */
export const MAX_WORK = 650_000_000;

/** How much slower the decimal.js replay is than the binary one (measured: about 20, a softmax run with Adam). */
export const DECIMAL_FACTOR = 20;

/**
 * Steps in one iteration (one pass over the examples): `check`, `solve` and the walkthrough all
 * go through every step, so this bounds them the way MAX_WORK bounds a long training run.
 * 64-64-64 with one example is 25,217; twelve layers of 64 would be 138,689.
 */
export const MAX_PLAN_STEPS = 30_000;

/**
 * Numbers, references and operations in the formulas of one pass: what evaluating, checking and
 * printing a pass costs when steps are long (a graph node multiplying 75 variables has 75 local
 * partials of 74 factors each). 64-64-64 has 112,645; the 7,499-node graph of the bench 134,983.
 */
export const MAX_PLAN_OPERANDS = 200_000;

/**
 * The steps of a long run that the work estimate runs in binary arithmetic beforehand: its first
 * iterations, at most 10 and at least 1 (a few milliseconds).
 */
const PROBE_STEPS = 3000;
const PROBE_ITERATIONS = 10;

/**
 * What a long run costs besides its replay, per step of one pass, in units of work: its first
 * pass is compiled, checked, evaluated step by step and printed in full, and its programs are
 * compiled for the replay. Measured on 64-64-64 (25,217 steps a pass): solve takes 2.9 s before
 * its replay starts, and each further pass 47 ms, about 1e-8 s a unit of work. Without this, 100
 * passes of it were inside the limits and took 7.6 s and 585 MB.
 */
export const SETUP_WORK_PER_STEP = 21_000;

export interface WorkEstimate {
  readonly steps: number;
  readonly terms: number;
  /** The whole estimate: the replay's work, plus the setup of a run that is replayed. */
  readonly work: number;
  /** Terms x working digits, x DECIMAL_FACTOR when the run needs decimal arithmetic. */
  readonly replay: number;
  /** SETUP_WORK_PER_STEP for each step of one pass, for a run that is replayed; else 0. */
  readonly setup: number;
  readonly decimalOnly?: string;
}

export function workEstimate(ex: Exercise, plan: Plan): WorkEstimate {
  const runs = passes(plan);
  const steps = plan.stepsPerIteration * runs;
  // A later iteration's formulas: they hold what the first one lacks (velocities, moments).
  const terms = plan.iteration(Math.min(2, runs)).reduce((n, s) => n + exprWork(s.expr), 0) * runs;
  // Only a run past the step window is replayed; a shorter one is evaluated step by step. The
  // first iterations of one of several passes are run too (a few milliseconds): a value met
  // there sends the whole replay to decimal.js, and is counted so before it starts. (A single
  // pass is never replayed.)
  const long = steps > STEP_WINDOW;
  const replayed = long && runs > 1;
  const probe = Math.max(1, Math.min(PROBE_ITERATIONS, Math.floor(PROBE_STEPS / plan.stepsPerIteration)));
  const slow =
    (long ? decimalOnly(plan) : undefined) ?? (replayed ? binaryProbe(plan, ex.working, probe) : undefined);
  const replay = terms * ex.working * (slow === undefined ? 1 : DECIMAL_FACTOR);
  const setup = replayed ? plan.stepsPerIteration * SETUP_WORK_PER_STEP : 0;
  return {
    steps,
    terms,
    work: replay + setup,
    replay,
    setup,
    ...(slow === undefined ? {} : { decimalOnly: slow }),
  };
}

/**
 * For a replay that turns to decimal.js during the run (a value the binary arithmetic does not
 * handle, which the estimate could not foresee): goes on when the run is affordable that way,
 * else stops it with a message, so that no file inside the limits runs for minutes.
 */
export function affordDecimalReplay(ex: Exercise, plan: Plan): (why: string) => void {
  return (why) => {
    const { replay, setup, decimalOnly: counted } = workEstimate(ex, plan);
    if (counted !== undefined || replay * DECIMAL_FACTOR + setup <= MAX_WORK) return;
    throw BackstepError.of(
      'unsupported',
      `${ex.id}: this run meets a value the fast arithmetic does not handle (${why}); ` +
        `in decimal arithmetic it would take about ${DECIMAL_FACTOR} times longer, past the work limit`,
      'use smaller inputs or weights, or fewer iterations (docs/precision.md, method 3)',
    );
  };
}
