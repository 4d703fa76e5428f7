/**
 * The exercise format. One schema serves the loader (with zod) and editors (the JSON Schema in
 * schema/exercise.schema.json is generated from it by scripts/after-tsc.mjs), so the two
 * cannot drift. Numbers are decimal text: the loader hands numeric YAML scalars over as their
 * source text, and quoted numbers are accepted too.
 */
import { z } from 'zod';
import { MAX_INPUT_EXPONENT, withinInputLimit } from '../engine/limits.js';
import { ACTIVATION_NAMES, activationOf } from '../engine/operations/table.js';
import { DECIMAL_PATTERN } from './decimal-text.js';

// The loader passes small integers through as numbers (exact) and every other number as its text.
// An editor sees any YAML number as a number, so the JSON Schema says `number` here (see below).
const decimalNumber = z.number().int();
/** Exported so the loader's repair (repair.ts) can tell a number from a structural setting. */
export const decimal = z
  .union([
    z.string().regex(DECIMAL_PATTERN, { message: 'expected a decimal number such as 0.25, -3 or 1.5e-3' }),
    decimalNumber,
  ])
  .refine((v) => withinInputLimit(String(v)), {
    message: `this number is past the magnitude limit: exponents within ±${MAX_INPUT_EXPONENT} (docs/authoring.md, Limits)`,
  })
  .transform((v) => String(v))
  .describe('A decimal number, written as in the source (0.1, -3, 2.5e-4). Kept exactly as written.');

const name = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_]+$/, { message: 'names use letters, digits and _ only' });

// A notation symbol is printed inline: one line of text.
const symbol = z
  .string()
  .min(1)
  .max(8)
  .regex(/^[^\n]*$/, { message: 'a symbol is one line of text' });

const stepId = z
  .string()
  .min(1)
  .max(80)
  .describe('A step id, as `backstep solve --ids` lists them (z_C, dE/dw5, w5@2).');

// The activations are the operations' records (engine/operations/).
export const ACTIVATIONS = ACTIVATION_NAMES;
const SLOPED = ACTIVATIONS.filter((a) => activationOf(a).slopeDefault !== undefined);
const activation = z
  .enum(ACTIVATIONS)
  .describe(`${ACTIVATIONS.map((a) => activationOf(a).describe).join(', ')}.`);

const layer = z.strictObject({
  name: name.optional().describe('Name of the layer (input, hidden, output...). Defaults to its index.'),
  neurons: z
    .array(name)
    .min(1)
    .max(64)
    .describe('Neuron names as the source writes them (A, B; h1, h2; 1, 2).'),
  activation: activation
    .optional()
    .describe('Activation of this layer. Not allowed on the input layer; default sigmoid.'),
  slope: decimal
    .optional()
    .describe(
      `${SLOPED.join(', ')} only: the slope a for z < 0, y = a z (default ${activationOf(SLOPED[0]!).slopeDefault}).`,
    ),
});

const namedWeight = z.strictObject({
  from: name.describe('Neuron the weight leaves.'),
  to: name.describe('Neuron the weight enters.'),
  value: decimal,
});

const matrix = z.strictObject({
  from: name.describe('Layer the rows belong to (its neurons, in order).'),
  to: name.describe('Layer the columns belong to.'),
  bias_row: z
    .boolean()
    .optional()
    .describe('Row 0 holds the biases of the `to` neurons (weight 0 with a constant input 1).'),
  rows: z
    .array(z.array(decimal).min(1).max(64))
    .min(1)
    .max(65)
    .describe('One row per `from` neuron (after the bias row), one value per `to` neuron.'),
});

export const networkSchema = z.strictObject({
  layers: z.array(layer).min(2).max(12).describe('Layers from input to output.'),
  weights: z
    .record(name, namedWeight)
    .optional()
    .describe('Weights named as the source names them (w1: {from: A, to: C, value: 0.1}).'),
  matrices: z
    .array(matrix)
    .optional()
    .describe(
      'Weights as matrices, one row per `from` neuron, one column per `to` neuron. Their ids are w_<from>_<to>.',
    ),
  biases: z
    .record(name, decimal)
    .optional()
    .describe('Bias per neuron (b_<neuron>). A neuron without an entry has no bias.'),
});

const example = z.strictObject({
  inputs: z
    .union([z.array(decimal), z.record(name, decimal)])
    .describe('Input values, in input-neuron order or by neuron name.'),
  targets: z
    .union([decimal, z.array(decimal), z.record(name, decimal)])
    .optional()
    .describe('Target per output neuron.'),
});

export const lossSchema = z.strictObject({
  type: z
    .enum(['squared', 'cross-entropy', 'binary-cross-entropy'])
    .optional()
    .describe(
      'squared (default); cross-entropy: -sum t ln y (categorical, natural log); binary-cross-entropy: -[t ln y + (1 - t) ln(1 - y)].',
    ),
  route: z
    .enum(['chain', 'combined'])
    .optional()
    .describe(
      'chain (default): dE/dy times dy/dz (through the softmax Jacobian); combined: dE/dz = y - t at once ' +
        '(softmax + cross-entropy, sigmoid + binary cross-entropy).',
    ),
  scale: z
    .enum(['half', 'one'])
    .optional()
    .describe('half: 1/2 (t - y)^2 per output (default); one: (t - y)^2.'),
  difference: z
    .enum(['target-minus-output', 'output-minus-target'])
    .optional()
    .describe('Which side the source writes first: (t - y) (default) or (y - t).'),
  batch: z
    .enum(['sum', 'mean'])
    .optional()
    .describe(
      'Over a batch: sum of the example errors, or their mean 1/N (with scale half: 1/(2N)). Default mean.',
    ),
});

export const trainingSchema = z.strictObject({
  rule: z
    .enum(['gradient-descent', 'perceptron', 'delta'])
    .optional()
    .describe('gradient-descent (default); perceptron: w += eta (t - y) x; delta: w += eta (1/n) x (t - y).'),
  learning_rate: decimal.optional().describe('eta; must be positive. Default 1.'),
  mode: z
    .enum(['batch', 'online'])
    .optional()
    .describe('batch: one update per pass over all examples (default); online: one update per example.'),
  iterations: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe('Number of updates (default 1). 0: the forward pass only.'),
  forward_after: z
    .boolean()
    .optional()
    .describe('Run the forward pass (and error) again with the updated parameters.'),
  update_biases: z.boolean().optional().describe('Whether biases learn (default true).'),
  weight_decay: decimal
    .optional()
    .describe('L2 weight decay lambda: the gradient of each weight gets + lambda w (biases excluded).'),
  momentum: decimal.optional().describe('mu: v <- mu v - eta g; w <- w + v, starting from v = 0.'),
  divide_by_inputs: z
    .boolean()
    .optional()
    .describe('Delta rule only: the 1/n factor, n the number of inputs (default true).'),
  optimiser: z
    .enum(['sgd', 'adam', 'rmsprop'])
    .optional()
    .describe(
      'sgd (default; with `momentum` if given); adam (Kingma & Ba 2015, bias-corrected moments); rmsprop.',
    ),
  beta1: decimal.optional().describe('adam: decay of the first moment m (default 0.9).'),
  beta2: decimal.optional().describe('adam: decay of the second moment v (default 0.999).'),
  rho: decimal.optional().describe('rmsprop: decay of the mean square s (default 0.9).'),
  epsilon: decimal
    .optional()
    .describe('adam, rmsprop: added to the square root in the denominator (default 1e-8).'),
});

export const graphSchema = z.strictObject({
  function: name.optional().describe('Symbol of the function being differentiated (default f).'),
  inputs: z.record(name, decimal).describe('Input variables and the values to evaluate at.'),
  nodes: z
    .record(name, z.string().min(1).max(400))
    .refine((n) => Object.keys(n).length > 0, { message: 'a graph needs at least one node' })
    .describe('Intermediate variables in order: name: expression over inputs and earlier nodes.'),
  output: name.optional().describe('The node that is f (default: the last node).'),
});

const stepNote = z.strictObject({
  printed: decimal.optional().describe('The value as the source printed it (decimal text, typos included).'),
  printed_expression: z
    .string()
    .max(400)
    .optional()
    .describe('Arithmetic the source printed for this value, e.g. "0.2 - (0.7 * 0.0533)".'),
  printed_formula: z
    .string()
    .max(400)
    .optional()
    .describe('A formula the source printed for this step, in symbols (see `symbols`).'),
  where: z.string().max(200).optional().describe('Where the value is printed (section, line, equation).'),
  hint: z.string().max(1000).optional().describe('A hint in your own words.'),
  ask: z.boolean().optional().describe('Whether the walkthrough asks the learner for this value.'),
  erratum: z
    .string()
    .max(1000)
    .optional()
    .describe('A known erratum in the printed value, with a note; verify reports it as acknowledged.'),
});

const precision = z.strictObject({
  decimals: z
    .number()
    .int()
    .min(0)
    .max(30)
    .optional()
    .describe('Show and judge values to this many decimals (default 4).'),
  significant: z.number().int().min(1).max(30).optional().describe('Or to this many significant figures.'),
  working: z
    .number()
    .int()
    .min(20)
    .max(200)
    .optional()
    .describe('Working precision in significant digits (default 40).'),
});

const notation = z.strictObject({
  input: symbol.optional().describe('Symbol of an input value (x).'),
  preactivation: symbol.optional().describe('Symbol of the weighted sum (z; a in some texts).'),
  activation: symbol.optional().describe('Symbol of a neuron output (y; o; a; y_hat).'),
  target: symbol.optional().describe('Symbol of a target (t; y).'),
  error: symbol.optional().describe('Symbol of the error of one example (E; L; C).'),
  cost: symbol.optional().describe('Symbol of the batch error (default: the error symbol).'),
  rate: symbol.optional().describe('Symbol of the learning rate (eta; alpha).'),
  bias: symbol.optional().describe('Symbol of a bias (b).'),
});

const source = z.strictObject({
  title: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('What the source is, for people: "Textbook, chapter 4". Menus group exercises by it.'),
  document: z.string().min(1).max(200).describe('The source document (file name or citation).'),
  section: z.string().max(200).optional().describe('Section, page or exercise number in the source.'),
  url: z.string().max(400).optional().describe('Where to find the source online.'),
});

const variantRange = z.strictObject({
  min: decimal,
  max: decimal,
  decimals: z.number().int().min(0).max(6).optional().describe('Decimals of the drawn value (default 2).'),
});

export const exerciseSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'ids are kebab-case: letters, digits and -' })
      .max(80)
      .describe('Kebab-case id, unique among your exercises (two-two-one-network).'),
    title: z.string().min(1).max(200).describe('Title shown in menus and on handouts.'),
    description: z
      .string()
      .max(4000)
      .optional()
      .describe('The task in words, shown before the first step and on handouts.'),
    source: source.optional().describe('Where the exercise comes from.'),
    precision: precision
      .optional()
      .describe('How many digits values are shown and judged to, and the working precision.'),
    notation: notation.optional().describe('The symbols your source uses, so formulas read like it.'),
    network: networkSchema
      .optional()
      .describe('A feed-forward network: layers, weights, biases (or write `graph:` instead).'),
    examples: z.array(example).min(1).max(1000).optional().describe('Training examples (network exercises).'),
    loss: lossSchema.optional().describe('The error function (network exercises).'),
    training: trainingSchema
      .optional()
      .describe('The learning rule, rate and number of updates (network exercises).'),
    graph: graphSchema.optional().describe('A computation graph to differentiate (instead of `network:`).'),
    symbols: z
      .record(z.string().min(1).max(40), stepId)
      .optional()
      .describe('Extra names for steps, usable in printed formulas and answers (sigma2p: da_2/dz_2).'),
    steps: z
      .record(stepId, stepNote)
      .optional()
      .describe('Per-step notes: printed values, hints, which steps are asked.'),
    practice: z
      .strictObject({
        ask: z
          .enum(['all', 'printed', 'listed'])
          .optional()
          .describe(
            'Which steps the walkthrough asks: all (default), those with a printed value, or those with ask: true.',
          ),
      })
      .optional()
      .describe('What the walkthrough asks.'),
    variants: z
      .record(z.string().min(1).max(80), z.union([variantRange, z.array(decimal).min(1)]))
      .optional()
      .describe('How given values vary: a range with decimals, or a list to pick from.'),
  })
  .describe('A backstep exercise: one hand calculation.');

/**
 * The JSON Schema for editors (schema/exercise.schema.json, written at build by
 * scripts/after-tsc.mjs). It differs from the loader's schema in one place: a decimal may be any
 * YAML number, because an editor reads `0.1` as a number while the loader reads its source text
 * (and would refuse only forms like .inf or 0x1F, which are not decimals).
 */
export function exerciseJsonSchema(): Record<string, unknown> {
  const json = z.toJSONSchema(exerciseSchema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema !== decimalNumber) return;
      for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[k];
      ctx.jsonSchema.type = 'number';
    },
  }) as Record<string, unknown>;
  return { ...json, $id: 'https://backstep.invalid/exercise.schema.json', title: 'backstep exercise' };
}

export type ExerciseInput = z.input<typeof exerciseSchema>;
export type ExerciseData = z.output<typeof exerciseSchema>;
export type Activation = (typeof ACTIVATIONS)[number];
