/**
 * File text is data, never terminal control. Exercise files and typed answers come from
 * strangers; an escape sequence in a title could set the terminal title, write the clipboard
 * (OSC 52), plant a link (OSC 8) or clear the screen. This is the one sanitiser every renderer
 * uses on the way out: C0 controls (except newline and tab), DEL, C1 controls, the bidirectional
 * overrides (which reorder what a reader sees) and the Unicode line separators are written as
 * visible escapes (`\x1b`, `\u009b`, `\u202e`). Without ESC and C1 no sequence can start, so
 * there is no need to parse CSI, OSC or DCS bodies: their remaining bytes are plain text.
 */

// C0 except \t and \n, DEL, C1, the bidi marks (LRM, RLM and the Arabic letter mark U+061C),
// embeddings/overrides/isolates, LS/PS, and the tag characters U+E0000-E007F (invisible text that
// some terminals and models read: a title could carry a hidden message).
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\u{e0000}-\u{e007f}]/gu;
// The same set without the global flag, for a test that keeps no state between calls.
const UNSAFE_ONE = new RegExp(UNSAFE.source, 'u');

function escapeChar(c: string): string {
  const n = c.codePointAt(0)!;
  if (n < 0x80) return `\\x${n.toString(16).padStart(2, '0')}`;
  return n > 0xffff ? `\\u{${n.toString(16)}}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** Text safe to print: newlines and tabs kept, every other control character made visible. */
export function safeText(s: string): string {
  return UNSAFE_ONE.test(s) ? s.replace(UNSAFE, escapeChar) : s;
}

/** Text on one line: newlines too become visible (ids, keys, file names, excerpts). */
export function safeLine(s: string): string {
  return safeText(s).replace(/\n/g, '\\n');
}

/** How much of a long argument a message shows (a 100,000-character id is not echoed whole). */
export const ECHO_MAX = 80;

/**
 * Text a user typed (an argument, an answer), quoted back in a message: on one line, made safe,
 * and cut with an ellipsis and its length when it is long.
 */
export function echoed(s: string, max = ECHO_MAX): string {
  if (s.length <= max) return safeLine(s);
  let cut = s.slice(0, max - 20);
  // Not half of a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${safeLine(cut)}… (${[...s].length} characters)`;
}

/** Whether a string holds a character safeText would escape (ids, keys and notation refuse them). */
export function hasControl(s: string, allowNewline = false): boolean {
  return UNSAFE_ONE.test(s) || (!allowNewline && s.includes('\n'));
}

/**
 * The colours our own renderers write (SGR: bold, dim, inverse, the foreground colours, reset).
 * Only these pass the output sink; they change colours and nothing else.
 */
// eslint-disable-next-line no-control-regex
const OUR_SGR = /\u001b\[(?:(?:0|1|2|7|3[1-6]|90)(?:;(?:0|1|2|7|3[1-6]|90))*)?m/g;

/**
 * For a whole stream of command output whose own colouring is SGR only: everything else that
 * could control the terminal is escaped. Applied by the CLI to every line-oriented command.
 */
export function safeOutput(s: string): string {
  if (!UNSAFE_ONE.test(s)) return s;
  let out = '';
  let last = 0;
  for (const m of s.matchAll(OUR_SGR)) {
    out += safeText(s.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + safeText(s.slice(last));
}
