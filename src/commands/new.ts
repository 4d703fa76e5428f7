import type { Io } from './io.js';

export async function newCommand(_argv: readonly string[], io: Io): Promise<number> {
  io.stderr.write('backstep new: not available yet\n');
  return 2;
}
