/**
 * A hint's `docs/x.md` as the path of the installed file, so that it opens from any folder: a
 * hint says "docs/authoring.md, Limits", and the reader is seldom in the package's folder.
 */
import { fileURLToPath } from 'node:url';
import type { Problem } from '../exercise/errors.js';

// This module sits two folders below the package root, as source (src/commands) and as the
// bundle (dist/bundle) alike.
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));

export function withDocPaths(hint: string): string {
  return hint.replace(
    /(^|[\s(`])docs\/([a-z-]+\.md)/g,
    (_, before: string, name: string) => `${before}${DOCS}${name}`,
  );
}

/** The problem with its hint's doc paths made whole. */
export function withDocPathsIn<P extends Problem>(p: P): P {
  return p.hint === undefined ? p : { ...p, hint: withDocPaths(p.hint) };
}
