/** The graph section: inputs, and nodes ordered by their dependencies, with cycles refused. */
import { refsOf } from '../engine/expr.js';
import type { GraphNode, GraphSpec } from '../engine/model.js';
import { FUNCTIONS, parseExpr } from '../engine/parse-expr.js';
import type { At } from './build-report.js';
import type { ExerciseData } from './schema.js';
import { closest } from './suggest.js';
import { graphTraining } from './build-graph-training.js';

export function graph(d: ExerciseData, at: At): GraphSpec | undefined {
  const g = d.graph!;
  const inputs = Object.entries(g.inputs).map(([name, value]) => ({ name, value }));
  const known = new Set(inputs.map((i) => i.name));
  const parsed: GraphNode[] = [];
  const all = new Set([...known, ...Object.keys(g.nodes)]);
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
  // Order by dependencies; a node that depends on itself through others is a cycle.
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
      if (!all.has(r) && calledAsFunction(n.text, r)) {
        // "lg(c)" reads as lg times c; written with no space before "(", it was meant as a call.
        const guess = closest(r, Object.keys(FUNCTIONS));
        at(
          ['graph', 'nodes', n.name],
          'undefined-variable',
          `${n.name} calls "${r}", which is not a function backstep knows`,
          `${guess ? `did you mean ${guess}? ` : ''}the functions are ${Object.keys(FUNCTIONS).join(', ')}`,
        );
      } else if (!all.has(r)) {
        const guess = closest(r, all);
        at(
          ['graph', 'nodes', n.name],
          'undefined-variable',
          `${n.name} uses "${r}", which is neither an input nor a node`,
          guess ? `did you mean "${guess}"?` : `define ${r} under \`inputs\` or \`nodes\``,
        );
      } else {
        const dep = byName.get(r);
        if (dep) visit(dep, [...trail, n.name]);
      }
    }
    state.set(n.name, 'done');
    ordered.push(n);
  };
  for (const n of parsed) visit(n, []);
  const output = g.output ?? parsed[parsed.length - 1]?.name ?? '';
  if (g.output !== undefined && !byName.has(g.output))
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

/** Whether a formula writes `name(` with no space between: a call, not a product. */
function calledAsFunction(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}\\(`, 'u').test(text);
}
