import { BackstepError } from '../exercise/errors.js';
import { closest } from '../exercise/suggest.js';

/** A small argument parser: positionals, `--flag`, `--opt value` and `--opt=value`. */
export interface ArgSpec {
  readonly flags?: readonly string[];
  readonly options?: Readonly<Record<string, readonly string[] | 'any' | 'int'>>;
}

export interface Parsed {
  readonly positional: string[];
  readonly flags: Set<string>;
  readonly options: Map<string, string>;
}

export function parseArgs(command: string, argv: readonly string[], spec: ArgSpec): Parsed {
  const positional: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const known = [...(spec.flags ?? []), ...Object.keys(spec.options ?? {})];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (spec.flags?.includes(name)) {
      if (eq !== -1) throw usage(command, `--${name} takes no value`);
      flags.add(name);
      continue;
    }
    const allowed = spec.options?.[name];
    if (!allowed) {
      const guess = closest(name, known);
      throw usage(command, `unknown option --${name}${guess ? ` (did you mean --${guess}?)` : ''}`);
    }
    const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw usage(command, `--${name} needs a value`);
    if (Array.isArray(allowed) && !allowed.includes(value)) throw usage(command, `--${name} must be one of ${allowed.join(', ')}, not "${value}"`);
    if (allowed === 'int' && !/^\d{1,9}$/.test(value)) throw usage(command, `--${name} takes a whole number, not "${value}"`);
    options.set(name, value);
  }
  return { positional, flags, options };
}

export function usage(command: string, message: string): BackstepError {
  return BackstepError.of('usage', message, `see \`backstep ${command} --help\``);
}
