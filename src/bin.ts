#!/usr/bin/env node
// The only file that touches `process`: it hands the real streams to main and sets the exit code.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
const { main } = await import('./cli.js');
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  // A closed pipe (backstep solve x | head) is not an error.
  if (e.code === 'EPIPE') process.exit(0);
});
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() });
process.exitCode = code;
