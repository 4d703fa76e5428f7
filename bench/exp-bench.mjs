// Microbenchmark: decimal.js exp vs the fast exp (and the sigmoids built on each) at 50 digits.
//
//   npx tsc -p tsconfig.build.json && node bench/exp-bench.mjs [path/to/fast-exp.js]
//
// Arguments: 20,000 deterministic pseudo-random 50-digit decimals in [-10, 10] (built from digit
// strings, never from JS floats). Each function gets an untimed warm-up (JIT, per-precision tables,
// cached e^n), then timed passes over all 20,000: the median pass is reported (one pass for the
// slow decimal.js functions).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Decimal } from 'decimal.js';

const target = process.argv[2]
  ? pathToFileURL(process.argv[2]).href
  : new URL('../dist/engine/fast-exp.js', import.meta.url).href;
const { makeExp, makeSigmoid } = await import(target);

const DIGITS = 50;
const N = 20000;
const D = Decimal.clone({ defaults: true, precision: DIGITS });

// xorshift32, fixed seed: the same arguments on every run.
let seed = 0x2545f491;
function nextU32() {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed;
}
function digits(n) {
  let s = '';
  for (let i = 0; i < n; i++) s += String(nextU32() % 10);
  return s;
}
// A digit d in 0..9 then 49 more digits: x = +-d.ddd... in (-10, 10).
const args = [];
for (let i = 0; i < N; i++) args.push(new D(`${nextU32() % 2 ? '-' : ''}${digits(1)}.${digits(DIGITS - 1)}`));

function time(label, f, passes) {
  for (let i = 0; i < (passes > 1 ? N : 2000); i++) f(args[i]);
  const runs = [];
  let sink = 0;
  for (let p = 0; p < passes; p++) {
    const t0 = performance.now();
    for (const x of args) sink += f(x).e;
    runs.push(((performance.now() - t0) * 1000) / N);
  }
  const us = runs.sort((a, b) => a - b)[Math.floor(passes / 2)];
  console.log(
    `${label.padEnd(20)} ${us.toFixed(2).padStart(8)} us/call  (${passes} pass(es), checksum ${sink})`,
  );
  return us;
}

const fastExp = makeExp(D);
const fastSigmoid = makeSigmoid(D);
const one = new D(1);
const tRef = time('decimal.js exp', (x) => D.exp(x), 1);
const tFast = time('fast exp', fastExp, 5);
time('decimal.js sigmoid', (x) => one.div(one.plus(D.exp(x.neg()))), 1);
time('fast sigmoid', fastSigmoid, 5);
console.log(`speed-up (exp): ${(tRef / tFast).toFixed(1)}x`);

// Accuracy on the same arguments, in units of the last place of decimal.js's correctly rounded exp.
let maxUlp = new D(0);
let differ = 0;
for (const x of args) {
  const ref = D.exp(x);
  const got = fastExp(x);
  if (!got.eq(ref)) differ++;
  const ulp = got
    .minus(ref)
    .abs()
    .div(new D(10).pow(ref.e - DIGITS + 1));
  if (ulp.gt(maxUlp)) maxUlp = ulp;
}
console.log(`max |fast - decimal.js| = ${maxUlp.toString()} ulp; ${differ} of ${N} not identical`);
