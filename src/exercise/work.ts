/**
 * The limits that keep every command quick on a file from anyone (docs/authoring.md, "Limits"):
 * steps and terms in one pass, and the work of a whole run, estimated before it starts. Apart
 * from the loader (which refuses a file over them), solve and verify read the work estimate when
 * a run turns to decimal arithmetic on the way, so this file holds no YAML or schema code.
 */
import { exprWork } from '../engine/operations/work.js';
import { exprSize } from '../engine/expr.js';
import { STEP_WINDOW } from '../engine/limits.js';
import type { Exercise } from '../engine/model.js';
import { passes } from '../engine/plan.js';
import type { Plan } from '../engine/plan.js';
import { binaryProbe, decimalOnly } from '../engine/replay.js';
import { BackstepError } from './errors.js';

/**
 * The work limits (docs/authoring.md, "Limits") are operation counts: the terms of every pass's
 * formulas (a division, root, power or exponential counting 3: `exprWork`) times the working
 * digits, as a decimal operation costs about its digit count. A run on the binary fast path is
 * held to MAX_WORK, one that needs decimal arithmetic to MAX_DECIMAL_WORK: two counts with two
 * limits, and no factor between the arithmetics read off a clock. Each limit was set so that the
 * longest run at it still solves in seconds (the figures are in docs/authoring.md, Limits), and
 * so that every bundled exercise is at most half of it: the bundled 10,000-iteration example is
 * 6.37e8. Over a limit, the file is refused with the figure, so that `check` saying ok means
 * `solve` ends.
 */
export const MAX_WORK = 1_350_000_000;

/** The same count for a run that cannot take the binary fast path (`ln`, a non-integer power). */
export const MAX_DECIMAL_WORK = 70_000_000;

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

export interface WorkEstimate {
  readonly steps: number;
  readonly terms: number;
  /** Terms x working digits: the count the work limits hold. */
  readonly work: number;
  /** The limit that applies: MAX_WORK, or MAX_DECIMAL_WORK for a run that needs decimal arithmetic. */
  readonly limit: number;
  /**
   * A replayed run first builds, checks and shows one pass in full, as a file of that one pass
   * would be: that pass's share of the size limits (its steps over MAX_PLAN_STEPS or its terms
   * over MAX_PLAN_OPERANDS, the larger) is taken from the budget its replay may use. 0 for a run
   * that is not replayed.
   */
  readonly setupShare: number;
  /** work / limit + setupShare: over 1 is over the limits. */
  readonly share: number;
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
  const work = terms * ex.working;
  const limit = slow === undefined ? MAX_WORK : MAX_DECIMAL_WORK;
  const setupShare = replayed ? sizeShare(plan) : 0;
  return {
    steps,
    terms,
    work,
    limit,
    setupShare,
    share: work / limit + setupShare,
    ...(slow === undefined ? {} : { decimalOnly: slow }),
  };
}

/**
 * The larger share of one pass in the size limits: its steps, or the terms of its formulas. A
 * replayed run's first pass takes it from its budget; each variant of an export takes it whole.
 */
export function sizeShare(plan: Plan): number {
  const operands = plan.iteration(1).reduce((n, s) => n + exprSize(s.expr), 0);
  return Math.max(plan.stepsPerIteration / MAX_PLAN_STEPS, operands / MAX_PLAN_OPERANDS);
}

/**
 * For a replay that turns to decimal.js during the run (a value the binary arithmetic does not
 * handle, which the estimate could not foresee): goes on when the run is affordable that way,
 * else stops it with a message, so that no file inside the limits runs for minutes.
 */
export function affordDecimalReplay(ex: Exercise, plan: Plan): (why: string) => void {
  return (why) => {
    const { work, setupShare, decimalOnly: counted } = workEstimate(ex, plan);
    if (counted !== undefined || work / MAX_DECIMAL_WORK + setupShare <= 1) return;
    throw BackstepError.of(
      'unsupported',
      `${ex.id}: this run meets a value the fast arithmetic does not handle (${why}); ` +
        `in decimal arithmetic its ${work.toExponential(2).replace('e+', 'e')} units of work are past ` +
        `that arithmetic's limit of ${MAX_DECIMAL_WORK.toExponential(2).replace('e+', 'e')}`,
      'use smaller inputs or weights, or fewer iterations (docs/precision.md, method 3)',
    );
  };
}
