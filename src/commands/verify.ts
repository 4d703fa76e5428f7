import type { Io } from './io.js';

export async function verifyCommand(_argv: readonly string[], io: Io): Promise<number> {
  io.stderr.write('backstep verify: not available yet\n');
  return 2;
}
