import type { Io } from './io.js';

export async function practiceCommand(_argv: readonly string[], io: Io): Promise<number> {
  io.stderr.write('backstep practice: not available yet\n');
  return 2;
}
