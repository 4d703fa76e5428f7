/**
 * The update of a network's parameters: gradient descent with weight decay and momentum, Adam
 * and RMSProp (every moment, corrected moment and update a step), and the perceptron and delta
 * rules.
 */
import { add, div, mul, num, pow, ref, sub, unary } from './expr.js';
import type { Expr } from './expr.js';
import { latexName, neuronLabel } from './tex-names.js';
import { firstMoment, meanSquare, velocity } from './network-context.js';
import type { Net, Emitter, ExampleView } from './network-context.js';
import type { Training } from './model.js';

/** What the optimiser steps read: a network's, or a graph's parameters and settings (compile-graph). */
export type Updating = Pick<Net, 'params' | 'rate'> & {
  readonly spec: { readonly training: Pick<Training, 'weightDecay' | 'momentum' | 'optimiser'> };
};

/** Gradient descent, with weight decay and momentum when the exercise has them. */
export function updateSteps(net: Updating, em: Emitter, gradient: ReadonlyMap<string, Expr>): void {
  const { weightDecay, momentum, optimiser } = net.spec.training;
  for (const p of net.params) {
    let g = gradient.get(p.id)!;
    if (weightDecay !== undefined && !p.isBias) {
      g = em.push(
        `g_${p.id}`,
        undefined,
        add(g, mul(ref('lambda'), em.carriedRef(p.id))),
        'regularised-gradient',
        'update',
        `gradient of ${p.id} with weight decay`,
        `g_{${latexName(p.id)}}`,
        { param: p.id },
      );
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
      const vNew = em.pushNext(
        v,
        sub(from, change),
        'velocity',
        `velocity of ${p.id}`,
        `v_{${latexName(p.id)}}`,
        p.id,
        { descent: { from, change } },
      );
      em.pushNext(
        p.id,
        add(current, vNew),
        'new-param',
        `${p.id} after update ${em.k}`,
        latexName(p.id),
        p.id,
      );
    } else {
      em.pushNext(
        p.id,
        sub(current, change),
        'new-param',
        `${p.id} after update ${em.k}`,
        latexName(p.id),
        p.id,
        { descent: { from: current, change } },
      );
    }
  }
}

/** A moving average: decay times the old value plus (1 - decay) times the new one. */
const average = (decay: string, old: Expr, x: Expr) =>
  add(mul(ref(decay), old), mul(sub(num('1'), ref(decay)), x));

/** p - rate numerator / (sqrt(second) + epsilon), its parts declared for diagnosis. */
function adaptiveStep(net: Updating, em: Emitter, p: string, numerator: Expr, second: Expr): void {
  const from = em.carriedRef(p);
  const rate = ref(net.rate);
  const epsilon = ref('epsilon');
  const change = div(mul(rate, numerator), add(unary('sqrt', second), epsilon));
  em.pushNext(p, sub(from, change), 'new-param', `${p} after update ${em.k}`, latexName(p), p, {
    descent: { from, change },
    adaptive: { from, rate, numerator, second, epsilon },
  });
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1), with t = k the number of this update: m and v are moving
 * averages of the gradient and of its square; dividing by 1 - beta^k corrects their start at 0.
 */
function adamUpdate(net: Updating, em: Emitter, p: string, g: Expr): void {
  const lp = latexName(p);
  const k = String(em.k);
  const m = em.pushNext(
    firstMoment(p),
    average('beta1', em.carriedRef(firstMoment(p)), g),
    'first-moment',
    `first moment of ${p}: beta1 m + (1 - beta1) g`,
    `m_{${lp}}`,
    p,
  );
  const v = em.pushNext(
    velocity(p),
    average('beta2', em.carriedRef(velocity(p)), pow(g, num('2'))),
    'second-moment',
    `second moment of ${p}: beta2 v + (1 - beta2) g^2`,
    `v_{${lp}}`,
    p,
  );
  const corrected = (base: string, raw: Expr, beta: string, latex: string, what: string) =>
    em.push(
      base,
      undefined,
      div(raw, sub(num('1'), pow(ref(beta), num(k)))),
      'corrected-moment',
      'update',
      `${what} of ${p}, bias-corrected: divided by 1 - ${beta}^${k}`,
      latex,
      { param: p, form: { corrected: { raw } } },
    );
  const mHat = corrected(`mhat_${p}`, m, 'beta1', `\\hat{m}_{${lp}}`, 'first moment');
  const vHat = corrected(`vhat_${p}`, v, 'beta2', `\\hat{v}_{${lp}}`, 'second moment');
  adaptiveStep(net, em, p, mHat, vHat);
}

/** RMSProp: s is a moving average of the squared gradient; the step divides by its root. */
function rmspropUpdate(net: Updating, em: Emitter, p: string, g: Expr): void {
  const s = em.pushNext(
    meanSquare(p),
    average('rho', em.carriedRef(meanSquare(p)), pow(g, num('2'))),
    'second-moment',
    `mean square of the gradients of ${p}: rho s + (1 - rho) g^2`,
    `s_{${latexName(p)}}`,
    p,
  );
  adaptiveStep(net, em, p, g, s);
}

/** Perceptron and delta rules: one layer of weights, online, w += eta (1/n) (t - y) x. */
export function learningRuleSteps(net: Net, em: Emitter, v: ExampleView): void {
  const { e, sid } = v;
  const training = net.spec.training;
  const n = net.inputs.length;
  const divide = training.rule === 'delta' && training.divideByInputs;
  // eta (1/n) x r, as the rule is written; the 1/n is declared so diagnosis can drop it.
  const changeOf = ([rate, ...rest]: Expr[]) =>
    divide
      ? {
          expr: mul(rate!, div(num('1'), num(String(n))), ...rest),
          form: { scaled: { n, unscaled: mul(rate!, ...rest) } },
        }
      : { expr: mul(rate!, ...rest), form: undefined };
  for (const o of net.outputs) {
    const resBase = net.outputs.length === 1 ? 'residual' : `residual_${o}`;
    const [t, y] = [net.tId(o, e), sid(net.y(o))];
    const r = em.push(
      resBase,
      undefined,
      sub(ref(t), ref(y)),
      'residual',
      'backward',
      `how far the output of ${neuronLabel(o)} is from its target (t - y)`,
      `(${latexName(net.tBase(o))} - ${latexName(net.y(o))})`,
      { neuron: o, form: { differences: [{ first: t, second: y }] } },
    );
    const update = (id: string, factors: Expr[], describe: string) => {
      const c = changeOf(factors);
      const d = em.push(
        `delta_${id}`,
        undefined,
        c.expr,
        'change',
        'update',
        describe,
        `\\Delta ${latexName(id)}`,
        { neuron: o, param: id, form: c.form },
      );
      em.pushNext(
        id,
        add(em.carriedRef(id), d),
        'new-param',
        `${id} after update ${em.k}`,
        latexName(id),
        id,
      );
    };
    for (const w of net.incoming.get(o) ?? [])
      update(w.id, [ref(net.rate), ref(net.xId(w.from, e)), r], `change of ${w.id}`);
    const b = net.biasOf.get(o);
    if (b && training.updateBiases)
      update(b.id, [ref(net.rate), r], `change of the bias ${b.id} (its input is 1)`);
  }
}
