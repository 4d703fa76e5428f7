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
const { checkExerciseText, loadExerciseText } = await import(`${root}dist/exercise/load.js`);
const { MAX_DECIMAL_WORK, MAX_PLAN_OPERANDS, MAX_PLAN_STEPS, MAX_WORK, workEstimate } = await import(
  `${root}dist/exercise/work.js`
);
const dir = mkdtempSync(join(tmpdir(), 'backstep-limits-'));

// The largest n for which the loader accepts make(n): the edge of a limit, found by the limits
// themselves (MAX_WORK, MAX_PLAN_OPERANDS), not by a formula that could drift from them.
function largest(make, hi) {
  let lo = 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (checkExerciseText('x.yaml', make(mid)).loaded) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// Long runs up to the work limit: a plain sigmoid network, the same with Adam (square roots and
// powers, on the binary fast path), a softmax with cross-entropy and Adam (ln: decimal.js), and
// the widest network, whose first pass is shown in full before its replay (its share of the budget).
const adam = (text) =>
  text.replace(
    '  mode: batch',
    '  mode: batch\n  optimiser: adam\n  beta1: 0.9\n  beta2: 0.999\n  epsilon: 0.001',
  );
const softmax = (text) =>
  text
    .replace(/( {4}- neurons: \[n2_0,n2_1,n2_2\])/, '$1\n      activation: softmax')
    .replace(/targets: \[[^\]]*\]/g, 'targets: [0, 1, 0]')
    .replace('loss: {}', 'loss: { type: cross-entropy }');
const runs = [
  ['2-2-2 network', (n) => networkShape({ width: 2, layers: 3, iterations: n, id: 'limits-long-run' })],
  [
    '3-3-3 network with Adam',
    (n) => adam(networkShape({ width: 3, layers: 3, iterations: n, id: 'limits-adam' })),
  ],
  [
    '3-3-3 softmax network with Adam',
    (n) => softmax(adam(networkShape({ width: 3, layers: 3, iterations: n, id: 'limits-softmax' }))),
  ],
  ['64-64-64 network', (n) => networkShape({ width: 64, layers: 3, iterations: n, id: 'limits-wide-run' })],
].map(([name, make]) => {
  const n = largest(make, name.startsWith('64') ? 1000 : 1_000_000);
  return [`${name}, ${n.toLocaleString('en')} iterations`, make(n)];
});

const shapes = [
  ['64-64-64, one example', networkShape({ width: 64, layers: 3 })],
  [
    `graph of ${Math.floor(MAX_PLAN_STEPS / 4) - 1} nodes`,
    graphShape({ nodes: Math.floor(MAX_PLAN_STEPS / 4) - 1 }),
  ],
  ...[16, 75].map((width) => {
    const nodes = largest((n) => productGraphShape({ width, nodes: n }), MAX_PLAN_STEPS);
    return [`graph of ${nodes} products of ${width}`, productGraphShape({ width, nodes })];
  }),
  ...runs,
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
  `Largest allowed shapes (limits: ${MAX_PLAN_STEPS.toLocaleString('en')} steps and ${MAX_PLAN_OPERANDS.toLocaleString('en')} terms a pass, work ${MAX_WORK.toExponential(2)}, in decimal arithmetic ${MAX_DECIMAL_WORK.toExponential(2)}); wall time, CPU time and peak RSS:`,
);
for (const [name, text] of shapes) {
  const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
  writeFileSync(file, text);
  const loaded = loadExerciseText(file, readFileSync(file, 'utf8'));
  const { steps, terms, work, setupShare, decimalOnly } = workEstimate(loaded.exercise, loaded.plan);
  const row = [];
  for (const [label, args] of [
    ['check', ['check', file]],
    ['solve', ['solve', file]],
    ['practice', ['practice', '--plain', file]],
  ]) {
    const r = measure(args);
    // practice gets no answers: it exits 1 when its input ends at the first question (ready).
    const exit = label === 'practice' && r.code === 1 ? 'exit 1 at the first question' : `exit ${r.code}`;
    row.push(`${label} ${r.s.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, ${r.mb.toFixed(0)} MB (${exit})`);
  }
  console.log(
    `  ${name} (${(text.length / 1024).toFixed(0)} KiB, ${loaded.plan.stepsPerIteration.toLocaleString('en')} steps a pass, ${steps.toLocaleString('en')} in all, ${terms.toExponential(2)} weighted terms, work ${work.toExponential(2)}${setupShare > 0 ? ` (first pass ${(setupShare * 100).toFixed(0)}% of the budget)` : ''}${decimalOnly ? `, decimal.js (${decimalOnly})` : ''}):`,
  );
  console.log(`    ${row.join('; ')}`);
}
console.log('');
