import { safeOutput } from '../exercise/terminal-text.js';

/** What a command may touch of the outside world; passed in so the CLI runs in-process in tests. */
export interface Io {
  readonly stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /**
   * Ctrl-C outside raw mode (plain mode on a terminal): the listener runs instead of the default
   * kill, so the session can say what was saved and exit 130. Returns the unsubscribe. Absent
   * under test, where nothing sends signals.
   */
  readonly onInterrupt?: (listener: () => void) => () => void;
}

/** A sanitised stream, and the stream beneath it for the one writer that draws the screen (ui/terminal.ts). */
type Guarded = Io['stdout'] & { readonly terminal: Io['stdout'] };

/**
 * The streams every command writes to, with file text made safe on the way out (see
 * exercise/terminal-text.ts): whatever a renderer prints, an escape sequence taken from an
 * exercise file, a file name or a typed answer reaches the terminal as visible text.
 */
export function guardedIo(io: Io): Io {
  if (isGuarded(io.stdout)) return io;
  return { ...io, stdout: guard(io.stdout), stderr: guard(io.stderr) };
}

/**
 * Thrown by a write once the reader has gone (a closed pipe: `backstep solve x | head`): the
 * command stops instead of rendering the rest into nothing. A command that finished its output
 * keeps its exit status (bin.ts); one stopped this way exits 0, as before the pipe closed.
 */
export class OutputClosed extends Error {
  constructor() {
    super('the output was closed');
    this.name = 'OutputClosed';
  }
}

function guard(s: Io['stdout']): Guarded {
  // process.stdout is never destroyed by a failed write (EPIPE): its 'error' event is the sign.
  let failed = false;
  (s as { on?: (event: string, f: () => void) => unknown }).on?.('error', () => {
    failed = true;
  });
  const write = (text: string) => {
    if (failed || (s as { destroyed?: boolean }).destroyed === true) throw new OutputClosed();
    return s.write(safeOutput(text));
  };
  // Getters, not copies: the terminal's width changes when it is resized.
  return Object.defineProperties(
    { write, terminal: s },
    {
      isTTY: { get: () => s.isTTY, enumerable: true },
      columns: { get: () => s.columns, enumerable: true },
    },
  );
}

function isGuarded(s: Io['stdout']): s is Guarded {
  return (s as Partial<Guarded>).terminal !== undefined;
}

/** The raw stream under a guarded one: only the terminal loop writes there (it sanitises its lines itself). */
export function terminalOf(s: Io['stdout']): Io['stdout'] {
  return isGuarded(s) ? s.terminal : s;
}
