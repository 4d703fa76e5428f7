import { EventEmitter } from 'node:events';
import { render as inkRender } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressRecord } from '../src/store/record.js';
import { App } from '../src/ui/app.js';
import type { AppHost, AppResult } from '../src/ui/app.js';
import { createController } from '../src/ui/controller.js';
import type { Controller } from '../src/ui/controller.js';
import type { MenuEntry } from '../src/ui/menu.js';
import { T0, session } from './ui-helpers.js';

// ink-testing-library has no waitFor, and a frame can show before the input handler is attached:
// poll for a frame with a deadline, then yield once more before typing.
async function waitFor(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 10));
}

const ESC = '\u001b';
const CSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
const strip = (s: string | undefined) => (s ?? '').replace(CSI, '');

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

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

/** The walkthrough of an exercise in Ink (ink-testing-library), with its saves and exit code. */
function sessionApp(id = 'two-two-one-network') {
  const saves: ProgressRecord[] = [];
  const result: AppResult = { code: -1 };
  const app = render(
    <App
      host={hostWith(saves)}
      start={{ kind: 'session', controller: controllerFor(id, saves) }}
      result={result}
    />,
  );
  cleanup.push(app.unmount);
  return { app, saves, result };
}

describe('the walkthrough in Ink', () => {
  it('shows the question and picture, takes typed answers, and moves on with the step in the transcript', async () => {
    const { app, saves } = sessionApp();
    await waitFor(() => strip(app.lastFrame()).includes('z_C ='), 'the first question');
    const first = strip(app.lastFrame());
    expect(first).toContain('z_C: weighted input of C');
    expect(first).toContain('w1 A→C 0.1');
    expect(first).toContain('Enter check');
    // Typed one key at a time, as a person does; the backspace arrives as DEL.
    for (const ch of '0.3519') app.stdin.write(ch);
    app.stdin.write('\u007f');
    app.stdin.write('\r');
    await waitFor(() => strip(app.lastFrame()).includes('y_C: output of C'), 'the second question');
    expect(strip(app.lastFrame())).toContain('✓ z_C = 0.351');
    expect(saves.at(-1)?.steps['z_C']?.outcome).toBe('first-try');
  });

  it('a wrong answer shows the diagnosis; Tab shows a hint; Ctrl-C saves and exits with 130', async () => {
    const { app, saves, result } = sessionApp();
    await waitFor(() => strip(app.lastFrame()).includes('z_C ='), 'the first question');
    // Weights swapped: 0.23*0.4 + 0.82*0.1 = 0.174.
    app.stdin.write('0.174\r');
    await waitFor(() => strip(app.lastFrame()).includes('swapped'), 'the diagnosis');
    app.stdin.write('\t');
    await waitFor(
      () => strip(app.lastFrame()).includes('Hint 1 of 2: z_C = x_A * w1 + x_B * w3'),
      'the hint',
    );
    const before = saves.length;
    app.stdin.write('\u0003');
    await waitFor(() => result.code === 130, 'the exit code');
    expect(saves.length).toBe(before + 1);
    expect(saves.at(-1)?.steps['z_C']).toMatchObject({ tries: 1, hints: 1 });
    await waitFor(() => strip(app.lastFrame()).includes('Interrupted.'), 'the farewell');
    expect(strip(app.lastFrame())).toContain('To continue: backstep practice two-two-one-network');
  });

  it('escape sequences Ink has no name for are ignored, not typed into the answer', async () => {
    const { app, saves } = sessionApp();
    await waitFor(() => strip(app.lastFrame()).includes('z_C ='), 'the first question');
    // Between the digits: F13, keypad Enter (ESC O M), a focus report, Alt-5, a mouse report.
    app.stdin.write('0.3');
    for (const seq of [`${ESC}[25~`, `${ESC}OM`, `${ESC}[I`, `${ESC}5`, `${ESC}[<0;10;5M`])
      app.stdin.write(seq);
    app.stdin.write('51');
    await waitFor(() => strip(app.lastFrame()).includes('z_C = 0.351'), 'the typed answer');
    const frame = strip(app.lastFrame());
    // The answer line holds the digits alone.
    expect(frame.split('\n').map((l) => l.trim())).toContain('z_C = 0.351');
    expect(frame).not.toMatch(/\[25~|OM|\[I|\[<0;10;5M/);
    app.stdin.write('\r');
    await waitFor(() => strip(app.lastFrame()).includes('y_C: output of C'), 'the second question');
    expect(saves.at(-1)?.steps['z_C']?.outcome).toBe('first-try');
  });

  it('Up reviews a done step; Escape returns to the question', async () => {
    const { app } = sessionApp();
    await waitFor(() => strip(app.lastFrame()).includes('z_C ='), 'the first question');
    app.stdin.write('0.351\r');
    await waitFor(() => strip(app.lastFrame()).includes('y_C ='), 'the second question');
    app.stdin.write(`${ESC}[A`);
    await waitFor(() => strip(app.lastFrame()).includes('review 1 of 1'), 'the review');
    expect(strip(app.lastFrame())).toContain('your answer: 0.351 (right first try)');
    app.stdin.write(ESC);
    await waitFor(() => strip(app.lastFrame()).includes('y_C: output of C'), 'the question again');
  });
});

describe('the menu in Ink', () => {
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

  it('opens the chosen exercise, q returns to the menu, q again leaves with 0', async () => {
    const saves: ProgressRecord[] = [];
    const host = hostWith(saves, entries);
    const result: AppResult = { code: -1 };
    const app = render(<App host={host} start={{ kind: 'menu', entries }} result={result} />);
    cleanup.push(app.unmount);
    await waitFor(() => strip(app.lastFrame()).includes('Choose an exercise'), 'the menu');
    expect(strip(app.lastFrame())).toContain('in progress: 2 of 9');
    app.stdin.write(`${ESC}[B`);
    await waitFor(() => strip(app.lastFrame()).includes('› The perceptron rule'), 'the selection');
    app.stdin.write('\r');
    await waitFor(
      () => host.opened.includes('perceptron-rule') && strip(app.lastFrame()).includes('Enter check'),
      'the exercise',
    );
    app.stdin.write('q');
    await waitFor(() => strip(app.lastFrame()).includes('Choose an exercise'), 'the menu again');
    expect(result.code).toBe(-1);
    app.stdin.write('q');
    await waitFor(() => result.code === 0, 'leaving');
  });

  it('several keys in one chunk (typed fast, or a held key) are all taken', async () => {
    const app = render(
      <App host={hostWith([], entries)} start={{ kind: 'menu', entries }} result={{ code: -1 }} />,
    );
    cleanup.push(app.unmount);
    await waitFor(() => strip(app.lastFrame()).includes('Choose an exercise'), 'the menu');
    app.stdin.write(`${ESC}[B${ESC}[B`);
    await waitFor(() => strip(app.lastFrame()).includes('› Broken'), 'two moves');
  });

  it('an exercise that cannot be opened is reported in the menu', async () => {
    const host = hostWith([], entries);
    const app = render(<App host={host} start={{ kind: 'menu', entries }} result={{ code: -1 }} />);
    cleanup.push(app.unmount);
    await waitFor(() => strip(app.lastFrame()).includes('Choose an exercise'), 'the menu');
    app.stdin.write(`${ESC}[B`);
    await waitFor(() => strip(app.lastFrame()).includes('› The perceptron rule'), 'the move');
    app.stdin.write(`${ESC}[B`);
    await waitFor(() => strip(app.lastFrame()).includes('› Broken'), 'the second move');
    app.stdin.write('\r');
    await waitFor(() => strip(app.lastFrame()).includes('no exercise "missing"'), 'the error');
  });
});

/** A terminal whose size can change, for Ink's own render (ink-testing-library is fixed at 100 wide). */
class Terminal extends EventEmitter {
  columns = 100;
  rows = 30;
  isTTY = true;
  frames: string[] = [];
  write = (s: string) => {
    this.frames.push(s);
    return true;
  };
}

class Keyboard extends EventEmitter {
  isTTY = true;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => null;
}

describe('terminal size', () => {
  it('follows a resize: the live region stays narrower and shorter than the terminal', async () => {
    const stdout = new Terminal();
    const stdin = new Keyboard();
    const saves: ProgressRecord[] = [];
    const instance = inkRender(
      <App
        host={hostWith(saves)}
        start={{ kind: 'session', controller: controllerFor('two-two-one-network', saves) }}
        result={{ code: -1 }}
      />,
      {
        stdout: stdout as unknown as NodeJS.WriteStream,
        stdin: stdin as unknown as NodeJS.ReadStream,
        debug: true,
        exitOnCtrlC: false,
        patchConsole: false,
      },
    );
    cleanup.push(() => instance.unmount());
    await waitFor(() => strip(stdout.frames.at(-1)).includes('z_C ='), 'the first frame');
    expect(strip(stdout.frames.at(-1))).toContain('weights');
    stdout.columns = 40;
    stdout.rows = 12;
    stdout.emit('resize');
    await waitFor(() => !strip(stdout.frames.at(-1)).includes('weights'), 'a frame for the small terminal');
    // In debug mode each write is the static output followed by the whole live frame, which
    // starts at the header line.
    const frame = strip(stdout.frames.at(-1)).split('\n');
    const region = frame.slice(frame.findIndex((l) => l.startsWith('A 2-2-1'))).filter((l) => l !== '');
    expect(region.length).toBeGreaterThan(3);
    expect(region.length).toBeLessThanOrEqual(11);
    for (const l of region) expect(l.length).toBeLessThanOrEqual(40);
    expect(region.join('\n')).toContain('z_C =');
  });
});
