import type { Exercise } from '../engine/model.js';
import type { Plan } from '../engine/plan.js';
import { emptySummary } from './types.js';
import type { VerifyReport } from './types.js';

export type { Verdict, VerifyReport, VerifyResult } from './types.js';

/** Every printed value, expression and formula of an exercise against exact arithmetic. */
export function verifyExercise(exercise: Exercise, _plan: Plan): VerifyReport {
  return { exercise: exercise.id, results: [], summary: emptySummary() };
}
