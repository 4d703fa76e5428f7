/**
 * Mounts the terminal walkthrough and waits for it to end. Loaded with a dynamic import() only
 * when stdin and stdout are terminals: Ink and React cost about 300 ms to load, which plain mode
 * and the other commands never pay. Ctrl-C is a key in raw mode, so Ink's own handler is off
 * and the app saves, unmounts and reports 130 itself.
 */
import { render } from 'ink';
import { App } from './app.js';
import type { AppHost, AppResult, Feed, StartScreen } from './app.js';
import { eraseWithFirstFrame } from './preframe.js';

export interface Streams {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
}

/** `preframe`: lines written before Ink was loaded (preframe.ts), replaced by Ink's first frame. */
export async function runInteractive(
  streams: Streams,
  host: AppHost,
  start: StartScreen,
  preframe = 0,
  ascii = false,
  feed?: Feed,
): Promise<number> {
  const result: AppResult = { code: 0 };
  // A terminal made narrower rewraps the lines already drawn, so Ink's erasing of its last frame
  // (by its line count) misses some and leaves them stale: clear the screen first. Registered
  // before Ink's own listener, which then redraws the whole frame (it does on a narrower width).
  let columns = streams.stdout.columns;
  const onResize = () => {
    if (streams.stdout.columns < columns) streams.stdout.write('\x1b[2J\x1b[H');
    columns = streams.stdout.columns;
  };
  streams.stdout.on('resize', onResize);
  const settle = eraseWithFirstFrame(streams.stdout, preframe);
  try {
    const instance = render(
      <App host={host} start={start} result={result} ascii={ascii} {...(feed ? { feed } : {})} />,
      { ...streams, exitOnCtrlC: false, patchConsole: false },
    );
    await instance.waitUntilExit();
  } finally {
    settle();
    streams.stdout.off('resize', onResize);
    // Ink turns raw mode off when its last input hook goes; make sure after an early failure too.
    if (streams.stdin.isTTY) streams.stdin.setRawMode(false);
  }
  return result.code;
}
