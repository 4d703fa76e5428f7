/**
 * The bodies of the `backstep new` templates: everything below the header, with comments in
 * our own words. Numbers are fixed for the first attempt of the common 2-2-1 case and drawn
 * from the stream otherwise (see templates.ts for why there are attempts).
 */
import type { ActivationName } from '../engine/model.js';
import { activationOf, DEFAULT_ACTIVATION } from '../engine/operations/table.js';
import type { Plan, Step } from '../engine/plan.js';
import { allSteps } from '../engine/plan.js';
import { drawNonZero } from './draw.js';
import type { RandomStream } from './prng.js';
import { yamlKey } from './yaml-key.js';

export interface NetworkShape {
  readonly sizes: readonly number[];
  readonly naming: 'letters' | 'generated';
  readonly weights: 'named' | 'matrices';
  readonly activation: ActivationName;
  /** The textbook sign: delta = -dE/dz, Delta w steps, w + Delta w (convention: textbook). */
  readonly textbook?: boolean;
}

export interface TemplateBody {
  readonly title: string;
  readonly text: string;
  pickAsked(plan: Plan): Step[];
  tail(plan: Plan): string;
}

const LETTERS = 'ABCDFGHJKLMNPQRSTUVWXYZ'; // no E (the error), no I or O (they read as 1 and 0)

export function neuronNames(shape: NetworkShape): string[][] {
  const { sizes } = shape;
  const total = sizes.reduce((a, b) => a + b, 0);
  if (shape.naming === 'letters' && total <= LETTERS.length) {
    let i = 0;
    return sizes.map((n) => Array.from({ length: n }, () => LETTERS[i++]!));
  }
  const hiddenLayers = sizes.length - 2;
  return sizes.map((n, l) => {
    if (l === 0) return Array.from({ length: n }, (_, j) => `i${j + 1}`);
    if (l === sizes.length - 1) return n === 1 ? ['o'] : Array.from({ length: n }, (_, j) => `o${j + 1}`);
    return Array.from({ length: n }, (_, j) => (hiddenLayers === 1 ? `h${j + 1}` : `h${l}_${j + 1}`));
  });
}

function layerNames(count: number): string[] {
  return Array.from({ length: count }, (_, l) =>
    l === 0 ? 'input' : l === count - 1 ? 'output' : count === 3 ? 'hidden' : `hidden${l}`,
  );
}

const TEXTBOOK_221 = {
  weights: ['0.15', '-0.2', '0.25', '0.3', '0.4', '-0.5'],
  biases: ['0.1', '-0.1', '0.2'],
  inputs: ['0.35', '0.9'],
  targets: ['1'],
};

/** The file's opening: its description, where a source would go, and the precision. */
function introLines(shape: NetworkShape, article: string, shapeText: string): string[] {
  return [
    'description: >',
    `  ${article} ${shapeText} network with ${shape.activation} neurons and biases: one training example, the`,
    '  forward pass, the error (half the squared difference from the target), the backward pass,',
    shape.textbook
      ? '  one update written as textbooks do (delta = (t - y) y (1 - y), w + eta delta x), and the forward pass again.'
      : '  one gradient-descent update, and the forward pass again with the updated weights.',
    '',
    '# Where the numbers come from, when they come from a book or lecture notes:',
    '# source:',
    '#   document: "Lecture notes, week 3"',
    '#   section: "2.4"',
    '',
    '# Values are shown and judged to 4 decimals, and computed with 40 significant digits.',
    'precision:',
    '  decimals: 4',
    '',
  ];
}

/**
 * The template's numbers: the textbook 2-2-1's when nothing is drawn for the default shape (so a
 * new file matches the book), otherwise drawn from the stream, never 0 (a 0 hides mistakes).
 */
function drawnValues(
  shape: NetworkShape,
  names: readonly string[][],
  rng: RandomStream | undefined,
  fallback: RandomStream,
) {
  const r = rng ?? fallback;
  const fixed =
    rng === undefined &&
    shape.sizes.join('-') === '2-2-1' &&
    shape.naming === 'letters' &&
    shape.activation === DEFAULT_ACTIVATION;
  const pairs = names
    .slice(0, -1)
    .flatMap((from, l) => from.flatMap((f) => names[l + 1]!.map((t) => ({ from: f, to: t, layer: l }))));
  const weightValue = pairs.map((_, k) => (fixed ? TEXTBOOK_221.weights[k]! : drawNonZero(r, -95, 95, 2)));
  const computed = names.slice(1).flat();
  const biasValue = computed.map((_, k) => (fixed ? TEXTBOOK_221.biases[k]! : drawNonZero(r, -50, 50, 2)));
  const inputs = names[0]!.map((_, k) => (fixed ? TEXTBOOK_221.inputs[k]! : drawNonZero(r, 5, 95, 2)));
  const bounded = activationOf(shape.activation).bounded === true;
  const targets = names[names.length - 1]!.map((_, k) =>
    fixed ? TEXTBOOK_221.targets[k]! : bounded ? (k % 2 === 0 ? '1' : '0') : drawNonZero(r, 5, 20, 1),
  );
  return { pairs, weightValue, computed, biasValue, inputs, targets };
}

export function networkBody(
  shape: NetworkShape,
  rng: RandomStream | undefined,
  fallback: RandomStream,
): TemplateBody {
  const names = neuronNames(shape);
  const lnames = layerNames(shape.sizes.length);
  const { pairs, weightValue, computed, biasValue, inputs, targets } = drawnValues(
    shape,
    names,
    rng,
    fallback,
  );
  const shapeText = shape.sizes.join('-');
  const article = articleFor(shape.sizes[0]!);

  const lines: string[] = [
    ...introLines(shape, article, shapeText),
    'network:',
    `  # From input to output. Neuron names are yours; they become part of the step ids (z_${names[1]![0]}, y_${names[1]![0]}).`,
    '  layers:',
    ...names.map(
      (n, l) =>
        `    - { name: ${lnames[l]}, neurons: [${n.join(', ')}]${l === 0 ? '' : `, activation: ${shape.activation}`} }`,
    ),
  ];
  lines.push(...parameterLines(shape, names, lnames, { pairs, weightValue, computed, biasValue }));
  lines.push(
    '',
    '# The training examples: input values in the order of the input neurons, a target per output.',
    'examples:',
    `  - inputs: [${inputs.join(', ')}]`,
    `    targets: [${targets.join(', ')}]`,
    '',
    '# The error of an example: 1/2 (t - y)^2, added over the outputs (docs/authoring.md has the others).',
    'loss: { scale: half, difference: target-minus-output }',
    '',
    'training:',
    '  learning_rate: 0.5',
    '  iterations: 1       # how many updates',
    '  forward_after: true # then the forward pass again with the new weights',
    ...(shape.textbook
      ? [
          '  # The error term with the textbook sign, delta_<neuron> = -dE/dz (Mitchell, Haykin,',
          '  # Han & Kamber): the changes Delta_<weight> = eta delta x are steps, then w + Delta w.',
          '  convention: textbook',
        ]
      : ['  # momentum: 0.9     # or weight_decay: 0.01, mode: online, ...']),
  );

  return {
    title: `${article} ${shapeText} network, one step of backpropagation`,
    text: lines.join('\n') + '\n',
    pickAsked: (plan) => networkAsked(plan, names),
    tail(plan) {
      const varied = plan.givens.filter((g) => g.kind === 'input');
      return [
        '',
        '# Variants for a class: `backstep variants <file> --count 30` and `practice --variant <seed>`.',
        '# Each given value listed here is drawn from a range (at `decimals` places) or from a list.',
        'variants:',
        ...varied.map((g) => `  ${yamlKey(g.id)}: { min: 0.05, max: 0.95, decimals: 2 }`),
        `  ${plan.givens.find((g) => g.kind === 'rate')?.id ?? 'eta'}: [0.1, 0.25, 0.5, 0.75]`,
        '',
      ].join('\n');
    },
  };
}

/** The weights and biases as the template writes them: named, or as matrices with a bias row. */
function parameterLines(
  shape: NetworkShape,
  names: readonly string[][],
  lnames: readonly string[],
  v: {
    pairs: ReadonlyArray<{ from: string; to: string }>;
    weightValue: readonly string[];
    computed: readonly string[];
    biasValue: readonly string[];
  },
): string[] {
  const { pairs, weightValue, computed, biasValue } = v;
  const out: string[] = [];
  if (shape.weights === 'named') {
    out.push(
      '  # Each weight is named (the name is its step id) and goes from a neuron to one in the next layer.',
      '  weights:',
    );
    pairs.forEach((p, k) =>
      out.push(`    w${k + 1}: { from: ${p.from}, to: ${p.to}, value: ${weightValue[k]} }`),
    );
    out.push(
      '  # One bias per neuron, called b_<neuron>. Leave a neuron out and it has no bias.',
      '  biases:',
    );
    computed.forEach((n, k) => out.push(`    ${n}: ${biasValue[k]}`));
  } else {
    out.push(
      '  # One matrix per pair of layers: a row per neuron of `from`, a column per neuron of `to`.',
      '  # With bias_row: true the first row holds the biases of the `to` neurons.',
      `  # The weights are called w_<from>_<to> (w_${names[0]![0]}_${names[1]![0]}), the biases b_<neuron>.`,
      '  matrices:',
    );
    let k = 0;
    let b = 0;
    for (let l = 0; l + 1 < names.length; l++) {
      out.push(
        `    - from: ${lnames[l]}`,
        `      to: ${lnames[l + 1]}`,
        '      bias_row: true',
        '      rows:',
      );
      out.push(`        - [${names[l + 1]!.map(() => biasValue[b++]).join(', ')}]`);
      for (let i = 0; i < names[l]!.length; i++)
        out.push(`        - [${names[l + 1]!.map(() => weightValue[k++]).join(', ')}]`);
    }
  }
  return out;
}

/** The steps a network template asks: the first hidden and output neuron's values, deltas and one update. */
function networkAsked(plan: Plan, names: readonly string[][]): Step[] {
  const hasHidden = names.length > 2;
  const firstHidden = names[1]![0]!;
  const firstOutput = names[names.length - 1]![0]!;
  const steps = allSteps(plan).filter((s) => s.iteration === 1);
  const chosen = new Set<string>();
  const take = (pred: (s: Step) => boolean) => {
    const s = steps.find(pred);
    if (s) chosen.add(s.id);
  };
  if (hasHidden)
    for (const role of ['preactivation', 'activation'] as const)
      take((s) => s.role === role && s.neuron === firstHidden);
  for (const role of ['preactivation', 'activation'] as const)
    take((s) => s.role === role && s.neuron === firstOutput);
  take((s) => s.role === 'error');
  take((s) => s.role === 'delta' && s.neuron === firstOutput);
  if (hasHidden) take((s) => s.role === 'delta' && s.neuron === firstHidden);
  // The weight's gradient, or with the textbook sign its change Delta w.
  const weights = new Set(plan.givens.filter((g) => g.kind === 'weight').map((g) => g.id));
  const perWeight = (s: Step) => s.role === 'dE/dw' || (s.role === 'change' && weights.has(s.param ?? ''));
  take((s) => perWeight(s) && s.neuron === firstOutput);
  if (hasHidden) take((s) => perWeight(s) && s.neuron === firstHidden);
  const outWeight = steps.find((s) => perWeight(s) && s.neuron === firstOutput)?.param;
  take((s) => s.role === 'new-param' && s.param === outWeight);
  return allSteps(plan).filter((s) => chosen.has(s.id));
}

/** "An 8-8-4 network", "an 11-2-1", "an 18-…": the article as the first size is said aloud. */
function articleFor(size: number): 'A' | 'An' {
  return String(size).startsWith('8') || size === 11 || size === 18 ? 'An' : 'A';
}
