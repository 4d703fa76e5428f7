/** `backstep check`: validates exercise files and directories, printing every located problem. */
import { readdirSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { lintExercise } from '../authoring/lint.js';
import { describeError } from '../exercise/errors.js';
import type { SourceRange } from '../exercise/errors.js';
import { formatProblem, lineCol, SHOWN_PER_CODE } from '../exercise/format-error.js';
import { withDocPaths } from './doc-paths.js';
import { echoed, safeLine } from '../exercise/terminal-text.js';
import { checkExerciseText } from '../exercise/load.js';
import { parseArgs } from './args.js';
import type { OptionTable } from './args.js';
import { readBounded, resolveExercise } from './catalog.js';
import type { Io } from './io.js';
import { LINK_NOT_FOLLOWED_HINT, linkLeaving, linkLeavingMessage, namedLinkLeaving } from './links.js';

export const CHECK_HELP = `backstep check <file|dir>... [--json] [--strict]

Validates exercise files without running the walkthrough: every error at once, each with its
line and column, the source line and a caret; then the warnings an author would want to know
(a printed value that verify calls an erratum, a weight or neuron that is never used, an asked
step a catalogued mistake also produces, an asked step without a hint, a display precision
finer than the printed values). Where a file's structure is broken, a note says which step
names wait for it. A directory means every *.yaml and *.yml file below it.

  --json    one JSON document with every finding (file, line, column, code, severity, message)
  --strict  exit 1 when there are warnings

Exit codes: 0 no errors (warnings allowed unless --strict), 1 warnings with --strict, 2 errors.
Warning codes are listed in docs/authoring.md.
`;

/** A note is neither: it says what a run left unchecked, and never changes the exit code. */
export type Severity = 'error' | 'warning' | 'note';

export interface Finding {
  readonly file: string;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly range?: SourceRange;
}

/** Every finding for one file's text: errors from the loader, or warnings from the lint. */
export function checkText(file: string, text: string): Finding[] {
  const { loaded, problems, unchecked } = checkExerciseText(file, text);
  if (!loaded)
    return [
      ...problems.map((p) => ({ file, severity: 'error' as const, ...p })),
      ...(unchecked ? [{ file, severity: 'note' as const, code: 'unchecked', message: unchecked }] : []),
    ];
  return lintExercise(loaded.exercise, loaded.plan, loaded.source).map((w) => ({
    file,
    severity: 'warning',
    ...w,
  }));
}

/** The options of `check`, one line each (`--help` and `-h` come with every command). */
const OPTIONS = {
  json: 'flag',
  strict: 'flag',
} satisfies OptionTable;

export async function checkCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('check', argv, OPTIONS, CHECK_HELP);
  if (a.flags.has('help')) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }
  if (a.positional.length === 0) {
    io.stderr.write(`error: check needs at least one file or directory\n\n${CHECK_HELP}`);
    return 2;
  }
  const findings: Finding[] = [];
  const files: string[] = [];
  for (const arg of a.positional) {
    const { paths, problems } = expand(arg, io.cwd);
    if (problems) for (const f of problems) findings.push(f);
    for (const p of paths) {
      files.push(p.display);
      const read = readBounded(p.path);
      if (typeof read !== 'string')
        findings.push({
          file: p.display,
          severity: 'error',
          code: read.code,
          message: read.message,
          hint: read.hint,
        });
      // A loop, not a spread: the largest networks give 100,000s of warnings.
      else for (const f of checkText(p.display, read)) findings.push(f);
    }
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (a.flags.has('json'))
    io.stdout.write(
      JSON.stringify(
        // format: the format and version (schema/check-output.schema.json).
        {
          format: 'backstep-check/1',
          files,
          summary: { files: files.length, errors, warnings },
          findings: findings.map(toJson),
        },
        null,
        2,
      ) + '\n',
    );
  else io.stdout.write(report(findings, files.length, errors, warnings));
  return errors > 0 ? 2 : warnings > 0 && a.flags.has('strict') ? 1 : 0;
}

/** A file, a bundled exercise id, or every *.yaml / *.yml below a directory (sorted, hidden folders skipped). */
function expand(
  arg: string,
  cwd: string,
): { paths: Array<{ path: string; display: string }>; problems?: Finding[] } {
  const abs = resolve(cwd, arg);
  if (isFolder(abs)) {
    const leads = namedLinkLeaving(abs, cwd);
    if (leads !== undefined)
      return {
        paths: [],
        problems: [
          unreadable(
            arg,
            linkLeavingMessage(leads, 'its folder and the current folder'),
            LINK_NOT_FOLLOWED_HINT,
          ),
        ],
      };
    const skipped: Finding[] = [];
    const found = walk(abs, arg, skipped).map((p) => ({ path: p, display: join(arg, relative(abs, p)) }));
    // A folder that could not be read has said so; "no exercise files" would be a second error.
    if (found.length === 0 && !skipped.some((f) => f.severity === 'error'))
      return {
        paths: [],
        problems: [
          ...skipped,
          unreadable(
            arg,
            `no exercise files (*.yaml, *.yml) in ${arg}`,
            'give a file, or a folder that holds exercise files',
          ),
        ],
      };
    return { paths: found, problems: skipped };
  }
  try {
    const r = resolveExercise(arg, cwd);
    return { paths: [{ path: r.path, display: r.display }] };
  } catch (e) {
    const p = (e as { problems?: ReadonlyArray<{ code: string; message: string; hint?: string }> })
      .problems?.[0];
    return {
      paths: [],
      problems: [
        {
          file: echoed(arg),
          severity: 'error',
          code: p?.code ?? 'file-unreadable',
          message: p?.message ?? `cannot read ${echoed(arg)}`,
          ...(p?.hint ? { hint: p.hint } : {}),
        },
      ],
    };
  }
}

function unreadable(file: string, message: string, hint: string): Finding {
  return { file, severity: 'error', code: 'file-unreadable', message, hint };
}

/** The entries of a folder, sorted; a folder that cannot be listed is an error finding, not a crash. */
function entries(dir: string, display: string, problems: Finding[]): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((x, y) =>
      x.name < y.name ? -1 : x.name > y.name ? 1 : 0,
    );
  } catch (e) {
    problems.push(
      unreadable(display, `this folder cannot be read (${describeError(e)})`, 'check its permissions'),
    );
    return [];
  }
}

/**
 * Exercise files below a directory. A symlink to a file inside the folder being checked (`root`)
 * is checked like a file (the bounded read refuses devices); a symlink to a directory is reported
 * as skipped (it could loop), and so is a link that leads out of the folder (links.ts): it is
 * not followed, so nothing of a file outside, such as ~/.aws/credentials, is quoted.
 */
function walk(dir: string, display: string, skipped: Finding[], root = { path: dir, display }): string[] {
  const out: string[] = [];
  for (const entry of entries(dir, display, skipped)) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    const yaml = /\.ya?ml$/i.test(entry.name);
    if (entry.isDirectory()) for (const f of walk(p, join(display, entry.name), skipped, root)) out.push(f);
    else if (entry.isSymbolicLink()) {
      const leads = linkLeaving(p, [root.path]);
      const folder = isFolder(p);
      const skip = (message: string, hint: string) =>
        skipped.push({
          file: join(display, entry.name),
          severity: 'warning',
          code: 'skipped-link',
          message,
          hint,
        });
      if (leads !== undefined && (yaml || folder))
        skip(linkLeavingMessage(leads, `the folder being checked (${root.display})`), LINK_NOT_FOLLOWED_HINT);
      else if (folder)
        skip(
          'a symbolic link to a directory; not followed',
          'give the directory it points to as an argument to check it',
        );
      else if (yaml) out.push(p);
    } else if (yaml) out.push(p);
  }
  return out;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function toJson(f: Finding) {
  const start = f.range ? lineCol(f.range.text, f.range.start) : undefined;
  const end = f.range ? lineCol(f.range.text, f.range.end) : undefined;
  return {
    file: f.file,
    line: start?.line ?? null,
    column: start?.col ?? null,
    endLine: end?.line ?? null,
    endColumn: end?.col ?? null,
    severity: f.severity,
    code: f.code,
    message: f.message,
    ...(f.hint ? { hint: withDocPaths(f.hint) } : {}),
  };
}

/** The first line of a formatted problem says "warning" and names the code, for grepping. */
function asWarning(text: string, code: string): string {
  const [first = '', ...rest] = text.split('\n');
  return [`${first.replace(/^(.*?)error: /, '$1warning: ')} [${code}]`, ...rest].join('\n');
}

/** Same shape as load errors; warnings say "warning", and long runs of one code are cut short. */
function report(findings: readonly Finding[], files: number, errors: number, warnings: number): string {
  const blocks: string[] = [];
  const perCode = new Map<string, number>();
  for (const f of findings) {
    const p = {
      code: f.code as never,
      message: f.message,
      ...(f.hint ? { hint: withDocPaths(f.hint) } : {}),
      ...(f.range ? { range: f.range } : {}),
    };
    // Errors and warnings alike: long runs of one code are cut short (25,000 unknown keys).
    const key = `${f.file}\u0000${f.severity}\u0000${f.code}`;
    const n = (perCode.get(key) ?? 0) + 1;
    perCode.set(key, n);
    if (n > SHOWN_PER_CODE) continue;
    if (f.severity === 'note') {
      blocks.push(`${safeLine(f.file)}: note: ${f.message}`);
      continue;
    }
    const text = f.range
      ? formatProblem(p)
      : // A message that names its file already (a file that cannot be read) says it once.
        formatProblem(p)
          .replace(/^error: /, `${safeLine(f.file)}: error: `)
          .replace(`: error: ${safeLine(f.file)}: `, ': error: ');
    blocks.push(f.severity === 'error' ? text : asWarning(text, f.code));
  }
  for (const [key, n] of perCode) {
    if (n > SHOWN_PER_CODE) {
      const [file = '', severity, code] = key.split('\u0000');
      blocks.push(
        `${safeLine(file)}: ... and ${n - SHOWN_PER_CODE} more ${code} ${severity}${n - SHOWN_PER_CODE === 1 ? '' : 's'} (--json lists them all)`,
      );
    }
  }
  const summary =
    errors + warnings === 0
      ? `ok: ${files} file${files === 1 ? '' : 's'} checked, no problems`
      : `${files} file${files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return (blocks.length ? blocks.join('\n\n') + '\n\n' : '') + summary + '\n';
}
