// The build's stamp: a sha256 of everything the build reads (sources, build scripts, bundled
// exercises, package and TypeScript settings, the lock file), written to dist/build-stamp.json
// when a build has finished.
//
//   node scripts/build-stamp.mjs clear   at the start of a build: an interrupted build leaves none
//                                        (and a line in $BACKSTEP_BUILD_LOG when set: .ci/run counts)
//   node scripts/build-stamp.mjs write   at its end
//   node scripts/build-stamp.mjs check   exit 0 when dist/ was built from exactly these inputs
//
// `prepare` runs `check || npm run build`, so an install that runs `prepare` again over a
// finished build (npx installing this folder into its cache, `npm link`) does not build twice:
// `npm ci` then `npx backstep` took 44 s and then 46 s, the second mostly the same build again.
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const stamp = join(root, 'dist', 'build-stamp.json');
const INPUTS = [
  'src',
  'scripts',
  'exercises',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

function files(path) {
  if (!existsSync(path)) return [];
  const entries = readdirSync(path, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function fingerprint() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    const path = join(root, input);
    const list = existsSync(path) && statSync(path).isDirectory() ? files(path) : [path];
    for (const file of list.sort()) {
      hash.update(relative(root, file).split('\\').join('/') + '\0');
      hash.update(existsSync(file) ? readFileSync(file) : '(absent)');
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

const action = process.argv[2];
if (action === 'clear') {
  rmSync(stamp, { force: true });
  // Each build is counted where BACKSTEP_BUILD_LOG says (.ci/run: the install builds once).
  if (process.env.BACKSTEP_BUILD_LOG) appendFileSync(process.env.BACKSTEP_BUILD_LOG, 'build\n');
} else if (action === 'write') {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stamp, JSON.stringify({ inputs: fingerprint() }) + '\n');
} else if (action === 'check') {
  let saved;
  try {
    saved = JSON.parse(readFileSync(stamp, 'utf8')).inputs;
  } catch {
    process.exit(1); // no finished build
  }
  if (saved !== fingerprint() || !existsSync(join(root, 'dist', 'bundle', 'bin.js'))) process.exit(1);
  console.error('backstep: dist/ is already built from these sources; not building again');
} else {
  console.error('usage: node scripts/build-stamp.mjs clear|write|check');
  process.exit(2);
}
