/** Words folded to `width` columns; continuation lines start with `indent`. */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const prefix = lines.length === 0 ? '' : indent;
    if (cur && prefix.length + cur.length + 1 + word.length > width) {
      lines.push(prefix + cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push((lines.length === 0 ? '' : indent) + cur);
  return lines;
}
