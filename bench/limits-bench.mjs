// The largest shapes inside the documented limits (docs/authoring.md, "Limits"): each checked,
// solved and started in the walkthrough (plain mode, first question) as a separate process,
// with its wall time and peak memory (GNU time). A benchmark: it prints, it asserts nothing.
//   node bench/limits-bench.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { graphShape, networkShape, productGraphShape } from './shapes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}dist/bundle/bin.js`;
const { checkExerciseText, loadExerciseText, MAX_PLAN_OPERANDS, MAX_PLAN_STEPS, MAX_WORK, workEstimate } =
  await import(`${root}dist/exercise/load.js`);
const dir = mkdtempSync(join(tmpdir(), 'backstep-limits-'));

// The longest run a small network may have: iterations up to the work limit.
const small = networkShape({ width: 2, layers: 3, id: 'limits-long-run' });
const { exercise, plan } = loadExerciseText('x.yaml', small);
const iterations = Math.floor(MAX_WORK / (plan.stepsPerIteration * exercise.working)) - 1;

// The most nodes a graph of products of `width` may have: the edge of MAX_PLAN_OPERANDS.
function mostProducts(width) {
  let lo = 1;
  let hi = MAX_PLAN_STEPS;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (checkExerciseText('x.yaml', productGraphShape({ width, nodes: mid })).loaded) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const shapes = [
  ['64-64-64, one example', networkShape({ width: 64, layers: 3 })],
  [
    `graph of ${Math.floor(MAX_PLAN_STEPS / 4) - 1} nodes`,
    graphShape({ nodes: Math.floor(MAX_PLAN_STEPS / 4) - 1 }),
  ],
  ...[16, 75].map((width) => {
    const nodes = mostProducts(width);
    return [`graph of ${nodes} products of ${width}`, productGraphShape({ width, nodes })];
  }),
  [
    `2-2-2 network, ${iterations.toLocaleString('en')} iterations`,
    networkShape({ width: 2, layers: 3, iterations, id: 'limits-long-run' }),
  ],
];

const hasTime = spawnSync('/usr/bin/time', ['-f', '%e', 'true']).status === 0;
function measure(args) {
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, bin, ...args], {
        encoding: 'utf8',
        input: '',
        maxBuffer: 1 << 30,
      })
    : spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input: '', maxBuffer: 1 << 30 });
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+) (\d+)\s*$/.exec(r.stderr ?? '');
  return {
    code: r.status,
    s: m ? Number(m[1]) : NaN,
    cpu: m ? Number(m[2]) + Number(m[3]) : NaN,
    mb: m ? Number(m[4]) / 1024 : NaN,
  };
}

// CPU time is printed next to wall time: on a shared machine the wall time mostly measures the others.
console.log(
  `Largest allowed shapes (limits: ${MAX_PLAN_STEPS.toLocaleString('en')} steps and ${MAX_PLAN_OPERANDS.toLocaleString('en')} terms a pass, work ${MAX_WORK.toExponential(1)}); wall time, CPU time and peak RSS:`,
);
for (const [name, text] of shapes) {
  const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
  writeFileSync(file, text);
  const loaded = loadExerciseText(file, readFileSync(file, 'utf8'));
  const { steps, work } = workEstimate(loaded.exercise, loaded.plan);
  const row = [];
  for (const [label, args] of [
    ['check', ['check', file]],
    ['solve', ['solve', file]],
    ['practice', ['practice', '--plain', file]],
  ]) {
    const r = measure(args);
    row.push(
      `${label} ${r.s.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, ${r.mb.toFixed(0)} MB (exit ${r.code})`,
    );
  }
  console.log(
    `  ${name} (${(text.length / 1024).toFixed(0)} KiB, ${loaded.plan.stepsPerIteration.toLocaleString('en')} steps a pass, ${steps.toLocaleString('en')} in all, work ${work.toExponential(2)}):`,
  );
  console.log(`    ${row.join('; ')}`);
}
console.log('');
