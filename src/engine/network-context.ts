/**
 * What every phase of the network compiler shares: the network's shape, names and settings
 * (Net), the writer of one iteration's steps (Emitter), one example's view of an iteration, and
 * the small helpers that name steps and declare the parts of a formula (Step.form).
 */
import { div, mul, num, ref } from './expr.js';
import type { Expr } from './expr.js';
import type { Exercise, NetworkSpec, Weight, Bias, Layer, Training } from './model.js';
import { latexName, latexSuffix } from './tex-names.js';
import { stepId } from './plan.js';
import type { Phase, Role, Step, StepForm } from './plan.js';

/** What every phase needs to know about the network: its shape, names and settings. */
export interface Net {
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
  /** The textbook error term of a neuron (delta_6, Err_6): convention textbook. */
  readonly delta: (j: string) => string;
  readonly xBase: (i: string) => string;
  readonly xId: (i: string, e: number) => string;
  readonly tBase: (o: string) => string;
  readonly tId: (o: string, e: number) => string;
  readonly E: string;
  readonly C: string;
  readonly rate: string;
}

/** One iteration's steps as they are written, with the helpers that name and add them. */
export interface Emitter {
  readonly k: number;
  readonly steps: Step[];
  /** A carried value as this iteration sees it: the given in iteration 1, `id@k` later. */
  carriedRef(id: string): Expr;
  push(
    base: string,
    e: number | undefined,
    expr: Expr,
    role: Role,
    phase: Phase,
    describe: string,
    latex: string,
    extra?: Extra,
  ): Expr;
  /** A value for the next iteration (a new parameter, a velocity): `base@(k+1)`. */
  pushNext(
    base: string,
    expr: Expr,
    role: Role,
    describe: string,
    latex: string,
    param: string,
    form?: StepForm,
  ): Expr;
}
export type Extra = { neuron?: string; param?: string; form?: StepForm | undefined };

/** One example's view of an iteration: its step-id suffix and the gradients it contributes. */
export interface ExampleView {
  readonly e: number;
  readonly tag: number | undefined;
  readonly sid: (base: string) => string;
  readonly grad: Map<string, Expr>;
}

export function describeNetwork(ex: Exercise, spec: NetworkSpec): Net {
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
    biasOf: new Map(spec.biases.flatMap((b) => (b.shared ?? [b.neuron]).map((j) => [j, b] as const))),
    params,
    carried: [...params.map((p) => p.id), ...params.flatMap((p) => stateOf(spec, p.id).map((s) => s.id))],
    z: (j) => named(n.preactivation, j),
    zMax: `${n.preactivation}_max`,
    y: (j) => named(n.activation, j),
    delta: (j) => named(n.delta, j),
    xBase: (i) => `${n.input}_${i}`,
    xId: (i, e) => suffixed(`${n.input}_${i}`, e),
    tBase,
    tId: (o, e) => suffixed(tBase(o), e),
    E: n.error,
    C: multi && batch ? n.cost : n.error,
    rate: n.rate,
  };
}

export const velocity = (p: string) => `v_${p}`;
export const firstMoment = (p: string) => `m_${p}`;
export const meanSquare = (p: string) => `s_${p}`;

/** What the optimiser carries per parameter from one update to the next, all starting at 0. */
export function stateOf(
  spec: { readonly training: Pick<Training, 'optimiser' | 'momentum'> },
  p: string,
): Array<{ id: string; latex: string; describe: string }> {
  const o = spec.training.optimiser;
  const lp = latexName(p);
  if (o.kind === 'adam') {
    return [
      {
        id: firstMoment(p),
        latex: `m_{${lp}}`,
        describe: `first moment (mean of the gradients) of ${p}, starts at 0`,
      },
      {
        id: velocity(p),
        latex: `v_{${lp}}`,
        describe: `second moment (mean of the squared gradients) of ${p}, starts at 0`,
      },
    ];
  }
  if (o.kind === 'rmsprop')
    return [
      {
        id: meanSquare(p),
        latex: `s_{${lp}}`,
        describe: `mean square of the gradients of ${p}, starts at 0`,
      },
    ];
  return spec.training.momentum !== undefined
    ? [{ id: velocity(p), latex: `v_{${lp}}`, describe: `velocity of ${p} (starts at 0)` }]
    : [];
}

export function emitter(net: Pick<Net, 'carried'>, k: number): Emitter {
  const steps: Step[] = [];
  const carriedSet = new Set(net.carried);
  return {
    k,
    steps,
    carriedRef: (id) => ref(k === 1 || !carriedSet.has(id) ? id : `${id}@${k}`),
    push(base, e, expr, role, phase, describe, latex, { form, ...extra } = {}) {
      const id = stepId(base, k, e);
      steps.push({
        id,
        base,
        symbol: id,
        latex: latexSuffix(latex, k, e),
        phase,
        iteration: k,
        ...(e === undefined ? {} : { example: e }),
        expr,
        role,
        describe,
        ...extra,
        ...(form ? { form } : {}),
      });
      return ref(id);
    },
    pushNext(base, expr, role, describe, latex, param, form) {
      const id = `${base}@${k + 1}`;
      steps.push({
        id,
        base,
        symbol: id,
        latex: `{${latex}}^{[${k + 1}]}`,
        phase: 'update',
        iteration: k,
        expr,
        role,
        describe,
        param,
        ...(form ? { form } : {}),
      });
      return ref(id);
    },
  };
}

/** What flows into a weight: an input of the example, or an earlier neuron's output. */
export const flowingIn = (net: Net, v: ExampleView) => (from: string) =>
  net.inputs.includes(from) ? ref(net.xId(from, v.e)) : ref(v.sid(net.y(from)));

/** A squared error's difference, the way round the exercise writes it. */
export function written(
  loss: NonNullable<NetworkSpec['loss']>,
  t: string,
  y: string,
): { first: string; second: string } {
  return loss.difference === 'target-minus-output' ? { first: t, second: y } : { first: y, second: t };
}

/** (1/n) times a formula, the factor declared so diagnosis can take it away again; n = 1: none. */
export function scaled(n: number, unscaled: Expr): { expr: Expr; form: StepForm | undefined } {
  if (n === 1) return { expr: unscaled, form: undefined };
  return { expr: mul(div(num('1'), num(String(n))), unscaled), form: { scaled: { n, unscaled } } };
}
