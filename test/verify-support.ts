import { loadExerciseText } from '../src/exercise/load.js';
import type { ResultKind, VerifyReport, VerifyResult } from '../src/verify/types.js';
import { verifyExercise } from '../src/verify/verify.js';
import { solveExercise } from '../src/engine/solved.js';

/** Shared by the verify tests: small exercises written inline, and finding a row of a report. */
export function verifyYaml(yaml: string): VerifyReport {
  const { exercise, plan } = loadExerciseText('inline.yaml', yaml);
  return verifyExercise(solveExercise(exercise, plan));
}

export function rowOf(report: VerifyReport, step: string, kind: ResultKind = 'value'): VerifyResult {
  const r = report.results.find((x) => x.step === step && x.kind === kind);
  if (!r)
    throw new Error(
      `no ${kind} row for ${step} in ${report.results.map((x) => `${x.step}/${x.kind}`).join(', ')}`,
    );
  return r;
}

/**
 * A computation graph with the given inputs and nodes, and notes on its steps: the quickest
 * way to make a step whose exact value is known by hand.
 */
export function graphExercise(
  inputs: Record<string, string>,
  nodes: Record<string, string>,
  steps: Record<string, Record<string, string>>,
  decimals = 4,
): string {
  const lines = [
    'id: constructed',
    'title: A constructed case',
    `precision: { decimals: ${decimals} }`,
    'graph:',
    '  inputs:',
  ];
  for (const [k, v] of Object.entries(inputs)) lines.push(`    ${k}: "${v}"`);
  lines.push('  nodes:');
  for (const [k, v] of Object.entries(nodes)) lines.push(`    ${k}: "${v}"`);
  lines.push('steps:');
  for (const [id, note] of Object.entries(steps)) {
    lines.push(`  "${id}":`);
    for (const [k, v] of Object.entries(note)) lines.push(`    ${k}: "${v.replace(/"/g, '\\"')}"`);
  }
  return lines.join('\n') + '\n';
}
