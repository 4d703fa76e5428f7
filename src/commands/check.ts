import type { Io } from './io.js';

export async function checkCommand(_argv: readonly string[], io: Io): Promise<number> {
  io.stderr.write('backstep check: not available yet\n');
  return 2;
}
