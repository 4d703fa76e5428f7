import { PROGRESS_FORMAT } from '../../src/store/record.js';
import type { ProgressRecord, StepRecord } from '../../src/store/record.js';

/** Progress records for the store's tests: two-two-one-network, nothing answered unless given. */
export function progressRecord(over: Partial<ProgressRecord> = {}): ProgressRecord {
  return {
    format: PROGRESS_FORMAT,
    version: 1,
    exercise: 'two-two-one-network',
    title: 'A 2-2-1 network',
    file: 'two-two-one-network',
    hash: 'a'.repeat(64),
    startedAt: '2025-01-06T09:00:00.000Z',
    updatedAt: '2025-01-06T09:05:00.000Z',
    activeMs: 300000,
    round: 1,
    queue: ['z_C', 'y_C'],
    steps: {},
    ...over,
  };
}

/** A step answered right at the first try with `value`. */
export function answered(value: string, over: Partial<StepRecord> = {}): StepRecord {
  return { outcome: 'first-try', answer: value, value, tries: 0, hints: 0, mistakes: [], ...over };
}
