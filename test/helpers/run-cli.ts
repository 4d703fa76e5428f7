import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';

/**
 * Runs the CLI in-process, as bin.ts would, and captures its output. Its environment is opts.env
 * over a data home under the run's temporary folder, so a command that saves progress never
 * writes to the real ~/.local/share/backstep (HOME is not passed on).
 */
export async function runCli(
  argv: string[],
  opts: { cwd?: string; env?: Record<string, string>; stdin?: string } = {},
) {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(opts.stdin ?? '');
  const code = await main(argv, {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    stdin,
    env: { XDG_DATA_HOME: join(tmpdir(), 'backstep-cli-data'), ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}
