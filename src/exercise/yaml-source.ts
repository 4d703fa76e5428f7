/**
 * Reading YAML safely and keeping where everything came from.
 *
 * - Files over MAX_BYTES and nesting deeper than MAX_DEPTH are refused before the YAML parser
 *   composes them (deep flow nesting has been seen to abort V8 inside the parser).
 * - Aliases are refused (alias bombs; an exercise never needs them).
 * - Numbers keep their source text: a number scalar becomes its text, except small integers,
 *   which stay numbers (they are exact, and integer settings like `decimals` need them).
 */
import { Alias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode, Pair, Scalar, YAMLMap } from 'yaml';
import type { Problem, SourceRange } from './errors.js';
import { hasControl } from './terminal-text.js';
import { MAX_BYTES } from '../engine/limits.js';

export { MAX_BYTES };
export const MAX_DEPTH = 32;

export type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

export interface YamlSource {
  readonly file: string;
  readonly text: string;
  readonly value: Plain;
  /** Range of the node at a path (for a missing node, its nearest existing parent). */
  rangeAt(path: readonly (string | number)[]): SourceRange;
  /** Range of the key of a mapping entry, or of the node when there is no key. */
  keyRangeAt(path: readonly (string | number)[]): SourceRange;
}

export function readYaml(file: string, given: string): { source?: YamlSource; problems: Problem[] } {
  // Old Mac line endings (CR alone) are line breaks too; replacing them keeps every offset.
  const text = given.includes('\r') ? given.replace(/\r(?!\n)/g, '\n') : given;
  const whole = (start = 0, end = Math.min(text.length, start + 1)): SourceRange => ({
    file,
    text,
    start,
    end,
  });
  const refused = refusedUnread(text, whole);
  if (refused) return { problems: [refused] };
  const lineCounter = new LineCounter();
  // All documents, not the first: parseDocument drops a second one without a word.
  const docs = parseAllDocuments(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    logLevel: 'silent',
    version: '1.2',
  });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc)
    return {
      problems: [
        {
          code: 'file-empty',
          message: 'the file holds no YAML document',
          hint: 'run `backstep new` for a starting file',
          range: whole(),
        },
      ],
    };
  const problems = documentProblems(Array.isArray(docs) ? docs[1] : undefined, doc, text, whole);
  // A duplicate key or a tag leaves a readable document: the checks go on, so that every error
  // comes in one run. Only a document YAML cannot read at all stops here.
  if (problems.some((p) => p.code !== 'duplicate-key' && p.code !== 'yaml-tag')) return { problems };

  const rangeOf = (n: YamlNode | null | undefined): SourceRange | undefined =>
    n?.range ? whole(n.range[0], Math.max(n.range[1], n.range[0] + 1)) : undefined;
  const value = toPlain(doc.contents, problems, rangeOf);
  // An alias bomb has thousands of aliases: report the first, with the count, not one line each.
  const aliases = problems.filter((p) => p.code === 'yaml-alias');
  if (aliases.length > 1) {
    const first = {
      ...aliases[0]!,
      message: `aliases (*name) are not supported in exercise files (this file has ${aliases.length})`,
    };
    return { problems: [first, ...problems.filter((p) => p.code !== 'yaml-alias')] };
  }
  // Aliases and control characters stop here; a tag (read as nothing) or a key that is not a
  // word (left out) leave the rest of the file worth checking.
  const readable = new Set(['duplicate-key', 'yaml-tag', 'bad-type']);
  if (problems.some((p) => !readable.has(p.code))) return { problems };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      problems: [
        {
          code: 'not-a-mapping',
          message: 'an exercise file is a YAML mapping (key: value lines), and this file is not',
          hint: 'start from `backstep new`',
          range: rangeOf(doc.contents) ?? whole(),
        },
      ],
    };
  }

  const nodeAt = (path: readonly (string | number)[]) => nearest(doc, path);
  const source: YamlSource = {
    file,
    text,
    value,
    rangeAt: (path) => rangeOf(nodeAt(path).node) ?? whole(),
    keyRangeAt: (path) => {
      const { node, key, exact } = nodeAt(path);
      return (exact ? rangeOf(key) : undefined) ?? rangeOf(node) ?? whole();
    },
  };
  return { source, problems };
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).replace(/ at line \d+, column \d+:?$/, '');
}

/** The deepest existing node on a path, and the key node of its last mapping entry. */
function nearest(
  doc: Document,
  path: readonly (string | number)[],
): { node: YamlNode | null; key: YamlNode | null; exact: boolean } {
  let node = doc.contents;
  let key: YamlNode | null = null;
  for (const part of path) {
    if (isMap(node)) {
      const pair = pairsOf(node).get(String(part));
      if (!pair) return { node, key, exact: false };
      key = pair.key as YamlNode;
      node = (pair.value as YamlNode | null) ?? key;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as YamlNode | undefined;
      if (!item) return { node, key, exact: false };
      node = item;
      key = item;
    } else {
      return { node, key, exact: false };
    }
  }
  return { node, key, exact: true };
}

// The entries of a mapping by key, built once per mapping: looking up every node of a 10,000-node
// graph by scanning made locating warnings quadratic.
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairsOf(map: YAMLMap): Map<string, Pair> {
  let ix = pairIndex.get(map);
  if (!ix) {
    ix = new Map();
    for (const p of map.items)
      if (isScalar(p.key) && !ix.has(String(p.key.value))) ix.set(String(p.key.value), p);
    pairIndex.set(map, ix);
  }
  return ix;
}

function toPlain(
  node: YamlNode | null,
  problems: Problem[],
  rangeOf: (n: YamlNode) => SourceRange | undefined,
): Plain {
  if (node === null || node === undefined) return null;
  if (node instanceof Alias) {
    const r = rangeOf(node);
    problems.push({
      code: 'yaml-alias',
      message: 'aliases (*name) are not supported in exercise files',
      hint: 'write the value out in full',
      ...(r ? { range: r } : {}),
    });
    return null;
  }
  // Only tags written in the file are set here; `!!binary` would otherwise be decoded to bytes.
  if (node.tag !== undefined) {
    const r = rangeOf(node);
    problems.push({
      code: 'yaml-tag',
      message: `YAML tags (${node.tag.replace(/^tag:yaml\.org,2002:/, '!!')}) are not supported in exercise files`,
      hint: 'remove the tag; plain values are enough',
      ...(r ? { range: r } : {}),
    });
    return null;
  }
  if (isScalar(node)) {
    const v = scalarValue(node);
    if (typeof v === 'string' && hasControl(v, true)) problems.push(controlProblem('value', rangeOf(node)));
    return v;
  }
  if (isSeq(node)) return node.items.map((item) => toPlain(item as YamlNode, problems, rangeOf));
  if (isMap(node)) {
    const out: { [k: string]: Plain } = {};
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) {
        const r = rangeOf(pair.key as YamlNode);
        problems.push({
          code: 'bad-type',
          message: 'mapping keys must be plain words or numbers',
          hint: 'write the key as a plain string',
          ...(r ? { range: r } : {}),
        });
        continue;
      }
      if (pair.key.tag !== undefined) {
        const r = rangeOf(pair.key as YamlNode);
        problems.push({
          code: 'yaml-tag',
          message: `YAML tags (${pair.key.tag.replace(/^tag:yaml\.org,2002:/, '!!')}) are not supported in exercise files`,
          hint: 'remove the tag; plain values are enough',
          ...(r ? { range: r } : {}),
        });
      }
      const k = pair.key.source ?? String(pair.key.value);
      if (hasControl(k)) problems.push(controlProblem('key', rangeOf(pair.key as YamlNode)));
      // A duplicate key (reported as such) keeps its first value: the one positions point at.
      if (Object.prototype.hasOwnProperty.call(out, k)) continue;
      Object.defineProperty(out, k, {
        value: toPlain(pair.value as YamlNode | null, problems, rangeOf),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return null;
}

/**
 * Control characters (escape sequences, C1, bidi overrides) have no place in an exercise: they
 * would reach a learner's terminal. Refused in every key and value, with the place.
 */
function controlProblem(what: 'key' | 'value', range: SourceRange | undefined): Problem {
  return {
    code: 'bad-value',
    message: `this ${what} holds a control character (an escape sequence or similar), which is not allowed in exercise files`,
    hint: 'remove it; write plain text (newlines are fine in descriptions and hints)',
    ...(range ? { range } : {}),
  };
}

function scalarValue(node: Scalar): Plain {
  const v = node.value;
  if (typeof v === 'number' || typeof v === 'bigint') {
    const text = (node.source ?? String(v)).trim();
    return /^-?\d{1,9}$/.test(text) ? Number.parseInt(text, 10) : text;
  }
  if (typeof v === 'boolean' || v === null) return v;
  // The core schema gives only strings past this point; anything else is kept as its source text.
  return typeof v === 'string' ? v : (node.source ?? JSON.stringify(v) ?? '');
}

/**
 * The first offset where flow brackets or block indentation nest deeper than MAX_DEPTH.
 * A rough scan: it skips quoted strings and comments, which is enough to refuse absurd files.
 */
function findDeepNesting(text: string): number | undefined {
  let depth = 0;
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      comment = false;
      if (quote === "'") quote = null;
      let j = i + 1;
      while (text[j] === ' ') j++;
      if (j - i - 1 > MAX_DEPTH * 8) return j;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) comment = true;
    else if (c === '"' || (c === "'" && depth > 0)) quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

type Whole = (start?: number, end?: number) => SourceRange;

/** What is refused before the YAML parser sees the text: too large, empty, binary, not UTF-8, too deep. */
function refusedUnread(text: string, whole: Whole): Problem | undefined {
  if (text.length > MAX_BYTES) {
    return {
      code: 'file-too-large',
      message: `the file is ${text.length} bytes; exercise files are limited to ${MAX_BYTES} bytes`,
      hint: 'split it into several exercises',
      range: whole(),
    };
  }
  if (text.trim() === '' || /^(\s*#[^\n]*\n?)*\s*$/.test(text)) {
    return {
      code: 'file-empty',
      message: 'the file is empty',
      hint: 'run `backstep new` for a starting file',
      range: whole(),
    };
  }
  if (text.includes('\u0000')) {
    return {
      code: 'yaml-syntax',
      message: 'this is not a text file (it contains a NUL byte)',
      hint: 'exercise files are YAML text',
      range: whole(text.indexOf('\u0000')),
    };
  }
  // A byte that is not UTF-8 (0xFF, an overlong C0 80, a surrogate ED A0 80) reaches us as U+FFFD:
  // the file was read as UTF-8 and the decoder put the replacement character in its place. One
  // written on purpose is as useless, so both are refused where they stand, not carried on.
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) {
    return {
      code: 'bad-encoding',
      message:
        'this file is not valid UTF-8 text: a byte here is not part of any character (or the ' +
        'replacement character U+FFFD is written here)',
      hint: 'save the file as UTF-8 (in most editors: Save with Encoding, UTF-8) and retype this character',
      range: whole(bad),
    };
  }
  const deep = findDeepNesting(text);
  if (deep !== undefined) {
    return {
      code: 'yaml-nesting',
      message: `nesting deeper than ${MAX_DEPTH} levels`,
      hint: 'an exercise needs only a few levels of nesting',
      range: whole(deep),
    };
  }
  return undefined;
}

/** The YAML parser's findings: a second document, syntax errors, duplicate keys, tags. */
function documentProblems(
  second: Document | undefined,
  doc: Document,
  text: string,
  whole: Whole,
): Problem[] {
  const problems: Problem[] = [];
  if (second) {
    const at = text.lastIndexOf('---', (second.range?.[0] ?? 0) + 3);
    problems.push({
      code: 'yaml-syntax',
      message: 'a second YAML document starts here; an exercise file holds one',
      hint: 'put each exercise in a file of its own, or remove the `---` line',
      range: whole(Math.max(0, at), Math.max(0, at) + 3),
    });
  }
  for (const e of doc.errors) {
    const code = e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax';
    if (e.code === 'MULTIPLE_DOCS') {
      problems.push({
        code,
        message: 'a second YAML document starts here; an exercise file holds one',
        hint: 'put each exercise in a file of its own, or remove the `---` line',
        range: whole(e.pos[0], e.pos[1]),
      });
      continue;
    }
    const message =
      code === 'duplicate-key'
        ? 'this key appears twice in the same mapping'
        : `YAML syntax: ${firstLine(e.message)}`;
    problems.push({
      code,
      message,
      hint:
        code === 'duplicate-key'
          ? 'keep one of the two entries'
          : 'check the indentation and quoting on this line (the rest of the file is checked once it reads as YAML)',
      range: whole(e.pos[0], e.pos[1]),
    });
  }
  for (const w of doc.warnings) {
    problems.push({
      code: 'yaml-tag',
      message: `YAML: ${firstLine(w.message)}`,
      hint: 'remove the tag; plain values are enough',
      range: whole(w.pos[0], w.pos[1]),
    });
  }
  return problems;
}
