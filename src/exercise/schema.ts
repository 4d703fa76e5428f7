import { z } from 'zod';
import { MAX_INPUT_EXPONENT, withinInputLimit } from '../engine/limits.js';
import { DECIMAL_PATTERN } from './decimal-text.js';

/**
 * The exercise format. One schema serves the loader (with zod) and editors (the JSON Schema in
 * schema/exercise.schema.json is generated from it by scripts/write-schema.mjs), so the two
 * cannot drift. Numbers are decimal text: the loader hands numeric YAML scalars over as their
 * source text, and quoted numbers are accepted too.
 */

// The loader passes small integers through as numbers (exact) and every other number as its text.
const decimal = z
  .union([z.string().regex(DECIMAL_PATTERN, { message: 'expected a decimal number such as 0.25, -3 or 1.5e-3' }), z.number().int()])
  .refine((v) => withinInputLimit(String(v)), { message: `this number is past the magnitude limit: exponents within ±${MAX_INPUT_EXPONENT} (docs/authoring.md, Limits)` })
  .transform((v) => String(v))
  .describe('A decimal number, written as in the source (0.1, -3, 2.5e-4). Kept exactly as written.');

const name = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_]+$/, { message: 'names use letters, digits and _ only' });

// A notation symbol is printed inline: one line of text.
const symbol = z.string().min(1).max(8).regex(/^[^\n]*$/, { message: 'a symbol is one line of text' });

const stepId = z.string().min(1).max(80).describe('A step id, as `backstep solve --ids` lists them (z_C, dE/dw5, w5@2).');

export const ACTIVATIONS = ['sigmoid', 'identity', 'step', 'tanh', 'relu'] as const;
const activation = z.enum(ACTIVATIONS).describe('sigmoid (logistic), identity (linear), step (1 if z >= 0 else 0), tanh, relu.');

const layer = z.strictObject({
  name: name.optional().describe('Name of the layer (input, hidden, output...). Defaults to its index.'),
  neurons: z.array(name).min(1).max(64).describe('Neuron names as the source writes them (A, B; h1, h2; 1, 2).'),
  activation: activation.optional().describe('Activation of this layer. Not allowed on the input layer; default sigmoid.'),
});

const namedWeight = z.strictObject({
  from: name.describe('Neuron the weight leaves.'),
  to: name.describe('Neuron the weight enters.'),
  value: decimal,
});

const matrix = z.strictObject({
  from: name.describe('Layer the rows belong to (its neurons, in order).'),
  to: name.describe('Layer the columns belong to.'),
  bias_row: z.boolean().optional().describe('Row 0 holds the biases of the `to` neurons (weight 0 with a constant input 1).'),
  rows: z.array(z.array(decimal).min(1).max(64)).min(1).max(65),
});

export const networkSchema = z.strictObject({
  layers: z.array(layer).min(2).max(12).describe('Layers from input to output.'),
  weights: z.record(name, namedWeight).optional().describe('Weights named as the source names them (w1: {from: A, to: C, value: 0.1}).'),
  matrices: z.array(matrix).optional().describe('Weights as matrices, one row per `from` neuron, one column per `to` neuron. Their ids are w_<from>_<to>.'),
  biases: z.record(name, decimal).optional().describe('Bias per neuron (b_<neuron>). A neuron without an entry has no bias.'),
});

const example = z.strictObject({
  inputs: z.union([z.array(decimal), z.record(name, decimal)]).describe('Input values, in input-neuron order or by neuron name.'),
  targets: z.union([decimal, z.array(decimal), z.record(name, decimal)]).optional().describe('Target per output neuron.'),
});

export const lossSchema = z.strictObject({
  scale: z.enum(['half', 'one']).optional().describe('half: 1/2 (t - y)^2 per output (default); one: (t - y)^2.'),
  difference: z.enum(['target-minus-output', 'output-minus-target']).optional().describe('Which side the source writes first: (t - y) (default) or (y - t).'),
  batch: z.enum(['sum', 'mean']).optional().describe('Over a batch: sum of the example errors, or their mean 1/N (with scale half: 1/(2N)). Default mean.'),
});

export const trainingSchema = z.strictObject({
  rule: z.enum(['gradient-descent', 'perceptron', 'delta']).optional().describe('gradient-descent (default); perceptron: w += eta (t - y) x; delta: w += eta (1/n) x (t - y).'),
  learning_rate: decimal.optional().describe('eta; must be positive. Default 1.'),
  mode: z.enum(['batch', 'online']).optional().describe('batch: one update per pass over all examples (default); online: one update per example.'),
  iterations: z.number().int().min(0).max(1_000_000).optional().describe('Number of updates (default 1). 0: the forward pass only.'),
  forward_after: z.boolean().optional().describe('Run the forward pass (and error) again with the updated parameters.'),
  update_biases: z.boolean().optional().describe('Whether biases learn (default true).'),
  weight_decay: decimal.optional().describe('L2 weight decay lambda: the gradient of each weight gets + lambda w (biases excluded).'),
  momentum: decimal.optional().describe('mu: v <- mu v - eta g; w <- w + v, starting from v = 0.'),
  divide_by_inputs: z.boolean().optional().describe('Delta rule only: the 1/n factor, n the number of inputs (default true).'),
});

export const graphSchema = z.strictObject({
  function: name.optional().describe('Symbol of the function being differentiated (default f).'),
  inputs: z.record(name, decimal).describe('Input variables and the values to evaluate at.'),
  nodes: z.record(name, z.string().min(1).max(400)).refine((n) => Object.keys(n).length > 0, { message: 'a graph needs at least one node' }).describe('Intermediate variables in order: name: expression over inputs and earlier nodes.'),
  output: name.optional().describe('The node that is f (default: the last node).'),
});

const stepNote = z.strictObject({
  printed: decimal.optional().describe('The value as the source printed it (decimal text, typos included).'),
  printed_expression: z.string().max(400).optional().describe('Arithmetic the source printed for this value, e.g. "0.2 - (0.7 * 0.0533)".'),
  printed_formula: z.string().max(400).optional().describe('A formula the source printed for this step, in symbols (see `symbols`).'),
  where: z.string().max(200).optional().describe('Where the value is printed (section, line, equation).'),
  hint: z.string().max(1000).optional().describe('A hint in your own words.'),
  ask: z.boolean().optional().describe('Whether the walkthrough asks the learner for this value.'),
  erratum: z.string().max(1000).optional().describe('A known erratum in the printed value, with a note; verify reports it as acknowledged.'),
});

const precision = z.strictObject({
  decimals: z.number().int().min(0).max(30).optional().describe('Show and judge values to this many decimals (default 4).'),
  significant: z.number().int().min(1).max(30).optional().describe('Or to this many significant figures.'),
  working: z.number().int().min(20).max(200).optional().describe('Working precision in significant digits (default 40).'),
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
  title: z.string().min(1).max(200).optional().describe('What the source is, for people: "Textbook, chapter 4". Menus group exercises by it.'),
  document: z.string().min(1).max(200).describe('The source document (file name or citation).'),
  section: z.string().max(200).optional(),
  url: z.string().max(400).optional(),
});

const variantRange = z.strictObject({
  min: decimal,
  max: decimal,
  decimals: z.number().int().min(0).max(6).optional(),
});

export const exerciseSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'ids are kebab-case: letters, digits and -' }).max(80),
    title: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
    source: source.optional(),
    precision: precision.optional(),
    notation: notation.optional(),
    network: networkSchema.optional(),
    examples: z.array(example).min(1).max(1000).optional().describe('Training examples (network exercises).'),
    loss: lossSchema.optional(),
    training: trainingSchema.optional(),
    graph: graphSchema.optional(),
    symbols: z.record(z.string().min(1).max(40), stepId).optional().describe('Extra names for steps, usable in printed formulas and answers (sigma2p: da_2/dz_2).'),
    steps: z.record(stepId, stepNote).optional().describe('Per-step notes: printed values, hints, which steps are asked.'),
    practice: z
      .strictObject({ ask: z.enum(['all', 'printed', 'listed']).optional().describe('Which steps the walkthrough asks: all (default), those with a printed value, or those with ask: true.') })
      .optional(),
    variants: z.record(z.string().min(1).max(80), z.union([variantRange, z.array(decimal).min(1)])).optional().describe('How given values vary: a range with decimals, or a list to pick from.'),
  })
  .describe('A backstep exercise: one hand calculation.');

export type ExerciseInput = z.input<typeof exerciseSchema>;
export type ExerciseData = z.output<typeof exerciseSchema>;
export type Activation = (typeof ACTIVATIONS)[number];
