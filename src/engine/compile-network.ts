/**
 * Compiles a layered network into the steps the textbooks write, one builder per phase: per
 * neuron the weighted input and the activation (forward); the error (loss); the chain-rule
 * factors dE/dy, dy/dz, dE/dz, dz/dw and dE/dw (backward); the batch gradient; the update; and
 * optionally the forward pass again. The backward pass always uses the weights of the current
 * iteration; all parameters change together at its end.
 */
import { add, div, mul, neg, num, pow, ref, sub, unary } from './expr.js';
import type { Expr } from './expr.js';
import type { Exercise, NetworkSpec, Weight, Bias, Layer } from './model.js';
import { latexName, latexPartial, latexSuffix } from './naming.js';
import { stepId } from './plan.js';
import type { Given, Phase, Plan, Role, Step, StepForm } from './plan.js';

/** What every phase needs to know about the network: its shape, names and settings. */
interface Net {
  readonly spec: NetworkSpec;
  readonly layers: readonly Layer[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly N: number;
  readonly multi: boolean;
  readonly batch: boolean;
  readonly K: number;
  readonly hasLoss: boolean;
  readonly incoming: ReadonlyMap<string, Weight[]>;
  readonly outgoing: ReadonlyMap<string, Weight[]>;
  readonly biasOf: ReadonlyMap<string, Bias>;
  readonly params: ReadonlyArray<{ id: string; isBias: boolean }>;
  readonly carried: readonly string[];
  readonly z: (j: string) => string;
  readonly y: (j: string) => string;
  readonly xBase: (i: string) => string;
  readonly xId: (i: string, e: number) => string;
  readonly tBase: (o: string) => string;
  readonly tId: (o: string, e: number) => string;
  readonly E: string;
  readonly C: string;
  readonly rate: string;
}

/** One iteration's steps as they are written, with the helpers that name and add them. */
interface Emitter {
  readonly k: number;
  readonly steps: Step[];
  /** A carried value as this iteration sees it: the given in iteration 1, `id@k` later. */
  carriedRef(id: string): Expr;
  push(base: string, e: number | undefined, expr: Expr, role: Role, phase: Phase, describe: string, latex: string, extra?: Extra): Expr;
  /** A value for the next iteration (a new parameter, a velocity): `base@(k+1)`. */
  pushNext(base: string, expr: Expr, role: Role, describe: string, latex: string, param: string, form?: StepForm): Expr;
}
type Extra = { neuron?: string; param?: string; form?: StepForm | undefined };

/** One example's view of an iteration: its step-id suffix and the gradients it contributes. */
interface ExampleView {
  readonly e: number;
  readonly tag: number | undefined;
  readonly sid: (base: string) => string;
  readonly grad: Map<string, Expr>;
}

export function compileNetwork(ex: Exercise, spec: NetworkSpec): Plan {
  const net = describeNetwork(ex, spec);
  const iteration = (k: number) => buildIteration(net, k);
  return {
    exerciseId: ex.id,
    givens: givensOf(net),
    iterations: net.K,
    forwardAfter: spec.training.forwardAfter && net.K > 0,
    carried: net.carried,
    ...(net.hasLoss ? { costBase: net.C } : {}),
    outputBases: net.outputs.map(net.y),
    iteration,
    stepsPerIteration: iteration(1).length,
    period: net.batch ? 1 : net.N,
  };
}

function describeNetwork(ex: Exercise, spec: NetworkSpec): Net {
  const n = ex.notation;
  const layers = spec.layers;
  const inputs = layers[0]!.neurons;
  const outputs = layers[layers.length - 1]!.neurons;
  const single = layers.slice(1).flatMap((l) => l.neurons).length === 1;
  const N = spec.examples.length;
  const multi = N > 1;
  const batch = spec.training.mode === 'batch';
  const incoming = new Map<string, Weight[]>();
  const outgoing = new Map<string, Weight[]>();
  for (const w of spec.weights) {
    incoming.set(w.to, [...(incoming.get(w.to) ?? []), w]);
    outgoing.set(w.from, [...(outgoing.get(w.from) ?? []), w]);
  }
  const params = [
    ...spec.weights.map((w) => ({ id: w.id, isBias: false })),
    ...(spec.training.updateBiases ? spec.biases.map((b) => ({ id: b.id, isBias: true })) : []),
  ];
  const named = (sym: string, neuron: string) => (single ? sym : `${sym}_${neuron}`);
  const suffixed = (base: string, e: number) => (multi ? `${base}[${e}]` : base);
  const tBase = (o: string) => (outputs.length === 1 ? n.target : `${n.target}_${o}`);
  return {
    spec,
    layers,
    inputs,
    outputs,
    N,
    multi,
    batch,
    K: spec.training.iterations,
    hasLoss: spec.loss !== undefined && spec.examples.every((e) => e.targets.size > 0),
    incoming,
    outgoing,
    biasOf: new Map(spec.biases.map((b) => [b.neuron, b])),
    params,
    carried: [...params.map((p) => p.id), ...(spec.training.momentum !== undefined ? params.map((p) => velocity(p.id)) : [])],
    z: (j) => named(n.preactivation, j),
    y: (j) => named(n.activation, j),
    xBase: (i) => `${n.input}_${i}`,
    xId: (i, e) => suffixed(`${n.input}_${i}`, e),
    tBase,
    tId: (o, e) => suffixed(tBase(o), e),
    E: n.error,
    C: multi && batch ? n.cost : n.error,
    rate: n.rate,
  };
}

const velocity = (p: string) => `v_${p}`;

/** Inputs and targets per example, parameters, the learning rate and the other constants. */
function givensOf(net: Net): Given[] {
  const { spec, multi } = net;
  const givens: Given[] = [];
  const exampleLatex = (base: string, e: number) => latexSuffix(latexName(base), 1, multi ? e : undefined);
  const ofExample = (e: number, word: string) => (multi ? ` ${word} example ${e}` : '');
  spec.examples.forEach((exm, i) => {
    const e = i + 1;
    for (const nn of net.inputs) {
      const id = net.xId(nn, e);
      givens.push({ id, symbol: id, latex: exampleLatex(net.xBase(nn), e), value: exm.inputs.get(nn)!, kind: 'input', describe: `input ${nn}${ofExample(e, 'of')}` });
    }
    for (const [o, t] of exm.targets) {
      const id = net.tId(o, e);
      givens.push({ id, symbol: id, latex: exampleLatex(net.tBase(o), e), value: t, kind: 'target', describe: `target of ${o}${ofExample(e, 'for')}` });
    }
  });
  for (const w of spec.weights) givens.push({ id: w.id, symbol: w.id, latex: latexName(w.id), value: w.value, kind: 'weight', describe: `weight from ${w.from} to ${w.to}` });
  for (const b of spec.biases) givens.push({ id: b.id, symbol: b.id, latex: latexName(b.id), value: b.value, kind: 'bias', describe: `bias of ${b.neuron}` });
  if (net.K === 0) return givens;
  const t = spec.training;
  const constant = (id: string, latex: string, value: string, describe: string): Given => ({ id, symbol: id, latex, value, kind: 'constant', describe });
  givens.push({ id: net.rate, symbol: net.rate, latex: latexName(net.rate), value: t.rate, kind: 'rate', describe: 'learning rate' });
  if (t.weightDecay !== undefined) givens.push(constant('lambda', '\\lambda', t.weightDecay, 'weight decay'));
  if (t.momentum !== undefined) {
    givens.push(constant('mu', '\\mu', t.momentum, 'momentum'));
    for (const p of net.params) givens.push(constant(velocity(p.id), `v_{${latexName(p.id)}}`, '0', `velocity of ${p.id} (starts at 0)`));
  }
  return givens;
}

function emitter(net: Net, k: number): Emitter {
  const steps: Step[] = [];
  const carriedSet = new Set(net.carried);
  return {
    k,
    steps,
    carriedRef: (id) => ref(k === 1 || !carriedSet.has(id) ? id : `${id}@${k}`),
    push(base, e, expr, role, phase, describe, latex, { form, ...extra } = {}) {
      const id = stepId(base, k, e);
      steps.push({ id, base, symbol: id, latex: latexSuffix(latex, k, e), phase, iteration: k, ...(e === undefined ? {} : { example: e }), expr, role, describe, ...extra, ...(form ? { form } : {}) });
      return ref(id);
    },
    pushNext(base, expr, role, describe, latex, param, form) {
      const id = `${base}@${k + 1}`;
      steps.push({ id, base, symbol: id, latex: `{${latex}}^{[${k + 1}]}`, phase: 'update', iteration: k, expr, role, describe, param, ...(form ? { form } : {}) });
      return ref(id);
    },
  };
}

/** Steps of iteration k; k = K + 1 (or any k when K = 0) is the forward pass and error only. */
function buildIteration(net: Net, k: number): Step[] {
  const em = emitter(net, k);
  const after = net.K > 0 && k === net.K + 1;
  const forwardOnly = after || net.K === 0;
  // Which examples this iteration sees: the whole batch, or one example in online training.
  const all = net.batch || forwardOnly;
  const examples = all ? net.spec.examples.map((_, i) => i + 1) : [((k - 1) % net.N) + 1];
  const views: ExampleView[] = examples.map((e) => {
    const tag = net.multi && all ? e : undefined;
    return { e, tag, sid: (b: string) => stepId(b, k, tag), grad: new Map() };
  });
  // All examples' forward passes first, then their errors: a batch reads as one table.
  for (const v of views) forwardPass(net, em, v, after ? 'after' : 'forward');
  if (net.hasLoss) lossSteps(net, em, views, after ? 'after' : 'loss');
  if (forwardOnly) return em.steps;
  if (net.spec.training.rule === 'gradient-descent') {
    for (const v of views) backwardPass(net, em, v);
    updateSteps(net, em, batchGradient(net, em, views));
  } else {
    learningRuleSteps(net, em, views[0]!);
  }
  return em.steps;
}

/** What flows into a weight: an input of the example, or an earlier neuron's output. */
const flowingIn = (net: Net, v: ExampleView) => (from: string) => (net.inputs.includes(from) ? ref(net.xId(from, v.e)) : ref(v.sid(net.y(from))));

function forwardPass(net: Net, em: Emitter, v: ExampleView, phase: Phase): void {
  const aRef = flowingIn(net, v);
  for (const layer of net.layers.slice(1)) {
    for (const j of layer.neurons) {
      const terms = (net.incoming.get(j) ?? []).map((w) => mul(aRef(w.from), em.carriedRef(w.id)));
      const b = net.biasOf.get(j);
      if (b) terms.push(net.spec.training.updateBiases ? em.carriedRef(b.id) : ref(b.id));
      const zr = em.push(net.z(j), v.tag, terms.length ? add(...terms) : num('0'), 'preactivation', phase, `weighted input of ${j}`, latexName(net.z(j)), { neuron: j });
      em.push(net.y(j), v.tag, activate(layer.activation, zr), 'activation', phase, `output of ${j}`, latexName(net.y(j)), { neuron: j });
    }
  }
}

/** (1/n) times a formula, the factor declared so diagnosis can take it away again; n = 1: none. */
function scaled(n: number, unscaled: Expr): { expr: Expr; form: StepForm | undefined } {
  if (n === 1) return { expr: unscaled, form: undefined };
  return { expr: mul(div(num('1'), num(String(n))), unscaled), form: { scaled: { n, unscaled } } };
}

function lossSteps(net: Net, em: Emitter, views: readonly ExampleView[], phase: Phase): void {
  const loss = net.spec.loss!;
  for (const { e, tag, sid } of views) {
    const squares = net.outputs.map((o) => {
      const t = ref(net.tId(o, e));
      const yo = ref(sid(net.y(o)));
      return pow(loss.difference === 'target-minus-output' ? sub(t, yo) : sub(yo, t), num('2'));
    });
    const sum = add(...squares);
    const half = scaled(loss.scale === 'half' ? 2 : 1, sum);
    em.push(net.E, tag, half.expr, 'error', phase, `error${tag ? ` of example ${e}` : ''}`, latexName(net.E), { form: half.form });
  }
  if (views.length > 1) {
    const terms = views.map((v) => ref(stepId(net.E, em.k, v.e)));
    const mean = loss.batch === 'mean';
    const cost = scaled(mean ? net.N : 1, add(...terms));
    em.push(net.C, undefined, cost.expr, 'cost', phase, mean ? `mean error over the ${net.N} examples` : `total error over the ${net.N} examples`, latexName(net.C), { form: cost.form });
  }
}

/** The chain rule, output layer first: dE/dy, dy/dz, dE/dz, then dz/dw and dE/dw per weight. */
function backwardPass(net: Net, em: Emitter, v: ExampleView): void {
  const last = net.layers.length - 1;
  for (let l = last; l >= 1; l--) {
    const layer = net.layers[l]!;
    for (const j of layer.neurons) {
      const dy = l === last ? outputErrorSlope(net, em, v, j) : hiddenErrorSlope(net, em, v, j);
      const slope = em.push(`d${net.y(j)}/d${net.z(j)}`, v.tag, activationDerivative(layer.activation, ref(v.sid(net.y(j))), ref(v.sid(net.z(j)))), 'dy/dz', 'backward', `slope of the activation of ${j}`, latexPartial(net.y(j), net.z(j)), { neuron: j });
      const delta = em.push(`d${net.E}/d${net.z(j)}`, v.tag, mul(dy, slope), 'delta', 'backward', `how the error changes with the weighted input of ${j} (its delta)`, latexPartial(net.E, net.z(j)), { neuron: j });
      parameterGradients(net, em, v, j, delta);
    }
  }
}

function outputErrorSlope(net: Net, em: Emitter, v: ExampleView, j: string): Expr {
  const t = ref(net.tId(j, v.e));
  const yj = ref(v.sid(net.y(j)));
  const loss = net.spec.loss!;
  const base = loss.difference === 'target-minus-output' ? neg(sub(t, yj)) : sub(yj, t);
  const expr = loss.scale === 'half' ? base : mul(num('2'), base);
  return em.push(`d${net.E}/d${net.y(j)}`, v.tag, expr, 'dE/dy-output', 'backward', `how the error changes with the output of ${j}`, latexPartial(net.E, net.y(j)), { neuron: j });
}

function hiddenErrorSlope(net: Net, em: Emitter, v: ExampleView, j: string): Expr {
  // A neuron with no weights onwards has no path to the error: its dE/dy is 0 (check warns about it).
  const paths = (net.outgoing.get(j) ?? []).map((w) => mul(ref(v.sid(`d${net.E}/d${net.z(w.to)}`)), em.carriedRef(w.id)));
  const expr = paths.length > 0 ? add(...paths) : num('0');
  const describe = `how the error changes with the output of ${j}, summed over the paths through the next layer`;
  return em.push(`d${net.E}/d${net.y(j)}`, v.tag, expr, 'dE/dy-hidden', 'backward', describe, latexPartial(net.E, net.y(j)), { neuron: j, form: paths.length > 1 ? { paths } : undefined });
}

function parameterGradients(net: Net, em: Emitter, v: ExampleView, j: string, delta: Expr): void {
  const aRef = flowingIn(net, v);
  const z = net.z(j);
  for (const w of net.incoming.get(j) ?? []) {
    const dzw = em.push(`d${z}/d${w.id}`, v.tag, aRef(w.from), 'dz/dw', 'backward', `how ${z} changes with ${w.id}: the value flowing in from ${w.from}`, latexPartial(z, w.id), { neuron: j, param: w.id });
    v.grad.set(w.id, em.push(`d${net.E}/d${w.id}`, v.tag, mul(delta, dzw), 'dE/dw', 'backward', `gradient of the error with respect to ${w.id}`, latexPartial(net.E, w.id), { neuron: j, param: w.id }));
  }
  const b = net.biasOf.get(j);
  if (b && net.spec.training.updateBiases) {
    v.grad.set(b.id, em.push(`d${net.E}/d${b.id}`, v.tag, delta, 'dE/db', 'backward', `gradient with respect to the bias of ${j} (its input is 1)`, latexPartial(net.E, b.id), { neuron: j, param: b.id }));
  }
}

/** The gradient of what is minimised: the example's error, or the batch cost. */
function batchGradient(net: Net, em: Emitter, views: readonly ExampleView[]): Map<string, Expr> {
  const gradient = new Map<string, Expr>();
  const mean = net.spec.loss!.batch === 'mean';
  for (const p of net.params) {
    if (views.length === 1) {
      gradient.set(p.id, views[0]!.grad.get(p.id)!);
      continue;
    }
    const terms = add(...views.map((x) => x.grad.get(p.id)!));
    const g = scaled(mean ? net.N : 1, terms);
    const describe = `gradient of the ${mean ? 'mean' : 'total'} error with respect to ${p.id}`;
    gradient.set(p.id, em.push(`d${net.C}/d${p.id}`, undefined, g.expr, 'batch-gradient', 'gradient', describe, latexPartial(net.C, p.id), { param: p.id, form: g.form }));
  }
  return gradient;
}

/** Gradient descent, with weight decay and momentum when the exercise has them. */
function updateSteps(net: Net, em: Emitter, gradient: ReadonlyMap<string, Expr>): void {
  const { weightDecay, momentum } = net.spec.training;
  for (const p of net.params) {
    let g = gradient.get(p.id)!;
    if (weightDecay !== undefined && !p.isBias) {
      g = em.push(`g_${p.id}`, undefined, add(g, mul(ref('lambda'), em.carriedRef(p.id))), 'regularised-gradient', 'update', `gradient of ${p.id} with weight decay`, `g_{${latexName(p.id)}}`, { param: p.id });
    }
    const change = mul(ref(net.rate), g);
    const current = em.carriedRef(p.id);
    if (momentum !== undefined) {
      const v = velocity(p.id);
      const from = mul(ref('mu'), em.carriedRef(v));
      const vNew = em.pushNext(v, sub(from, change), 'velocity', `velocity of ${p.id}`, `v_{${latexName(p.id)}}`, p.id, { descent: { from, change } });
      em.pushNext(p.id, add(current, vNew), 'new-param', `${p.id} after update ${em.k}`, latexName(p.id), p.id);
    } else {
      em.pushNext(p.id, sub(current, change), 'new-param', `${p.id} after update ${em.k}`, latexName(p.id), p.id, { descent: { from: current, change } });
    }
  }
}

/** Perceptron and delta rules: one layer of weights, online, w += eta (1/n) (t - y) x. */
function learningRuleSteps(net: Net, em: Emitter, v: ExampleView): void {
  const { e, sid } = v;
  const training = net.spec.training;
  const n = net.inputs.length;
  const divide = training.rule === 'delta' && training.divideByInputs;
  // eta (1/n) x r, as the rule is written; the 1/n is declared so diagnosis can drop it.
  const changeOf = ([rate, ...rest]: Expr[]) =>
    divide ? { expr: mul(rate!, div(num('1'), num(String(n))), ...rest), form: { scaled: { n, unscaled: mul(rate!, ...rest) } } } : { expr: mul(rate!, ...rest), form: undefined };
  for (const o of net.outputs) {
    const resBase = net.outputs.length === 1 ? 'residual' : `residual_${o}`;
    const r = em.push(resBase, undefined, sub(ref(net.tId(o, e)), ref(sid(net.y(o)))), 'residual', 'backward', `how far the output of ${o} is from its target (t - y)`, `(${latexName(net.tBase(o))} - ${latexName(net.y(o))})`, { neuron: o });
    const update = (id: string, factors: Expr[], describe: string) => {
      const c = changeOf(factors);
      const d = em.push(`delta_${id}`, undefined, c.expr, 'change', 'update', describe, `\\Delta ${latexName(id)}`, { neuron: o, param: id, form: c.form });
      em.pushNext(id, add(em.carriedRef(id), d), 'new-param', `${id} after update ${em.k}`, latexName(id), id);
    };
    for (const w of net.incoming.get(o) ?? []) update(w.id, [ref(net.rate), ref(net.xId(w.from, e)), r], `change of ${w.id}`);
    const b = net.biasOf.get(o);
    if (b && training.updateBiases) update(b.id, [ref(net.rate), r], `change of the bias ${b.id} (its input is 1)`);
  }
}

function activate(a: string, zr: Expr): Expr {
  switch (a) {
    case 'sigmoid':
      return unary('sigmoid', zr);
    case 'tanh':
      return unary('tanh', zr);
    case 'relu':
      return unary('relu', zr);
    case 'step':
      return unary('step', zr);
    default:
      return zr;
  }
}

/** The slope written as the textbooks do: through the output y where they can (y(1 - y)). */
function activationDerivative(a: string, yr: Expr, zr: Expr): Expr {
  switch (a) {
    case 'sigmoid':
      return mul(yr, sub(num('1'), yr));
    case 'tanh':
      return sub(num('1'), pow(yr, num('2')));
    case 'relu':
      // 1 for z > 0, else 0: one minus step(-z), since step(0) = 1
      return sub(num('1'), unary('step', neg(zr)));
    default:
      return num('1');
  }
}
