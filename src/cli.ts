/**
 * The CLI as a function: argv and streams in, exit code out. Only bin.ts touches `process`.
 * Commands are imported when used, so `solve` never loads the walkthrough.
 */
import { BackstepError } from './exercise/errors.js';
import { formatProblems } from './exercise/format-error.js';
import { closest } from './exercise/suggest.js';
import { echoed } from './exercise/terminal-text.js';
import { guardedIo, OutputClosed } from './commands/io.js';
import type { Io } from './commands/io.js';

export const VERSION = '0.1.0';

export const HELP = `backstep ${VERSION}: backpropagation by hand, checked exactly

Usage:
  backstep                          practise the bundled exercises (a menu)
  backstep practice <id|file>       walk through one exercise, value by value
  backstep solve <id|file>          the full worked solution (--format text|markdown|json|latex)
  backstep verify <id|file>...      check a source's printed numbers against exact values
  backstep check <file|dir>...      validate exercise files, with located errors
  backstep new                      write a starting exercise file
  backstep variants <file>          a set of variants of an exercise for a class
  backstep export <id|file>         a quiz for Moodle and other LMSs (Moodle XML or GIFT)
  backstep list                     the bundled exercises

Each command has --help (-h). Exit codes: 0 ok, 1 findings (verify, check --strict), 2 bad input.
`;

type Command = (argv: readonly string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  solve: async () => (await import('./commands/solve.js')).solveCommand,
  list: async () => (await import('./commands/list.js')).listCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  new: async () => (await import('./commands/new.js')).newCommand,
  variants: async () => (await import('./commands/variants.js')).variantsCommand,
  practice: async () => (await import('./commands/practice.js')).practiceCommand,
  export: async () => (await import('./commands/export.js')).exportCommand,
};

export async function main(argv: readonly string[], raw: Io): Promise<number> {
  const io = guardedIo(raw);
  const [first, ...rest] = argv;
  try {
    if (first === undefined) return await (await COMMANDS.practice!())([], io);
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout.write(HELP);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    // Own keys only: `backstep constructor` is an unknown command, not Object's constructor.
    const load = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!load) {
      const guess = closest(first, Object.keys(COMMANDS));
      io.stderr.write(
        `error: unknown command "${echoed(first)}"${guess ? ` (did you mean "${guess}"?)` : ''}\n\n${HELP}`,
      );
      return 2;
    }
    return await (
      await load()
    )(rest, io);
  } catch (e) {
    if (e instanceof OutputClosed) return 0;
    if (e instanceof BackstepError) {
      const { withDocPathsIn } = await import('./commands/doc-paths.js');
      io.stderr.write(formatProblems(e.problems.map(withDocPathsIn)) + '\n');
      return e.exitCode;
    }
    // A bug, not the user's fault: say so plainly, with the detail on one line.
    io.stderr.write(
      `backstep: internal error: ${(e as Error)?.message ?? String(e)}\nPlease report this with the command you ran.\n`,
    );
    return 70;
  }
}
