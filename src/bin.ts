#!/usr/bin/env node
// The only file that touches `process`: it hands the real streams to main and sets the exit code.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
const { main } = await import('./cli.js');
// A closed pipe (backstep check x | head) is not an error: the command keeps its own exit status.
// Any other failure to write (a full disk, EIO) is: the output is incomplete, so say so and exit
// 74 (EX_IOERR) instead of 0 with a truncated file.
let outputError: NodeJS.ErrnoException | undefined;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  outputError ??= e;
});
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  onInterrupt(listener) {
    process.on('SIGINT', listener);
    return () => process.off('SIGINT', listener);
  },
});
// Writes to a file or pipe fail asynchronously: wait until everything written so far is flushed or failed.
// A pipe closed meanwhile never calls the write back: the error or the close ends the wait too.
if (!outputError && !process.stdout.destroyed) {
  await new Promise<void>((done) => {
    process.stdout.once('error', () => done());
    process.stdout.once('close', () => done());
    process.stdout.write('', () => done());
  });
}
if (outputError && outputError.code !== 'EPIPE') {
  process.stderr.write(`backstep: could not write the output (${outputError.message})\n`);
  process.exitCode = 74;
} else {
  process.exitCode = code;
}
