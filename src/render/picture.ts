/**
 * What a handout's picture shows, before any drawing language: the network as columns of
 * neurons joined by labelled weights, or the computation graph as columns by depth (inputs
 * first, each variable one column right of the deepest variable it uses). picture-tikz.ts and
 * picture-mermaid.ts draw it; the terminal keeps its own picture (ui/).
 */
import { refsOf } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import type { Exercise } from '../engine/model.js';
import { compilerOf } from '../engine/layers/table.js';
import { neuronLabel } from '../engine/naming.js';

/**
 * Bigger pictures are left out (the tables describe the network): past about this many edges
 * (a 16-16-2 network has 288) a picture is a black mesh that says nothing a table does not, and
 * Mermaid refuses more than 500 edges by default.
 */
export const MAX_PICTURE_EDGES = 150;

export interface PictureNode {
  /** Unique within the picture; a plain word ([A-Za-z0-9_]), safe as a TikZ or Mermaid id after prefixing. */
  readonly key: string;
  /** The neuron's or variable's name as the exercise file writes it. */
  readonly name: string;
  /** The function symbol, on the graph variable that is the function's value. */
  readonly fn?: string;
  /** A bias id (network) or the variable's formula as written (graph), shown under the name. */
  readonly note?:
    | { readonly kind: 'bias'; readonly text: string }
    | { readonly kind: 'formula'; readonly text: string; readonly expr: Expr };
}

export interface PictureColumn {
  /** Layer name and activation; "inputs" or nothing in a graph. */
  readonly title: string;
  readonly nodes: readonly PictureNode[];
}

export interface PictureEdge {
  readonly from: string;
  readonly to: string;
  /** A weight id (network); graphs have unlabelled edges. */
  readonly label?: string;
}

export interface Picture {
  readonly kind: 'network' | 'graph';
  readonly columns: readonly PictureColumn[];
  readonly edges: readonly PictureEdge[];
}

export function pictureOf(exercise: Exercise): Picture {
  const spec = exercise.spec;
  if (spec.kind === 'layers') {
    // A stack of typed layers as a chain of blocks: each tensor under the layer that makes it.
    const blocks = [
      { title: 'input', key: spec.input.name },
      ...spec.layers.map((l) => ({ title: compilerOf(l).words(), key: l.name })),
    ];
    return {
      kind: 'graph',
      columns: blocks.map((b) => ({ title: b.title, nodes: [{ key: b.key, name: b.key }] })),
      edges: blocks.slice(1).map((b, i) => ({ from: blocks[i]!.key, to: b.key })),
    };
  }
  if (spec.kind === 'network') {
    const bias = new Map(spec.biases.map((b) => [b.neuron, b.id]));
    const columns = spec.layers.map((l, i) => ({
      title: i === 0 ? `${l.name} (inputs)` : `${l.name} (${l.activation})`,
      nodes: l.neurons.map((n) => {
        const b = bias.get(n);
        return { key: n, name: neuronLabel(n), ...(b ? { note: { kind: 'bias' as const, text: b } } : {}) };
      }),
    }));
    return {
      kind: 'network',
      columns,
      edges: spec.weights.map((w) => ({ from: w.from, to: w.to, label: w.id })),
    };
  }
  const depth = new Map<string, number>(spec.inputs.map((i) => [i.name, 0]));
  const edges: PictureEdge[] = [];
  const inputs = spec.inputs.map((i) => ({ key: i.name, name: i.name }));
  const columns: Array<{ title: string; nodes: PictureNode[] }> = [{ title: 'inputs', nodes: inputs }];
  for (const n of spec.nodes) {
    const uses = refsOf(n.expr).filter((id) => depth.has(id));
    const d = 1 + Math.max(0, ...uses.map((id) => depth.get(id)!));
    depth.set(n.name, d);
    while (columns.length <= d) columns.push({ title: '', nodes: [] });
    const fn = n.name === spec.output ? { fn: spec.fn } : {};
    columns[d]!.nodes.push({
      key: n.name,
      name: n.name,
      ...fn,
      note: { kind: 'formula', text: n.text, expr: n.expr },
    });
    for (const u of uses) edges.push({ from: u, to: n.name });
  }
  return { kind: 'graph', columns, edges };
}
