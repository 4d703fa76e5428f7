/**
 * Compiles a layered network into the steps the textbooks write, one builder per phase: per
 * neuron the weighted input and the activation (forward); the error (loss); the chain-rule
 * factors dE/dy, dy/dz, dE/dz, dz/dw and dE/dw (backward); the batch gradient; the update; and
 * optionally the forward pass again. The backward pass always uses the weights of the current
 * iteration; all parameters change together at its end. The phases live in network-forward,
 * network-loss, network-backward and network-update; what they share in network-context.
 */
import type { Exercise, NetworkSpec } from './model.js';
import { latexName, latexSuffix, neuronLabel } from './tex-names.js';
import { stepId } from './plan.js';
import type { Given, Plan, Step } from './plan.js';
import { describeNetwork, emitter } from './network-context.js';
import { trainingGivens } from './training-givens.js';
import type { ExampleView, Net } from './network-context.js';
import { backwardPass, batchGradient } from './network-backward.js';
import { forwardPass } from './network-forward.js';
import { lossSteps } from './network-loss.js';
import { learningRuleSteps, updateSteps } from './network-update.js';
import { textbookDeltas, textbookUpdate } from './network-textbook.js';

export function compileNetwork(ex: Exercise, spec: NetworkSpec): Plan {
  const net = describeNetwork(ex, spec);
  const iteration = (k: number) => buildIteration(net, k);
  return {
    exerciseId: ex.id,
    givens: givensOf(net),
    iterations: net.K,
    forwardAfter: spec.training.forwardAfter && net.K > 0,
    carried: spec.training.update === false ? [] : net.carried,
    ...(net.hasLoss ? { costBase: net.C } : {}),
    outputBases: net.outputs.map(net.y),
    iteration,
    stepsPerIteration: iteration(1).length,
    period: net.batch ? 1 : net.N,
  };
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
      givens.push({
        id,
        symbol: id,
        latex: exampleLatex(net.xBase(nn), e),
        value: exm.inputs.get(nn)!,
        kind: 'input',
        describe: `input ${neuronLabel(nn)}${ofExample(e, 'of')}`,
      });
    }
    for (const [o, t] of exm.targets) {
      const id = net.tId(o, e);
      givens.push({
        id,
        symbol: id,
        latex: exampleLatex(net.tBase(o), e),
        value: t,
        kind: 'target',
        describe: `target of ${neuronLabel(o)}${ofExample(e, 'for')}`,
      });
    }
  });
  for (const w of spec.weights)
    givens.push({
      id: w.id,
      symbol: w.id,
      latex: latexName(w.id),
      value: w.value,
      kind: 'weight',
      describe: `weight from ${neuronLabel(w.from)} to ${neuronLabel(w.to)}`,
    });
  for (const b of spec.biases)
    givens.push({
      id: b.id,
      symbol: b.id,
      latex: latexName(b.id),
      value: b.value,
      kind: 'bias',
      describe: b.shared
        ? `bias shared by ${b.shared.map(neuronLabel).join(', ')}`
        : `bias of ${neuronLabel(b.neuron)}`,
    });
  // Stopping after the gradients needs no learning rate.
  if (net.K === 0 || spec.training.update === false) return givens;
  return [...givens, ...trainingGivens(spec.training, net.rate, net.params)];
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
  const { rule, convention, update } = net.spec.training;
  if (rule === 'gradient-descent' && convention === 'textbook') {
    for (const v of views) textbookDeltas(net, em, v);
    if (update !== false) textbookUpdate(net, em, views);
  } else if (rule === 'gradient-descent') {
    for (const v of views) backwardPass(net, em, v);
    const gradient = batchGradient(net, em, views);
    if (update !== false) updateSteps(net, em, gradient);
  } else {
    learningRuleSteps(net, em, views[0]!);
  }
  return em.steps;
}
