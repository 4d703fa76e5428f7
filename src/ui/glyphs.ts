/**
 * The characters beyond ASCII that the views use, and their ASCII stand-ins for a terminal whose
 * locale is not UTF-8 (where ✓ or δ would arrive as mojibake). Applied where view text reaches
 * the terminal (ansiLine in ansi.ts), so the views themselves stay in Unicode.
 */
// One character for one, so that columns lined up in Unicode stay lined up.
const ASCII: Readonly<Record<string, string>> = {
  '✓': '+',
  '·': '.',
  '…': '~',
  '→': '>',
  '←': '<',
  '›': '>',
  '↑': '^',
  '↓': 'v',
  '↕': '|',
  '×': 'x',
  δ: 'd',
  σ: 's',
  η: 'e',
  '—': '-',
  '–': '-',
  '−': '-',
  '▁': '_',
  '▂': '_',
  '▃': '.',
  '▄': '-',
  '▅': '-',
  '▆': '=',
  '▇': '=',
  '█': '#',
  '’': "'",
  '“': '"',
  '”': '"',
};

/**
 * Whether the terminal takes UTF-8, from the locale (LC_ALL, then LC_CTYPE, then LANG, the
 * first one set). With none set, UTF-8 is assumed: terminals today are, and a missing locale is
 * more often a bare environment (a container, ssh without SendEnv) than a legacy terminal.
 */
export function utf8Locale(env: Readonly<Record<string, string | undefined>>): boolean {
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((v) => v !== undefined && v !== '');
  return locale === undefined || /utf-?8/i.test(locale);
}

/** The text with every character outside ASCII replaced (by its stand-in, or "?"). */
export function asciiText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text)
    ? text
    : [...text].map((c) => (c.charCodeAt(0) < 0x80 ? c : (ASCII[c] ?? '?'))).join('');
}
