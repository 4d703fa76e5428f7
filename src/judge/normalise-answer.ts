/**
 * Tidying what a learner types before it is parsed, keeping track of where each character came
 * from so that an error points at the right place in what they typed: surrounding spaces, a
 * leading "=" (or "y_C =", naming the step), typographic minus signs and operators.
 */
export interface Normalised {
  readonly text: string;
  /** Index in the original input of each character of `text`, plus one entry for its end. */
  readonly origin: readonly number[];
}

const REPLACEMENTS: Record<string, string> = {
  '\u2212': '-', // minus sign
  '\u2013': '-', // en dash (word processors turn "-" into it)
  '\u2012': '-', // figure dash
  '\uFE63': '-', // small hyphen-minus
  '\uFF0D': '-', // full-width hyphen-minus
  '\uFF0B': '+', // full-width plus
  '\u00F7': '/', // division sign
  '\u2215': '/', // division slash
  '\u2217': '*', // asterisk operator
  '\u00A0': ' ', // no-break space
};

export function normaliseAnswer(input: string, ownNames: readonly string[]): Normalised {
  let text = '';
  const origin: number[] = [];
  for (let i = 0; i < input.length; i++) {
    text += REPLACEMENTS[input[i]!] ?? input[i]!;
    origin.push(i);
  }
  origin.push(input.length);
  let start = 0;
  let end = text.length;
  const skipSpace = () => {
    while (start < end && /\s/.test(text[start]!)) start++;
  };
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  skipSpace();
  // "y_C = 0.5868": the step's own name before an "=" is just the learner saying what it is.
  for (const name of ownNames) {
    if (text.startsWith(name, start)) {
      const rest = text.slice(start + name.length, end);
      const m = /^\s*=/.exec(rest);
      if (m) {
        start += name.length + m[0].length;
        break;
      }
    }
  }
  skipSpace();
  if (text[start] === '=') {
    start++;
    skipSpace();
  }
  return { text: text.slice(start, end), origin: origin.slice(start, end + 1) };
}
