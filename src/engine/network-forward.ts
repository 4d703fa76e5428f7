/**
 * The forward pass of a network: per neuron the weighted input and the activation, and a softmax
 * output layer with its stable shift.
 */
import { add, div, max, mul, num, ref, sub, unary } from './expr.js';
import { activationOf } from './operations/table.js';
import type { Expr } from './expr.js';
import type { Layer } from './model.js';
import { latexName, neuronLabel } from './tex-names.js';
import type { Phase } from './plan.js';
import { flowingIn } from './network-context.js';
import type { Net, Emitter, ExampleView } from './network-context.js';

export function forwardPass(net: Net, em: Emitter, v: ExampleView, phase: Phase): void {
  const aRef = flowingIn(net, v);
  for (const layer of net.layers.slice(1)) {
    const weighted = (j: string) => {
      const terms = (net.incoming.get(j) ?? []).map((w) => mul(aRef(w.from), em.carriedRef(w.id)));
      const b = net.biasOf.get(j);
      if (b) terms.push(net.spec.training.updateBiases ? em.carriedRef(b.id) : ref(b.id));
      return em.push(
        net.z(j),
        v.tag,
        terms.length ? add(...terms) : num('0'),
        'preactivation',
        phase,
        `weighted input of ${neuronLabel(j)}`,
        latexName(net.z(j)),
        { neuron: j },
      );
    };
    if (layer.activation === 'softmax') {
      softmaxLayer(net, em, v, layer.neurons.map(weighted), phase);
      continue;
    }
    for (const j of layer.neurons) {
      const zr = weighted(j);
      em.push(
        net.y(j),
        v.tag,
        activate(layer, zr),
        'activation',
        phase,
        `output of ${neuronLabel(j)}`,
        latexName(net.y(j)),
        { neuron: j },
      );
    }
  }
}

/**
 * y_k = e^(z_k - m) / sum_j e^(z_j - m), m the largest z: the same value as e^z_k / sum e^z_j,
 * computed without an overflowing exponential, as a careful hand calculation shifts too.
 */
function softmaxLayer(net: Net, em: Emitter, v: ExampleView, zs: readonly Expr[], phase: Phase): void {
  const neurons = net.outputs;
  const m = em.push(
    net.zMax,
    v.tag,
    max(...zs),
    'softmax-shift',
    phase,
    'the largest weighted input, subtracted before exponentiating (softmax is unchanged by a shift)',
    `${latexName(net.zMax)}`,
  );
  const exps = zs.map((z) => unary('exp', sub(z, m)));
  neurons.forEach((j, i) => {
    em.push(
      net.y(j),
      v.tag,
      div(exps[i]!, add(...exps)),
      'activation',
      phase,
      `output of ${neuronLabel(j)}: its share of the softmax`,
      latexName(net.y(j)),
      { neuron: j },
    );
  });
}

// y as its activation's record writes it (operations/*.ts).
function activate(layer: Layer, zr: Expr): Expr {
  return activationOf(layer.activation).forward(zr, layer);
}
