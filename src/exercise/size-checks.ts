/**
 * The size checks of a loaded exercise: before compiling (a layer stack's cells), and after (the
 * plan's steps and operands, and the work estimate against the limits of work.ts).
 */
import type { Exercise, LayersSpec } from '../engine/model.js';
import { compilerOf } from '../engine/layers/table.js';
import type { Shape3 } from '../engine/layers/types.js';
import type { Plan } from '../engine/plan.js';
import { passes } from '../engine/plan.js';
import { exprSize, refsOf } from '../engine/expr.js';
import { MAX_PLAN_OPERANDS, MAX_PLAN_STEPS, workEstimate } from './work.js';
import type { Problem } from './errors.js';
import type { Plain, YamlSource } from './yaml-source.js';

/**
 * Sizes known before compiling, so a file far over the limits is refused at once rather than
 * after seconds (or minutes) of building its plan. A network has at least one weighted input per
 * neuron and example, of at least one product per weight; a graph node of n variables has n
 * partials about its own size. What passes is measured exactly after compiling.
 */
function layerCells(spec: LayersSpec): number {
  let shape: Shape3 = spec.input;
  let cells = 0;
  for (const l of spec.layers) {
    shape = compilerOf(l).shape(shape);
    cells += shape.channels * shape.rows * shape.cols;
  }
  return cells;
}

export function checkSizeBeforeCompile(ex: Exercise, src: YamlSource): Problem[] {
  if (ex.spec.kind === 'network') {
    const examples = ex.spec.examples.length;
    const neurons = ex.spec.layers.slice(1).reduce((n, l) => n + l.neurons.length, 0);
    if (examples * neurons > MAX_PLAN_STEPS) return [tooManySteps(ex, src, examples * neurons, 'at least ')];
    const terms = 3 * examples * ex.spec.weights.length;
    return terms > MAX_PLAN_OPERANDS ? [tooManyOperands(ex, src, terms, 'at least ')] : [];
  }
  if (ex.spec.kind === 'layers') {
    // One step per cell of each layer's output at least: the kinds' shapes give it before compiling.
    const steps = layerCells(ex.spec);
    return steps > MAX_PLAN_STEPS ? [tooManySteps(ex, src, steps, 'at least ')] : [];
  }
  const estimate = ex.spec.nodes.reduce(
    (n, node) => n + (1 + refsOf(node.expr).length) * exprSize(node.expr),
    0,
  );
  return estimate > 2 * MAX_PLAN_OPERANDS ? [tooManyOperands(ex, src, estimate, 'about ')] : [];
}

const TOO_LONG = 'checking, solving and practising it would take too long';
const LIMITS = ' (docs/authoring.md, Limits)';

function tooManySteps(ex: Exercise, src: YamlSource, steps: number, about = ''): Problem {
  const examples = (src.value as Record<string, Plain>)['examples'];
  const many =
    Array.isArray(examples) &&
    ex.spec.kind === 'network' &&
    steps / Math.max(1, examples.length) <= MAX_PLAN_STEPS;
  return {
    code: 'bad-value',
    message:
      `this exercise has ${about}${steps} steps in one pass, over the limit of ${MAX_PLAN_STEPS}: ` +
      TOO_LONG,
    hint: (many ? 'use fewer examples' : 'use fewer neurons or nodes') + LIMITS,
    range: many
      ? src.keyRangeAt(['examples'])
      : src.keyRangeAt([ex.spec.kind === 'network' ? 'network' : 'graph']),
  };
}

function tooManyOperands(ex: Exercise, src: YamlSource, operands: number, about = ''): Problem {
  return {
    code: 'bad-value',
    message:
      `the formulas of one pass have ${about}${operands} terms in all, over the limit of ${MAX_PLAN_OPERANDS}: ` +
      TOO_LONG,
    hint:
      (ex.spec.kind === 'graph'
        ? 'let each node use fewer variables, or use fewer nodes'
        : 'use fewer neurons or examples') + LIMITS,
    range: src.keyRangeAt([ex.spec.kind === 'network' ? 'network' : 'graph']),
  };
}

export function checkWork(ex: Exercise, plan: Plan, src: YamlSource): Problem[] {
  // The sizes of one pass first: the estimate compiles passes and runs the first iterations.
  if (plan.stepsPerIteration > MAX_PLAN_STEPS) return [tooManySteps(ex, src, plan.stepsPerIteration)];
  const operands = plan.iteration(1).reduce((n, s) => n + exprSize(s.expr), 0);
  if (operands > MAX_PLAN_OPERANDS) return [tooManyOperands(ex, src, operands)];
  const { terms, work, limit, setupShare, share, decimalOnly: slow } = workEstimate(ex, plan);
  if (share <= 1) return [];
  const value = src.value as Record<string, Plain>;
  const training = value['training'];
  const iterationsSet =
    typeof training === 'object' &&
    training !== null &&
    !Array.isArray(training) &&
    training['iterations'] !== undefined;
  const range = iterationsSet
    ? src.rangeAt(['training', 'iterations'])
    : value['examples'] !== undefined
      ? src.keyRangeAt(['examples'])
      : src.keyRangeAt(['network']);
  const fmt = (n: number) => n.toExponential(2).replace('e+', 'e');
  const arithmetic = slow === undefined ? '' : ` for a run in decimal arithmetic (it needs ${slow})`;
  const counted =
    `this exercise would take too long: about ${fmt(work)} units of work over its ` +
    `${passes(plan).toLocaleString('en')} passes (${fmt(terms)} terms in all formulas, a division, ` +
    `root, power or exponential counting 3, x ${ex.working} working digits)`;
  // A replayed run also builds, checks and shows one pass in full: its share of the size limits.
  const message =
    setupShare === 0
      ? `${counted}, over the limit of ${fmt(limit)}${arithmetic}`
      : `${counted}, over the ${fmt((1 - setupShare) * limit)} left of the limit of ${fmt(limit)}` +
        `${arithmetic} once its first pass is built and shown in full (${Math.round(setupShare * 100)}% ` +
        `of the budget: its share of the limits on the steps and terms of one pass)`;
  return [
    {
      code: 'bad-value',
      message,
      hint: 'use fewer iterations, examples or neurons, or a lower `precision.working` (docs/authoring.md, Limits)',
      range,
    },
  ];
}
