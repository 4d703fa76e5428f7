/**
 * Compiles a computation graph as the lecture notes work it: the intermediate variables forward,
 * each local partial d(node)/d(input) in symbols, then reverse mode: the adjoint df/dv of every
 * variable, summed over the children that use it. With `training`, the adjoints of the parameters
 * are the gradients an optimiser follows, iteration after iteration (graph-training.ts).
 */
import { add, exprKey, mul, num, ref } from './expr.js';
import type { Expr } from './expr.js';
import { refsOf } from './expr.js';
import { derivative, nameSubexpressions } from './diff.js';
import type { Exercise, GraphSpec } from './model.js';
import { latexName, latexPartial } from './tex-names.js';
import type { Given, Plan, Step, StepForm } from './plan.js';
import { graphCarried, graphIteration } from './graph-training.js';
import { trainingGivens } from './training-givens.js';

export function compileGraph(ex: Exercise, spec: GraphSpec): Plan {
  const givens: Given[] = spec.inputs.map((i) => ({
    id: i.name,
    symbol: i.name,
    latex: latexName(i.name),
    value: i.value,
    kind: 'variable' as const,
    describe: spec.training?.parameters.includes(i.name)
      ? `parameter ${i.name}, its starting value`
      : `input variable ${i.name}`,
  }));
  const steps = differentiate(spec);
  const t = spec.training;
  if (t === undefined || t.iterations === 0)
    return {
      exerciseId: ex.id,
      givens,
      iterations: 0,
      forwardAfter: false,
      carried: [],
      outputBases: [spec.output],
      iteration: (k) => (k === 1 ? steps : []),
      stepsPerIteration: steps.length,
      period: 1,
    };
  const rate = ex.notation.rate;
  const params = t.parameters.map((id) => ({ id }));
  const iteration = (k: number) => graphIteration(spec, t, rate, steps, k);
  return {
    exerciseId: ex.id,
    givens: [...givens, ...trainingGivens(t, rate, params)],
    iterations: t.iterations,
    forwardAfter: t.forwardAfter,
    carried: graphCarried(t),
    costBase: spec.output,
    outputBases: [spec.output],
    iteration,
    stepsPerIteration: iteration(1).length,
    period: 1,
  };
}

/** A step of the graph walkthrough: its id is also its base and symbol, as the notes write it. */
function graphStep(
  id: string,
  expr: Expr,
  phase: Step['phase'],
  role: Step['role'],
  describe: string,
  latex: string,
  form?: StepForm,
): Step {
  return {
    id,
    base: id,
    symbol: id,
    latex,
    phase,
    iteration: 1,
    expr,
    role,
    describe,
    ...(form ? { form } : {}),
  };
}

/** Which nodes use a variable, and the id of the local partial along each such edge. */
type Children = Map<string, Array<{ child: string; partialId: string }>>;

/**
 * The steps of one evaluation and differentiation of the graph, with the ids the notes write:
 * the forward nodes, then the local partials, then the adjoints (split so each phase reads alone).
 */
function differentiate(spec: GraphSpec): Step[] {
  const forward = spec.nodes.map((node) =>
    graphStep(
      node.name,
      node.expr,
      'graph',
      'node',
      `intermediate variable ${node.name} = ${node.text}`,
      latexName(node.name),
    ),
  );
  const { steps: local, children } = localPartials(spec);
  return [...forward, ...local, ...adjoints(spec, children)];
}

/**
 * Local partials, named through earlier nodes where the notes would (d exp(a)/da = b).
 * Also returns the child edges of every variable, which the reverse pass sums over.
 */
function localPartials(spec: GraphSpec): { steps: Step[]; children: Children } {
  const steps: Step[] = [];
  const children: Children = new Map();
  // `named` holds the nodes defined so far (this one included), keyed by expression.
  const named = new Map<string, string>();
  for (const node of spec.nodes) {
    const key = exprKey(node.expr);
    if (!named.has(key)) named.set(key, node.name);
    for (const input of refsOf(node.expr)) {
      const id = `d${node.name}/d${input}`;
      const step = graphStep(
        id,
        nameSubexpressions(derivative(node.expr, input), named),
        'local',
        'local-partial',
        `local partial of ${node.name} with respect to ${input}`,
        latexPartial(node.name, input),
      );
      steps.push({ ...step, undefinedWith: node.name });
      const uses = children.get(input) ?? [];
      uses.push({ child: node.name, partialId: id });
      children.set(input, uses);
    }
  }
  return { steps, children };
}

/** Reverse mode: df/df = 1, then every variable in reverse order of definition. */
function adjoints(spec: GraphSpec, children: Children): Step[] {
  const f = spec.fn;
  const steps: Step[] = [];
  const order = [...spec.nodes.map((n) => n.name).reverse(), ...spec.inputs.map((i) => i.name)];
  const adjoint = (v: string) => `d${f}/d${v}`;
  const reached = new Set<string>();
  for (const v of order) {
    if (v === spec.output) {
      steps.push(
        graphStep(
          adjoint(v),
          num('1'),
          'adjoint',
          'adjoint',
          `seed: ${f} = ${v}, so d${f}/d${v} = 1`,
          latexPartial(f, v),
        ),
      );
      reached.add(v);
      continue;
    }
    // Only variables with a path to the output have an adjoint.
    const uses = (children.get(v) ?? []).filter((c) => reached.has(c.child));
    if (uses.length > 0) reached.add(v);
    if (uses.length === 0) continue;
    const terms = uses.map((c) => mul(ref(adjoint(c.child)), ref(c.partialId)));
    const describe =
      uses.length > 1
        ? `adjoint of ${v}: summed over the ${uses.length} variables that use it`
        : `adjoint of ${v}`;
    steps.push(
      graphStep(
        adjoint(v),
        add(...terms),
        'adjoint',
        'adjoint',
        describe,
        latexPartial(f, v),
        terms.length > 1 ? { paths: terms } : undefined,
      ),
    );
  }
  return steps;
}
