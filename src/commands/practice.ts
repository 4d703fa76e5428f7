/** `backstep practice`: the walkthrough, on a terminal (ui/run-interactive.ts) or in plain mode otherwise. */
import { isBackstepError } from '../exercise/errors.js';
import { progressDir } from '../store/data-dir.js';
import { openStore } from '../store/progress.js';
import type { ProgressStore } from '../store/progress.js';
import type { AppHost, Feed, StartScreen } from '../ui/app.js';
import { plain } from '../ui/lines.js';
import { wrap } from '../render/wrap.js';
import { entry } from '../ui/session-core.js';
import { clock, NO_STORE, problemsText, watchable, watchFile } from './watch.js';
import { echoed } from '../exercise/terminal-text.js';
import { createController } from '../ui/controller.js';
import type { Controller } from '../ui/controller.js';
import { carryRecord, withExpected } from '../ui/session-carry.js';
import { doneCount } from '../ui/session-record.js';
import type { SessionMeta } from '../ui/session-record.js';
import type { SessionState } from '../ui/session.js';
import type { Practice } from '../ui/practice-plan.js';
import type { LoadResult } from '../store/progress.js';
import { menuEntries, openExercise } from './open-exercise.js';
import { utf8Locale } from '../ui/glyphs.js';
import { colorWanted } from '../ui/ansi.js';
import type * as RunInteractive from '../ui/run-interactive.js';
import type { Look, Streams } from '../ui/run-interactive.js';
import { textWidth } from '../ui/screen.js';
import type { Size } from '../ui/screen.js';
import { plainMenu, runPlain } from '../ui/plain.js';
import { startSession } from '../ui/session.js';
import { parseArgs, usage } from './args.js';
import type { OptionTable } from './args.js';
import { terminalOf } from './io.js';
import type { Io } from './io.js';

export const PRACTICE_HELP = `backstep practice [<id|file>] [--plain] [--restart] [--variant S] [--watch] [--no-save]

Walk through an exercise value by value: each value you compute is checked exactly, a mistake
is named when it is a usual one, and hints come when you ask. Without an exercise, a menu of the
bundled ones with your progress. Progress is saved after every answer and offered again next time.

  --plain     ask line by line on stdout and read answers from stdin (chosen automatically when
              stdin or stdout is not a terminal, TERM is dumb, or CI is set):
              printf '0.351\\n0.5868\\n' | backstep practice two-two-one-network
  --restart   start the exercise over, whatever was saved
  --variant S the variant with seed S of an exercise that declares \`variants:\` (the same
              numbers as \`backstep solve --variant S\`; its progress is kept apart)
  --watch     for authors: reload the walkthrough on every save of the file, going on from the
              answers whose values did not change; while the file has errors, show them
              (located, as \`backstep check\` does)
  --no-save   keep no progress (nothing read or written)

Answers: a number (0.5868), or arithmetic (0.23*0.1 + 0.82*0.4). Instead of a value you can type
hint (the formula, then the numbers; a third hint reveals the value), reveal, interval (what is
accepted), review (the steps done), ? or help (what you can type), q (save and leave).

Keys in the terminal: Enter check, Tab hint, Up review the done steps, Down every known value
(paged), Esc clear the line or go back, q save and leave, Ctrl-C save and quit (exit code 130),
? all the keys. Outside a UTF-8 locale, ASCII stands in for symbols such as ✓ → δ.

Progress lives in the user data directory (~/.local/share/backstep/progress on Linux), or in
$BACKSTEP_DATA_DIR/progress when that is set. After an edit of the exercise file, the answers
whose values (at the exercise's precision) did not change are kept, and the others asked again.

Exit codes: 0 finished or left with q; 1 (plain mode) the input ended before the exercise did,
progress saved; 2 bad arguments or exercise; 74 the last answers could not be saved (the message
says why; earlier saved progress is unchanged); 130 Ctrl-C.
`;

/** The options of `practice`, one line each (`--help` and `-h` come with every command). */
const OPTIONS = {
  plain: 'flag',
  restart: 'flag',
  variant: 'any',
  watch: 'flag',
  'no-save': 'flag',
} satisfies OptionTable;

export async function practiceCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('practice', argv, OPTIONS, PRACTICE_HELP);
  if (a.flags.has('help')) {
    io.stdout.write(PRACTICE_HELP);
    return 0;
  }
  if (a.positional.length > 1)
    throw usage(
      'practice',
      `practice takes one exercise, not ${a.positional.length} (${a.positional.join(', ')})`,
    );
  // TERM=dumb: a terminal without cursor movement or styles (Emacs shell, some IDE panes).
  const interactive =
    !a.flags.has('plain') &&
    io.stdin.isTTY === true &&
    io.stdout.isTTY === true &&
    !inCi(io.env) &&
    io.env.TERM !== 'dumb';
  const look: Look = { color: colorWanted(io.env), ascii: !utf8Locale(io.env) };
  const saves = saveStatus(a.flags.has('no-save') ? NO_STORE : openStore(progressDir(io.env)));
  const store = saves.store;
  const now = () => Date.now();
  const arg = a.positional[0];
  if (a.flags.has('watch')) {
    if (arg === undefined || !watchable(arg, io.cwd))
      throw usage('practice', '--watch needs an exercise file (a path such as ./my-exercise.yaml)');
    if (!interactive)
      throw usage('practice', '--watch needs a terminal (stdin and stdout), and not TERM=dumb or CI');
    return saves.exitCode(await watchPractice(arg, io, store, look, a.options.get('variant')));
  }

  // Raw mode at once on a terminal: keys typed while the exercises are read are neither echoed
  // nor lost (the loop reads them first). Given back if the exercise cannot be opened.
  if (arg === undefined && a.flags.has('restart')) throw usage('practice', '--restart needs an exercise');
  if (arg === undefined && a.options.has('variant')) throw usage('practice', '--variant needs an exercise');
  if (interactive) {
    streamsOf(io).stdin.setRawMode(true);
    // Read from disk while the exercise is opened.
    void terminalLoop().catch(() => undefined);
  }
  if (arg === undefined) {
    const entries = menuEntries(io.cwd, store);
    if (!interactive) {
      plainMenu(entries, (s) => io.stdout.write(s), io.stdout.isTTY ? (io.stdout.columns ?? 80) : 80);
      return 0;
    }
    return saves.exitCode(
      await (
        await terminalLoop()
      ).runInteractive(streamsOf(io), menuHost(io, store, now), { kind: 'menu', entries }, look),
    );
  }

  const opened = openOrGiveBack(io, interactive, () =>
    openExercise(arg, io.cwd, store, new Date(now()), a.options.get('variant')),
  );
  const started = { opened, restart: a.flags.has('restart'), store, now };
  return saves.exitCode(
    interactive ? await practiceOnTerminal(io, started, look) : await practicePlain(io, started),
  );
}

/** An exercise opened for practice, and how its session starts. */
interface Started {
  readonly opened: ReturnType<typeof openExercise>;
  readonly restart: boolean;
  readonly store: ProgressStore;
  readonly now: () => number;
}

/** Plain mode: one line a question, answers from stdin (a pipe, a script or TERM=dumb). */
async function practicePlain(io: Io, { opened, restart, store, now }: Started): Promise<number> {
  const state = startSession(opened.practice, opened.meta, opened.loaded, now(), { auto: true, restart });
  const width = io.stdout.isTTY ? Math.max(40, Math.min(120, io.stdout.columns ?? 80)) : 80;
  return runPlain(
    createController(state, store),
    {
      stdout: io.stdout,
      stdin: io.stdin,
      echo: io.stdin.isTTY !== true,
      width,
      ...(io.onInterrupt ? { onInterrupt: io.onInterrupt } : {}),
    },
    now,
  );
}

/** The walkthrough on a terminal, with the menu behind it. */
async function practiceOnTerminal(
  io: Io,
  { opened, restart, store, now }: Started,
  look: Look,
): Promise<number> {
  const controller = createController(
    startSession(opened.practice, opened.meta, opened.loaded, now(), { restart }),
    store,
  );
  return (await terminalLoop()).runInteractive(
    streamsOf(io),
    menuHost(io, store, now),
    { kind: 'session', controller },
    look,
  );
}
/** EX_IOERR of sysexits.h: the session ended with answers that could not be written. */
export const EXIT_NOT_SAVED = 74;

/**
 * The store, watched: a session whose last save failed (a full disk, a lock held too long) ends
 * with EXIT_NOT_SAVED rather than 0 or 1, so a script or a lab's wrapper sees it. Ctrl-C keeps 130.
 */
function saveStatus(inner: ProgressStore): { store: ProgressStore; exitCode(code: number): number } {
  let lastFailed = false;
  const store: ProgressStore = {
    ...inner,
    save(record) {
      const r = inner.save(record);
      lastFailed = !r.ok;
      return r;
    },
  };
  return { store, exitCode: (code) => (lastFailed && (code === 0 || code === 1) ? EXIT_NOT_SAVED : code) };
}

/** practice --watch: the walkthrough, started again on every save, or the file's errors. */
async function watchPractice(
  arg: string,
  io: Io,
  store: ProgressStore,
  look: Look,
  variant: string | undefined,
): Promise<number> {
  // The walkthrough on screen: the next save of the file goes on from its answers.
  let live: Controller | undefined;
  const build = (): StartScreen => {
    const at = new Date();
    const kept = store.keepsNothing ? 'nothing is saved' : 'progress is saved as usual';
    try {
      const opened = openExercise(arg, io.cwd, store, at, variant);
      const meta = { ...opened.meta, watchedAt: clock(at) };
      const carried = carriedOver(live?.getState(), opened.practice, meta);
      const state = startSession(
        opened.practice,
        meta,
        carried ?? opened.loaded,
        at.getTime(),
        carried ? { auto: true } : { restart: true },
      );
      const note =
        `Watching ${echoed(arg)} (read at ${clock(at)}): every save reloads the walkthrough, ` +
        `keeping the answers whose values did not change; ${kept}.`;
      // The note first, above the heading of the first part.
      const noted = entry(state, { kind: 'note', tone: 'info', text: note });
      const transcript = [noted.transcript[noted.transcript.length - 1]!, ...state.transcript];
      live = createController({ ...noted, transcript }, store);
      return { kind: 'session', controller: live };
    } catch (e) {
      return errorsScreen(
        `Watching ${echoed(arg)} (read at ${clock(at)}): the file has errors. Save it again once fixed; q leaves.`,
        e,
      );
    }
  };
  const errorsScreen = (headline: string, e: unknown) => problemsScreen(io, headline, e);
  // Watching starts before the screen: a folder that cannot be watched is a located error (exit 2).
  let listener: ((screen: StartScreen) => void) | undefined;
  // The loop clears the screen for each fresh start: the last walkthrough's lines are not this one's.
  const show = (screen: StartScreen) => listener?.(screen);
  const stop = watchFile(
    arg,
    io.cwd,
    () => show(build()),
    (e) => show(errorsScreen(`Stopped watching ${echoed(arg)} (${clock(new Date())}); q leaves.`, e)),
  );
  const feed: Feed = {
    subscribe: (l) => {
      listener = l;
      return () => {
        listener = undefined;
        stop();
      };
    },
  };
  try {
    return await (
      await terminalLoop()
    ).runInteractive(
      streamsOf(io),
      menuHost(io, store, () => Date.now()),
      build(),
      look,
      feed,
    );
  } finally {
    stop();
  }
}

/** A file's problems on the watch screen: the headline, then each located problem. */
function problemsScreen(io: Io, headline: string, e: unknown): StartScreen {
  const width = textWidth(sizeOf(io).columns);
  return {
    kind: 'message',
    lines: [
      ...wrap(headline, width, '').map((t) => plain(t, { bold: true })),
      [],
      // Messages and hints wrap; a source excerpt and its caret keep their columns (clipped).
      ...problemsText(e)
        .split('\n')
        .flatMap((t) => (/^ *\d* \| /.test(t) ? [t] : wrap(t, width, '    ')))
        .map((t) => plain(t)),
    ],
  };
}

/**
 * What --watch goes on from after a save of the file: the answers of the walkthrough on screen
 * (saved or not), when some of them still hold; undefined to start at step 1.
 */
function carriedOver(
  prior: SessionState | undefined,
  practice: Practice,
  meta: SessionMeta,
): LoadResult | undefined {
  if (!prior || doneCount(prior.record) === 0) return undefined;
  const record = withExpected(prior.record, prior.practice);
  if (record.hash === meta.hash) return { kind: 'found', record };
  return carryRecord(practice, meta, record).kept.length > 0 ? { kind: 'stale', record } : undefined;
}

/**
 * CI logs (CI or CONTINUOUS_INTEGRATION set) keep every byte written: a screen drawn again on
 * every key would fill them with cursor codes, so plain mode then, as on a pipe.
 */
function inCi(env: Io['env']): boolean {
  const set = (key: string) => env[key] !== undefined && env[key] !== '0' && env[key] !== 'false';
  return set('CI') || set('CONTINUOUS_INTEGRATION');
}

/** Opens the exercise; on failure, gives the terminal back as it was before saying why. */
function openOrGiveBack<T>(io: Io, interactive: boolean, open: () => T): T {
  try {
    return open();
  } catch (e) {
    if (interactive) streamsOf(io).stdin.setRawMode(false);
    throw e;
  }
}

/**
 * The terminal loop, imported only on a terminal: plain mode and the other commands never load
 * it (test/cli-startup.test.ts checks the bundle's chunks).
 */
let loading: Promise<typeof RunInteractive> | undefined;
const terminalLoop = () => (loading ??= import('../ui/run-interactive.js'));

function sizeOf(io: Io): Size {
  const out = terminalOf(io.stdout) as NodeJS.WriteStream;
  return { columns: out.columns || 80, rows: out.rows || 24 };
}

function menuHost(io: Io, store: ProgressStore, now: () => number): AppHost {
  return {
    now,
    menuEntries: () => menuEntries(io.cwd, store),
    openSession(id) {
      try {
        const opened = openExercise(id, io.cwd, store, new Date(now()));
        return {
          controller: createController(
            startSession(opened.practice, opened.meta, opened.loaded, now()),
            store,
          ),
        };
      } catch (e) {
        if (isBackstepError(e)) return { error: e.message.split('\n')[0]! };
        throw e;
      }
    },
  };
}

// Interactive mode runs only when both are terminals: the real process streams.
function streamsOf(io: Io): Streams {
  return { stdout: terminalOf(io.stdout) as NodeJS.WriteStream, stdin: io.stdin as NodeJS.ReadStream };
}
