// A bigger sweep of the saturated-classifier differential test (issue 19), by hand:
//   npm run build
//   python3 test/fixtures/gen_precision_reference.py 7 200 /tmp/sweep.json
//   node bench/saturation-sweep.mjs /tmp/sweep.json
// Every step's value from evaluatePlan against mpmath's correctly rounded value; prints the
// counts of values compared, wrong, uncertain (and of those written unknown), and the wrong ones.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { loadExerciseText } = await import(`${root}dist/exercise/load.js`);
const { evaluatePlan } = await import(`${root}dist/engine/evaluate-plan.js`);
const { decimalAt } = await import(`${root}dist/engine/numbers.js`);

const R = decimalAt(200);
const reference = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let compared = 0;
let uncertain = 0;
let unknown = 0;
const wrong = [];
const t0 = Date.now();
for (const e of reference.exercises) {
  const { plan } = loadExerciseText('sweep.yaml', e.yaml);
  const values = evaluatePlan(plan, { precision: e.working });
  uncertain += values.uncertain.size;
  unknown += values.unknown.size;
  const id = /id: (.*)/.exec(e.yaml)[1];
  for (const [step, want] of Object.entries(e.values)) {
    compared++;
    if (values.unknown.has(step)) continue;
    const got = values.get(step);
    const same =
      got !== undefined && (want === 'NaN' ? got.isNaN() : !got.isNaN() && new R(got).eq(new R(want)));
    if (!same) wrong.push(`${id} ${step}: engine ${got?.toString()}, mpmath ${want}`);
  }
}
console.log(
  `${reference.exercises.length} classifiers (seed ${reference.seed}), ${compared} values: ` +
    `${wrong.length} wrong, ${uncertain} uncertain (${unknown} written unknown), ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
for (const w of wrong.slice(0, 20)) console.log(`  ${w}`);
