/**
 * The backward pass of a network: per neuron dE/dy, dy/dz, dE/dz, then dz/dw and dE/dw per
 * weight; through a softmax the whole Jacobian, or the combined dE/dz = y - t; and the batch
 * gradient. Slopes at a kink take the left slope (docs/authoring.md).
 */
import { add, div, mul, neg, num, ref, sub } from './expr.js';
import type { Expr } from './expr.js';
import type { Layer } from './model.js';
import { activationOf } from './operations/table.js';
import { latexPartial, neuronLabel } from './tex-names.js';
import { flowingIn, scaled, written } from './network-context.js';
import type { Net, Emitter, ExampleView } from './network-context.js';

/** The chain rule, output layer first: dE/dy, dy/dz, dE/dz, then dz/dw and dE/dw per weight. */
export function backwardPass(net: Net, em: Emitter, v: ExampleView): void {
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
      const slope = em.push(
        `d${net.y(j)}/d${net.z(j)}`,
        v.tag,
        activationDerivative(layer, ref(v.sid(net.y(j))), ref(v.sid(net.z(j)))),
        'dy/dz',
        'backward',
        `slope of the activation of ${neuronLabel(j)}${activationOf(layer.activation).kink ?? ''}`,
        latexPartial(net.y(j), net.z(j)),
        { neuron: j },
      );
      const delta = em.push(
        `d${net.E}/d${net.z(j)}`,
        v.tag,
        mul(dy, slope),
        'delta',
        'backward',
        `how the error changes with the weighted input of ${neuronLabel(j)} (its delta)`,
        latexPartial(net.E, net.z(j)),
        { neuron: j },
      );
      parameterGradients(net, em, v, j, delta);
    }
  }
}

/** dE/dz_k = y_k - t_k at once: the softmax (or sigmoid) slope and the log's 1/y cancel. */
function combinedDelta(net: Net, em: Emitter, v: ExampleView, j: string): Expr {
  const t = net.tId(j, v.e);
  const y = v.sid(net.y(j));
  const describe =
    `how the error changes with the weighted input of ${neuronLabel(j)} (its delta): y ` +
    `- t, the activation's slope and the log's 1/y cancelled`;
  return em.push(
    `d${net.E}/d${net.z(j)}`,
    v.tag,
    sub(ref(y), ref(t)),
    'delta',
    'backward',
    describe,
    latexPartial(net.E, net.z(j)),
    { neuron: j, form: { combined: { output: y, target: t }, differences: [{ first: y, second: t }] } },
  );
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
          ? em.push(
              id,
              v.tag,
              mul(yRef(k), sub(num('1'), yRef(k))),
              'dy/dz',
              'backward',
              `slope of the softmax output ${neuronLabel(k)} with its own weighted input`,
              latex,
              { neuron: k },
            )
          : em.push(
              id,
              v.tag,
              neg(mul(yRef(k), yRef(j))),
              'jacobian-cross',
              'backward',
              `how the softmax output ${neuronLabel(k)} changes with the weighted input of ${neuronLabel(j)} (a cross term: -y_${k} y_${j})`,
              latex,
              { neuron: k },
            );
      jacobian.set(`${k}|${j}`, entry);
    }
  }
  for (const j of outs) {
    const terms = outs.map((k) => mul(dEdy.get(k)!, jacobian.get(`${k}|${j}`)!));
    const delta = em.push(
      `d${net.E}/d${net.z(j)}`,
      v.tag,
      add(...terms),
      'delta',
      'backward',
      `how the error changes with the weighted input of ${neuronLabel(j)} (its delta): through every softmax output`,
      latexPartial(net.E, net.z(j)),
      { neuron: j },
    );
    parameterGradients(net, em, v, j, delta);
  }
}

function outputErrorSlope(net: Net, em: Emitter, v: ExampleView, j: string): Expr {
  const t = ref(net.tId(j, v.e));
  const yj = ref(v.sid(net.y(j)));
  const loss = net.spec.loss!;
  if (loss.kind !== 'squared') {
    // d/dy of -t ln y is -t/y; of -(1 - t) ln(1 - y) it is +(1 - t)/(1 - y).
    const inner =
      loss.kind === 'cross-entropy' ? div(t, yj) : sub(div(t, yj), div(sub(num('1'), t), sub(num('1'), yj)));
    return em.push(
      `d${net.E}/d${net.y(j)}`,
      v.tag,
      neg(inner),
      'dE/dy-output',
      'backward',
      `how the error changes with the output of ${neuronLabel(j)} (d ln y/dy = 1/y)`,
      latexPartial(net.E, net.y(j)),
      { neuron: j, form: { negated: inner, naturalLog: true } },
    );
  }
  const d = written(loss, net.tId(j, v.e), v.sid(net.y(j)));
  const base = loss.difference === 'target-minus-output' ? neg(sub(t, yj)) : sub(yj, t);
  const expr = loss.scale === 'half' ? base : mul(num('2'), base);
  return em.push(
    `d${net.E}/d${net.y(j)}`,
    v.tag,
    expr,
    'dE/dy-output',
    'backward',
    `how the error changes with the output of ${neuronLabel(j)}`,
    latexPartial(net.E, net.y(j)),
    { neuron: j, form: { differences: [d] } },
  );
}

function hiddenErrorSlope(net: Net, em: Emitter, v: ExampleView, j: string): Expr {
  // A neuron with no weights onwards has no path to the error: its dE/dy is 0 (check warns about it).
  const paths = (net.outgoing.get(j) ?? []).map((w) =>
    mul(ref(v.sid(`d${net.E}/d${net.z(w.to)}`)), em.carriedRef(w.id)),
  );
  const expr = paths.length > 0 ? add(...paths) : num('0');
  const describe = `how the error changes with the output of ${neuronLabel(j)}, summed over the paths through the next layer`;
  return em.push(
    `d${net.E}/d${net.y(j)}`,
    v.tag,
    expr,
    'dE/dy-hidden',
    'backward',
    describe,
    latexPartial(net.E, net.y(j)),
    { neuron: j, form: paths.length > 1 ? { paths } : undefined },
  );
}

function parameterGradients(net: Net, em: Emitter, v: ExampleView, j: string, delta: Expr): void {
  const aRef = flowingIn(net, v);
  const z = net.z(j);
  for (const w of net.incoming.get(j) ?? []) {
    const dzw = em.push(
      `d${z}/d${w.id}`,
      v.tag,
      aRef(w.from),
      'dz/dw',
      'backward',
      `how ${z} changes with ${w.id}: the value flowing in from ${neuronLabel(w.from)}`,
      latexPartial(z, w.id),
      { neuron: j, param: w.id },
    );
    v.grad.set(
      w.id,
      em.push(
        `d${net.E}/d${w.id}`,
        v.tag,
        mul(delta, dzw),
        'dE/dw',
        'backward',
        `gradient of the error with respect to ${w.id}`,
        latexPartial(net.E, w.id),
        { neuron: j, param: w.id },
      ),
    );
  }
  const b = net.biasOf.get(j);
  // A bias shared by a layer: one step, after its last neuron, summing the deltas of them all.
  if (b?.shared && b.shared[b.shared.length - 1] !== j) return;
  if (b && net.spec.training.updateBiases) {
    v.grad.set(
      b.id,
      em.push(
        `d${net.E}/d${b.id}`,
        v.tag,
        b.shared ? add(...b.shared.map((n) => ref(v.sid(`d${net.E}/d${net.z(n)}`)))) : delta,
        'dE/db',
        'backward',
        b.shared
          ? `gradient with respect to the bias shared by ${b.shared.map(neuronLabel).join(', ')}: the sum of their deltas`
          : `gradient with respect to the bias of ${neuronLabel(j)} (its input is 1)`,
        latexPartial(net.E, b.id),
        { neuron: j, param: b.id },
      ),
    );
  }
}

/** The gradient of what is minimised: the example's error, or the batch cost. */
export function batchGradient(net: Net, em: Emitter, views: readonly ExampleView[]): Map<string, Expr> {
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
    gradient.set(
      p.id,
      em.push(
        `d${net.C}/d${p.id}`,
        undefined,
        g.expr,
        'batch-gradient',
        'gradient',
        describe,
        latexPartial(net.C, p.id),
        { param: p.id, form: g.form },
      ),
    );
  }
  return gradient;
}

/**
 * The slope written as the textbooks do, through the output y where they can (y(1 - y)), as the
 * activation's record writes it. At a kink the left slope is taken (docs/authoring.md).
 */
function activationDerivative(layer: Layer, yr: Expr, zr: Expr): Expr {
  return activationOf(layer.activation).slope(yr, zr, layer);
}
