/** The graph section: inputs, and nodes ordered by their dependencies, with cycles refused. */
import { refsOf } from '../engine/expr.js';
import type { GraphNode, GraphSpec } from '../engine/model.js';
import { FUNCTIONS, parseExpr } from '../engine/parse-expr.js';
import type { At } from './build-report.js';
import type { ExerciseData } from './schema.js';
import { closest } from './suggest.js';
import { graphTraining } from './build-graph-training.js';

type GraphData = NonNullable<ExerciseData['graph']>;

export function graph(d: ExerciseData, at: At): GraphSpec | undefined {
  const g = d.graph!;
  const inputs = Object.entries(g.inputs).map(([name, value]) => ({ name, value }));
  const known = new Set(inputs.map((i) => i.name));
  const parsed = parseNodes(g, known, at);
  const all = new Set([...known, ...Object.keys(g.nodes)]);
  const ordered = orderNodes(parsed, all, at);
  const output = g.output ?? parsed[parsed.length - 1]?.name ?? '';
  if (g.output !== undefined && !parsed.some((n) => n.name === g.output))
    at(
      ['graph', 'output'],
      'undefined-variable',
      `the output "${g.output}" is not a node`,
      `nodes: ${parsed.map((n) => n.name).join(', ')}`,
    );
  const training = graphTraining(d, [...known], ordered, output, at);
  return {
    kind: 'graph',
    fn: g.function ?? 'f',
    inputs,
    nodes: ordered,
    output,
    ...(training ? { training } : {}),
  };
}

/** The nodes' formulas read, in file order; one that reuses an input's name or does not parse is reported. */
function parseNodes(g: GraphData, known: Set<string>, at: At): GraphNode[] {
  const parsed: GraphNode[] = [];
  for (const [name, text] of Object.entries(g.nodes)) {
    if (known.has(name))
      at(
        ['graph', 'nodes', name],
        'bad-value',
        `"${name}" is already an input`,
        'give the node another name',
        true,
      );
    const r = parseExpr(text);
    if (!r.ok) {
      at(
        ['graph', 'nodes', name],
        'bad-expression',
        `cannot read the formula of ${name}: ${r.error.message} (at character ${r.error.start + 1})`,
        'write it like x^2, exp(a), a + b, sqrt(c)',
      );
      continue;
    }
    parsed.push({ name, expr: r.expr, text });
  }
  return parsed;
}

/**
 * The nodes ordered by their dependencies (depth first, so each comes after what it uses); a node
 * that depends on itself through others is a cycle, and a name that is neither input nor node is reported.
 */
function orderNodes(parsed: GraphNode[], all: Set<string>, at: At): GraphNode[] {
  const byName = new Map(parsed.map((n) => [n.name, n]));
  const ordered: GraphNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (n: GraphNode, trail: string[]): void => {
    if (state.get(n.name) === 'done') return;
    if (state.get(n.name) === 'visiting') {
      at(
        ['graph', 'nodes', n.name],
        'graph-cycle',
        `the graph has a cycle: ${[...trail.slice(trail.indexOf(n.name)), n.name].join(' -> ')}`,
        'a computation graph cannot use a variable to compute itself',
      );
      return;
    }
    state.set(n.name, 'visiting');
    for (const r of refsOf(n.expr)) {
      if (!all.has(r)) reportUnknown(n, r, all, at);
      else {
        const dep = byName.get(r);
        if (dep) visit(dep, [...trail, n.name]);
      }
    }
    state.set(n.name, 'done');
    ordered.push(n);
  };
  for (const n of parsed) visit(n, []);
  return ordered;
}

/** A node uses a name that is neither input nor node: an unknown function call, or an undefined variable. */
function reportUnknown(n: GraphNode, r: string, all: Set<string>, at: At): void {
  if (calledAsFunction(n.text, r)) {
    // "lg(c)" reads as lg times c; written with no space before "(", it was meant as a call.
    const guess = closest(r, Object.keys(FUNCTIONS));
    at(
      ['graph', 'nodes', n.name],
      'undefined-variable',
      `${n.name} calls "${r}", which is not a function backstep knows`,
      `${guess ? `did you mean ${guess}? ` : ''}the functions are ${Object.keys(FUNCTIONS).join(', ')}`,
    );
  } else {
    const guess = closest(r, all);
    at(
      ['graph', 'nodes', n.name],
      'undefined-variable',
      `${n.name} uses "${r}", which is neither an input nor a node`,
      guess ? `did you mean "${guess}"?` : `define ${r} under \`inputs\` or \`nodes\``,
    );
  }
}

/** Whether a formula writes `name(` with no space between: a call, not a product. */
function calledAsFunction(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}\\(`, 'u').test(text);
}
