/**
 * The terminal walkthrough's loop: reads keys in raw mode, passes them through the screens'
 * reducers (app.ts) and draws the result (terminal.ts), until a screen says to leave. Ctrl-C is
 * a key in raw mode, so the session saves and the exit code is 130 like any other way out.
 * A few hundred lines of our own in place of Ink and React: the screens were always lists of
 * lines (screen.ts), and without the 300 ms those took to load the first screen is the real one
 * (docs/architecture.md, "The terminal").
 */
import { liveLines, onKey, screenOf, settle } from './app.js';
import type { AppHost, Feed, Screen, StartScreen } from './app.js';
import type { Controller } from './controller.js';
import { parseKeys } from './key-parse.js';
import type { Line } from './lines.js';
import { entryLines, latestMessages, textWidth } from './screen.js';
import type { Size } from './screen.js';
import { liveRegion } from './terminal.js';

/** The streams the loop uses: a terminal that reports its size, and a keyboard in raw mode. */
export interface Streams {
  readonly stdout: {
    write(s: string): unknown;
    readonly columns?: number;
    readonly rows?: number;
    on(event: 'resize', f: () => void): unknown;
    off(event: 'resize', f: () => void): unknown;
  };
  readonly stdin: {
    on(event: 'data', f: (chunk: Buffer | string) => void): unknown;
    off(event: 'data', f: (chunk: Buffer | string) => void): unknown;
    setRawMode(on: boolean): unknown;
    setEncoding(encoding: 'utf8'): unknown;
    resume(): unknown;
    pause(): unknown;
  };
}

export interface Look {
  /** Styles and colours (off with NO_COLOR). */
  readonly color: boolean;
  /** ASCII stand-ins for symbols outside a UTF-8 locale. */
  readonly ascii: boolean;
}

export function runInteractive(
  streams: Streams,
  host: AppHost,
  start: StartScreen,
  look: Look,
  feed?: Feed,
): Promise<number> {
  const { stdout, stdin } = streams;
  const size = (): Size => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const view = painter(stdout, look, size);
  let screen: Screen = settle(screenOf(start), host);
  let columns = size().columns;
  const draw = () => view.draw(screen);

  return new Promise<number>((resolve) => {
    const finish = () => {
      stdin.off('data', onData);
      stdout.off('resize', onResize);
      unsubscribe?.();
      view.close();
      stdin.setRawMode(false);
      stdin.pause();
      resolve(screen.kind === 'leaving' ? screen.code : 0);
    };
    const onData = (chunk: Buffer | string) => {
      for (const press of parseKeys(chunk.toString())) {
        screen = onKey(screen, press, host);
        if (screen.kind === 'leaving') break;
      }
      draw();
      if (screen.kind === 'leaving') finish();
    };
    // A terminal made narrower rewraps the lines already drawn (tmux, VTE, iTerm2), so the
    // region's line count no longer says what to erase: the screen is cleared and drawn afresh.
    const onResize = () => {
      if (size().columns < columns) view.clear(true);
      columns = size().columns;
      draw();
    };
    // A file saved under --watch: a fresh screen for a fresh start.
    const unsubscribe = feed?.subscribe((next) => {
      if (screen.kind === 'leaving') return;
      screen = settle(screenOf(next), host);
      view.clear(false);
      draw();
    });
    stdin.setRawMode(true);
    // Whole characters: a multi-byte one split between two reads is joined again.
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
    stdout.on('resize', onResize);
    draw();
    if (screen.kind === 'leaving') finish();
  });
}

/**
 * Draws screens into the live region, with the session's finished steps written once above it.
 * `clear(refill)`: a fresh screen; with `refill`, the latest finished steps that fit are drawn
 * again above the region (after a narrower resize), else none (a new start under --watch).
 */
function painter(stdout: Streams['stdout'], look: Look, size: () => Size) {
  const region = liveRegion(stdout, look.color, look.ascii);
  // The finished steps already written above the region, for the session they belong to.
  let printedFor: Controller | undefined;
  let printed = 0;
  let refill = false;
  return {
    draw(screen: Screen): void {
      const now = size();
      const live = liveLines(screen, now);
      let above: Line[] = [];
      if (screen.kind === 'session') {
        if (printedFor !== screen.controller) [printedFor, printed] = [screen.controller, 0];
        const transcript = screen.controller.getState().transcript;
        const width = textWidth(now.columns);
        above = refill
          ? latestMessages(
              transcript.map((e) => entryLines(e, width)),
              Math.max(0, now.rows - 1 - live.length),
            )
          : transcript.slice(printed).flatMap((e) => entryLines(e, width));
        printed = transcript.length;
      }
      refill = false;
      region.draw(above, live);
    },
    clear(again: boolean): void {
      region.clear();
      refill = again;
      if (!again) printedFor = undefined;
    },
    close: () => region.close(),
  };
}
