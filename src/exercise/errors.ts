import { echoed } from './terminal-text.js';

/**
 * The one error type for everything a user can get wrong. It carries a code, a message a person
 * can act on, and where possible a source range (offsets into the file text); line and column
 * are only worked out when the error is printed (see format-error.ts), as eemeli/yaml does.
 */
export interface SourceRange {
  readonly file: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type ErrorCode =
  | 'file-unreadable'
  | 'file-too-large'
  | 'file-empty'
  | 'bad-encoding'
  | 'yaml-syntax'
  | 'yaml-alias'
  | 'yaml-nesting'
  | 'yaml-tag'
  | 'not-a-mapping'
  | 'duplicate-key'
  | 'unknown-key'
  | 'missing-key'
  | 'bad-type'
  | 'bad-number'
  | 'bad-value'
  | 'unknown-neuron'
  | 'unknown-step'
  | 'unknown-layer'
  | 'wrong-count'
  | 'graph-cycle'
  | 'undefined-variable'
  | 'bad-expression'
  | 'unsupported'
  | 'unknown-exercise'
  | 'usage'
  | 'io';

export interface Problem {
  readonly code: ErrorCode;
  readonly message: string;
  /** The suggestion: what to do about it. */
  readonly hint?: string;
  readonly range?: SourceRange;
  /** Where in the file's data, when the problem is about one entry (`network.layers.1.activation`). */
  readonly path?: ReadonlyArray<string | number>;
}

export class BackstepError extends Error {
  readonly problems: readonly Problem[];
  readonly exitCode: number;

  constructor(problems: readonly Problem[], exitCode = 2) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'BackstepError';
    this.problems = problems;
    this.exitCode = exitCode;
  }

  static of(code: ErrorCode, message: string, hint?: string, range?: SourceRange): BackstepError {
    return new BackstepError([
      { code, message, ...(hint === undefined ? {} : { hint }), ...(range ? { range } : {}) },
    ]);
  }
}

export function isBackstepError(e: unknown): e is BackstepError {
  return e instanceof BackstepError;
}

/** A system error in words a learner can act on. */
export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${err.code})`;
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EISDIR':
      return 'it is a directory (EISDIR)';
    case 'ENOENT':
      return 'no such file (ENOENT)';
    case 'ENOTDIR':
      return 'a part of the path is not a folder (ENOTDIR)';
    case 'ELOOP':
      return 'too many symbolic links, or a loop of them (ELOOP)';
    case 'ENAMETOOLONG':
      return 'the name is too long (ENAMETOOLONG)';
    case 'EMFILE':
    case 'ENFILE':
      return `too many open files (${err.code})`;
    default:
      // The system's message names the path, which can be as long as an argument: cut it.
      return echoed(err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? e), 200);
  }
}
