/**
 * Folding text to a width, for every plain-text output (solutions, handouts, lists, the
 * walkthrough's screens and its plain mode).
 */
/**
 * Word-wraps text to a width; each paragraph (\n) starts a new line, continuation lines get the
 * indent. A word longer than the width is cut, unless `breakWords` is false (plain output, where
 * a long path must stay whole to be copied; the terminal folds it).
 */
export function wrap(text: string, width: number, indent = '', breakWords = true): string[] {
  const w = Math.max(8, width);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if ([...para].length <= w) {
      // Fits: kept as written, runs of spaces included (tables).
      out.push(para);
      continue;
    }
    let cur = '';
    for (const word of para.split(/ +/)) {
      const candidate = cur === '' ? word : `${cur} ${word}`;
      if ([...candidate].length <= w || cur === '') {
        cur = candidate;
      } else {
        out.push(cur);
        cur = indent + word;
      }
      while (breakWords && [...cur].length > w) {
        out.push([...cur].slice(0, w).join(''));
        cur = indent + [...cur].slice(w).join('');
      }
    }
    out.push(cur);
  }
  return out;
}

/** Items joined with a separator, broken into lines at item boundaries. */
export function flowItems(items: readonly string[], width: number, sep = ', ', first = ''): string[] {
  const out: string[] = [];
  let cur = first;
  for (const it of items) {
    const next = cur === first ? cur + it : cur + sep + it;
    // The line that is closed keeps the separator's mark (a comma): it must fit as well.
    if ([...next].length + sep.trimEnd().length > width && cur !== first) {
      out.push(cur + sep.trimEnd());
      cur = ' '.repeat([...first].length) + it;
    } else cur = next;
  }
  if (cur !== first) out.push(cur);
  return out;
}
