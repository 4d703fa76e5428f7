/**
 * Compiles a layered network into the steps the textbooks write, one builder per phase: per
 * neuron the weighted input and the activation (forward); the error (loss); the chain-rule
 * factors dE/dy, dy/dz, dE/dz, dz/dw and dE/dw (backward); the batch gradient; the update; and
 * optionally the forward pass again. The backward pass always uses the weights of the current
 * iteration; all parameters change together at its end.
 */
import { add, div, max, mul, neg, num, pow, ref, sub, unary } from './expr.js';
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
  /** The softmax's shift, the largest weighted input of the output layer. */
  readonly zMax: string;
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
    carried: [...params.map((p) => p.id), ...params.flatMap((p) => stateOf(spec, p.id).map((s) => s.id))],
    z: (j) => named(n.preactivation, j),
    zMax: `${n.preactivation}_max`,
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
const firstMoment = (p: string) => `m_${p}`;
const meanSquare = (p: string) => `s_${p}`;

/** What the optimiser carries per parameter from one update to the next, all starting at 0. */
function stateOf(spec: NetworkSpec, p: string): Array<{ id: string; latex: string; describe: string }> {
  const o = spec.training.optimiser;
  const lp = latexName(p);
  if (o.kind === 'adam') {
    return [
      { id: firstMoment(p), latex: `m_{${lp}}`, describe: `first moment (mean of the gradients) of ${p}, starts at 0` },
      { id: velocity(p), latex: `v_{${lp}}`, describe: `second moment (mean of the squared gradients) of ${p}, starts at 0` },
    ];
  }
  if (o.kind === 'rmsprop') return [{ id: meanSquare(p), latex: `s_{${lp}}`, describe: `mean square of the gradients of ${p}, starts at 0` }];
  return spec.training.momentum !== undefined ? [{ id: velocity(p), latex: `v_{${lp}}`, describe: `velocity of ${p} (starts at 0)` }] : [];
}

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
  if (t.momentum !== undefined) givens.push(constant('mu', '\\mu', t.momentum, 'momentum'));
  const o = t.optimiser;
  if (o.kind === 'adam') {
    givens.push(constant('beta1', '\\beta_1', o.beta1, 'decay of the first moment'), constant('beta2', '\\beta_2', o.beta2, 'decay of the second moment'));
  }
  if (o.kind === 'rmsprop') givens.push(constant('rho', '\\rho', o.rho, 'decay of the mean square'));
  if (o.kind !== 'sgd') givens.push(constant('epsilon', '\\epsilon', o.epsilon, 'added to the root in the denominator'));
  for (const p of net.params) for (const s of stateOf(spec, p.id)) givens.push(constant(s.id, s.latex, '0', s.describe));
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
    const weighted = (j: string) => {
      const terms = (net.incoming.get(j) ?? []).map((w) => mul(aRef(w.from), em.carriedRef(w.id)));
      const b = net.biasOf.get(j);
      if (b) terms.push(net.spec.training.updateBiases ? em.carriedRef(b.id) : ref(b.id));
      return em.push(net.z(j), v.tag, terms.length ? add(...terms) : num('0'), 'preactivation', phase, `weighted input of ${j}`, latexName(net.z(j)), { neuron: j });
    };
    if (layer.activation === 'softmax') {
      softmaxLayer(net, em, v, layer.neurons.map(weighted), phase);
      continue;
    }
    for (const j of layer.neurons) {
      const zr = weighted(j);
      em.push(net.y(j), v.tag, activate(layer, zr), 'activation', phase, `output of ${j}`, latexName(net.y(j)), { neuron: j });
    }
  }
}

/**
 * y_k = e^(z_k - m) / sum_j e^(z_j - m), m the largest z: the same value as e^z_k / sum e^z_j,
 * computed without an overflowing exponential, as a careful hand calculation shifts too.
 */
function softmaxLayer(net: Net, em: Emitter, v: ExampleView, zs: readonly Expr[], phase: Phase): void {
  const neurons = net.outputs;
  const m = em.push(net.zMax, v.tag, max(...zs), 'softmax-shift', phase, 'the largest weighted input, subtracted before exponentiating (softmax is unchanged by a shift)', `${latexName(net.zMax)}`);
  const exps = zs.map((z) => unary('exp', sub(z, m)));
  neurons.forEach((j, i) => {
    em.push(net.y(j), v.tag, div(exps[i]!, add(...exps)), 'activation', phase, `output of ${j}: its share of the softmax`, latexName(net.y(j)), { neuron: j });
  });
}

/** A squared error's difference, the way round the exercise writes it. */
function written(loss: NonNullable<NetworkSpec['loss']>, t: string, y: string): { first: string; second: string } {
  return loss.difference === 'target-minus-output' ? { first: t, second: y } : { first: y, second: t };
}

/** (1/n) times a formula, the factor declared so diagnosis can take it away again; n = 1: none. */
function scaled(n: number, unscaled: Expr): { expr: Expr; form: StepForm | undefined } {
  if (n === 1) return { expr: unscaled, form: undefined };
  return { expr: mul(div(num('1'), num(String(n))), unscaled), form: { scaled: { n, unscaled } } };
}

function lossSteps(net: Net, em: Emitter, views: readonly ExampleView[], phase: Phase): void {
  const loss = net.spec.loss!;
  for (const { e, tag, sid } of views) {
    const kind = loss.kind;
    if (kind !== 'squared') {
      const inner = add(...net.outputs.map((o) => logLikelihood(kind, ref(net.tId(o, e)), ref(sid(net.y(o))))));
      const what = kind === 'cross-entropy' ? 'cross-entropy' : 'binary cross-entropy';
      em.push(net.E, tag, neg(inner), 'error', phase, `${what} error${tag ? ` of example ${e}` : ''} (natural log, base e)`, latexName(net.E), { form: { negated: inner, naturalLog: true } });
      continue;
    }
    const differences = net.outputs.map((o) => written(loss, net.tId(o, e), sid(net.y(o))));
    const sum = add(...differences.map((d) => pow(sub(ref(d.first), ref(d.second)), num('2'))));
    const half = scaled(loss.scale === 'half' ? 2 : 1, sum);
    em.push(net.E, tag, half.expr, 'error', phase, `error${tag ? ` of example ${e}` : ''}`, latexName(net.E), { form: { ...half.form, differences } });
  }
  if (views.length > 1) {
    const terms = views.map((v) => ref(stepId(net.E, em.k, v.e)));
    const mean = loss.batch === 'mean';
    const cost = scaled(mean ? net.N : 1, add(...terms));
    const logs = loss.kind === 'squared' ? {} : { naturalLog: true as const };
    const form = cost.form || loss.kind !== 'squared' ? { ...cost.form, ...logs } : undefined;
    em.push(net.C, undefined, cost.expr, 'cost', phase, mean ? `mean error over the ${net.N} examples` : `total error over the ${net.N} examples`, latexName(net.C), { form });
  }
}

/** The chain rule, output layer first: dE/dy, dy/dz, dE/dz, then dz/dw and dE/dw per weight. */
function backwardPass(net: Net, em: Emitter, v: ExampleView): void {
  const last = net.layers.length - 1;
  for (let l = last; l >= 1; l--) {
    const layer = net.layers[l]!;
    if (l === last && net.spec.loss!.route === 'combined') {
      for (const j of layer.neurons) parameterGradients(net, em, v, j, combinedDelta(net, em, v, j));
      continue;
    }
    if (l === last && layer.activation === 'softmax') {
      softmaxChain(net, em, v);
      continue;
    }
    for (const j of layer.neurons) {
      const dy = l === last ? outputErrorSlope(net, em, v, j) : hiddenErrorSlope(net, em, v, j);
      const slope = em.push(`d${net.y(j)}/d${net.z(j)}`, v.tag, activationDerivative(layer, ref(v.sid(net.y(j))), ref(v.sid(net.z(j)))), 'dy/dz', 'backward', `slope of the activation of ${j}${KINKS[layer.activation] ?? ''}`, latexPartial(net.y(j), net.z(j)), { neuron: j });
      const delta = em.push(`d${net.E}/d${net.z(j)}`, v.tag, mul(dy, slope), 'delta', 'backward', `how the error changes with the weighted input of ${j} (its delta)`, latexPartial(net.E, net.z(j)), { neuron: j });
      parameterGradients(net, em, v, j, delta);
    }
  }
}

/** dE/dz_k = y_k - t_k at once: the softmax (or sigmoid) slope and the log's 1/y cancel. */
function combinedDelta(net: Net, em: Emitter, v: ExampleView, j: string): Expr {
  const t = net.tId(j, v.e);
  const y = v.sid(net.y(j));
  const describe = `how the error changes with the weighted input of ${j} (its delta): y - t, the activation's slope and the log's 1/y cancelled`;
  return em.push(`d${net.E}/d${net.z(j)}`, v.tag, sub(ref(y), ref(t)), 'delta', 'backward', describe, latexPartial(net.E, net.z(j)), { neuron: j, form: { combined: { output: y, target: t }, differences: [{ first: y, second: t }] } });
}

/**
 * The full chain through the softmax: dE/dy_k for every output, the Jacobian dy_k/dz_j (its
 * diagonal y_k (1 - y_k) and its cross terms -y_k y_j), and dE/dz_j = sum_k dE/dy_k dy_k/dz_j.
 */
function softmaxChain(net: Net, em: Emitter, v: ExampleView): void {
  const outs = net.outputs;
  const dEdy = new Map(outs.map((k) => [k, outputErrorSlope(net, em, v, k)] as const));
  const yRef = (k: string) => ref(v.sid(net.y(k)));
  const jacobian = new Map<string, Expr>();
  for (const k of outs) {
    for (const j of outs) {
      const id = `d${net.y(k)}/d${net.z(j)}`;
      const latex = latexPartial(net.y(k), net.z(j));
      const entry =
        k === j
          ? em.push(id, v.tag, mul(yRef(k), sub(num('1'), yRef(k))), 'dy/dz', 'backward', `slope of the softmax output ${k} with its own weighted input`, latex, { neuron: k })
          : em.push(id, v.tag, neg(mul(yRef(k), yRef(j))), 'jacobian-cross', 'backward', `how the softmax output ${k} changes with the weighted input of ${j} (a cross term: -y_${k} y_${j})`, latex, { neuron: k });
      jacobian.set(`${k}|${j}`, entry);
    }
  }
  for (const j of outs) {
    const terms = outs.map((k) => mul(dEdy.get(k)!, jacobian.get(`${k}|${j}`)!));
    const delta = em.push(`d${net.E}/d${net.z(j)}`, v.tag, add(...terms), 'delta', 'backward', `how the error changes with the weighted input of ${j} (its delta): through every softmax output`, latexPartial(net.E, net.z(j)), { neuron: j });
    parameterGradients(net, em, v, j, delta);
  }
}

function outputErrorSlope(net: Net, em: Emitter, v: ExampleView, j: string): Expr {
  const t = ref(net.tId(j, v.e));
  const yj = ref(v.sid(net.y(j)));
  const loss = net.spec.loss!;
  if (loss.kind !== 'squared') {
    // d/dy of -t ln y is -t/y; of -(1 - t) ln(1 - y) it is +(1 - t)/(1 - y).
    const inner = loss.kind === 'cross-entropy' ? div(t, yj) : sub(div(t, yj), div(sub(num('1'), t), sub(num('1'), yj)));
    return em.push(`d${net.E}/d${net.y(j)}`, v.tag, neg(inner), 'dE/dy-output', 'backward', `how the error changes with the output of ${j} (d ln y/dy = 1/y)`, latexPartial(net.E, net.y(j)), { neuron: j, form: { negated: inner, naturalLog: true } });
  }
  const d = written(loss, net.tId(j, v.e), v.sid(net.y(j)));
  const base = loss.difference === 'target-minus-output' ? neg(sub(t, yj)) : sub(yj, t);
  const expr = loss.scale === 'half' ? base : mul(num('2'), base);
  return em.push(`d${net.E}/d${net.y(j)}`, v.tag, expr, 'dE/dy-output', 'backward', `how the error changes with the output of ${j}`, latexPartial(net.E, net.y(j)), { neuron: j, form: { differences: [d] } });
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
  const { weightDecay, momentum, optimiser } = net.spec.training;
  for (const p of net.params) {
    let g = gradient.get(p.id)!;
    if (weightDecay !== undefined && !p.isBias) {
      g = em.push(`g_${p.id}`, undefined, add(g, mul(ref('lambda'), em.carriedRef(p.id))), 'regularised-gradient', 'update', `gradient of ${p.id} with weight decay`, `g_{${latexName(p.id)}}`, { param: p.id });
    }
    if (optimiser.kind === 'adam') {
      adamUpdate(net, em, p.id, g);
      continue;
    }
    if (optimiser.kind === 'rmsprop') {
      rmspropUpdate(net, em, p.id, g);
      continue;
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

/** A moving average: decay times the old value plus (1 - decay) times the new one. */
const average = (decay: string, old: Expr, x: Expr) => add(mul(ref(decay), old), mul(sub(num('1'), ref(decay)), x));

/** p - rate numerator / (sqrt(second) + epsilon), its parts declared for diagnosis. */
function adaptiveStep(net: Net, em: Emitter, p: string, numerator: Expr, second: Expr): void {
  const from = em.carriedRef(p);
  const rate = ref(net.rate);
  const epsilon = ref('epsilon');
  const change = div(mul(rate, numerator), add(unary('sqrt', second), epsilon));
  em.pushNext(p, sub(from, change), 'new-param', `${p} after update ${em.k}`, latexName(p), p, { descent: { from, change }, adaptive: { from, rate, numerator, second, epsilon } });
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1), with t = k the number of this update: m and v are moving
 * averages of the gradient and of its square; dividing by 1 - beta^k corrects their start at 0.
 */
function adamUpdate(net: Net, em: Emitter, p: string, g: Expr): void {
  const lp = latexName(p);
  const k = String(em.k);
  const m = em.pushNext(firstMoment(p), average('beta1', em.carriedRef(firstMoment(p)), g), 'first-moment', `first moment of ${p}: beta1 m + (1 - beta1) g`, `m_{${lp}}`, p);
  const v = em.pushNext(velocity(p), average('beta2', em.carriedRef(velocity(p)), pow(g, num('2'))), 'second-moment', `second moment of ${p}: beta2 v + (1 - beta2) g^2`, `v_{${lp}}`, p);
  const corrected = (base: string, raw: Expr, beta: string, latex: string, what: string) =>
    em.push(base, undefined, div(raw, sub(num('1'), pow(ref(beta), num(k)))), 'corrected-moment', 'update', `${what} of ${p}, bias-corrected: divided by 1 - ${beta}^${k}`, latex, { param: p, form: { corrected: { raw } } });
  const mHat = corrected(`mhat_${p}`, m, 'beta1', `\\hat{m}_{${lp}}`, 'first moment');
  const vHat = corrected(`vhat_${p}`, v, 'beta2', `\\hat{v}_{${lp}}`, 'second moment');
  adaptiveStep(net, em, p, mHat, vHat);
}

/** RMSProp: s is a moving average of the squared gradient; the step divides by its root. */
function rmspropUpdate(net: Net, em: Emitter, p: string, g: Expr): void {
  const s = em.pushNext(meanSquare(p), average('rho', em.carriedRef(meanSquare(p)), pow(g, num('2'))), 'second-moment', `mean square of the gradients of ${p}: rho s + (1 - rho) g^2`, `s_{${latexName(p)}}`, p);
  adaptiveStep(net, em, p, g, s);
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
    const [t, y] = [net.tId(o, e), sid(net.y(o))];
    const r = em.push(resBase, undefined, sub(ref(t), ref(y)), 'residual', 'backward', `how far the output of ${o} is from its target (t - y)`, `(${latexName(net.tBase(o))} - ${latexName(net.y(o))})`, { neuron: o, form: { differences: [{ first: t, second: y }] } });
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

/** The derivative convention at a kink, said in the solution text. */
const KINKS: Partial<Record<Layer['activation'], string>> = {
  relu: ' (at z = 0 the slope is taken as 0)',
  'leaky-relu': ' (at z = 0 the slope is taken as the leaky slope a)',
  step: ' (0 everywhere; undefined at z = 0)',
};

/** -[t ln y] for a category, -[t ln y + (1 - t) ln(1 - y)] for a binary output, without the minus. */
function logLikelihood(kind: 'cross-entropy' | 'binary-cross-entropy', t: Expr, y: Expr): Expr {
  const own = mul(t, unary('ln', y));
  return kind === 'cross-entropy' ? own : add(own, mul(sub(num('1'), t), unary('ln', sub(num('1'), y))));
}

function activate(layer: Layer, zr: Expr): Expr {
  switch (layer.activation) {
    case 'leaky-relu':
      // relu(z) - a relu(-z): z above 0, a z below
      return sub(unary('relu', zr), mul(num(layer.slope ?? '0.01'), unary('relu', neg(zr))));
    case 'softplus':
      return unary('softplus', zr);
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

/**
 * The slope written as the textbooks do: through the output y where they can (y(1 - y)). At a
 * kink the left slope is taken: relu'(0) = 0, leaky-relu'(0) = a (docs/authoring.md).
 */
function activationDerivative(layer: Layer, yr: Expr, zr: Expr): Expr {
  switch (layer.activation) {
    case 'leaky-relu':
      // 1 for z > 0, else a: 1 - (1 - a) step(-z), since step(0) = 1
      return sub(num('1'), mul(sub(num('1'), num(layer.slope ?? '0.01')), unary('step', neg(zr))));
    case 'softplus':
      return unary('sigmoid', zr);
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
