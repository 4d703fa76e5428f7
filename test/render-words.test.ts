// The one wording of a display precision, singular and plural.
import { describe, expect, it } from 'vitest';
import { decimalsWords, precisionWords } from '../src/render/format-number.js';

describe('precision in words', () => {
  it.each([
    [{ kind: 'decimals', digits: 1 }, '1 decimal'],
    [{ kind: 'decimals', digits: 4 }, '4 decimals'],
    [{ kind: 'decimals', digits: 0 }, '0 decimals'],
    [{ kind: 'significant', digits: 1 }, '1 significant figure'],
    [{ kind: 'significant', digits: 3 }, '3 significant figures'],
  ] as const)('%j is "%s"', (display, words) => {
    expect(precisionWords(display)).toBe(words);
  });

  it('decimals alone', () => {
    expect([decimalsWords(1), decimalsWords(2)]).toEqual(['1 decimal', '2 decimals']);
  });
});
