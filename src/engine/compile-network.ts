/**
 * Compiles a layered network into the steps the textbooks write: per neuron the weighted input
 * and the activation; the error; backward the chain-rule factors dE/dy, dy/dz, dE/dz, dz/dw and
 * dE/dw; the batch gradient; the update; and optionally the forward pass again. The backward pass
 * always uses the weights of the current iteration; all parameters change together at its end.
 */
import { add, div, mul, neg, num, pow, ref, sub, unary } from './expr.js';
import type { Expr } from './expr.js';
import type { Exercise, NetworkSpec, Weight, Bias } from './model.js';
import { latexName, latexPartial, latexSuffix } from './naming.js';
import { stepId } from './plan.js';
import type { Given, Phase, Plan, Role, Step } from './plan.js';

export function compileNetwork(ex: Exercise, spec: NetworkSpec): Plan {
  const n = ex.notation;
  const layers = spec.layers;
  const inputLayer = layers[0]!;
  const outputLayer = layers[layers.length - 1]!;
  const computed = layers.slice(1).flatMap((l) => l.neurons);
  const single = computed.length === 1;
  const N = spec.examples.length;
  const multi = N > 1;
  const batch = spec.training.mode === 'batch';
  const gd = spec.training.rule === 'gradient-descent';
  const hasTargets = spec.examples.every((e) => e.targets.size > 0);
  const hasLoss = spec.loss !== undefined && hasTargets;
  const K = spec.training.iterations;

  const incoming = new Map<string, Weight[]>();
  const outgoing = new Map<string, Weight[]>();
  for (const w of spec.weights) {
    incoming.set(w.to, [...(incoming.get(w.to) ?? []), w]);
    outgoing.set(w.from, [...(outgoing.get(w.from) ?? []), w]);
  }
  const biasOf = new Map<string, Bias>(spec.biases.map((b) => [b.neuron, b]));
  const activationOf = new Map<string, (typeof layers)[number]['activation']>();
  layers.slice(1).forEach((l) => l.neurons.forEach((nn) => activationOf.set(nn, l.activation)));

  // Names in the exercise's notation.
  const named = (sym: string, neuron: string) => (single ? sym : `${sym}_${neuron}`);
  const z = (j: string) => named(n.preactivation, j);
  const y = (j: string) => named(n.activation, j);
  const exampleSuffix = (base: string, e: number) => (multi ? `${base}[${e}]` : base);
  const xId = (i: string, e: number) => exampleSuffix(`${n.input}_${i}`, e);
  const tBase = (o: string) => (outputLayer.neurons.length === 1 ? n.target : `${n.target}_${o}`);
  const tId = (o: string, e: number) => exampleSuffix(tBase(o), e);
  const E = n.error;
  const C = multi && batch ? n.cost : E;
  const rate = n.rate;

  // Givens: inputs and targets per example, parameters, the learning rate and the other constants.
  const givens: Given[] = [];
  spec.examples.forEach((exm, i) => {
    const e = i + 1;
    for (const nn of inputLayer.neurons) {
      givens.push({ id: xId(nn, e), symbol: xId(nn, e), latex: latexSuffix(latexName(`${n.input}_${nn}`), 1, multi ? e : undefined), value: exm.inputs.get(nn)!, kind: 'input', describe: `input ${nn}${multi ? ` of example ${e}` : ''}` });
    }
    for (const [o, t] of exm.targets) {
      givens.push({ id: tId(o, e), symbol: tId(o, e), latex: latexSuffix(latexName(tBase(o)), 1, multi ? e : undefined), value: t, kind: 'target', describe: `target of ${o}${multi ? ` for example ${e}` : ''}` });
    }
  });
  for (const w of spec.weights) givens.push({ id: w.id, symbol: w.id, latex: latexName(w.id), value: w.value, kind: 'weight', describe: `weight from ${w.from} to ${w.to}` });
  for (const b of spec.biases) givens.push({ id: b.id, symbol: b.id, latex: latexName(b.id), value: b.value, kind: 'bias', describe: `bias of ${b.neuron}` });
  const learns = K > 0;
  if (learns) givens.push({ id: rate, symbol: rate, latex: latexName(rate), value: spec.training.rate, kind: 'rate', describe: 'learning rate' });
  const decay = spec.training.weightDecay;
  const momentum = spec.training.momentum;
  if (learns && decay !== undefined) givens.push({ id: 'lambda', symbol: 'lambda', latex: '\\lambda', value: decay, kind: 'constant', describe: 'weight decay' });
  if (learns && momentum !== undefined) givens.push({ id: 'mu', symbol: 'mu', latex: '\\mu', value: momentum, kind: 'constant', describe: 'momentum' });

  const params: Array<{ id: string; isBias: boolean }> = [
    ...spec.weights.map((w) => ({ id: w.id, isBias: false })),
    ...(spec.training.updateBiases ? spec.biases.map((b) => ({ id: b.id, isBias: true })) : []),
  ];
  const velocity = (p: string) => `v_${p}`;
  if (learns && momentum !== undefined) {
    for (const p of params) givens.push({ id: velocity(p.id), symbol: velocity(p.id), latex: `v_{${latexName(p.id)}}`, value: '0', kind: 'constant', describe: `velocity of ${p.id} (starts at 0)` });
  }
  const carried = [...params.map((p) => p.id), ...(momentum !== undefined ? params.map((p) => velocity(p.id)) : [])];
  const carriedSet = new Set(carried);

  const outputBases = outputLayer.neurons.map(y);

  function iteration(k: number): Step[] {
    const steps: Step[] = [];
    // After the last update (or with no updates at all) only the forward pass and the error remain.
    const after = K > 0 && k === K + 1;
    const forwardOnly = after || K === 0;
    const carriedRef = (id: string) => ref(k === 1 || !carriedSet.has(id) ? id : `${id}@${k}`);
    const push = (base: string, e: number | undefined, expr: Expr, role: Role, phase: Phase, describe: string, latex: string, extra: { neuron?: string; param?: string } = {}) => {
      const id = stepId(base, k, e);
      steps.push({ id, base, symbol: id, latex: latexSuffix(latex, k, e), phase, iteration: k, ...(e === undefined ? {} : { example: e }), expr, role, describe, ...extra });
      return ref(id);
    };

    // Which examples this iteration sees: the whole batch, or one example in online training.
    const examples = batch || forwardOnly ? spec.examples.map((_, i) => i + 1) : [((k - 1) % N) + 1];
    const showExample = (e: number) => (multi && (batch || forwardOnly) ? e : undefined);
    const perExample: Array<{ e: number; tag: number | undefined; sid: (b: string) => string; grad: Map<string, Expr> }> = [];

    for (const e of examples) {
      const tag = showExample(e);
      const sid = (b: string) => stepId(b, k, tag);
      const aRef = (from: string) => (inputLayer.neurons.includes(from) ? ref(xId(from, e)) : ref(sid(y(from))));
      const fwd: Phase = after ? 'after' : 'forward';
      for (const layer of layers.slice(1)) {
        for (const j of layer.neurons) {
          const terms = (incoming.get(j) ?? []).map((w) => mul(aRef(w.from), carriedRef(w.id)));
          const b = biasOf.get(j);
          if (b) terms.push(spec.training.updateBiases ? carriedRef(b.id) : ref(b.id));
          const zr = push(z(j), tag, terms.length ? add(...terms) : num('0'), 'preactivation', fwd, `weighted input of ${j}`, latexName(z(j)), { neuron: j });
          push(y(j), tag, activate(layer.activation, zr), 'activation', fwd, `output of ${j}`, latexName(y(j)), { neuron: j });
        }
      }
      perExample.push({ e, tag, sid, grad: new Map() });
    }
    // All examples' forward passes first, then their errors: a batch reads as one table.
    for (const { e, tag, sid } of perExample) {
      if (hasLoss) {
        const loss = spec.loss;
        const squares = outputLayer.neurons.map((o) => {
          const t = ref(tId(o, e));
          const yo = ref(sid(y(o)));
          return pow(loss.difference === 'target-minus-output' ? sub(t, yo) : sub(yo, t), num('2'));
        });
        const sum = add(...squares);
        push(E, tag, loss.scale === 'half' ? mul(div(num('1'), num('2')), sum) : sum, 'error', after ? 'after' : 'loss', `error${tag ? ` of example ${e}` : ''}`, latexName(E));
      }
    }
    if (hasLoss && multi && (batch || forwardOnly)) {
      const terms = examples.map((e) => ref(stepId(E, k, e)));
      push(C, undefined, spec.loss.batch === 'mean' ? mul(div(num('1'), num(String(N))), add(...terms)) : add(...terms), 'cost', after ? 'after' : 'loss', spec.loss.batch === 'mean' ? `mean error over the ${N} examples` : `total error over the ${N} examples`, latexName(C));
    }
    if (forwardOnly) return steps;

    if (gd) {
      for (const { e, tag, sid, grad } of perExample) {
        const aRef = (from: string) => (inputLayer.neurons.includes(from) ? ref(xId(from, e)) : ref(sid(y(from))));
        for (let l = layers.length - 1; l >= 1; l--) {
          const layer = layers[l]!;
          for (const j of layer.neurons) {
            const yj = ref(sid(y(j)));
            let dEdy: Expr;
            if (l === layers.length - 1) {
              const t = ref(tId(j, e));
              const loss = spec.loss!;
              const base = loss.difference === 'target-minus-output' ? neg(sub(t, yj)) : sub(yj, t);
              dEdy = loss.scale === 'half' ? base : mul(num('2'), base);
            } else {
              // A neuron with no weights onwards has no path to the error: its dE/dy is 0 (check warns about it).
              const paths = (outgoing.get(j) ?? []).map((w) => mul(ref(sid(`d${E}/d${z(w.to)}`)), carriedRef(w.id)));
              dEdy = paths.length > 0 ? add(...paths) : num('0');
            }
            const outputLayerNeuron = l === layers.length - 1;
            const dy = push(`d${E}/d${y(j)}`, tag, dEdy, outputLayerNeuron ? 'dE/dy-output' : 'dE/dy-hidden', 'backward', outputLayerNeuron ? `how the error changes with the output of ${j}` : `how the error changes with the output of ${j}, summed over the paths through the next layer`, latexPartial(E, y(j)), { neuron: j });
            const dyz = push(`d${y(j)}/d${z(j)}`, tag, activationDerivative(layer.activation, yj, ref(sid(z(j)))), 'dy/dz', 'backward', `slope of the activation of ${j}`, latexPartial(y(j), z(j)), { neuron: j });
            const delta = push(`d${E}/d${z(j)}`, tag, mul(dy, dyz), 'delta', 'backward', `how the error changes with the weighted input of ${j} (its delta)`, latexPartial(E, z(j)), { neuron: j });
            for (const w of incoming.get(j) ?? []) {
              const dzw = push(`d${z(j)}/d${w.id}`, tag, aRef(w.from), 'dz/dw', 'backward', `how ${z(j)} changes with ${w.id}: the value flowing in from ${w.from}`, latexPartial(z(j), w.id), { neuron: j, param: w.id });
              grad.set(w.id, push(`d${E}/d${w.id}`, tag, mul(delta, dzw), 'dE/dw', 'backward', `gradient of the error with respect to ${w.id}`, latexPartial(E, w.id), { neuron: j, param: w.id }));
            }
            const b = biasOf.get(j);
            if (b && spec.training.updateBiases) {
              grad.set(b.id, push(`d${E}/d${b.id}`, tag, delta, 'dE/db', 'backward', `gradient with respect to the bias of ${j} (its input is 1)`, latexPartial(E, b.id), { neuron: j, param: b.id }));
            }
          }
        }
      }
      // The gradient of what is minimised: the example's error, or the batch cost.
      const gradient = new Map<string, Expr>();
      for (const p of params) {
        if (perExample.length === 1) {
          gradient.set(p.id, perExample[0]!.grad.get(p.id)!);
        } else {
          const terms = perExample.map((x) => x.grad.get(p.id)!);
          const expr = spec.loss!.batch === 'mean' ? mul(div(num('1'), num(String(N))), add(...terms)) : add(...terms);
          gradient.set(p.id, push(`d${C}/d${p.id}`, undefined, expr, 'batch-gradient', 'gradient', `gradient of the ${spec.loss!.batch === 'mean' ? 'mean' : 'total'} error with respect to ${p.id}`, latexPartial(C, p.id), { param: p.id }));
        }
      }
      for (const p of params) {
        let g = gradient.get(p.id)!;
        if (decay !== undefined && !p.isBias) {
          g = push(`g_${p.id}`, undefined, add(g, mul(ref('lambda'), carriedRef(p.id))), 'regularised-gradient', 'update', `gradient of ${p.id} with weight decay`, `g_{${latexName(p.id)}}`, { param: p.id });
        }
        const step = mul(ref(rate), g);
        if (momentum !== undefined) {
          const v = velocity(p.id);
          const vNew = pushNext(v, sub(mul(ref('mu'), carriedRef(v)), step), 'velocity', `velocity of ${p.id}`, `v_{${latexName(p.id)}}`, p.id);
          pushNext(p.id, add(carriedRef(p.id), vNew), 'new-param', `${p.id} after update ${k}`, latexName(p.id), p.id);
        } else {
          pushNext(p.id, sub(carriedRef(p.id), step), 'new-param', `${p.id} after update ${k}`, latexName(p.id), p.id);
        }
      }
    } else {
      // Perceptron and delta rules: one layer of weights, online, w += eta (1/n) (t - y) x.
      const { e, sid } = perExample[0]!;
      const nInputs = inputLayer.neurons.length;
      for (const o of outputLayer.neurons) {
        const resBase = outputLayer.neurons.length === 1 ? 'residual' : `residual_${o}`;
        const r = push(resBase, undefined, sub(ref(tId(o, e)), ref(sid(y(o)))), 'residual', 'backward', `how far the output of ${o} is from its target (t - y)`, `(${latexName(tBase(o))} - ${latexName(y(o))})`, { neuron: o });
        const factor = spec.training.rule === 'delta' && spec.training.divideByInputs ? [div(num('1'), num(String(nInputs)))] : [];
        for (const w of incoming.get(o) ?? []) {
          const d = push(`delta_${w.id}`, undefined, mul(ref(rate), ...factor, ref(xId(w.from, e)), r), 'change', 'update', `change of ${w.id}`, `\\Delta ${latexName(w.id)}`, { neuron: o, param: w.id });
          pushNext(w.id, add(carriedRef(w.id), d), 'new-param', `${w.id} after update ${k}`, latexName(w.id), w.id);
        }
        const b = biasOf.get(o);
        if (b && spec.training.updateBiases) {
          const d = push(`delta_${b.id}`, undefined, mul(ref(rate), ...factor, r), 'change', 'update', `change of the bias ${b.id} (its input is 1)`, `\\Delta ${latexName(b.id)}`, { neuron: o, param: b.id });
          pushNext(b.id, add(carriedRef(b.id), d), 'new-param', `${b.id} after update ${k}`, latexName(b.id), b.id);
        }
      }
    }
    return steps;

    function pushNext(base: string, expr: Expr, role: Role, describe: string, latex: string, param: string): Expr {
      const id = `${base}@${k + 1}`;
      steps.push({ id, base, symbol: id, latex: `{${latex}}^{[${k + 1}]}`, phase: 'update', iteration: k, expr, role, describe, param });
      return ref(id);
    }
  }

  const stepsPerIteration = iteration(1).length;
  return {
    exerciseId: ex.id,
    givens,
    iterations: K,
    forwardAfter: spec.training.forwardAfter && K > 0,
    carried,
    ...(hasLoss ? { costBase: C } : {}),
    outputBases,
    iteration,
    stepsPerIteration,
    period: batch ? 1 : N,
  };
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
