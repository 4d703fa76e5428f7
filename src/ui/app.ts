/**
 * The terminal walkthrough's screens as a pure model: the menu, one session, a message (a watched
 * file's errors) or the way out. A key goes through the reducer of the screen showing (sessionKey
 * and the session's reducer, menuKey and menuReduce), then `settle` carries out what the state
 * asks for (open the chosen exercise, back to the menu, leave), as the session's `exit` field
 * asks it. run-interactive.ts reads the keys and draws `liveLines`; nothing here writes.
 */
import type { Controller } from './controller.js';
import { farewell } from './farewell.js';
import type { KeyPress } from './key-parse.js';
import { menuKey, sessionKey } from './keys.js';
import { clip, plain, wrap } from './lines.js';
import type { Line } from './lines.js';
import { menuLines, menuReduce, menuState } from './menu.js';
import type { MenuEntry, MenuState } from './menu.js';
import { screenLines, textWidth } from './screen.js';
import type { Size } from './screen.js';
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

export type Screen =
  | { readonly kind: 'menu'; readonly menu: MenuState }
  | { readonly kind: 'session'; readonly controller: Controller; readonly fromMenu: boolean }
  | { readonly kind: 'message'; readonly lines: readonly Line[] }
  /** The end: the exit code, and the last session, whose farewell stays on screen. */
  | { readonly kind: 'leaving'; readonly code: number; readonly last?: SessionState };

export function screenOf(start: StartScreen): Screen {
  if (start.kind === 'menu') return { kind: 'menu', menu: menuState(start.entries) };
  if (start.kind === 'message') return start;
  return { kind: 'session', controller: start.controller, fromMenu: false };
}

/** The screen after a key: the session's reducer or the menu's, then what their state asks for. */
export function onKey(screen: Screen, press: KeyPress, host: AppHost): Screen {
  const { input, key } = press;
  // Text read in one go is a paste or an answer typed fast while asking; anywhere else, keys
  // pressed quickly (jj in the menu), one at a time.
  const asking = screen.kind === 'session' && screen.controller.getState().mode === 'asking';
  if (input.length > 1 && !asking)
    return [...input].reduce((s, ch) => onKey(s, { input: ch, key }, host), screen);
  switch (screen.kind) {
    case 'session': {
      const e = sessionKey(screen.controller.getState(), input, key, host.now());
      if (e) screen.controller.dispatch(e);
      return settle(screen, host);
    }
    case 'menu': {
      const e = menuKey(input, key);
      return e ? settle({ kind: 'menu', menu: menuReduce(screen.menu, e) }, host) : screen;
    }
    case 'message': {
      // The menu's leaving keys (q, Esc, Ctrl-C) are the only ones a message has.
      const e = menuKey(input, key);
      return e?.type === 'leave' ? { kind: 'leaving', code: e.interrupted ? 130 : 0 } : screen;
    }
    case 'leaving':
      return screen;
  }
}

/**
 * What a state asks for, carried out: a session that ends goes back to the menu it came from
 * (on its entry) or out (130 after Ctrl-C); the menu opens the chosen exercise or says why not.
 */
export function settle(screen: Screen, host: AppHost): Screen {
  if (screen.kind === 'session') {
    const s = screen.controller.getState();
    if (!s.exit) return screen;
    if (s.exit === 'quit' && screen.fromMenu)
      return { kind: 'menu', menu: menuState(host.menuEntries(), s.practice.exercise.id) };
    return { kind: 'leaving', code: s.exit === 'interrupt' ? 130 : 0, last: s };
  }
  if (screen.kind !== 'menu') return screen;
  const { menu } = screen;
  if (menu.exit) return { kind: 'leaving', code: menu.exit === 'interrupt' ? 130 : 0 };
  if (menu.chosen === undefined) return screen;
  const opened = host.openSession(menu.chosen);
  if ('error' in opened)
    return { kind: 'menu', menu: menuReduce(menu, { type: 'failed', error: opened.error }) };
  return settle({ kind: 'session', controller: opened.controller, fromMenu: true }, host);
}

/** The live region of a screen, fitted to the terminal (the session's transcript goes above it). */
export function liveLines(screen: Screen, size: Size): Line[] {
  switch (screen.kind) {
    case 'menu':
      return menuLines(screen.menu, size);
    case 'message':
      return screen.lines.slice(0, Math.max(1, size.rows - 1)).map((l) => clip(l, size.columns));
    case 'session':
      return screenLines(screen.controller.getState(), size);
    case 'leaving':
      return screen.last
        ? farewell(screen.last, screen.code === 130)
            .flatMap((t) => wrap(t, textWidth(size.columns), '  '))
            .map((t) => plain(t))
        : [];
  }
}
