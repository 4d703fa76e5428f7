/**
 * A small deterministic random stream for drawing exercise variants. The same seed text gives
 * the same numbers on every machine and every Node version: only 32-bit integer arithmetic
 * (Math.imul, >>> 0) and BigInt are used, never floating point.
 *
 * - The seed text is hashed with 32-bit FNV-1a over its UTF-8 bytes.
 * - The stream is mulberry32 (Tommy Ettinger's 32-bit generator): short, well mixed, and easy
 *   to re-implement elsewhere (test/fixtures/gen_variant_reference.py does, to hold this file to it).
 * - Whole numbers below a bound come from enough 32-bit words, with rejection so that every
 *   value is equally likely (no modulo bias).
 */

/** 32-bit FNV-1a of the UTF-8 bytes of `text`. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface RandomStream {
  /** The next unsigned 32-bit word. */
  next(): number;
  /** A whole number in [0, n), every value equally likely. n must be at least 1. */
  below(n: bigint): bigint;
}

export function streamFrom(seedText: string): RandomStream {
  let state = fnv1a(seedText);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const below = (n: bigint): bigint => {
    if (n < 1n) throw new Error('internal: below() needs a positive bound');
    if (n === 1n) return 0n;
    // Enough words to cover n, then reject the incomplete top slice so each value is as likely.
    let words = 1;
    while (1n << BigInt(32 * words) < n) words++;
    const span = 1n << BigInt(32 * words);
    const limit = span - (span % n);
    for (;;) {
      let r = 0n;
      for (let i = 0; i < words; i++) r = (r << 32n) | BigInt(next());
      if (r < limit) return r % n;
    }
  };
  return { next, below };
}
