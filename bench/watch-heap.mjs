// The live heap over a long `--watch` session: 200 saves of one exercise file, each with a new
// given value (a literal never seen before, as an author editing numbers writes). After every
// save the program does what the watch loops and a walkthrough do: `solve` and `verify` of the
// file (the commands, in process), and a walkthrough of it: every asked step answered, right and
// then with a wrong value that the diagnosis looks into. The live heap (after a forced GC) every
// 20 saves: a session that keeps nothing from earlier saves stays flat.
//
//   npm run build && node --expose-gc bench/watch-heap.mjs [dist folder] [saves]
//
// A benchmark, not a test: it prints, it asserts nothing. The dist folder defaults to this
// checkout's; pass another build's to compare.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const saves = Number.parseInt(process.argv[3] ?? '200', 10);
const gc = globalThis.gc;
if (!gc) throw new Error('run with node --expose-gc');

const { main } = await import(join(dist, 'cli.js'));
const { loadExerciseText } = await import(join(dist, 'exercise', 'load.js'));
const { preparePractice } = await import(join(dist, 'ui', 'practice-plan.js'));
const { assess } = await import(join(dist, 'check', 'index.js'));

const dir = mkdtempSync(join(tmpdir(), 'backstep-watch-heap-'));
const file = join(dir, 'exercise.yaml');
const original = readFileSync(join(root, 'exercises', 'two-two-one-network.yaml'), 'utf8');
const sink = { write: () => true, isTTY: false };
const io = () => {
  const stdin = new PassThrough();
  stdin.end('');
  return { stdout: sink, stderr: sink, stdin, env: { XDG_DATA_HOME: dir }, cwd: dir };
};

// The judging context of a walkthrough, for this build's shape of it.
const contextOf = (practice, accepted) =>
  practice.solved
    ? { solved: practice.solved, accepted }
    : { exercise: practice.exercise, plan: practice.plan, exact: practice.exact, accepted };

function walkthrough(text) {
  const { exercise, plan } = loadExerciseText('exercise.yaml', text);
  const practice = preparePractice(exercise, plan);
  let accepted = new Map();
  for (const step of practice.asked) {
    const exact = practice.exact.get(step.id);
    const ctx = contextOf(practice, accepted);
    assess(ctx, step.id, exact.plus('0.37').toFixed(4)); // wrong: judged and diagnosed
    const right = assess(ctx, step.id, exact.toFixed(4));
    if (right.value) accepted = new Map(accepted).set(step.id, right.value);
  }
}

const mib = (b) => (b / 2 ** 20).toFixed(2);
const rows = [];
gc();
const base = process.memoryUsage().heapUsed;
for (let i = 1; i <= saves; i++) {
  // 0.23 becomes 0.2300017, 0.2300034, ...: a new literal on every save.
  const text = original.replace('A: 0.23,', `A: 0.23${String(17 * i).padStart(5, '0')},`);
  writeFileSync(file, text);
  for (const argv of [
    ['solve', file],
    ['verify', file],
  ]) {
    const code = await main(argv, io());
    // verify exits 1 when the printed values no longer match the edited numbers (errata found).
    if (code !== 0 && code !== 1) throw new Error(`${argv.join(' ')} exited ${code}`);
  }
  walkthrough(text);
  if (i % 20 === 0) {
    gc();
    rows.push([i, process.memoryUsage().heapUsed - base]);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`live heap after N saves (above the heap before the first), ${dist}`);
for (const [i, b] of rows) console.log(`  ${String(i).padStart(4)} saves: ${mib(b)} MiB`);
const first = rows[0][1];
const last = rows[rows.length - 1][1];
console.log(`  growth from save 20 to save ${saves}: ${mib(last - first)} MiB`);
