import { derivative } from '../engine/diff.js';
import { add, mapRefs, num, ref, refsOf } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import type { NetworkSpec } from '../engine/model.js';
import type { Dec } from '../engine/numbers.js';
import type { Step } from '../engine/plan.js';
import { printExpr } from '../render/print-expr.js';
import type { Evaluator } from './evaluator.js';
import { say } from './messages.js';
import type { Mistake, MistakeCode } from './types.js';

/**
 * The usual mistakes at one step, derived from the step's own expression: each is the step's
 * formula transformed the way a learner gets it wrong (a factor dropped, a difference reversed,
 * a weight exchanged), evaluated with the learner's values. Nothing here is typed by authors.
 */

/**
 * Most specific first: when two mistakes give the same value, the first one is named, because it
 * says where the slip happened while the later ones only describe its effect. dE/dy_F = +0.3844
 * is both -(t - y_F) with its sign flipped and (t - y_F) written for (y_F - t); the learner who
 * writes it has almost always differentiated 1/2 (t - y)^2 and lost the -1 of the inner
 * derivative, which is what the difference-reversed message explains. "Check the sign" would
 * send them looking through every factor.
 */
export const CATALOGUE_ORDER: readonly MistakeCode[] = [
  'difference-reversed',
  'activation-derivative-forgotten',
  'derivative-at-z',
  'updated-weight-in-backward',
  'path-left-out',
  'wrong-weight',
  'wrong-input',
  'half-dropped',
  'mean-dropped',
  'rate-forgotten',
  'gradient-added',
  'bias-updated-wrongly',
  'sign-flipped',
];

const SIGNED_ROLES = new Set<Step['role']>(['dE/dy-output', 'dE/dy-hidden', 'delta', 'dE/dw', 'dE/db', 'batch-gradient', 'regularised-gradient', 'change', 'velocity', 'adjoint', 'local-partial', 'residual']);
const MAX_SWAPPED_WEIGHTS = 8;

const text = (e: Expr) => printExpr(e, 'text', (id) => id);

export function ownMistakes(step: Step, ev: Evaluator): Mistake[] {
  const out: Mistake[] = [];
  const push = (code: MistakeCode, message: string, value: () => Dec) => {
    try {
      const v = value();
      if (v.isFinite()) out.push({ code, message, value: v });
    } catch {
      // A transformation that cannot be evaluated (a ln of a negative) is no diagnosis.
    }
  };
  const ix = ev.ix;
  const e = step.expr;
  const roleOf = (id: string) => ix.locate(id)?.step.role;
  const spec: NetworkSpec | undefined = ev.ctx.exercise.spec.kind === 'network' ? ev.ctx.exercise.spec : undefined;
  const rateId = ix.plan.givens.find((g) => g.kind === 'rate')?.id;
  const siblings = (role: Step['role']) => (groupsOf(ix.steps(step.iteration)).get(groupKey(role, step)) ?? []).filter((s) => s.id !== step.id);
  const replace = (from: string, to: Expr) => mapRefs(e, (id) => (id === from ? to : ref(id)));

  // Which weight a reference is (w5, or w5@2 in a later iteration), and the same suffix for another.
  const weightOf = (id: string): { base: string; suffix: string } | undefined => {
    if (!spec) return undefined;
    const base = ix.given(id)?.kind === 'weight' ? id : roleOf(id) === 'new-param' ? ix.locate(id)!.step.base : undefined;
    return base !== undefined && weightsOf(spec).has(base) ? { base, suffix: id.slice(base.length) } : undefined;
  };
  const exists = (id: string) => ix.given(id) !== undefined || ix.locate(id) !== undefined;

  // (t - y) written (y - t), and the other way round: any difference of a target and an output.
  const isDifference = (x: Expr) => x.op === 'sub' && x.args[0].op === 'ref' && x.args[1].op === 'ref' && isTargetOutputPair(x.args[0].id, x.args[1].id);
  const isTargetOutputPair = (a: string, b: string) => {
    const kindA = ix.given(a)?.kind;
    const kindB = ix.given(b)?.kind;
    return (kindA === 'target' && roleOf(b) === 'activation') || (kindB === 'target' && roleOf(a) === 'activation');
  };
  const differences: Expr[] = [];
  const swapped = swapDifferences(e, isDifference, differences);
  if (differences.length > 0) {
    const first = differences[0]!;
    const message =
      step.role === 'dE/dy-output'
        ? say.differenceReversedOutput(step.id, text(e), spec?.loss?.difference === 'target-minus-output')
        : say.differenceReversed(step.id, text(first));
    push('difference-reversed', message, () => ev.evaluate(swapped));
  }

  switch (step.role) {
    case 'delta': {
      const slopes = refsOf(e).filter((id) => roleOf(id) === 'dy/dz');
      const activation = spec?.layers.find((l) => step.neuron !== undefined && l.neurons.includes(step.neuron))?.activation ?? 'nonlinear';
      for (const s of slopes) push('activation-derivative-forgotten', say.activationDerivativeForgotten(step.id, s, activation), () => ev.evaluate(replace(s, num('1'))));
      break;
    }
    case 'dy/dz': {
      for (const y of refsOf(e).filter((id) => roleOf(id) === 'activation')) {
        const z = refsOf(ix.locate(y)!.step.expr).find((id) => roleOf(id) === 'preactivation');
        if (z) push('derivative-at-z', say.derivativeAtZ(step.id, text(e), y, z), () => ev.evaluate(replace(y, ref(z))));
      }
      break;
    }
    case 'dE/dy-hidden': {
      // The updated weights in place of the current ones.
      const weights = refsOf(e).filter((id) => weightOf(id));
      const updated = new Map(weights.map((id) => [id, `${weightOf(id)!.base}@${step.iteration + 1}`] as const));
      if (weights.length > 0 && [...updated.values()].every(exists)) {
        const names = [...updated.values()].join(', ');
        push('updated-weight-in-backward', say.updatedWeight(weights.length === 1 ? `weight ${names}` : `weights ${names}`), () => ev.evaluate(mapRefs(e, (id) => ref(updated.get(id) ?? id))));
      }
      pathsLeftOut(say.pathLeftOutHidden);
      // Another weight into the same next neuron. Like the swaps of a weighted sum below, only
      // for a few weights: each exchange re-evaluates the whole sum, so a neuron feeding 64 others
      // through 64 weights each would cost a quarter of a million products per step.
      for (const id of weights.length <= MAX_SWAPPED_WEIGHTS ? weights : []) {
        const w = weightOf(id)!;
        const into = weightsOf(spec!).get(w.base)!.to;
        for (const other of spec!.weights.filter((x) => x.to === into && x.id !== w.base)) {
          const otherId = `${other.id}${w.suffix}`;
          if (exists(otherId)) push('wrong-weight', say.wrongWeightHidden(otherId, id), () => ev.evaluate(replace(id, ref(otherId))));
        }
      }
      break;
    }
    case 'adjoint':
      pathsLeftOut(say.pathLeftOutAdjoint);
      break;
    case 'preactivation': {
      const weights = refsOf(e).filter((id) => weightOf(id));
      if (weights.length <= MAX_SWAPPED_WEIGHTS) {
        for (let i = 0; i < weights.length; i++) {
          for (let j = i + 1; j < weights.length; j++) {
            const a = weights[i]!;
            const b = weights[j]!;
            push('wrong-weight', say.wrongWeightSwapped(a, b), () => ev.evaluate(mapRefs(e, (id) => ref(id === a ? b : id === b ? a : id))));
          }
        }
      }
      biasUpdated();
      break;
    }
    case 'dz/dw': {
      for (const s of siblings('dz/dw')) push('wrong-input', wrongInput(text(s.expr)), () => ev.evaluate(s.expr));
      break;
    }
    case 'dE/dw': {
      const local = refsOf(e).find((id) => roleOf(id) === 'dz/dw');
      if (local) for (const s of siblings('dz/dw')) push('wrong-input', wrongInput(text(s.expr)), () => ev.evaluate(replace(local, ref(s.id))));
      break;
    }
    case 'change': {
      const input = refsOf(e).find((id) => ix.given(id)?.kind === 'input');
      if (input) {
        const others = new Set(siblings('change').flatMap((s) => refsOf(s.expr).filter((id) => ix.given(id)?.kind === 'input' && id !== input)));
        for (const o of others) push('wrong-input', wrongInput(o), () => ev.evaluate(replace(input, ref(o))));
      }
      // The delta rule's 1/n, n the number of inputs.
      const dropped = dropReciprocals(e);
      if (dropped) push('mean-dropped', say.inputsFactorDropped(dropped.n), () => ev.evaluate(dropped.expr));
      rateForgotten();
      break;
    }
    case 'error': {
      const dropped = dropReciprocals(e);
      if (dropped) push('half-dropped', say.halfDroppedError(step.id), () => ev.evaluate(dropped.expr));
      break;
    }
    case 'dE/dy-output': {
      // The derivative of the error written without its 1/2.
      const errorStep = ix.steps(step.iteration).find((s) => s.role === 'error' && s.example === step.example);
      const y = refsOf(e).find((id) => roleOf(id) === 'activation');
      const dropped = errorStep && dropReciprocals(errorStep.expr);
      if (y && dropped) push('half-dropped', say.halfDroppedDerivative(step.id), () => ev.evaluate(derivative(dropped.expr, y)));
      break;
    }
    case 'cost':
    case 'batch-gradient': {
      const dropped = dropReciprocals(e);
      if (dropped) push('mean-dropped', say.meanDropped(dropped.n), () => ev.evaluate(dropped.expr));
      break;
    }
    case 'new-param':
    case 'velocity': {
      rateForgotten();
      const rule = spec?.training.rule ?? 'gradient-descent';
      if (rule === 'gradient-descent' && e.op === 'sub') push('gradient-added', say.gradientAdded(step.param ?? step.base, rateId ?? 'the learning rate'), () => ev.evaluate(add(e.args[0], e.args[1])));
      break;
    }
    default:
      break;
  }
  if (SIGNED_ROLES.has(step.role)) push('sign-flipped', say.signFlipped(step.id), () => ev.value(step.id).neg());
  return out;

  function wrongInput(used: string): string {
    const weight = spec && step.param !== undefined ? weightsOf(spec).get(step.param) : undefined;
    return say.wrongInput(used, step.param ?? step.id, weight?.from, weight?.to);
  }

  function pathsLeftOut(message: (sym: string, term: string) => string) {
    if (e.op !== 'add' || e.args.length < 2) return;
    e.args.forEach((term, i) => push('path-left-out', message(step.id, text(term)), () => ev.evaluate(add(...e.args.filter((_, j) => j !== i)))));
  }

  function rateForgotten() {
    if (rateId && refsOf(e).includes(rateId)) push('rate-forgotten', say.rateForgotten(rateId), () => ev.evaluate(e, new Map([[rateId, new ev.m.D(1)]])));
  }

  // In the forward pass after an update, a bias moved although the exercise keeps biases fixed.
  function biasUpdated() {
    if (!spec || spec.training.updateBiases || step.iteration !== 2 || !rateId) return;
    const bias = spec.biases.find((b) => b.neuron === step.neuron);
    if (!bias || !refsOf(e).includes(bias.id)) return;
    const previous = ix.steps(1).filter((s) => s.neuron === step.neuron);
    const D = ev.m.D;
    let moved: (() => Dec) | undefined;
    const deltas = previous.filter((s) => s.role === 'delta');
    if (spec.training.rule === 'gradient-descent' && deltas.length > 0) {
      moved = () => {
        const sum = deltas.reduce((acc, s) => acc.plus(ev.value(s.id)), new D(0));
        const g = deltas.length > 1 && spec.loss?.batch === 'mean' ? sum.div(deltas.length) : sum;
        return ev.value(bias.id).minus(ev.value(rateId).times(g));
      };
    }
    const change = previous.find((s) => s.role === 'change');
    if (spec.training.rule !== 'gradient-descent' && change) {
      // The bias's change is a weight's change with the input replaced by the bias input, 1.
      const asBias = mapRefs(change.expr, (id) => (ix.given(id)?.kind === 'input' ? num('1') : ref(id)));
      moved = () => ev.value(bias.id).plus(ev.evaluate(asBias));
    }
    if (moved) {
      const value = moved;
      push('bias-updated-wrongly', say.biasUpdated(bias.id), () => ev.evaluate(e, new Map([[bias.id, value()]])));
    }
  }
}

// Weights by id, once per network: scanning 45,000 weights per reference made a catalogue quadratic.
const weightMaps = new WeakMap<NetworkSpec, ReadonlyMap<string, NetworkSpec['weights'][number]>>();

function weightsOf(spec: NetworkSpec): ReadonlyMap<string, NetworkSpec['weights'][number]> {
  let m = weightMaps.get(spec);
  if (!m) {
    m = new Map(spec.weights.map((w) => [w.id, w] as const));
    weightMaps.set(spec, m);
  }
  return m;
}

// Steps of one iteration by role, neuron and example: looking siblings up by scanning the
// iteration made judging every step of a large network quadratic.
const groups = new WeakMap<readonly Step[], Map<string, Step[]>>();
const groupKey = (role: Step['role'], s: Step) => `${role}\u0000${s.neuron ?? ''}\u0000${s.example ?? ''}`;

function groupsOf(steps: readonly Step[]): Map<string, Step[]> {
  let g = groups.get(steps);
  if (!g) {
    g = new Map();
    for (const s of steps) {
      const k = groupKey(s.role, s);
      const list = g.get(k);
      if (list) list.push(s);
      else g.set(k, [s]);
    }
    groups.set(steps, g);
  }
  return g;
}

/** The expression with every target-output difference reversed; the originals are collected. */
function swapDifferences(e: Expr, isDifference: (x: Expr) => boolean, found: Expr[]): Expr {
  if (e.op === 'num' || e.op === 'ref') return e;
  if (isDifference(e) && e.op === 'sub') {
    found.push(e);
    return { op: 'sub', args: [e.args[1], e.args[0]] };
  }
  return { op: e.op, args: e.args.map((a) => swapDifferences(a, isDifference, found)) } as Expr;
}

/** The expression without its constant factors 1/n (the 1/2 of an error, the 1/N of a mean). */
function dropReciprocals(e: Expr): { expr: Expr; n: number } | undefined {
  let n: number | undefined;
  const go = (x: Expr): Expr => {
    if (x.op === 'num' || x.op === 'ref') return x;
    if (x.op === 'mul') {
      const kept = x.args.filter((a) => {
        const r = reciprocalOf(a);
        if (r !== undefined) n = r;
        return r === undefined;
      });
      const args = kept.map(go);
      return args.length === 0 ? num('1') : args.length === 1 ? args[0]! : { op: 'mul', args };
    }
    return { op: x.op, args: x.args.map(go) } as Expr;
  };
  const expr = go(e);
  return n === undefined ? undefined : { expr, n };
}

function reciprocalOf(x: Expr): number | undefined {
  if (x.op !== 'div' || x.args[0].op !== 'num' || x.args[0].text !== '1' || x.args[1].op !== 'num') return undefined;
  const n = Number(x.args[1].text);
  return Number.isInteger(n) && n > 1 ? n : undefined;
}
