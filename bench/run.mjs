// npm run bench: the figures the issues ask for. A benchmark, not a test: it prints, it asserts nothing.
//   node --expose-gc bench/run.mjs [--mpmath] [--decimal]
// --mpmath also re-times Python's mpmath in process on the same loop (about 15 s); otherwise the
// figure recorded in test/fixtures/reference.json is quoted. The whole-process comparison with
// mpmath (bench/solve-vs-mpmath.mjs) always runs, side by side. --decimal also times the certified replay
// forced into decimal.js (what it cost before the binary runs; about a minute).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { loadExerciseText } = await import(`${root}dist/exercise/load.js`);
const { replay, replayUncertified } = await import(`${root}dist/engine/replay.js`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const gc = globalThis.gc ?? (() => {});

/**
 * Runs the replay for `iterations` and reports the live heap (after a forced GC) every 1000
 * iterations: flat memory means the live heap does not grow with the iteration count.
 */
function runReplay(plan, precision, iterations, arithmetic = 'auto') {
  gc();
  const base = process.memoryUsage().heapUsed;
  const live = [];
  let gcMs = 0;
  const t0 = performance.now();
  const r = replay(
    { ...plan, iterations },
    {
      precision,
      arithmetic,
      onIteration: (k) => {
        if (k % 1000 === 0) {
          const g0 = performance.now();
          gc();
          live.push(process.memoryUsage().heapUsed - base);
          gcMs += performance.now() - g0;
        }
      },
    },
  );
  const ms = performance.now() - t0 - gcMs;
  return { ms, steps: r.stepsEvaluated, live, rss: process.memoryUsage().rss };
}

console.log('backstep benchmark (node ' + process.version + ')\n');

// 1. The 10,000-iteration code example at 50 significant digits, certified (two runs in lockstep).
const file = `${root}exercises/sigmoid-identity-code-example.yaml`;
if (existsSync(file)) {
  const { exercise, plan } = loadExerciseText(
    'sigmoid-identity-code-example.yaml',
    readFileSync(file, 'utf8'),
  );
  console.log(
    `sigmoid-identity-code-example: ${plan.iterations} iterations, ${plan.stepsPerIteration} steps each, ${exercise.working} digits`,
  );
  const r = runReplay(plan, exercise.working, plan.iterations);
  console.log(
    `  ${plan.iterations} iterations: ${(r.ms / 1000).toFixed(2)} s wall, ${Math.round(r.steps / (r.ms / 1000)).toLocaleString('en')} steps/s, peak rss ${mb(r.rss)}`,
  );
  console.log(
    `  live heap above the start after 1000, 2000, ... iterations: ${r.live.map((b) => (b / 2 ** 10).toFixed(0)).join(', ')} KiB`,
  );
  let mp;
  if (process.argv.includes('--mpmath')) {
    const p = spawnSync('python3', [`${root}bench/mpmath-loop.py`], { encoding: 'utf8' });
    mp =
      p.status === 0
        ? `${Number(p.stdout.trim()).toFixed(2)} s (measured now)`
        : `not measured: ${p.stderr.trim().split('\n').pop()}`;
  } else {
    const t = JSON.parse(readFileSync(`${root}test/fixtures/reference.json`, 'utf8')).timing?.[
      'sigmoid-identity-code-example_mpmath_dps50_seconds'
    ];
    mp = t ? `${t} s (recorded in test/fixtures/reference.json; --mpmath re-times it)` : 'not recorded';
  }
  console.log(`  mpmath, same loop, 50 digits: ${mp}`);
  // What the guarantee costs (docs/precision.md): the same loop once, uncertified, at 50 digits.
  gc();
  const t1 = performance.now();
  replayUncertified(plan, exercise.working);
  const once = performance.now() - t1;
  const mpSeconds = Number(/^[\d.]+/.exec(mp)?.[0]);
  console.log(
    `  one uncertified run at ${exercise.working} digits (before the guarantee): ${(once / 1000).toFixed(2)} s; the certified replay costs ${(r.ms / once).toFixed(2)}x that`,
  );
  if (mpSeconds > 0)
    console.log(
      `  ratio to mpmath: certified ${(r.ms / 1000 / mpSeconds).toFixed(2)}, uncertified ${(once / 1000 / mpSeconds).toFixed(2)}`,
    );
  if (process.argv.includes('--decimal')) {
    const d = runReplay(plan, exercise.working, plan.iterations, 'decimal');
    console.log(
      `  certified replay forced into decimal.js: ${(d.ms / 1000).toFixed(2)} s; the binary runs are ${(d.ms / r.ms).toFixed(1)}x faster`,
    );
  }
  console.log('');
} else {
  console.log('sigmoid-identity-code-example: exercise file missing\n');
}

// 1b. The same run as a whole process, `solve sigmoid-identity-code-example --format json`,
// timed side by side with Python's mpmath doing the same loop (issue 17: at most 0.25 of it).
if (existsSync(file)) {
  const side = spawnSync(process.execPath, [`${root}bench/solve-vs-mpmath.mjs`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.stdout.write(side.stdout);
  if (side.status !== 0)
    console.log(`solve against mpmath failed: ${side.stderr.trim().split('\n').slice(-3).join(' | ')}\n`);
}

// 2. Whole-process time of `backstep solve two-two-one-network`.
/** Wall-clock times of 11 whole `backstep solve <id>` processes. */
function solveRuns(id) {
  const times = [];
  for (let i = 0; i < 11; i++) {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, [`${root}dist/bundle/bin.js`, 'solve', id], { encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (p.status !== 0) throw new Error(p.stderr);
  }
  return times;
}
const runs = solveRuns('two-two-one-network');
const bare = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  bare.push(performance.now() - t0);
}
console.log(
  `backstep solve two-two-one-network: median ${median(runs).toFixed(0)} ms whole process over ${runs.length} runs (bare node: ${median(bare).toFixed(0)} ms)\n`,
);

// 2b. The same for the softmax classifier (issue 8: within the 2-2-1's budget).
const softmaxRuns = solveRuns('softmax-cross-entropy');
console.log(
  `backstep solve softmax-cross-entropy: median ${median(softmaxRuns).toFixed(0)} ms whole process over ${softmaxRuns.length} runs\n`,
);

// 3. The walkthrough's first frame and judging time, when its benchmark is there.
const practice = `${root}bench/practice-bench.mjs`;
if (existsSync(practice)) {
  const p = spawnSync(process.execPath, [practice], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  process.stdout.write(p.stdout);
  if (p.status !== 0)
    console.log(`practice benchmark failed: ${p.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

// 4. The largest shapes inside the documented limits (issue 10).
const limits = spawnSync(process.execPath, [`${root}bench/limits-bench.mjs`], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
process.stdout.write(limits.stdout);
if (limits.status !== 0)
  console.log(`limits benchmark failed: ${limits.stderr.trim().split('\n').slice(-3).join(' | ')}`);
