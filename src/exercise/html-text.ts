/**
 * Text from an exercise file placed in Markdown meant for publishing (handouts, worked
 * solutions, errata pages), so that it reads as written and carries no markup of its own:
 * - `&`, `<` and `>` become entities: Markdown passes HTML through, so `<script>` or
 *   `<img onerror>` in a description would run in a reader's browser;
 * - the characters of inline markup get a backslash (CommonMark's escape for any ASCII
 *   punctuation): `[x](javascript:…)` would otherwise be a link, `*`, `_` and `~` emphasis,
 *   `` ` `` code and `$` math (GitHub and most site generators render `$…$`);
 * - a `#` opening a line would make it a heading.
 * Newlines stay. `|` is left to the table rows, which escape it themselves. (LaTeX output
 * escapes on its own; see render/latex.)
 */
export function markdownText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]$~]/g, '\\$&')
    .replace(/^([ \t]*)#/gm, '$1\\#');
}

/** A link target from a file: only http(s) URLs become links (no `javascript:`). */
export function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s<>"'`]+$/i.test(url.trim()) ? url.trim() : undefined;
}
