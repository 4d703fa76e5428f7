/**
 * Text from an exercise file placed in Markdown meant for publishing (handouts, worked
 * solutions, errata pages, variant sets), so that it reads as written and carries no markup of
 * its own, inline or block:
 * - `&`, `<` and `>` become entities: Markdown passes HTML through, so `<script>` or
 *   `<img onerror>` in a description would run in a reader's browser (and `>` would open a quote);
 * - `|` becomes an entity, so no line is a table row and a table cell holding the text is not
 *   split (an entity, not `\|`: a table row escapes its pipes again);
 * - the characters of inline markup get a backslash (CommonMark's escape for any ASCII
 *   punctuation): `[x](javascript:…)` would otherwise be a link, `*`, `_` and `~` emphasis,
 *   `` ` `` code and `$` math (GitHub and most site generators render `$…$`);
 * - at the start of a line, what would open a block is made inert: `#` (heading), `=` and `-`
 *   (setext underline, list, rule), `+` (list), `1.` and `1)` (ordered list); the indentation of a
 *   line (four spaces make code) and spaces at its end (a hard break) become space entities.
 * Newlines stay.
 */
export function markdownText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/[\\`*_[\]$~]/g, '\\$&')
    .split('\n')
    .map(inertLine)
    .join('\n');
}

const SPACE_ENTITY = (ws: string) => ws.replace(/ /g, '&#32;').replace(/\t/g, '&#9;');

function inertLine(line: string): string {
  // A blank line stays blank: it only separates paragraphs.
  if (line.trim() === '') return line;
  const lead = /^[ \t]*/.exec(line)![0];
  const trail = /[ \t]*$/.exec(line)![0];
  const body = line
    .slice(lead.length, line.length - trail.length)
    .replace(/^[#=+-]/, '\\$&')
    .replace(/^(\d{1,9})([.)])/, '$1\\$2');
  return SPACE_ENTITY(lead) + body + SPACE_ENTITY(trail);
}

/** A link target from a file: only http(s) URLs become links (no `javascript:`). */
export function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s<>"'`]+$/i.test(url.trim()) ? url.trim() : undefined;
}
