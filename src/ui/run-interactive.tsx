/**
 * Mounts the terminal walkthrough and waits for it to end. Loaded with a dynamic import() only
 * when stdin and stdout are terminals: Ink and React cost about 300 ms to load, which plain mode
 * and the other commands never pay. Ctrl-C is a key in raw mode, so Ink's own handler is off
 * and the app saves, unmounts and reports 130 itself.
 */
import { render } from 'ink';
import { App } from './app.js';
import type { AppHost, AppResult, StartScreen } from './app.js';
import { erasePreframe } from './preframe.js';

export interface Streams {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
}

/** `preframe`: lines written before Ink was loaded (preframe.ts), replaced by Ink's first frame. */
export async function runInteractive(streams: Streams, host: AppHost, start: StartScreen, preframe = 0): Promise<number> {
  const result: AppResult = { code: 0 };
  try {
    erasePreframe(streams.stdout, preframe);
    const instance = render(<App host={host} start={start} result={result} />, { ...streams, exitOnCtrlC: false, patchConsole: false });
    await instance.waitUntilExit();
  } finally {
    // Ink turns raw mode off when its last input hook goes; make sure after an early failure too.
    if (streams.stdin.isTTY) streams.stdin.setRawMode(false);
  }
  return result.code;
}
