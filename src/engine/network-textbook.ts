/**
 * The backward pass and update as Mitchell, Haykin, Negnevitsky and Han & Kamber write them
 * (`convention: textbook`): the error term delta = -dE/dz, so an output's is (t - y) y (1 - y)
 * and a hidden neuron's y (1 - y) sum_k delta_k w_jk; the changes Delta w = eta delta x and
 * Delta b = eta delta are steps, and each parameter becomes w + Delta w. Same values as the
 * gradient convention up to the sign; the steps carry the book's sign and names, so a printed
 * 0.1311 is matched as printed rather than as -0.1311.
 */
import { add, div, mul, num, ref, sub } from './expr.js';
import type { Expr } from './expr.js';
import { activationOf } from './operations/table.js';
import { latexName, latexPartial, neuronLabel } from './tex-names.js';
import { flowingIn, scaled } from './network-context.js';
import type { Net, Emitter, ExampleView } from './network-context.js';

/** delta per neuron, output layer first; each view's `grad` gets -dE/dp per parameter (delta x). */
export function textbookDeltas(net: Net, em: Emitter, v: ExampleView): void {
  const last = net.layers.length - 1;
  for (let l = last; l >= 1; l--) {
    const layer = net.layers[l]!;
    for (const j of layer.neurons) {
      const combined = l === last && net.spec.loss!.route === 'combined';
      const slope = combined ? undefined : slopeStep(net, em, v, j, l);
      const delta = em.push(
        net.delta(j),
        v.tag,
        l === last ? outputDelta(net, v, j, slope) : mul(slope!, pathSum(net, em, v, j)),
        'delta',
        'backward',
        l === last
          ? `error term of ${neuronLabel(j)}: how far its output is off, times the activation's slope (delta = -dE/dz)`
          : `error term of ${neuronLabel(j)}: the deltas of the next layer back along the weights, times the slope (delta = -dE/dz)`,
        latexName(net.delta(j)),
        {
          neuron: j,
          ...(l === last ? { form: outputForm(net, v, j) } : paths(net, em, v, j)),
        },
      );
      for (const w of net.incoming.get(j) ?? []) v.grad.set(w.id, mul(delta, flowingIn(net, v)(w.from)));
      const b = net.biasOf.get(j);
      if (b && net.spec.training.updateBiases)
        v.grad.set(b.id, b.shared && v.grad.has(b.id) ? add(v.grad.get(b.id)!, delta) : delta);
    }
  }
}

function slopeStep(net: Net, em: Emitter, v: ExampleView, j: string, l: number): Expr {
  const layer = net.layers[l]!;
  const act = activationOf(layer.activation);
  return em.push(
    `d${net.y(j)}/d${net.z(j)}`,
    v.tag,
    act.slope(ref(v.sid(net.y(j))), ref(v.sid(net.z(j))), layer),
    'dy/dz',
    'backward',
    `slope of the activation of ${neuronLabel(j)}${act.kink ?? ''}`,
    latexPartial(net.y(j), net.z(j)),
    { neuron: j },
  );
}

/** -dE/dy times the slope: (t - y) for half a squared error, t - y at once on the combined route. */
function outputDelta(net: Net, v: ExampleView, j: string, slope: Expr | undefined): Expr {
  const t = ref(net.tId(j, v.e));
  const y = ref(v.sid(net.y(j)));
  const loss = net.spec.loss!;
  if (slope === undefined) return sub(t, y);
  const off =
    loss.kind === 'cross-entropy'
      ? div(t, y)
      : loss.kind === 'binary-cross-entropy'
        ? sub(div(t, y), div(sub(num('1'), t), sub(num('1'), y)))
        : loss.scale === 'half'
          ? sub(t, y)
          : mul(num('2'), sub(t, y));
  return mul(off, slope);
}

function outputForm(net: Net, v: ExampleView, j: string) {
  const diff = { first: net.tId(j, v.e), second: v.sid(net.y(j)) };
  return net.spec.loss!.kind === 'squared' || net.spec.loss!.route === 'combined'
    ? { differences: [diff] }
    : undefined;
}

// The backward pass reads the weights of this iteration: given in the first, `w@k` later.
const terms = (net: Net, em: Emitter, v: ExampleView, j: string) =>
  (net.outgoing.get(j) ?? []).map((w) => mul(ref(v.sid(net.delta(w.to))), em.carriedRef(w.id)));

function pathSum(net: Net, em: Emitter, v: ExampleView, j: string): Expr {
  const t = terms(net, em, v, j);
  return t.length > 0 ? add(...t) : num('0');
}

function paths(net: Net, em: Emitter, v: ExampleView, j: string) {
  const t = terms(net, em, v, j);
  return t.length > 1 ? { form: { paths: t } } : {};
}

/**
 * Delta p = eta delta x per parameter (for a batch, eta times the mean or sum over examples),
 * then p + Delta p.
 */
export function textbookUpdate(net: Net, em: Emitter, views: readonly ExampleView[]): void {
  const mean = net.spec.loss!.batch === 'mean';
  for (const p of net.params) {
    const contributions = views.map((v) => v.grad.get(p.id)!);
    const total = contributions.length === 1 ? contributions[0]! : add(...contributions);
    const s = scaled(views.length > 1 && mean ? views.length : 1, total);
    const bias = net.spec.biases.find((b) => b.id === p.id);
    const weight = net.spec.weights.find((w) => w.id === p.id);
    const describe = bias
      ? `change of the bias ${p.id}: the learning rate times the delta of ${bias.shared ? 'each neuron it feeds, summed' : neuronLabel(bias.neuron)}`
      : `change of ${p.id}: the learning rate times the delta of the neuron it enters times the value flowing in`;
    const change = em.push(
      `Delta_${p.id}`,
      undefined,
      // eta delta x as one product, so a negative delta prints as 0.9 * (-0.0087) * 1.
      s.expr.op === 'mul' ? mul(ref(net.rate), ...s.expr.args) : mul(ref(net.rate), s.expr),
      'change',
      'update',
      describe,
      `\\Delta ${latexName(p.id)}`,
      {
        param: p.id,
        // The neuron the weight enters, or the bias's (the first, for a shared one).
        neuron: weight?.to ?? bias?.neuron ?? p.id,
        form: s.form?.scaled
          ? { scaled: { n: s.form.scaled.n, unscaled: mul(ref(net.rate), total) } }
          : undefined,
      },
    );
    em.pushNext(
      p.id,
      add(em.carriedRef(p.id), change),
      'new-param',
      `${p.id} after update ${em.k}`,
      latexName(p.id),
      p.id,
    );
  }
}
