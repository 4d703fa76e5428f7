// The certified 10,000-iteration replay at 50 digits as a whole process,
// `backstep solve sigmoid-identity-code-example --format json`, timed side by side with Python's
// mpmath running the same loop (bench/mpmath-loop.py --once, also a whole process), alternately,
// three times each. Wall-clock time is what a user waits; CPU time (the children's user + system
// time, from /proc/self/stat) is what the machine spent, steadier when other work shares it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const TICKS = 100; // clock ticks per second of /proc/self/stat (USER_HZ, 100 on Linux)

/** CPU seconds of this process's waited-for children (cutime + cstime), or undefined off Linux. */
function childCpu() {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / TICKS; // fields 16 and 17 of proc(5)
}

function timed(command, args) {
  const c0 = childCpu();
  const t0 = performance.now();
  const p = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  const c1 = childCpu();
  if (p.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${p.stderr || p.error}`);
  return { wall, cpu: c0 === undefined ? undefined : c1 - c0 };
}

const node = [];
const mp = [];
for (let i = 0; i < 3; i++) {
  node.push(
    timed(process.execPath, [
      `${root}dist/bundle/bin.js`,
      'solve',
      'sigmoid-identity-code-example',
      '--format',
      'json',
    ]),
  );
  mp.push(timed('python3', [`${root}bench/mpmath-loop.py`, '--once']));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (runs, key) => runs.map((r) => r[key].toFixed(2)).join(', ');
console.log('solve sigmoid-identity-code-example --format json against mpmath, whole processes, 3 runs each');
console.log(
  `  backstep: wall ${show(node, 'wall')} s; cpu ${node[0].cpu === undefined ? '-' : show(node, 'cpu')} s`,
);
console.log(
  `  mpmath:   wall ${show(mp, 'wall')} s; cpu ${mp[0].cpu === undefined ? '-' : show(mp, 'cpu')} s`,
);
const ratio = (key) => (median(node.map((r) => r[key])) / median(mp.map((r) => r[key]))).toFixed(2);
console.log(
  `  ratio backstep / mpmath (medians): wall ${ratio('wall')}${node[0].cpu === undefined ? '' : `, cpu ${ratio('cpu')}`} (target: at most 0.25)\n`,
);
