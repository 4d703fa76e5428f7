/**
 * A keyed shuffle of the whole numbers 0 .. n-1, for drawing variants without replacement:
 * position p of the shuffle is `permute(p, n, key)`, and positions 0, 1, 2, ... give distinct
 * numbers until all n are used. It is a four-round Feistel network over the smallest square
 * power of two that holds n (halves of h bits each), with cycle walking (apply it again while
 * the result is n or above), so it is a bijection of [0, n) computed from one position alone.
 * The round function draws from the same stream as every variant (prng.ts), so the shuffle is
 * the same on every machine; test/fixtures/gen_variant_reference.py re-implements it.
 */
import { streamFrom } from './prng.js';

const ROUNDS = 4;

/** The number at position `p` (0 <= p < n) of the shuffle of [0, n) named by `key`. */
export function permute(p: bigint, n: bigint, key: string): bigint {
  if (n < 1n || p < 0n || p >= n) throw new Error('internal: permute() needs 0 <= p < n');
  if (n === 1n) return 0n;
  let h = 1n;
  while (1n << (2n * h) < n) h++;
  const half = 1n << h;
  const round = (r: number, x: bigint): bigint =>
    streamFrom(`backstep-permute\u0000${key}\u0000${r}\u0000${x}`).below(half);
  let x = p;
  do {
    let left = x >> h;
    let right = x & (half - 1n);
    for (let r = 0; r < ROUNDS; r++) [left, right] = [right, left ^ round(r, right)];
    x = (left << h) | right;
  } while (x >= n);
  return x;
}
