/**
 * Compiles a stack of typed layers into its plan: the input grid as givens, each layer's forward
 * steps (its kind's compiler, table.ts), the error against the targets (or a given upstream
 * gradient), each layer's backward steps in reverse order, and one gradient-descent update of
 * every parameter when a learning rate is given. The kinds know nothing of one another: a layer
 * reads the grid of the one before and, backward, the gradient ids of its own output.
 */
import { add, mul, num, pow, ref, sub } from '../expr.js';
import type { Expr } from '../expr.js';
import type { Exercise, LayersSpec } from '../model.js';
import { latexName, latexPartial } from '../naming.js';
import { scaled } from '../network-context.js';
import { evaluateFormula, givenValue } from '../evaluate-plan.js';
import { decimalAt } from '../numbers.js';
import type { Dec } from '../numbers.js';
import type { Given, Plan, Step } from '../plan.js';
import { compilerOf } from './table.js';
import { cellId } from './types.js';
import type { Grid, LayerBuilder, LayerStep } from './types.js';

export function compileLayers(ex: Exercise, spec: LayersSpec): Plan {
  const E = ex.notation.error;
  const rate = ex.notation.rate;
  // Every given goes through here, so a replaced value (a variant) reaches the plan whatever its kind.
  const givens: Given[] = [];
  const givenById = new Map<string, Given>();
  const stepById = new Map<string, Step>();
  const addGiven = (g: Given) => {
    const given = { ...g, value: spec.replaced?.get(g.id) ?? g.value };
    givens.push(given);
    givenById.set(g.id, given);
  };
  const steps: Step[] = [];
  const trained: Array<{ param: string; gradient: string }> = [];
  const grad = (id: string) => `d${E}/d${id}`;
  const b: LayerBuilder = {
    given(id, value, kind, describe) {
      addGiven({ id, symbol: id, latex: latexName(id), value, kind, describe });
      return ref(id);
    },
    step: (s) => {
      const r = push(steps, s, E);
      stepById.set(s.id, steps.at(-1)!);
      return r;
    },
    grad,
    trains: (param, gradient) => void trained.push({ param, gradient }),
    value: (id) => valueOf(id),
  };
  const known = new Map<string, Dec>();
  const D = decimalAt(ex.working);
  const valueOf = (id: string): Dec => {
    let v = known.get(id);
    if (v !== undefined) return v;
    const given = givenById.get(id);
    v = given ? givenValue(D, given.value) : evaluateFormula(stepById.get(id)!.expr, valueOf, ex.working);
    known.set(id, v);
    return v;
  };

  const grids: Grid[] = [inputGrid(spec, addGiven)];
  for (const layer of spec.layers) grids.push(compilerOf(layer).forward(grids.at(-1)!, b));

  const output = grids.at(-1)!;
  let dOut: readonly string[] | undefined = outputGradients(spec, output, b, addGiven, E);
  const updates = dOut !== undefined && spec.rate !== undefined;
  if (dOut) {
    for (let n = spec.layers.length - 1; n >= 0 && dOut; n--) {
      const layer = spec.layers[n]!;
      const needInput = n > 0 || spec.inputGradient;
      dOut = compilerOf(layer).backward(grids[n]!, grids[n + 1]!, dOut, b, needInput);
    }
    if (spec.rate !== undefined) {
      addGiven({
        id: rate,
        symbol: rate,
        latex: latexName(rate),
        value: spec.rate,
        kind: 'rate',
        describe: 'learning rate',
      });
      for (const t of trained) steps.push(updateStep(t.param, t.gradient, rate));
    }
  }
  return {
    exerciseId: ex.id,
    givens,
    iterations: updates ? 1 : 0,
    forwardAfter: false,
    carried: [],
    outputBases: output.ids,
    iteration: (k) => (k === 1 ? steps : []),
    stepsPerIteration: steps.length,
    period: 1,
    ...(spec.target ? { costBase: E } : {}),
  };
}

/** The input grid's cells as givens, in reading order. */
function inputGrid(spec: LayersSpec, addGiven: (g: Given) => void): Grid {
  const input = spec.input;
  const shape = { name: input.name, channels: input.channels, rows: input.rows, cols: input.cols };
  const ids: string[] = [];
  for (let c = 0; c < input.channels; c++)
    for (let r = 0; r < input.rows; r++)
      for (let k = 0; k < input.cols; k++) {
        const id = cellId(shape, c, r, k);
        const value = input.values[ids.length]!;
        ids.push(id);
        addGiven({
          id,
          symbol: id,
          latex: latexName(id),
          value,
          kind: 'input',
          describe: `input cell ${id}`,
        });
      }
  return { ...shape, ids };
}

/** One gradient-descent step of a parameter: `param@2 = param - eta dE/dparam`. */
function updateStep(param: string, gradient: string, rate: string): Step {
  const change = mul(ref(rate), ref(gradient));
  return {
    id: `${param}@2`,
    base: param,
    symbol: `${param}@2`,
    latex: `{${latexName(param)}}^{[2]}`,
    phase: 'update',
    iteration: 1,
    expr: sub(ref(param), change),
    role: 'new-param',
    describe: `${param} after the update: minus the rate times its gradient`,
    param,
    form: { descent: { from: ref(param), change } },
  };
}

function push(steps: Step[], s: LayerStep, E: string): Expr {
  const partial = s.id.startsWith(`d${E}/d`);
  steps.push({
    id: s.id,
    base: s.id,
    symbol: s.id,
    latex: partial ? latexPartial(E, s.id.slice(E.length + 3)) : latexName(s.id),
    phase: s.phase,
    iteration: 1,
    expr: s.expr,
    role: s.role,
    describe: s.describe,
    ...(s.param !== undefined ? { param: s.param } : {}),
    ...(s.form ? { form: s.form } : {}),
  });
  return ref(s.id);
}

/**
 * The gradient of each output cell the backward pass starts from: from the error (targets and
 * loss), or the upstream gradient given; undefined when there is neither (a forward exercise).
 */
function outputGradients(
  spec: LayersSpec,
  output: Grid,
  b: LayerBuilder,
  addGiven: (g: Given) => void,
  E: string,
): string[] | undefined {
  if (spec.upstream) {
    return output.ids.map((id, n) => {
      const gid = b.grad(id);
      addGiven({
        id: gid,
        symbol: gid,
        latex: latexPartial(E, id),
        value: spec.upstream![n]!,
        kind: 'constant',
        describe: `upstream gradient of ${id}`,
      });
      return gid;
    });
  }
  if (!spec.target) return undefined;
  const half = (spec.loss?.scale ?? 'half') === 'half';
  const t = (n: number) => `t${output.ids[n]!.slice(output.name.length)}`;
  output.ids.forEach((id, n) =>
    addGiven({
      id: t(n),
      symbol: t(n),
      latex: latexName(t(n)),
      value: spec.target![n]!,
      kind: 'target',
      describe: `target of ${id}`,
    }),
  );
  const differences = output.ids.map((id, n) => ({ first: t(n), second: id }));
  const unscaled = add(...differences.map((d) => pow(sub(ref(d.first), ref(d.second)), num('2'))));
  const error = scaled(half ? 2 : 1, unscaled);
  b.step({
    id: E,
    expr: error.expr,
    phase: 'loss',
    role: 'error',
    describe: `squared error${half ? ', halved' : ''}, summed over the ${output.ids.length} outputs`,
    form: { ...error.form, differences },
  });
  return output.ids.map((id, n) => {
    const gid = b.grad(id);
    const diff = sub(ref(id), ref(t(n)));
    b.step({
      id: gid,
      expr: half ? diff : mul(num('2'), diff),
      phase: 'backward',
      role: 'dE/dy-output',
      describe: `derivative of the error by ${id}: ${half ? '' : '2 '}(${id} - ${t(n)})`,
      form: { differences: [{ first: id, second: t(n) }] },
    });
    return gid;
  });
}
