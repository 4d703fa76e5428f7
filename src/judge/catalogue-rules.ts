/**
 * The rules of the mistake catalogue (catalogue.ts): for each usual mistake, the step roles it
 * applies to and how its mistaken formula is built from the step's declared parts.
 */
import { derivative } from '../engine/diff.js';
import { add, mapRefs, mul, num, ref, refsOf, sub } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import type { Role } from '../engine/plan.js';
import { formSlips, learnerSlips, stepLookup } from '../engine/slip-forms.js';
import type { FormSlipCode, StepLookup } from '../engine/slip-forms.js';
import { printExpr } from '../render/print-expr.js';
import type { Report, Rule, Scene } from './catalogue.js';
import { say } from './messages.js';
import type { MistakeCode } from './types.js';

const SIGNED_ROLES: readonly Role[] = [
  ...([
    'dE/dy-output',
    'dE/dy-hidden',
    'delta',
    'dE/dw',
    'dE/db',
    'batch-gradient',
    'regularised-gradient',
    'change',
    'velocity',
  ] as const),
  ...([
    'adjoint',
    'local-partial',
    'residual',
    'jacobian-cross',
    'first-moment',
    'corrected-moment',
    // A circuit's forward value: a sign lost in a product of a negative input.
    'node',
  ] as const),
];
const MAX_SWAPPED_WEIGHTS = 8;
const MAX_NEIGHBOURS = 4;

const text = (e: Expr) => printExpr(e, 'text', (id) => id);
const ALL_ROLES: readonly Role[] = [
  ...([
    'preactivation',
    'activation',
    'softmax-shift',
    'error',
    'cost',
    'dE/dy-output',
    'dE/dy-hidden',
    'dy/dz',
    'jacobian-cross',
    'delta',
  ] as const),
  ...([
    'dz/dw',
    'dE/dw',
    'dE/db',
    'batch-gradient',
    'regularised-gradient',
    'velocity',
    'first-moment',
    'second-moment',
    'corrected-moment',
  ] as const),
  ...(['residual', 'change', 'new-param', 'node', 'local-partial', 'adjoint'] as const),
];

export const RULES: readonly Rule[] = [
  {
    // (t - y) written (y - t), and the other way round: every output y of the declared
    // differences replaced by 2t - y turns t - y into y - t.
    code: 'difference-reversed',
    roles: ALL_ROLES,
    find(s, report) {
      const differences = s.step.form?.differences ?? [];
      if (differences.length === 0) return;
      const mirror = new Map<string, Expr>();
      for (const { first, second } of differences) {
        const [t, y] = s.solved.index.given(first)?.kind === 'target' ? [first, second] : [second, first];
        mirror.set(y, sub(mul(num('2'), ref(t)), ref(y)));
      }
      const first = differences[0]!;
      const message =
        s.step.role === 'dE/dy-output'
          ? say.differenceReversedOutput(
              s.step.id,
              text(s.e),
              s.spec?.loss?.difference === 'target-minus-output',
            )
          : say.differenceReversed(s.step.id, `${first.first} - ${first.second}`);
      report(message, () => s.ev.evaluate(mapRefs(s.e, (id) => mirror.get(id) ?? ref(id))));
    },
  },
  {
    code: 'activation-derivative-forgotten',
    roles: ['delta'],
    find(s, report) {
      const activation =
        s.spec?.layers.find((l) => s.step.neuron !== undefined && l.neurons.includes(s.step.neuron))
          ?.activation ?? 'nonlinear';
      for (const slope of refsOf(s.e).filter((id) => s.roleOf(id) === 'dy/dz')) {
        report(say.activationDerivativeForgotten(s.step.id, slope, activation), () =>
          s.ev.evaluate(s.replace(slope, num('1'))),
        );
      }
    },
  },
  {
    // The slope worked out from the weighted input z where the formula uses the output y.
    code: 'derivative-at-z',
    roles: ['dy/dz'],
    find(s, report) {
      for (const y of refsOf(s.e).filter((id) => s.roleOf(id) === 'activation')) {
        const z = refsOf(s.solved.index.locate(y)!.step.expr).find((id) => s.roleOf(id) === 'preactivation');
        if (z)
          report(say.derivativeAtZ(s.step.id, text(s.e), y, z), () => s.ev.evaluate(s.replace(y, ref(z))));
      }
    },
  },
  // The updated weights in place of the current ones.
  formRule('updated-weight-in-backward', ['dE/dy-hidden'], (s, lookup) => {
    const updated = refsOf(s.e).flatMap((id) => lookup.updated(id, s.step.iteration) ?? []);
    const names = updated.join(', ');
    return say.updatedWeight(updated.length === 1 ? `weight ${names}` : `weights ${names}`);
  }),
  {
    code: 'path-left-out',
    roles: ['dE/dy-hidden', 'adjoint'],
    find(s, report) {
      const paths = s.step.form?.paths ?? [];
      const message = s.step.role === 'adjoint' ? say.pathLeftOutAdjoint : say.pathLeftOutHidden;
      if (paths.length < 2) return;
      paths.forEach((term, i) =>
        report(message(s.step.id, text(term)), () => s.ev.evaluate(add(...paths.filter((_, j) => j !== i)))),
      );
    },
  },
  {
    // Another weight into the same next neuron.
    code: 'wrong-weight',
    roles: ['dE/dy-hidden'],
    find(s, report) {
      // Like the swaps of a weighted sum, only for a few weights: each exchange re-evaluates the
      // whole sum, so a neuron feeding 64 others through 64 weights each would cost a quarter of a
      // million products per step.
      const weights = refsOf(s.e).filter((r) => s.weightOf(r));
      if (weights.length > MAX_SWAPPED_WEIGHTS) return;
      for (const id of weights) {
        const w = s.weightOf(id)!;
        const into = s.solved.network!.weight.get(w.base)!.to;
        for (const other of s.spec!.weights.filter((x) => x.to === into && x.id !== w.base)) {
          const otherId = `${other.id}${w.suffix}`;
          if (s.exists(otherId))
            report(say.wrongWeightHidden(otherId, id), () => s.ev.evaluate(s.replace(id, ref(otherId))));
        }
      }
    },
  },
  {
    // Two weights of one weighted input exchanged.
    code: 'wrong-weight',
    roles: ['preactivation'],
    find(s, report) {
      const weights = refsOf(s.e).filter((id) => s.weightOf(id));
      if (weights.length > MAX_SWAPPED_WEIGHTS) return;
      for (let i = 0; i < weights.length; i++) {
        for (let j = i + 1; j < weights.length; j++) {
          const a = weights[i]!;
          const b = weights[j]!;
          report(say.wrongWeightSwapped(a, b), () =>
            s.ev.evaluate(mapRefs(s.e, (id) => ref(id === a ? b : id === b ? a : id))),
          );
        }
      }
    },
  },
  {
    // A weight into another neuron of the layer read for this one: the neighbouring arrow of a
    // diagram, or the wrong row of a weight matrix. One weight, or the other neuron's all at once.
    code: 'wrong-weight',
    roles: ['preactivation'],
    find(s, report) {
      const weights = refsOf(s.e).filter((id) => s.weightOf(id));
      if (weights.length === 0 || weights.length > MAX_SWAPPED_WEIGHTS) return;
      const byId = s.solved.network!.weight;
      const into = byId.get(s.weightOf(weights[0]!)!.base)!.to;
      // Only the nearest neurons of the layer: a neighbour is the likely misreading, and each
      // one costs an evaluation of the whole sum per weight.
      const layer = s.spec!.layers.find((l) => l.neurons.includes(into))!.neurons;
      const at = layer.indexOf(into);
      const near = layer
        .map((n, i) => ({ n, d: Math.abs(i - at) }))
        .filter(({ d }) => d > 0)
        .sort((a, b) => a.d - b.d)
        .slice(0, MAX_NEIGHBOURS)
        .map(({ n }) => n);
      const intoOther = (id: string, other: string): string | undefined => {
        const w = s.weightOf(id)!;
        const from = byId.get(w.base)!.from;
        const found = s.solved.network!.out(from).find((x) => x.to === other);
        return found && s.exists(`${found.id}${w.suffix}`) ? `${found.id}${w.suffix}` : undefined;
      };
      for (const other of near) {
        const swaps = weights.map((id) => [id, intoOther(id, other)] as const);
        for (const [id, used] of swaps)
          if (used)
            report(say.wrongWeightOtherNeuron(used, id, other), () =>
              s.ev.evaluate(s.replace(id, ref(used))),
            );
        if (weights.length > 1 && swaps.every(([, used]) => used))
          report(say.otherNeuronsWeights(other, into), () =>
            s.ev.evaluate(mapRefs(s.e, (id) => ref(swaps.find(([w]) => w === id)?.[1] ?? id))),
          );
      }
    },
  },
  {
    code: 'wrong-input',
    roles: ['dz/dw', 'dE/dw', 'change'],
    find(s, report) {
      if (s.step.role === 'dz/dw') {
        for (const o of s.siblings('dz/dw')) report(wrongInput(s, text(o.expr)), () => s.ev.evaluate(o.expr));
      } else if (s.step.role === 'dE/dw') {
        const local = refsOf(s.e).find((id) => s.roleOf(id) === 'dz/dw');
        if (local)
          for (const o of s.siblings('dz/dw'))
            report(wrongInput(s, text(o.expr)), () => s.ev.evaluate(s.replace(local, ref(o.id))));
      } else {
        const isInput = (id: string) => s.solved.index.given(id)?.kind === 'input';
        const input = refsOf(s.e).find(isInput);
        if (!input) return;
        const others = new Set(
          s.siblings('change').flatMap((o) => refsOf(o.expr).filter((id) => isInput(id) && id !== input)),
        );
        for (const o of others) report(wrongInput(s, o), () => s.ev.evaluate(s.replace(input, ref(o))));
      }
    },
  },
  {
    code: 'half-dropped',
    roles: ['error'],
    find(s, report) {
      const scaled = s.step.form?.scaled;
      if (scaled?.n === 2) report(say.halfDroppedError(s.step.id), () => s.ev.evaluate(scaled.unscaled));
    },
  },
  {
    // The derivative of the error written without its 1/2.
    code: 'half-dropped',
    roles: ['dE/dy-output'],
    find(s, report) {
      const error = s.solved.index
        .steps(s.step.iteration)
        .find((x) => x.role === 'error' && x.example === s.step.example);
      const y = refsOf(s.e).find((id) => s.roleOf(id) === 'activation');
      const scaled = error?.form?.scaled;
      if (y && scaled?.n === 2)
        report(say.halfDroppedDerivative(s.step.id), () => s.ev.evaluate(derivative(scaled.unscaled, y)));
    },
  },
  // The 1/N of a batch mean, or the delta rule's 1/n over the inputs.
  formRule('mean-dropped', ['cost', 'batch-gradient', 'change'], (s) => {
    const n = s.step.form?.scaled?.n ?? 1;
    return s.step.role === 'change' ? say.inputsFactorDropped(n) : say.meanDropped(n);
  }),
  {
    code: 'rate-forgotten',
    roles: ['change', 'new-param', 'velocity'],
    find(s, report) {
      const rate = s.rateId;
      if (rate && refsOf(s.e).includes(rate))
        report(say.rateForgotten(rate), () => s.ev.evaluate(s.e, new Map([[rate, new s.ev.m.D(1)]])));
    },
  },
  {
    code: 'gradient-added',
    roles: ['new-param', 'velocity'],
    find(s, report) {
      const descent = s.step.form?.descent;
      if (descent)
        report(say.gradientAdded(s.step.param ?? s.step.base, s.rateId ?? 'the learning rate'), () =>
          s.ev.evaluate(add(descent.from, descent.change)),
        );
    },
  },
  // The classification and optimiser slips, built from the step's declared parts (engine/slip-forms).
  formRule('jacobian-cross-terms-dropped', ['delta'], (s) => say.crossTermsDropped(s.step.id)),
  formRule('slope-counted-twice', ['delta'], (s) => {
    const y = s.step.form?.combined?.output ?? 'y';
    return say.slopeCountedTwice(s.step.id, `${y} (1 - ${y})`);
  }),
  formRule('log-base-10', ['error', 'cost', 'dE/dy-output'], (s) => say.logBase10(s.step.id)),
  formRule('loss-sign-dropped', ['error', 'dE/dy-output'], (s) => say.lossSignDropped(s.step.id)),
  formRule('no-bias-correction', ['new-param', 'corrected-moment'], (s) =>
    say.noBiasCorrection(s.step.role === 'new-param' ? s.step.id : (s.step.param ?? s.step.id)),
  ),
  formRule('epsilon-inside-root', ['new-param'], (s) => say.epsilonInsideRoot(s.step.id)),
  // The layer kinds' slips (engine/layers/), named in engine/slip-forms.ts.
  formRule('kernel-flipped', ['node'], (s) => say.kernelFlipped(s.step.id)),
  formRule('stride-off-by-one', ['node'], (s) => say.windowOffByOne(s.step.id, 'stride')),
  formRule('padding-off-by-one', ['node'], (s) => say.windowOffByOne(s.step.id, 'padding')),
  formRule('pool-gradient-spread', ['adjoint'], (s) => say.poolGradientSpread(s.step.id)),
  formRule('norm-stat-paths-dropped', ['adjoint'], (s) => say.normStatPathsDropped(s.step.id)),
  formRule('recurrent-path-dropped', ['dE/dy-hidden'], (s) => say.recurrentPathDropped(s.step.id)),
  formRule('attention-scale-dropped', ['node', 'adjoint'], (s) => say.attentionScaleDropped(s.step.id)),
  formRule('softmax-wrong-axis', ['activation', 'adjoint'], (s) => say.softmaxWrongAxis(s.step.id)),
  // A new learner's slips in a classifier and a batch (engine/slip-forms learnerSlips).
  formRule('sigmoid-for-softmax', ['activation'], (s) => say.sigmoidForSoftmax(s.step.id)),
  formRule('target-dropped', ['delta'], (s) =>
    say.targetDropped(s.step.id, s.step.form?.combined?.target ?? 't'),
  ),
  formRule('weight-for-input', ['dz/dw', 'dE/dw'], (s, lookup) =>
    say.weightForInput(s.step.id, lookup.current(s.step.param ?? '', s.step.iteration) ?? 'w'),
  ),
  formRule('one-path-only', ['dE/dy-hidden', 'adjoint'], (s) =>
    say.onePathOnly(s.step.id, s.step.form?.paths?.length ?? 0),
  ),
  formRule('one-example-only', ['cost', 'batch-gradient'], (s) =>
    say.oneExampleOnly(s.step.id, s.step.form?.scaled?.n ?? 0),
  ),
  {
    // The weighted inputs rounded to fewer decimals than the exercise asks, then the activation
    // worked from them (a softmax's exp makes that show). Decimals only: significant figures
    // have no one place to round z at.
    code: 'rounded-too-early',
    roles: ['activation'],
    find(s, report) {
      const display = s.solved.exercise.display;
      if (display.kind !== 'decimals') return;
      const zs = refsOf(s.e).filter((id) => s.roleOf(id) === 'preactivation');
      if (zs.length === 0) return;
      const what = zs.length === 1 ? zs[0]! : 'the weighted inputs';
      // One decimal short is too close to an arithmetic slip in the last digit to name it.
      for (let places = display.digits - 2; places >= 1; places--) {
        const at = places;
        report(say.roundedTooEarly(s.step.id, what, at === 1 ? '1 decimal' : `${at} decimals`), () =>
          s.ev.evaluate(
            s.e,
            new Map(zs.map((z) => [z, s.ev.value(z).toDecimalPlaces(at, s.ev.m.D.ROUND_HALF_UP)])),
          ),
        );
      }
    },
  },
  {
    code: 'bias-updated-wrongly',
    roles: ['preactivation'],
    find: biasUpdated,
  },
  {
    code: 'sign-flipped',
    roles: SIGNED_ROLES,
    find(s, report) {
      report(say.signFlipped(s.step.id), () => s.ev.value(s.step.id).neg());
    },
  },
];

/** A rule whose mistaken formula comes from formSlips, under the same code. */
function formRule(
  code: MistakeCode & FormSlipCode,
  roles: readonly Role[],
  message: (s: Scene, lookup: StepLookup) => string,
): Rule {
  return {
    code,
    roles,
    find(s, report) {
      const lookup = stepLookup(s.solved);
      for (const slip of [...formSlips(s.step, lookup), ...learnerSlips(s.step, lookup)])
        if (slip.code === code) report(message(s, lookup), () => s.ev.evaluate(slip.expr));
    },
  };
}

function wrongInput(s: Scene, used: string): string {
  const weight = s.step.param !== undefined ? s.solved.network?.weight.get(s.step.param) : undefined;
  return say.wrongInput(used, s.step.param ?? s.step.id, weight?.from, weight?.to);
}

// In the forward pass after an update, a bias moved although the exercise keeps biases fixed.
function biasUpdated(s: Scene, report: Report): void {
  const { spec, step, ev, rateId } = s;
  if (!spec || spec.training.updateBiases || step.iteration !== 2 || !rateId) return;
  const bias = spec.biases.find((b) => b.neuron === step.neuron);
  if (!bias || !refsOf(s.e).includes(bias.id)) return;
  const previous = s.solved.index.steps(1).filter((x) => x.neuron === step.neuron);
  const D = ev.m.D;
  let moved: (() => Dec) | undefined;
  const deltas = previous.filter((x) => x.role === 'delta');
  if (spec.training.rule === 'gradient-descent' && deltas.length > 0) {
    moved = () => {
      const sum = deltas.reduce((acc, x) => acc.plus(ev.value(x.id)), new D(0));
      const g = deltas.length > 1 && spec.loss?.batch === 'mean' ? sum.div(deltas.length) : sum;
      return ev.value(bias.id).minus(ev.value(rateId).times(g));
    };
  }
  const change = previous.find((x) => x.role === 'change');
  if (spec.training.rule !== 'gradient-descent' && change) {
    // The bias's change is a weight's change with the input replaced by the bias input, 1.
    const asBias = mapRefs(change.expr, (id) =>
      s.solved.index.given(id)?.kind === 'input' ? num('1') : ref(id),
    );
    moved = () => ev.value(bias.id).plus(ev.evaluate(asBias));
  }
  if (moved) {
    const value = moved;
    report(say.biasUpdated(bias.id), () => ev.evaluate(s.e, new Map([[bias.id, value()]])));
  }
}
