/**
 * The handouts' pictures: the TikZ network keeps every weight label on its own edge and clear
 * of the other labels (checked on the coordinates written, against the size of a \scriptsize
 * label: about 0.3 cm tall, 0.9 cm wide for w_{i1,h1}); the Mermaid flowchart quotes every label
 * and spells out every character that could end a label or start markup.
 */
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../src/authoring/templates.js';
import type { Template } from '../src/authoring/templates.js';
import { loadExerciseText } from '../src/exercise/load.js';
import { MAX_PICTURE_EDGES, pictureOf } from '../src/render/picture.js';
import { label, pictureMermaid } from '../src/render/picture-mermaid.js';
import { pictureTikz } from '../src/render/picture-tikz.js';

const exerciseOf = (t: Template) =>
  loadExerciseText('x.yaml', renderTemplate(t, { id: 'x', schema: 's.json', fileName: 'x.yaml' })).exercise;
const network = (sizes: number[]): Template => ({
  kind: 'network',
  sizes,
  naming: 'generated',
  weights: 'matrices',
  activation: 'sigmoid',
});

describe('the TikZ network', () => {
  it.each([[[2, 2, 1]], [[3, 4, 1]], [[4, 5, 2]]])(
    '%j: every weight labelled on its edge, no two labels overlapping',
    (sizes) => {
      const exercise = exerciseOf(network(sizes));
      const tex = pictureTikz(pictureOf(exercise));
      const nodes = new Map(
        [...tex.matchAll(/\\node\[neuron\] \((n-[^)]+)\) at \(([-\d.]+),([-\d.]+)\)/g)].map((m) => [
          m[1]!,
          { x: Number(m[2]), y: Number(m[3]) },
        ]),
      );
      expect(nodes.size).toBe(sizes.reduce((a, b) => a + b, 0));
      const edges = [...tex.matchAll(/\\draw\[->\] \((n-[^)]+)\) -- \((n-[^)]+)\);/g)].map(
        (m) => [nodes.get(m[1]!)!, nodes.get(m[2]!)!] as const,
      );
      const weights = exercise.spec.kind === 'network' ? exercise.spec.weights.length : 0;
      expect(edges).toHaveLength(weights);
      const labels = [...tex.matchAll(/\\node\[weight\] at \(([-\d.]+),([-\d.]+)\) \{\$(.+?)\$\};/g)].map(
        (m) => ({
          x: Number(m[1]),
          y: Number(m[2]),
          tex: m[3]!,
        }),
      );
      expect(labels).toHaveLength(weights);
      // On its edge: collinear with some edge's ends (to the 0.01 cm the coordinates are written in) and between them.
      for (const l of labels) {
        const on = edges.some(
          ([a, b]) =>
            Math.abs((b.x - a.x) * (l.y - a.y) - (b.y - a.y) * (l.x - a.x)) /
              Math.hypot(b.x - a.x, b.y - a.y) <
              0.02 &&
            l.x > a.x &&
            l.x < b.x,
        );
        expect(on, `${l.tex} at (${l.x}, ${l.y}) is on no edge`).toBe(true);
      }
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          const [a, b] = [labels[i]!, labels[j]!];
          expect(
            Math.abs(a.x - b.x) >= 0.85 || Math.abs(a.y - b.y) >= 0.3,
            `${a.tex} and ${b.tex} overlap`,
          ).toBe(true);
        }
      }
    },
  );

  it('names neurons and layers, escaped for LaTeX', () => {
    const tex = pictureTikz(
      pictureOf(
        exerciseOf({
          kind: 'network',
          sizes: [2, 2, 1],
          naming: 'letters',
          weights: 'named',
          activation: 'tanh',
        }),
      ),
    );
    expect(tex).toContain('\\textsf{A}');
    expect(tex).toMatch(/\{hidden \(tanh\)\}/);
  });

  it('draws a computation graph in columns by depth, arcing over a skipped column', () => {
    const picture = pictureOf(exerciseOf({ kind: 'graph' }));
    expect(picture.columns[0]!.title).toBe('inputs');
    for (const e of picture.edges)
      expect(picture.columns.findIndex((c) => c.nodes.some((n) => n.key === e.to))).toBeGreaterThan(
        picture.columns.findIndex((c) => c.nodes.some((n) => n.key === e.from)),
      );
    const tex = pictureTikz(picture);
    const skipping = picture.edges.filter(
      (e) =>
        picture.columns.findIndex((c) => c.nodes.some((n) => n.key === e.to)) -
          picture.columns.findIndex((c) => c.nodes.some((n) => n.key === e.from)) >
        1,
    );
    expect((tex.match(/to\[bend left=30\]/g) ?? []).length).toBe(skipping.length);
  });
});

describe('the Mermaid flowchart', () => {
  it('is a fenced flowchart LR with one quoted, labelled edge per weight', () => {
    const exercise = exerciseOf({
      kind: 'network',
      sizes: [2, 2, 1],
      naming: 'letters',
      weights: 'named',
      activation: 'sigmoid',
    });
    const md = pictureMermaid(pictureOf(exercise));
    const lines = md.trimEnd().split('\n');
    expect(lines[0]).toBe('```mermaid');
    expect(lines[1]).toBe('flowchart LR');
    expect(lines.at(-1)).toBe('```');
    const edges = lines.filter((l) => l.includes('-->'));
    expect(edges).toHaveLength(6);
    for (const e of edges) expect(e).toMatch(/^ {2}n_\w+ -->\|"[^"<>&]+"\| n_\w+$/);
    expect(lines.filter((l) => /^ {2}subgraph c\d+\["[^"]+"\]$/.test(l))).toHaveLength(3);
  });

  it('spells out what could end a label or start markup', () => {
    expect(label('a "b" <i>&c#;')).toBe('a #34;b#34; #60;i#62;#38;c#35;#59;');
    expect(label('x = w1 * 0.5 + (b_2)')).toBe('x = w1 * 0.5 + (b_2)');
  });
});

describe('a network too dense to draw', () => {
  it('has no picture, in either language (the weight tables describe it)', () => {
    const picture = pictureOf(exerciseOf(network([16, 16, 2])));
    expect(picture.edges.length).toBeGreaterThan(MAX_PICTURE_EDGES);
    expect(pictureTikz(picture)).toBe('');
    expect(pictureMermaid(picture)).toBe('');
  });
});
