/**
 * The live region: the lines at the bottom of the terminal that are drawn again on every change,
 * below the lines that have scrolled away (the finished steps). Each change is one write: the
 * cursor goes back up to the region's first line, clears to the end of the screen and writes the
 * new lines, so the terminal never shows the region erased and not yet redrawn. The region is
 * kept shorter than the terminal (screen.ts fits it to rows - 1), so the cursor never has to go
 * above the screen's top, where nothing can be erased.
 */
import { ansiLine, CLEAR_SCREEN, eraseUp, HIDE_CURSOR, SHOW_CURSOR } from './ansi.js';
import type { Line } from './lines.js';

export interface TerminalOut {
  write(s: string): unknown;
}

export interface LiveRegion {
  /** Writes `above` (lines that scroll away and are never drawn again), then the live lines. */
  draw(above: readonly Line[], live: readonly Line[]): void;
  /** Clears the screen and forgets the region: after a narrower resize, or for a fresh start. */
  clear(): void;
  /** Leaves the last lines on screen, the cursor below them and shown again. */
  close(): void;
}

export function liveRegion(out: TerminalOut, color: boolean, ascii: boolean): LiveRegion {
  let height = 0;
  let last: string | undefined;
  let pending = HIDE_CURSOR;
  const text = (lines: readonly Line[]) => lines.map((l) => `${ansiLine(l, color, ascii)}\n`).join('');
  return {
    draw(above, live) {
      const frame = text(live);
      if (above.length === 0 && frame === last) return;
      out.write(`${pending}${height > 0 ? eraseUp(height) : ''}${text(above)}${frame}`);
      pending = '';
      height = live.length;
      last = frame;
    },
    clear() {
      pending += CLEAR_SCREEN;
      height = 0;
      last = undefined;
    },
    close() {
      out.write(`${pending}${SHOW_CURSOR}`);
      pending = '';
    },
  };
}
