// The one wording of a display precision, and the one measure of text width (display columns).
import { describe, expect, it } from 'vitest';
import { decimalsWords, precisionWords } from '../src/render/format-number.js';
import { clip, displayWidth, fold, padToWidth, wrap } from '../src/render/wrap.js';
import { wrapCell } from '../src/verify/table.js';
import stringWidth from 'string-width';

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

describe('display width', () => {
  it('wide characters take two columns and wrap at the display width', () => {
    expect(displayWidth('y_C = 0.5868')).toBe(12);
    expect(displayWidth('重み')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    const lines = wrap('重み 重み 重み 重み 重み', 10);
    expect(lines).toEqual(['重み 重み', '重み 重み', '重み']);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(10);
  });

  it('a wide word longer than the width is cut at a character, within the width', () => {
    const lines = fold('重重重重重重重', 5);
    expect(lines).toEqual(['重重', '重重', '重重', '重']);
  });

  it('pads and clips by columns', () => {
    expect(padToWidth('重', 4)).toBe('重  ');
    expect(clip('重み重み重み', 7)).toBe('重み...');
  });

  it("verify's table cells fold by columns too", () => {
    expect(wrapCell('重み = 0.5 and more', 10)).toEqual(['重み = 0.5', 'and more']);
    expect(wrapCell('重み = 0.5 and more', 9)).toEqual(['重み =', '0.5 and', 'more']);
  });
});

describe('display width against string-width', () => {
  // string-width (Ink's measure) as the independent oracle, over the scripts exercise text uses.
  it.each([
    ['y_C = 0.5868'],
    ['σ(z) · (1 − σ(z)) × η'],
    ['∂E/∂w5'],
    ['café'],
    ['cafe\u0301'],
    ['重みの更新'],
    ['가중치 갱신'],
    ['ＡＢＣ１２３'],
    ['👍 done'],
    ['Übung: Rückwärts'],
    ['ŷ = σ(ẑ)'],
    ['tab\there'],
    ['zero\u200bwidth'],
    [''],
  ])('%j', (text) => {
    expect(displayWidth(text)).toBe(stringWidth(text));
  });
});
