import type { Io } from './io.js';

export async function variantsCommand(_argv: readonly string[], io: Io): Promise<number> {
  io.stderr.write('backstep variants: not available yet\n');
  return 2;
}
