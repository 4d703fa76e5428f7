/**
 * Text from an exercise file placed in Markdown meant for publishing (handouts, worked
 * solutions, errata pages): Markdown passes HTML through, so `<script>` or `<img onerror>` in a
 * description would run in a reader's browser. `&`, `<` and `>` become entities; everything
 * else, newlines included, stays as written. (LaTeX output escapes on its own; see render/latex.)
 */
export function markdownText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link target from a file: only http(s) URLs become links (no `javascript:`). */
export function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s<>"'`]+$/i.test(url.trim()) ? url.trim() : undefined;
}
