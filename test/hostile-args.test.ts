/**
 * Issue 22, items 7, 8 and 14: typed text and arguments from strangers. A colour sequence typed
 * as an answer is shown, not obeyed; a folder that cannot be watched or read is a located error
 * (exit 2), never "internal error"; `new --out` writes a whole file or none, `-` is standard
 * output; a 100,000-character argument is not echoed back whole.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeNewFile } from '../src/commands/write-new.js';
import type { WriteFs } from '../src/commands/write-new.js';
import { echoed } from '../src/exercise/terminal-text.js';
import { BIN, ROOT, ensureBuilt } from './e2e-build.js';
import { runCli } from './helpers/run-cli.js';
import { unprivileged } from './helpers/unprivileged.js';

const ESC = '\u001b';
const EXERCISE = readFileSync(join(ROOT, 'exercises', 'matrix-forward.yaml'), 'utf8');

beforeAll(() => ensureBuilt(), 300_000);

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'backstep-args-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** A folder holding `name/ex.yaml`, with `name` then given the permissions `mode`. */
function withExercise(name: string, mode: number): string {
  const dir = folder();
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'ex.yaml'), EXERCISE);
  chmodSync(join(dir, name), mode);
  return dir;
}

describe('typed text is inert (item 7)', () => {
  it('a colour sequence typed in plain mode is echoed as visible text, and so is its message', async () => {
    const r = await runCli(['practice', 'matrix-forward', '--no-save'], {
      stdin: `${ESC}[31m\n1${ESC}[0m\nq\n`,
    });
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).toContain('z_1 = \\x1b[31m\n');
    expect(r.stdout).toContain('z_1 = 1\\x1b[0m\n');
    expect(r.code).toBe(0);
  });

  it('a colour sequence as a command, an option value or a file name is shown, not obeyed', async () => {
    for (const argv of [
      [`${ESC}[31m`],
      ['solve', `${ESC}[31m.yaml`],
      ['solve', 'matrix-forward', '--format', `${ESC}[31m`],
      ['new', '--id', `${ESC}[31m`],
    ]) {
      const r = await runCli(argv);
      expect(r.stdout + r.stderr, JSON.stringify(argv)).not.toContain(ESC);
      expect(r.stderr, JSON.stringify(argv)).toContain('\\x1b[31m');
      expect(r.code).toBe(2);
    }
  });
});

describe('located errors, never "internal error" (item 8)', () => {
  it('--watch on a file in a folder that does not exist, or under a file', async () => {
    for (const [path, why] of [
      ['/no/such/dir/x.yaml', 'its folder does not exist'],
      ['exercises/matrix-forward.yaml/x.yaml', 'a part of the path is not a folder (ENOTDIR)'],
    ]) {
      const r = await runCli(['solve', path!, '--watch'], { cwd: ROOT });
      expect(r.stderr).toContain(`cannot watch ${path}: ${why}`);
      expect(r.stderr).not.toContain('internal error');
      expect(r.stdout).toBe('');
      expect(r.code).toBe(2);
    }
  });

  it('a file in a folder without read permission: it is read, but cannot be watched', () => {
    const dir = withExercise('xonly', 0o711);
    expect(unprivileged(['solve', 'xonly/ex.yaml'], dir).status).toBe(0);
    const r = unprivileged(['solve', 'xonly/ex.yaml', '--watch'], dir);
    expect(r.stderr).toContain('cannot watch xonly/ex.yaml: permission denied (EACCES)');
    expect(r.status).toBe(2);
    // verify and check on that folder: it cannot be listed.
    const v = unprivileged(['verify', 'xonly'], dir);
    expect(v.stderr).toContain('xonly: this folder cannot be read (permission denied (EACCES))');
    expect(v.status).toBe(2);
  });

  it('a file behind a folder without search permission is "permission denied", not "no such file"', () => {
    const dir = withExercise('closed', 0o744);
    const r = unprivileged(['solve', 'closed/ex.yaml'], dir);
    expect(r.stderr).toContain('closed/ex.yaml: cannot be read (permission denied (EACCES))');
    expect(r.status).toBe(2);
  });

  it('solve --watch stops with a located error, exit 2, when its folder is removed', async () => {
    ensureBuilt();
    const dir = folder();
    mkdirSync(join(dir, 'gone'));
    writeFileSync(join(dir, 'gone', 'ex.yaml'), EXERCISE);
    const child = spawn(process.execPath, [BIN, 'solve', 'gone/ex.yaml', '--watch'], { cwd: dir });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    for (let t = 0; !out.includes('-- watching gone/ex.yaml') && t < 200; t++)
      await new Promise((r) => setTimeout(r, 50));
    rmSync(join(dir, 'gone'), { recursive: true });
    const timer = setTimeout(() => child.kill(), 20_000);
    const code = await exited;
    clearTimeout(timer);
    expect(out).toContain('error: cannot watch gone/ex.yaml any more: its folder was removed or renamed');
    expect(out).not.toContain('internal error');
    expect(code).toBe(2);
  }, 30_000);

  it('a folder named as an exercise says so', async () => {
    const r = await runCli(['solve', 'exercises'], { cwd: ROOT });
    expect(r.stderr).toContain('error: exercises is a folder, not an exercise file');
    expect(r.code).toBe(2);
  });
});

describe('new --out (item 14)', () => {
  it('- is standard output: no file named "-"', async () => {
    const dir = folder();
    const r = await runCli(['new', '--out', '-', '--id', 'week3'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nid: week3\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a write that fails half-way (a full disk) leaves no file, and the retry succeeds', () => {
    const dir = folder();
    const path = join(dir, 'ex.yaml');
    let full = true;
    // The first write puts half the text on disk, then the disk is full.
    const fullDisk: WriteFs = {
      ...fs,
      writeFileSync: ((p: string, text: string, o: fs.WriteFileOptions) => {
        if (!full) return fs.writeFileSync(p, text, o);
        fs.writeFileSync(p, text.slice(0, text.length >> 1), o);
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      }) as WriteFs['writeFileSync'],
    };
    expect(() => writeNewFile(path, 'ex.yaml', 'id: ex\n', false, fullDisk)).toThrow(
      'cannot write ex.yaml: the disk is full (ENOSPC)',
    );
    expect(readdirSync(dir)).toEqual([]);
    full = false;
    writeNewFile(path, 'ex.yaml', 'id: ex\n', false, fullDisk);
    expect(readFileSync(path, 'utf8')).toBe('id: ex\n');
    // Without --force the file is not replaced; with it, a failed write keeps the old text.
    expect(() => writeNewFile(path, 'ex.yaml', 'id: other\n', false)).toThrow('it already exists');
    full = true;
    expect(() => writeNewFile(path, 'ex.yaml', 'id: other\n', true, fullDisk)).toThrow('ENOSPC');
    expect(readFileSync(path, 'utf8')).toBe('id: ex\n');
    expect(readdirSync(dir)).toEqual(['ex.yaml']);
  });

  // A real full disk needs a small tmpfs, which only root (with mount rights) can make.
  const canMount =
    process.getuid?.() === 0 &&
    spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=8k tmpfs "$d" && umount "$d"'])
      .status === 0;
  it.skipIf(!canMount)(
    'on a full tmpfs: an error, no empty file, and the retry works once there is room',
    async () => {
      const dir = folder();
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status).toBe(0);
      try {
        writeFileSync(join(dir, 'fill'), Buffer.alloc(64 * 1024));
      } catch {
        // full
      }
      const r = await runCli(['new', '--out', 'ex.yaml'], { cwd: dir });
      expect(r.stderr).toContain('cannot write ex.yaml: the disk is full (ENOSPC)');
      expect(r.code).toBe(2);
      expect(existsSync(join(dir, 'ex.yaml'))).toBe(false);
      rmSync(join(dir, 'fill'));
      const again = await runCli(['new', '--out', 'ex.yaml'], { cwd: dir });
      expect(again.code).toBe(0);
      expect(readFileSync(join(dir, 'ex.yaml'), 'utf8')).toContain('id: ex\n');
      spawnSync('umount', [dir]);
    },
  );

  it('--force onto a device is refused, not written through', async () => {
    const r = await runCli(['new', '--out', '/dev/null', '--force']);
    expect(r.stderr).toContain('cannot write /dev/null: it is a device or other special file, not a file');
    expect(r.code).toBe(2);
  });
});

describe('long arguments are cut in messages (item 14)', () => {
  const long = 'a'.repeat(100_000);
  it('echoed: at most 80 characters, then an ellipsis and the length', () => {
    expect(echoed('abc')).toBe('abc');
    expect(echoed(long)).toBe(`${'a'.repeat(60)}… (100000 characters)`);
    // A character outside the BMP is not cut in half.
    expect(echoed(`${'a'.repeat(59)}😀${'b'.repeat(40)}`)).toBe(`${'a'.repeat(59)}… (100 characters)`);
  });

  it.each([
    [[long]],
    [['solve', long]],
    [['practice', long, '--no-save']],
    [['solve', `${long}.yaml`]],
    [['solve', 'matrix-forward', '--format', long]],
    [['solve', 'matrix-forward', `--${long}`]],
    [['variants', 'matrix-forward', '--count', long]],
    [['new', '--id', long]],
    [['new', long]],
    [['check', long]],
    [['solve', 'matrix-forward', '--variant', long]],
  ])('%#: the message is short, and says how long the argument was', async (argv) => {
    const r = await runCli(argv, { cwd: ROOT });
    expect(r.code).toBe(2);
    // The whole output, a usage text included, is far shorter than the argument.
    expect((r.stdout + r.stderr).length).toBeLessThan(5000);
    expect(r.stdout + r.stderr).toMatch(/a{20}… \(100,?00\d characters\)/);
  });
});
