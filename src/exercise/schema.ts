/**
 * The exercise format: a table of sections in the shape language of shape.ts. The composer
 * (compose.ts) walks a file against it, and the editors' JSON Schema
 * (schema/exercise.schema.json, written at build by scripts/after-tsc.mjs) is generated from it,
 * so the two cannot drift. Numbers are decimal text: the loader hands numeric YAML scalars over as
 * their source text, and quoted numbers are accepted too.
 *
 * Over 450 lines on purpose: it is the one table of the format, every section beside the typed
 * data it gives, so a reader (and the field index of docs/authoring.md) finds each key in one
 * place. A layer kind's own fields live in exercise/layers/, and only their spread is here.
 */
import {
  bool,
  choice,
  decimal as decimalShape,
  described,
  either,
  int,
  jsonSchemaOf,
  list,
  map,
  optional,
  record,
  required,
  text,
} from './shape.js';
import type { Shape } from './shape.js';
import { nested } from './layers/grid.js';
import type { Nested } from './layers/grid.js';
import { LAYER_FIELDS, LAYER_FORMATS } from './layers/table.js';
import { ACTIVATION_NAMES, activationOf } from '../engine/operations/table.js';

const decimal = decimalShape(
  'A decimal number, written as in the source (0.1, -3, 2.5e-4). Kept exactly as written.',
);

const name = text(40, { min: 1, pattern: /^[A-Za-z0-9_]+$/, rule: 'names use letters, digits and _ only' });

// A notation symbol is printed inline: one line of text.
const symbol = text(8, { min: 1, pattern: /^[^\n]*$/, rule: 'a symbol is one line of text' });

const stepId = described(
  text(80, { min: 1 }),
  'A step id, as `backstep solve --ids` lists them (z_C, dE/dw5, w5@2).',
);

// The activations are the operations' records (engine/operations/).
export const ACTIVATIONS = ACTIVATION_NAMES;
const SLOPED = ACTIVATIONS.filter((a) => activationOf(a).slopeDefault !== undefined);

const layer = map({
  name: optional(name, 'Name of the layer (input, hidden, output...). Defaults to its index.'),
  neurons: required(list(name, 1, 64), 'Neuron names as the source writes them (A, B; h1, h2; 1, 2).'),
  activation: optional(
    choice(ACTIVATIONS),
    'Activation of this layer. Not allowed on the input layer; default sigmoid. ' +
      `${ACTIVATIONS.map((a) => activationOf(a).describe).join(', ')}.`,
  ),
  slope: optional(
    decimal,
    `${SLOPED.join(', ')} only: the slope a for z < 0, y = a z (default ${activationOf(SLOPED[0]!).slopeDefault}).`,
  ),
});

const namedWeight = map({
  from: required(name, 'Neuron the weight leaves.'),
  to: required(name, 'Neuron the weight enters.'),
  value: required(decimal, 'The weight, as written.'),
});

const matrix = map({
  from: required(name, 'Layer the rows belong to (its neurons, in order).'),
  to: required(name, 'Layer the columns belong to.'),
  bias_row: optional(
    bool(),
    'Row 0 holds the biases of the `to` neurons (weight 0 with a constant input 1).',
  ),
  rows: required(
    list(list(decimal, 1, 64), 1, 65),
    'One row per `from` neuron (after the bias row), one value per `to` neuron.',
  ),
});

const network = map({
  layers: required(list(layer, 2, 12), 'Layers from input to output.'),
  weights: optional(
    record(name, namedWeight),
    'Weights named as the source names them (w1: {from: A, to: C, value: 0.1}).',
  ),
  matrices: optional(
    list(matrix),
    'Weights as matrices, one row per `from` neuron, one column per `to` neuron. Their ids are w_<from>_<to>.',
  ),
  biases: optional(
    record(name, decimal),
    'Bias per neuron (b_<neuron>). A neuron without an entry has no bias.',
  ),
  shared_biases: optional(
    record(
      name,
      map({
        layer: required(name, 'The layer whose neurons all add this one bias.'),
        value: required(decimal, 'The bias, as written.'),
      }),
    ),
    'One bias shared by every neuron of a layer, named as the source names it (b1: {layer: hidden, value: 0.35}); ' +
      'its gradient is the sum over those neurons.',
  ),
});

const example = map({
  inputs: required(
    either(list(decimal), record(name, decimal)),
    'Input values, in input-neuron order or by neuron name.',
  ),
  targets: optional(either(decimal, list(decimal), record(name, decimal)), 'Target per output neuron.'),
});

const loss = map({
  type: optional(
    choice(['squared', 'cross-entropy', 'binary-cross-entropy']),
    'squared (default); cross-entropy: -sum t ln y (categorical, natural log); binary-cross-entropy: -[t ln y + (1 - t) ln(1 - y)].',
  ),
  route: optional(
    choice(['chain', 'combined']),
    'chain (default): dE/dy times dy/dz (through the softmax Jacobian); combined: dE/dz = y - t at once ' +
      '(softmax + cross-entropy, sigmoid + binary cross-entropy).',
  ),
  scale: optional(choice(['half', 'one']), 'half: 1/2 (t - y)^2 per output (default); one: (t - y)^2.'),
  difference: optional(
    choice(['target-minus-output', 'output-minus-target']),
    'Which side the source writes first: (t - y) (default) or (y - t).',
  ),
  batch: optional(
    choice(['sum', 'mean']),
    'Over a batch: sum of the example errors, or their mean 1/N (with scale half: 1/(2N)). Default mean.',
  ),
});

const training = map({
  rule: optional(
    choice(['gradient-descent', 'perceptron', 'delta']),
    'gradient-descent (default); perceptron: w += eta (t - y) x; delta: w += eta (1/n) x (t - y).',
  ),
  learning_rate: optional(decimal, 'eta; must be positive. Default 1.'),
  mode: optional(
    choice(['batch', 'online']),
    'batch: one update per pass over all examples (default); online: one update per example.',
  ),
  iterations: optional(int(0, 1_000_000), 'Number of updates (default 1). 0: the forward pass only.'),
  forward_after: optional(bool(), 'Run the forward pass (and error) again with the updated parameters.'),
  update_biases: optional(bool(), 'Whether biases learn (default true).'),
  weight_decay: optional(
    decimal,
    'L2 weight decay lambda: the gradient of each weight gets + lambda w (biases excluded).',
  ),
  momentum: optional(decimal, 'mu: v <- mu v - eta g; w <- w + v, starting from v = 0.'),
  divide_by_inputs: optional(
    bool(),
    'Delta rule only: the 1/n factor, n the number of inputs (default true).',
  ),
  optimiser: optional(
    choice(['sgd', 'adam', 'rmsprop']),
    'sgd (default; with `momentum` if given); adam (Kingma & Ba 2015, bias-corrected moments); rmsprop.',
  ),
  beta1: optional(decimal, 'adam: decay of the first moment m (default 0.9).'),
  beta2: optional(decimal, 'adam: decay of the second moment v (default 0.999).'),
  rho: optional(decimal, 'rmsprop: decay of the mean square s (default 0.9).'),
  epsilon: optional(
    decimal,
    'adam, rmsprop: added to the square root in the denominator (default 1e-8; 0 where the source leaves it out).',
  ),
  convention: optional(
    choice(['gradient', 'textbook']),
    'gradient (default): steps dE/dz and dE/dw, w - eta dE/dw. textbook: delta = -dE/dz = (t - y) y (1 - y) ' +
      'for a sigmoid output, delta_j = y_j (1 - y_j) sum_k delta_k w_jk, Delta w = eta delta x as steps and ' +
      'w + Delta w (Mitchell, Haykin, Negnevitsky, Han & Kamber).',
  ),
  update: optional(
    bool(),
    'false: stop after the gradients (with convention textbook, the deltas): no learning rate, no update. Default true.',
  ),
  parameters: optional(
    list(name, 1, 64),
    'Graph exercises: the inputs the optimiser updates, to minimise the output (a bare function).',
  ),
});

const graph = map({
  function: optional(name, 'Symbol of the function being differentiated (default f).'),
  inputs: required(record(name, decimal), 'Input variables and the values to evaluate at.'),
  nodes: required(
    record(name, text(400, { min: 1 }), { count: 1, message: 'a graph needs at least one node' }),
    'Intermediate variables in order: name: expression over inputs and earlier nodes.',
  ),
  output: optional(name, 'The node that is f (default: the last node).'),
});

// A stack of typed layers (docs/layers.md): each entry's `type` is a row of exercise/layers/table.ts.
const layersSection = map({
  input: required(
    either(decimalShape(), nested(3)),
    'The input: a vector, a grid (rows), or a list of grids (channels).',
  ),
  input_name: optional(name, 'Symbol of the input (default X).'),
  stack: required(
    list(
      map({
        type: required(
          choice(Object.keys(LAYER_FORMATS)),
          'The layer kind: ' +
            Object.entries(LAYER_FORMATS)
              .map(([k, f]) => `${k} (${f.describe})`)
              .join(', ') +
            '.',
        ),
        name: optional(
          name,
          "Symbol of the layer's output (default h1, h2...; the last: the activation symbol, y).",
        ),
        ...LAYER_FIELDS,
      }),
      1,
      32,
    ),
    'The layers from input to output.',
  ),
  target: optional(
    either(decimalShape(), nested(3)),
    'A target per output cell (with the squared error of `loss`).',
  ),
  upstream: optional(either(decimalShape(), nested(3)), 'Or the gradient dE/d(each output cell), given.'),
  learning_rate: optional(
    decimal,
    'With a target or upstream gradient: one gradient-descent update of every parameter.',
  ),
  input_gradient: optional(
    bool(),
    'Whether the backward pass goes on to the gradient of each input cell (default false).',
  ),
});

// A number printed on a step's line that is not the step's value (an exponential, a partial
// sum, sqrt(v_hat)), or the step's value printed again at other digits (a summary table).
const alsoPrinted = map({
  printed: required(decimal, 'The number as printed.'),
  formula: optional(
    text(400),
    'What it is, in symbols (exp(z_3), sqrt(v_hat), 1 - y_F). Without formula or expression: the step itself, printed again.',
  ),
  expression: optional(
    text(400),
    'Or the printed arithmetic it is the result of ("0.19574 + 0.09216"); verify re-does it.',
  ),
  where: optional(text(200), 'Where it is printed.'),
});

const stepNote = map({
  printed: optional(decimal, 'The value as the source printed it (decimal text, typos included).'),
  printed_expression: optional(
    text(400),
    'Arithmetic the source printed for this value, e.g. "0.2 - (0.7 * 0.0533)".',
  ),
  printed_formula: optional(
    text(400),
    'A formula the source printed for this step, in symbols (see `symbols`).',
  ),
  where: optional(text(200), 'Where the value is printed (section, line, equation).'),
  hint: optional(text(1000), 'A hint in your own words.'),
  ask: optional(bool(), 'Whether the walkthrough asks the learner for this value.'),
  erratum: optional(
    text(1000),
    'A known erratum in the printed value, with a note; verify reports it as acknowledged.',
  ),
  also_printed: optional(
    list(alsoPrinted, 1, 32),
    'Other numbers printed with this step: values that are not steps, or the step again at other digits.',
  ),
});

const precision = map({
  decimals: optional(int(0, 30), 'Show and judge values to this many decimals (default 4).'),
  significant: optional(int(1, 30), 'Or to this many significant figures.'),
  working: optional(int(20, 200), 'Working precision in significant digits (default 40).'),
});

const notation = map({
  input: optional(symbol, 'Symbol of an input value (x).'),
  preactivation: optional(symbol, 'Symbol of the weighted sum (z; a in some texts).'),
  activation: optional(symbol, 'Symbol of a neuron output (y; o; a; y_hat).'),
  target: optional(symbol, 'Symbol of a target (t; y).'),
  error: optional(symbol, 'Symbol of the error of one example (E; L; C).'),
  cost: optional(symbol, 'Symbol of the batch error (default: the error symbol).'),
  rate: optional(symbol, 'Symbol of the learning rate (eta; alpha).'),
  bias: optional(symbol, 'Symbol of a bias (b).'),
  delta: optional(
    text(8, {
      min: 1,
      pattern: /^[A-Za-z][A-Za-z0-9]*$/,
      rule: 'a delta symbol is a word such as delta or Err',
    }),
    'With convention textbook: the symbol of the error term delta (delta; Err in Han & Kamber). Step ids are <symbol>_<neuron>.',
  ),
});

const source = map({
  title: optional(
    text(200, { min: 1 }),
    'What the source is, for people: "Textbook, chapter 4". Menus group exercises by it.',
  ),
  document: required(text(200, { min: 1 }), 'The source document (file name or citation).'),
  section: optional(text(200), 'Section, page or exercise number in the source.'),
  url: optional(text(400), 'Where to find the source online.'),
});

const variantRange = map({
  min: required(decimal, 'The smallest value drawn.'),
  max: required(decimal, 'The largest value drawn.'),
  decimals: optional(int(0, 6), 'Decimals of the drawn value (default 2).'),
});

/** The sections of an exercise file, in the order the documentation gives them. */
export const exerciseShape: Shape = described(
  map({
    id: required(
      text(80, { pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, rule: 'ids are kebab-case: letters, digits and -' }),
      'Kebab-case id, unique among your exercises (two-two-one-network).',
    ),
    title: required(text(200, { min: 1 }), 'Title shown in menus and on handouts.'),
    description: optional(text(4000), 'The task in words, shown before the first step and on handouts.'),
    source: optional(source, 'Where the exercise comes from.'),
    precision: optional(
      precision,
      'How many digits values are shown and judged to, and the working precision.',
    ),
    notation: optional(notation, 'The symbols your source uses, so formulas read like it.'),
    network: optional(
      network,
      'A feed-forward network: layers, weights, biases (or write `graph:` instead).',
    ),
    examples: optional(list(example, 1, 1000), 'Training examples (network exercises).'),
    loss: optional(loss, 'The error function (network exercises).'),
    training: optional(
      training,
      'The learning rule, rate and number of updates (network exercises; graph exercises with `parameters`).',
    ),
    graph: optional(graph, 'A computation graph to differentiate (instead of `network:`).'),
    layers: optional(
      layersSection,
      'A stack of typed layers: convolution, pooling, dense... (instead of `network:`).',
    ),
    symbols: optional(
      record(text(40, { min: 1 }), stepId),
      'Extra names for steps, usable in printed formulas and answers (sigma2p: da_2/dz_2).',
    ),
    steps: optional(
      record(stepId, stepNote),
      'Per-step notes: printed values, hints, which steps are asked.',
    ),
    practice: optional(
      map({
        ask: optional(
          choice(['all', 'printed', 'listed']),
          'Which steps the walkthrough asks: all (default), those with a printed value, or those with ask: true.',
        ),
      }),
      'What the walkthrough asks.',
    ),
    variants: optional(
      record(text(80, { min: 1 }), either(variantRange, list(decimal, 1))),
      'How given values vary: a range with decimals, or a list to pick from.',
    ),
  }),
  'A backstep exercise: one hand calculation.',
);

/** The JSON Schema for editors (schema/exercise.schema.json), from the same table. */
export function exerciseJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...jsonSchemaOf(exerciseShape),
    $id: 'https://backstep.invalid/exercise.schema.json',
    title: 'backstep exercise',
  };
}

type Decimal = string;
type Named<T> = Record<string, T>;

/** A file's data as the composer hands it on: every number as its decimal text. */
export interface ExerciseData {
  id: string;
  title: string;
  description?: string;
  source?: { title?: string; document: string; section?: string; url?: string };
  precision?: { decimals?: number; significant?: number; working?: number };
  notation?: Partial<
    Record<
      'input' | 'preactivation' | 'activation' | 'target' | 'error' | 'cost' | 'rate' | 'bias' | 'delta',
      string
    >
  >;
  network?: {
    layers: Array<{ name?: string; neurons: string[]; activation?: Activation; slope?: Decimal }>;
    weights?: Named<{ from: string; to: string; value: Decimal }>;
    matrices?: Array<{ from: string; to: string; bias_row?: boolean; rows: Decimal[][] }>;
    biases?: Named<Decimal>;
    shared_biases?: Named<{ layer: string; value: Decimal }>;
  };
  examples?: Array<{ inputs: Decimal[] | Named<Decimal>; targets?: Decimal | Decimal[] | Named<Decimal> }>;
  loss?: {
    type?: 'squared' | 'cross-entropy' | 'binary-cross-entropy';
    route?: 'chain' | 'combined';
    scale?: 'half' | 'one';
    difference?: 'target-minus-output' | 'output-minus-target';
    batch?: 'sum' | 'mean';
  };
  training?: {
    rule?: 'gradient-descent' | 'perceptron' | 'delta';
    learning_rate?: Decimal;
    mode?: 'batch' | 'online';
    iterations?: number;
    forward_after?: boolean;
    update_biases?: boolean;
    weight_decay?: Decimal;
    momentum?: Decimal;
    divide_by_inputs?: boolean;
    optimiser?: 'sgd' | 'adam' | 'rmsprop';
    beta1?: Decimal;
    beta2?: Decimal;
    rho?: Decimal;
    epsilon?: Decimal;
    convention?: 'gradient' | 'textbook';
    update?: boolean;
    parameters?: string[];
  };
  graph?: { function?: string; inputs: Named<Decimal>; nodes: Named<string>; output?: string };
  layers?: {
    input: Nested;
    input_name?: string;
    stack: Array<{ type: string; name?: string } & Record<string, unknown>>;
    target?: Nested;
    upstream?: Nested;
    learning_rate?: Decimal;
    input_gradient?: boolean;
  };
  symbols?: Named<string>;
  steps?: Named<{
    printed?: Decimal;
    printed_expression?: string;
    printed_formula?: string;
    where?: string;
    hint?: string;
    ask?: boolean;
    erratum?: string;
    also_printed?: Array<{ printed: Decimal; formula?: string; expression?: string; where?: string }>;
  }>;
  practice?: { ask?: 'all' | 'printed' | 'listed' };
  variants?: Named<{ min: Decimal; max: Decimal; decimals?: number } | Decimal[]>;
}

export type Activation = (typeof ACTIVATIONS)[number];
