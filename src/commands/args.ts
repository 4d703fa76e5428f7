/**
 * Command-line options: each command declares a table of its options, one line each, and
 * node:util's parseArgs reads argv against it. What parseArgs lets through silently is an error
 * here, named with the command's usage: an unknown option, a value for a flag, a missing value,
 * a value outside the allowed ones, and a single-valued option given twice.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { BackstepError } from '../exercise/errors.js';
import { closest } from '../exercise/suggest.js';
import { echoed } from '../exercise/terminal-text.js';

/** What an option takes: nothing (a flag), any text, a whole number, or one of listed words. */
export type OptionKind = 'flag' | 'any' | 'int' | readonly string[];

/** A command's options by long name. `help` is a flag every command has, with `-h` as its short form. */
export type OptionTable = Readonly<Record<string, OptionKind>>;

export interface Parsed {
  readonly positional: string[];
  readonly flags: Set<string>;
  readonly options: Map<string, string>;
}

/** Reads argv against a command's table; `help` is the command's help text (its first line is the usage). */
export function parseArgs(
  command: string,
  argv: readonly string[],
  table: OptionTable,
  help: string,
): Parsed {
  const fail = (message: string): BackstepError => usage(command, message, help);
  const withHelp: OptionTable = { help: 'flag', ...table };
  const config = Object.fromEntries(
    Object.entries(withHelp).map(([name, kind]) => [
      name,
      {
        type: kind === 'flag' ? ('boolean' as const) : ('string' as const),
        ...(name === 'help' ? { short: 'h' } : {}),
      },
    ]),
  );
  const { tokens } = nodeParseArgs({
    args: [...argv],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positional: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind === 'positional') positional.push(t.value);
    if (t.kind !== 'option') continue;
    // Own keys only: `--constructor` or `--__proto__` is an unknown option, not a table's prototype.
    const kind = Object.hasOwn(withHelp, t.name) ? withHelp[t.name] : undefined;
    if (kind === undefined) {
      const guess = closest(t.name, Object.keys(withHelp));
      throw fail(`unknown option ${echoed(t.rawName)}${guess ? ` (did you mean --${guess}?)` : ''}`);
    }
    if (seen.has(t.name)) throw fail(`${echoed(t.rawName)} is given twice; give it once`);
    seen.add(t.name);
    if (kind === 'flag') {
      if (t.value !== undefined) throw fail(`--${t.name} takes no value`);
      flags.add(t.name);
      continue;
    }
    const value = t.value;
    // parseArgs takes the next word as the value even when it is another option (`--format --all`).
    if (value === undefined || (!t.inlineValue && value.startsWith('-') && value !== '-'))
      throw fail(`--${t.name} needs a value`);
    if (Array.isArray(kind) && !kind.includes(value))
      throw fail(`--${t.name} must be one of ${kind.join(', ')}, not "${echoed(value)}"`);
    if (kind === 'int' && !/^\d{1,9}$/.test(value))
      throw fail(`--${t.name} takes a whole number, not "${echoed(value)}"`);
    options.set(t.name, value);
  }
  return { positional, flags, options };
}

/** A usage error: the message, then the command's usage line and where to read more. */
export function usage(command: string, message: string, help?: string): BackstepError {
  const line = help?.split('\n')[0];
  const more = `\`backstep ${command} --help\` says more`;
  return BackstepError.of('usage', message, line ? `usage: ${line}\n        (${more})` : more);
}
