/**
 * The handout's picture for markdown: a Mermaid flowchart (left to right), which GitHub, GitLab,
 * Obsidian and most documentation sites draw from a ```mermaid block. Every label is quoted and
 * every character outside a small safe set written as a Mermaid entity (#35; for #), so text
 * from an exercise file can neither end a label, start Mermaid syntax, nor carry HTML.
 */
import { MAX_PICTURE_EDGES } from './picture.js';
import type { Picture, PictureNode } from './picture.js';

export function pictureMermaid(p: Picture): string {
  if (p.edges.length > MAX_PICTURE_EDGES) return '';
  const out = ['```mermaid', 'flowchart LR'];
  // A network's layers are boxes titled with the layer's name and activation; a graph needs none.
  p.columns.forEach((c, i) => {
    const boxed = p.kind === 'network';
    if (boxed) out.push(`  subgraph c${i}["${label(c.title)}"]`);
    for (const n of c.nodes) {
      const text = label(nodeText(n));
      out.push(boxed ? `    ${id(n.key)}(("${text}"))` : `  ${id(n.key)}["${text}"]`);
    }
    if (boxed) out.push('  end');
  });
  for (const e of p.edges) {
    out.push(`  ${id(e.from)} -->${e.label === undefined ? '' : `|"${label(e.label)}"|`} ${id(e.to)}`);
  }
  out.push('```');
  return out.join('\n') + '\n';
}

function nodeText(n: PictureNode): string {
  const name = n.fn ? `${n.name} = ${n.fn}` : n.name;
  if (!n.note) return name;
  return n.note.kind === 'bias' ? `${name} (bias ${n.note.text})` : `${name} = ${n.note.text}`;
}

/** Mermaid ids: n_ and the key, any character beyond [A-Za-z0-9] spelt out (keys are words already). */
function id(key: string): string {
  return `n_${key.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0)}_`)}`;
}

/** Text inside a quoted Mermaid label: letters, digits and plain punctuation as they are, the rest as #code;. */
export function label(text: string): string {
  return [...text].map((c) => (/^[A-Za-z0-9 .,:=+\-*/()^_]$/.test(c) ? c : `#${c.codePointAt(0)};`)).join('');
}
