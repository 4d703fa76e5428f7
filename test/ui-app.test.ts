import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressRecord } from '../src/store/record.js';
import type { AppHost, Feed, StartScreen } from '../src/ui/app.js';
import { createController } from '../src/ui/controller.js';
import type { Controller } from '../src/ui/controller.js';
import type { MenuEntry } from '../src/ui/menu.js';
import { runInteractive } from '../src/ui/run-interactive.js';
import { VirtualKeyboard, VirtualTerminal } from './helpers/virtual-terminal.js';
import { T0, session } from './ui-helpers.js';

/**
 * The terminal loop (run-interactive.ts) on a virtual terminal: keys typed as bytes, the screen
 * read as a person sees it (test/helpers/virtual-terminal.ts), and every write recorded.
 */
const ESC = '\u001b';
// Any CSI code: cursor movements, clears, styles.
const CSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'gu');
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'u');

function controllerFor(id: string, saves: ProgressRecord[]): Controller {
  return createController(session(id), {
    save: (r) => {
      saves.push(r);
      return { ok: true };
    },
  });
}

function hostWith(saves: ProgressRecord[], entries: MenuEntry[] = []): AppHost & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    now: () => T0,
    menuEntries: () => entries,
    openSession(id) {
      opened.push(id);
      return id === 'missing' ? { error: 'no exercise "missing"' } : { controller: controllerFor(id, saves) };
    },
  };
}

let running: VirtualKeyboard[] = [];
afterEach(() => {
  // A test that failed half-way leaves its loop waiting for keys: Ctrl-C ends it.
  for (const k of running) k.type('\x03');
  running = [];
});

function start(start: StartScreen | ((saves: ProgressRecord[]) => StartScreen), opts: Options = {}) {
  const saves: ProgressRecord[] = [];
  const term = new VirtualTerminal(opts.columns ?? 100, opts.rows ?? 30);
  const keys = new VirtualKeyboard();
  running.push(keys);
  const host = hostWith(saves, opts.entries);
  const first = typeof start === 'function' ? start(saves) : start;
  const exit = runInteractive(
    { stdout: term, stdin: keys },
    host,
    first,
    { color: opts.color ?? true, ascii: false },
    opts.feed,
  );
  return { term, keys, saves, exit, host };
}
interface Options {
  columns?: number;
  rows?: number;
  entries?: MenuEntry[];
  color?: boolean;
  feed?: Feed;
}
const walkthrough = (opts: Options = {}) =>
  start((saves) => ({ kind: 'session', controller: controllerFor('two-two-one-network', saves) }), opts);
const answerLine = (term: VirtualTerminal) =>
  term
    .text()
    .split('\n')
    .find((l) => /^[a-zA-Z_]+ =/.test(l));

describe('the walkthrough in the terminal loop', () => {
  it('draws the first screen at once, takes typed answers, and moves on with the step above', () => {
    const { term, keys, saves } = walkthrough();
    expect(keys.raw).toBe(true);
    expect(term.text()).toContain('z_C: weighted input of C');
    expect(term.text()).toContain('w1 A→C 0.1');
    expect(term.text()).toContain('Enter check');
    // Typed one key at a time, as a person does; the backspace arrives as DEL.
    for (const ch of '0.3519') keys.type(ch);
    expect(answerLine(term)).toBe('z_C = 0.3519');
    keys.type('\u007f');
    keys.type('\r');
    expect(term.text()).toContain('y_C: output of C');
    expect(term.text()).toContain('✓ z_C = 0.351');
    expect(saves.at(-1)?.steps['z_C']?.outcome).toBe('first-try');
  });

  it('a wrong answer shows the diagnosis; Tab shows a hint; Ctrl-C saves, says so and exits with 130', async () => {
    const { term, keys, saves, exit } = walkthrough();
    // Weights swapped: 0.23*0.4 + 0.82*0.1 = 0.174.
    keys.type('0.174\r');
    expect(term.text()).toContain('swapped');
    keys.type('\t');
    expect(term.text()).toContain('Hint 1 of 2: z_C = x_A * w1 + x_B * w3');
    const before = saves.length;
    keys.type('\u0003');
    expect(await exit).toBe(130);
    expect(saves.length).toBe(before + 1);
    expect(saves.at(-1)?.steps['z_C']).toMatchObject({ tries: 1, hints: 1 });
    expect(term.text()).toContain('Interrupted.');
    expect(term.text()).toContain('To continue: backstep practice two-two-one-network');
    // The question is gone; the terminal is given back as it was.
    expect(term.text()).not.toContain('z_C =');
    expect(keys.raw).toBe(false);
    expect(term.cursorShown).toBe(true);
  });

  it('an answer typed ahead with Enter in one read (keys sent before the loop started) is judged', () => {
    const { term, keys } = walkthrough();
    keys.type('0.351\r0.58');
    expect(term.text()).toContain('✓ z_C = 0.351');
    expect(answerLine(term)).toBe('y_C = 0.58');
  });

  it('escape sequences with no meaning here are ignored, not typed into the answer', () => {
    const { term, keys, saves } = walkthrough();
    keys.type('0.3');
    // F13, keypad Enter (ESC O M), a focus report, Alt-5, a mouse report, and text after one in the same read.
    for (const seq of [`${ESC}[25~`, `${ESC}OM`, `${ESC}[I`, `${ESC}5`, `${ESC}[<0;10;5M5`]) keys.type(seq);
    keys.type('1');
    expect(answerLine(term)).toBe('z_C = 0.351');
    keys.type('\r');
    expect(term.text()).toContain('y_C: output of C');
    expect(saves.at(-1)?.steps['z_C']?.outcome).toBe('first-try');
  });

  it('Up reviews a done step; Escape returns to the question', () => {
    const { term, keys } = walkthrough();
    keys.type('0.351\r');
    keys.type(`${ESC}[A`);
    expect(term.text()).toContain('review 1 of 1');
    expect(term.text()).toContain('your answer: 0.351 (right first try)');
    keys.type(ESC);
    expect(term.text()).toContain('y_C: output of C');
    expect(term.text()).not.toContain('review 1 of 1');
  });

  it('every write that erases also draws: no blank frame is ever sent, and each change is one write', () => {
    const { term, keys } = walkthrough();
    // Each key one write at most (none when nothing changed); Ctrl-C also shows the cursor again.
    for (const k of ['0', '.', '3', '5', '1', '\r', `${ESC}[B`, ESC, '\t', '\u007f', '\x03']) {
      const n = term.writes.length;
      keys.type(k);
      expect(term.writes.length - n, JSON.stringify(k)).toBeLessThanOrEqual(k === '\x03' ? 2 : 1);
    }
    for (const w of term.writes) {
      const erase = w.indexOf(`${ESC}[J`);
      if (erase >= 0) expect(w.slice(erase).replace(CSI, '').trim()).not.toBe('');
    }
  });

  it('NO_COLOR: no styles at all', () => {
    const { term, keys } = walkthrough({ color: false });
    keys.type('0.3\r');
    for (const w of term.writes) expect(w).not.toMatch(SGR);
  });
});

describe('terminal size', () => {
  it('follows a resize: the live region stays narrower and shorter than the terminal, the latest steps above it', () => {
    const { term, keys } = walkthrough();
    keys.type('0.351\r');
    expect(term.text()).toContain('w2 A→D 0.5');
    // Narrower: the screen is cleared (the terminal rewrapped what was drawn) and the latest
    // finished steps that fit are drawn again above the region.
    term.resize(80, 24);
    expect(term.text()).toContain('✓ z_C = 0.351');
    expect(term.text().match(/step 2 of 41/g)).toHaveLength(1);
    term.resize(40, 12);
    const lines = term.text().split('\n');
    // The picture without the connections' names, cropped around the asked value.
    expect(term.text()).not.toContain('A→D');
    expect(lines.length).toBeLessThanOrEqual(11);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(40);
    expect(term.text()).toContain('y_C =');
    term.resize(100, 30);
    expect(term.text()).toContain('w2 A→D 0.5');
    // Made wider, the region is drawn again where it was: one header line on screen.
    expect(term.text().match(/step 2 of 41/g)).toHaveLength(1);
  });

  it('never draws a line wider than the terminal or a frame as tall (80x24, 60x20)', () => {
    for (const [columns, rows] of [
      [80, 24],
      [60, 20],
    ] as const) {
      const { term, keys } = walkthrough({ columns, rows });
      keys.type('0.351\r0.5869\r');
      for (const w of term.writes)
        for (const l of w.replace(CSI, '').split('\n')) expect([...l].length, l).toBeLessThanOrEqual(columns);
      expect(term.text()).toContain('z_D =');
      keys.type('\x03');
    }
  });
});

describe('the menu in the terminal loop', () => {
  const entries: MenuEntry[] = [
    {
      id: 'two-two-one-network',
      title: 'A 2-2-1 network',
      group: 'textbook',
      steps: 41,
      status: { kind: 'new' },
    },
    {
      id: 'perceptron-rule',
      title: 'The perceptron rule',
      group: 'textbook',
      steps: 9,
      status: { kind: 'progress', done: 2, total: 9, redo: false },
    },
    { id: 'missing', title: 'Broken', group: 'other', steps: 0, status: { kind: 'broken', message: 'x' } },
  ];
  const menu = () => start({ kind: 'menu', entries }, { entries });

  it('opens the chosen exercise, q returns to the menu on it, q again leaves with 0', async () => {
    const { term, keys, host, exit } = menu();
    expect(term.text()).toContain('Choose an exercise');
    expect(term.text()).toContain('in progress: 2 of 9');
    keys.type(`${ESC}[B`);
    expect(term.text()).toContain('› The perceptron rule');
    keys.type('\r');
    expect(host.opened).toEqual(['perceptron-rule']);
    expect(term.text()).toContain('Enter check');
    expect(term.text()).not.toContain('Choose an exercise');
    keys.type('q');
    expect(term.text()).toContain('Choose an exercise');
    expect(term.text()).toContain('› The perceptron rule');
    keys.type('q');
    expect(await exit).toBe(0);
  });

  it('several keys in one read (typed fast, or a held key) are all taken', () => {
    const { term, keys } = menu();
    keys.type(`${ESC}[B${ESC}[B`);
    expect(term.text()).toContain('› Broken');
    keys.type('kk');
    expect(term.text()).toContain('› A 2-2-1 network');
  });

  it('an exercise that cannot be opened is reported in the menu, until the next move', () => {
    const { term, keys } = menu();
    keys.type(`${ESC}[B${ESC}[B\r`);
    expect(term.text()).toContain('no exercise "missing"');
    keys.type('k');
    expect(term.text()).not.toContain('no exercise "missing"');
  });

  it('Ctrl-C in the menu leaves with 130', async () => {
    const { keys, exit } = menu();
    keys.type('\x03');
    expect(await exit).toBe(130);
  });
});

describe('practice --watch: screens from outside', () => {
  it('a new screen clears the terminal and starts afresh; a message leaves with q', async () => {
    let push: (next: StartScreen) => void = () => undefined;
    const feed: Feed = {
      subscribe: (listener) => {
        push = listener;
        return () => undefined;
      },
    };
    const { term, keys, exit } = walkthrough({ feed });
    keys.type('0.351\r');
    push({ kind: 'message', lines: [[{ text: 'the file has errors' }]] });
    expect(term.text()).toBe('the file has errors');
    push({ kind: 'session', controller: controllerFor('two-two-one-network', []) });
    expect(term.text()).toContain('step 1 of 41');
    expect(term.text()).not.toContain('✓ z_C');
    push({ kind: 'message', lines: [[{ text: 'errors again' }]] });
    keys.type('q');
    expect(await exit).toBe(0);
  });
});
