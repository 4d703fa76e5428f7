/**
 * The root of the terminal walkthrough: the menu or one session. It owns the one `useInput`
 * (two components each with their own, swapped in one update, can hang Ink 6 at exit), turns
 * keys into events with sessionKey(), and renders lines computed by screen.ts. Finished steps
 * go to <Static> so the live region stays short. Exit codes go back through `result`.
 */
import { Box, Static, Text, useApp, useInput, useStdin, useStdout } from 'ink';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Controller } from './controller.js';
import { isUnnamedSequence, normaliseKey, sessionKey } from './keys.js';
import type { KeyInfo } from './keys.js';
import { clip, wrap } from './lines.js';
import type { Line } from './lines.js';
import { menuLines, menuReduce } from './menu.js';
import type { MenuEntry, MenuState } from './menu.js';
import { entryLines, screenLines, textWidth } from './screen.js';
import type { Size } from './screen.js';
import { farewell } from './farewell.js';
import { asciiText } from './glyphs.js';
import type { SessionState } from './session.js';

export interface AppHost {
  /** A session for a bundled exercise chosen in the menu, or why it cannot start. */
  openSession(id: string): { controller: Controller } | { error: string };
  menuEntries(): MenuEntry[];
  now(): number;
}

export type StartScreen =
  | { readonly kind: 'menu'; readonly entries: readonly MenuEntry[] }
  | { readonly kind: 'session'; readonly controller: Controller }
  /** Lines to read, such as a watched file's errors (q leaves). */
  | { readonly kind: 'message'; readonly lines: readonly Line[] };

/** Screens that replace the current one from outside (practice --watch: a file saved). */
export interface Feed {
  subscribe(listener: (next: StartScreen) => void): () => void;
}

export interface AppResult {
  code: number;
  /** The last session's state, for the message printed after Ink has gone. */
  last?: SessionState;
}

type Screen =
  | { readonly kind: 'menu'; readonly menu: MenuState; readonly error?: string }
  | {
      readonly kind: 'session';
      readonly controller: Controller;
      readonly fromMenu: boolean;
      readonly serial: number;
    }
  | { readonly kind: 'message'; readonly lines: readonly Line[] }
  | { readonly kind: 'leaving' };

function screenOf(start: StartScreen, serial: number): Screen {
  if (start.kind === 'menu') return { kind: 'menu', menu: { entries: start.entries, selected: 0 } };
  if (start.kind === 'message') return start;
  return { kind: 'session', controller: start.controller, fromMenu: false, serial };
}

const IDLE: Controller = {
  getState: () => undefined as unknown as SessionState,
  dispatch: () => undefined,
  subscribe: () => () => undefined,
};

export function App({
  host,
  start,
  result,
  ascii = false,
  feed,
}: {
  host: AppHost;
  start: StartScreen;
  result: AppResult;
  ascii?: boolean;
  feed?: Feed;
}) {
  const [screen, setScreenState] = useState<Screen>(() => screenOf(start, 0));
  // Several keys can arrive in one chunk and be handled before React re-renders: the handler
  // works on the latest screen through this ref, not on the one its closure saw.
  const current = useRef(screen);
  const setScreen = useCallback((next: Screen) => {
    current.current = next;
    setScreenState(next);
  }, []);
  const size = useTerminalSize();
  const { exit } = useApp();
  const { isRawModeSupported, internal_eventEmitter: rawInput } = useStdin();
  // The bytes of the key being handled: Ink's useInput gives an unknown escape sequence as text
  // without its ESC, so keys.ts needs the bytes to ignore it (isUnnamedSequence). Ink emits each
  // key it cut from the input on this emitter; prepended, this listener runs before useInput's.
  const lastSequence = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!rawInput) return undefined;
    const note = (data: unknown) => {
      lastSequence.current = typeof data === 'string' ? data : undefined;
    };
    rawInput.prependListener('input', note);
    return () => {
      rawInput.removeListener('input', note);
    };
  }, [rawInput]);
  const controller = screen.kind === 'session' ? screen.controller : IDLE;
  const session = useSyncExternalStore(controller.subscribe, controller.getState) as SessionState | undefined;

  // A session asked to leave: back to the menu it came from, or out (130 after Ctrl-C).
  useEffect(() => {
    if (screen.kind !== 'session' || !session?.exit) return;
    result.last = session;
    if (session.exit === 'quit' && screen.fromMenu) {
      const entries = host.menuEntries();
      setScreen({
        kind: 'menu',
        menu: {
          entries,
          selected: Math.max(
            0,
            entries.findIndex((e) => e.id === session.practice.exercise.id),
          ),
        },
      });
      return;
    }
    result.code = session.exit === 'interrupt' ? 130 : 0;
    setScreen({ kind: 'leaving' });
  }, [screen, session, host, result, setScreen]);

  useEffect(() => {
    if (screen.kind === 'leaving') exit();
  }, [screen, exit]);

  useEffect(
    () =>
      feed?.subscribe((next) => current.current.kind !== 'leaving' && setScreen(screenOf(next, Date.now()))),
    [feed, setScreen],
  );

  const move = (menu: MenuState, by: number) => menuReduce(menu, { type: 'move', by });

  useInput(
    (input, inkKey: KeyInfo) => {
      const seq = lastSequence.current;
      lastSequence.current = undefined;
      const raw: KeyInfo = seq === undefined ? inkKey : { ...inkKey, sequence: seq };
      const key = normaliseKey(input, raw);
      const now = current.current;
      if (now.kind === 'session') {
        const e = sessionKey(now.controller.getState(), input, raw, host.now());
        if (e) now.controller.dispatch(e);
        return;
      }
      if (now.kind === 'message') {
        if ((key.ctrl && input === 'c') || input === 'q' || key.escape) {
          result.code = key.ctrl ? 130 : 0;
          setScreen({ kind: 'leaving' });
        }
        return;
      }
      if (now.kind !== 'menu' || isUnnamedSequence(key)) return;
      if ((key.ctrl && input === 'c') || input === 'q' || key.escape) {
        result.code = key.ctrl ? 130 : 0;
        setScreen({ kind: 'leaving' });
      } else if (key.upArrow || input === 'k') setScreen({ ...now, menu: move(now.menu, -1) });
      else if (key.downArrow || input === 'j') setScreen({ ...now, menu: move(now.menu, 1) });
      else if (key.pageUp) setScreen({ ...now, menu: move(now.menu, -5) });
      else if (key.pageDown) setScreen({ ...now, menu: move(now.menu, 5) });
      else if (key.return) {
        const chosen = now.menu.entries[now.menu.selected];
        if (!chosen) return;
        const opened = host.openSession(chosen.id);
        if ('error' in opened) setScreen({ ...now, error: opened.error });
        else
          setScreen({ kind: 'session', controller: opened.controller, fromMenu: true, serial: Date.now() });
      }
    },
    { isActive: isRawModeSupported === true },
  );

  if (screen.kind === 'leaving')
    return (
      <Lines
        ascii={ascii}
        lines={
          result.last
            ? farewell(result.last, result.code === 130)
                .flatMap((t) => wrap(t, textWidth(size.columns), '  '))
                .map((t) => [{ text: t }])
            : []
        }
      />
    );
  if (screen.kind === 'message')
    return (
      <Lines
        ascii={ascii}
        lines={screen.lines.slice(0, Math.max(1, size.rows - 1)).map((l) => clip(l, size.columns))}
      />
    );
  if (screen.kind === 'menu') {
    const lines = menuLines(screen.menu, size);
    return (
      <Lines
        ascii={ascii}
        lines={
          screen.error
            ? [...lines.slice(0, -1), [{ text: screen.error, color: 'red' }], lines[lines.length - 1]!]
            : lines
        }
      />
    );
  }
  if (!session) return null;
  return (
    <>
      <Static key={screen.serial} items={[...session.transcript]}>
        {(e) => (
          <Box key={e.key} flexDirection="column">
            <LineList ascii={ascii} lines={entryLines(e, textWidth(size.columns))} />
          </Box>
        )}
      </Static>
      <Lines ascii={ascii} lines={screenLines(session, size)} />
    </>
  );
}

function Lines({ lines, ascii }: { lines: readonly Line[]; ascii: boolean }) {
  return (
    <Box flexDirection="column">
      <LineList lines={lines} ascii={ascii} />
    </Box>
  );
}

/** Where view text reaches the terminal (with the ASCII stand-ins when the locale wants them). */
function LineList({ lines, ascii }: { lines: readonly Line[]; ascii: boolean }) {
  return (
    <>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate">
          {l.length === 0
            ? ' '
            : l.map((s, j) => (
                <Text
                  key={j}
                  {...(s.color ? { color: s.color } : {})}
                  bold={s.bold === true}
                  dimColor={s.dim === true}
                  inverse={s.inverse === true}
                >
                  {ascii ? asciiText(s.text) : s.text}
                </Text>
              ))}
        </Text>
      ))}
    </>
  );
}

/** The terminal's size, following resizes (Ink 6 has no useWindowSize). */
function useTerminalSize(): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
