import { safeOutput } from '../exercise/terminal-text.js';

/** What a command may touch of the outside world; passed in so the CLI runs in-process in tests. */
export interface Io {
  readonly stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A sanitised stream, and the stream beneath it for the one writer that draws the screen (Ink). */
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

function guard(s: Io['stdout']): Guarded {
  // Getters, not copies: the terminal's width changes when it is resized.
  return Object.defineProperties({ write: (text: string) => s.write(safeOutput(text)), terminal: s }, {
    isTTY: { get: () => s.isTTY, enumerable: true },
    columns: { get: () => s.columns, enumerable: true },
  }) as Guarded;
}

function isGuarded(s: Io['stdout']): s is Guarded {
  return (s as Partial<Guarded>).terminal !== undefined;
}

/** The raw stream under a guarded one: only the Ink screen writes there (it sanitises its lines itself). */
export function terminalOf(s: Io['stdout']): Io['stdout'] {
  return isGuarded(s) ? s.terminal : s;
}
