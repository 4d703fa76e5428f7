/**
 * What the walkthrough says, in one place, so the voice stays the same: a patient tutor who
 * names what went wrong and where to look, and never gives the answer away in a mistake.
 */
import { neuronLabel } from '../engine/tex-names.js';

export const say = {
  right: 'Right.',
  rightTruncated: (rounded: string) => `Right. (Rounded, it is ${rounded}.)`,
  followThrough: (exact: string) =>
    `Right, working from your earlier answers. With exact values throughout it comes to ${exact}; ` +
    `the small difference is carried over from earlier rounding.`,
  followThroughFromSlip: (exact: string) =>
    `Right, working from your earlier answers. With the correct earlier values it would be ${exact}.`,
  imprecise: (precision: string) => `Right so far, but give ${precision}.`,
  wrong: 'Not quite. Work it through once more, or ask for a hint.',
  wrongPrecise: (precision: string) =>
    `Not quite, and give ${precision} when you have it. Work it through once more, or ask for a hint.`,
  decimalPointSlip: 'The digits look right, but the decimal point is in the wrong place.',
  unreadable: (problem: string, at: number) => `I can't read that: ${problem} (at character ${at}).`,

  signFlipped: (sym: string) =>
    `The size is right but the sign is not: check the sign of each factor in ${sym}.`,
  differenceReversedOutput: (sym: string, correct: string, fromSquare: boolean) =>
    fromSquare
      ? `The difference is the wrong way round: differentiating the square brings a factor -1 from its inside, so ${sym} = ${correct}.`
      : `The difference is the wrong way round: ${sym} = ${correct}.`,
  differenceReversed: (sym: string, correct: string) =>
    `The difference is the wrong way round: ${sym} uses ${correct}.`,
  activationDerivativeForgotten: (sym: string, slope: string, activation: string) =>
    `It looks like the slope of the activation was left out: ${sym} includes the factor ${slope}, which is not 1 for a ${activation} neuron.`,
  derivativeAtZ: (slope: string, formula: string, y: string, z: string) =>
    `The slope was worked out from ${z}, but ${slope} = ${formula} uses the neuron's output ${y}.`,
  updatedWeight: (weights: string) =>
    `That uses the updated ${weights}; the backward pass uses the weights from before the update, since all of them change together at the end.`,
  pathLeftOutHidden: (sym: string, term: string) =>
    `A path is missing: the neuron's output reaches the error through every neuron it feeds, so ${sym} also has the term ${term}.`,
  pathLeftOutAdjoint: (sym: string, term: string) =>
    `A path is missing: the variable is used more than once, so ${sym} sums over every use, including ${term}.`,
  wrongWeightHidden: (used: string, right: string) =>
    `That uses ${used} where the path goes through ${right}: follow the connection out of this neuron.`,
  wrongWeightSwapped: (a: string, b: string) =>
    `It looks like ${a} and ${b} are swapped: each input is multiplied by the weight on its own connection.`,
  wrongWeightOtherNeuron: (used: string, right: string, other: string) =>
    `That uses ${used}, a weight into ${neuronLabel(other)}; this sum takes ${right}, the weight on the connection into this neuron.`,
  otherNeuronsWeights: (other: string, into: string) =>
    `Those are the weights into ${neuronLabel(other)}: the weighted input of ${neuronLabel(into)} ` +
    `takes the weights on the connections into ${neuronLabel(into)}.`,
  wrongInput: (used: string, weight: string, from: string | undefined, to: string | undefined) =>
    from && to
      ? `That uses ${used}, which comes in along another connection; ${weight} carries the output of ${from} into ${to}.`
      : `That uses ${used}, which comes in along another connection than ${weight}.`,
  halfDroppedError: (sym: string) =>
    `That is twice the error: remember the 1/2 in front of the square in ${sym}.`,
  halfDroppedDerivative: (sym: string) =>
    `That is twice the right value: the 1/2 in the error cancels the 2 that comes down from the square, so ${sym} has no factor 2.`,
  meanDropped: (n: number) =>
    `That is the sum over the ${n} examples; this step takes their mean, so divide by ${n}.`,
  inputsFactorDropped: (n: number) =>
    `The factor 1/${n} is missing: this rule divides the change by the number of inputs, ${n}.`,
  rateForgotten: (rate: string) => `The learning rate is missing: the change is ${rate} times the gradient.`,
  gradientAdded: (param: string, rate: string) =>
    `That moves ${param} uphill: gradient descent subtracts ${rate} times the gradient.`,
  biasUpdated: (bias: string) =>
    `It looks like the bias ${bias} was updated, but in this exercise the biases stay as given.`,
  kernelFlipped: (sym: string) =>
    `The kernel is turned the wrong way for ${sym}: a layer that cross-correlates lays the kernel on ` +
    'the window as written; one that convolves (flip: true) reads it turned by 180 degrees.',
  windowOffByOne: (sym: string, what: 'stride' | 'padding') =>
    `The window is in the wrong place: ${sym} looks like a ${what} one off from the layer's. ` +
    (what === 'stride'
      ? 'The window of output cell (i, j) starts (i - 1) s rows and (j - 1) s columns in, s the stride.'
      : 'Count the p rows and columns of zeros around the input before placing the window.'),
  normStatPathsDropped: (sym: string) =>
    `Only the path through x-hat: the mean and the variance are computed from every example of the ` +
    `batch, this one too, so ${sym} also takes the paths through the variance and through the mean.`,
  recurrentPathDropped: (sym: string) =>
    `Only the output at this time step: the hidden state also feeds the next one, so ${sym} adds the ` +
    `path through the next time step's weighted input (its delta times the recurrent weight).`,
  attentionScaleDropped: (sym: string) =>
    `The scale is missing: scaled dot-product attention divides every score by the square root of d, ` +
    `the size of a key, and so does the gradient through it; divide ${sym} by it.`,
  softmaxWrongAxis: (sym: string) =>
    `The softmax went down a column: each query's weights sum to 1 over the keys, so ${sym} normalises ` +
    `along its row (same query, every key), not over the queries.`,
  poolGradientSpread: (sym: string) =>
    `The gradient went to every cell of the window: max pooling passes a window's gradient to its ` +
    `largest cell only (the first in reading order on a tie), so ${sym} gets it only from the windows it is the largest of.`,
  crossTermsDropped: (sym: string) =>
    `The cross terms are missing: a softmax output depends on every weighted input of its layer, so ` +
    `${sym} sums dE/dy_k dy_k/dz_j over all outputs k, not only k = j.`,
  slopeCountedTwice: (sym: string, slope: string) =>
    `The activation's slope is counted twice: y - t already has it folded in (it cancelled against ` +
    `the log's 1/y), so ${sym} has no extra factor ${slope}.`,
  logBase10: (sym: string) =>
    `That looks like a logarithm to base 10: cross-entropy uses the natural log, ln, base e (${sym} is ln 10 = 2.3026 times that).`,
  lossSignDropped: (sym: string) =>
    `The minus sign of the cross-entropy is missing: ln y is negative for y < 1, and ${sym} starts with a minus to make the error positive.`,
  noBiasCorrection: (sym: string) =>
    `That uses the raw moments: Adam divides m by 1 - beta1^k and v by 1 - beta2^k before ${sym}, to correct their start at 0.`,
  epsilonInsideRoot: (sym: string) =>
    `epsilon is inside the square root: ${sym} divides by sqrt(v) + epsilon, epsilon added after the root.`,
  sigmoidForSoftmax: (sym: string) =>
    `That is a sigmoid of one weighted input: ${sym} is a softmax output, exp of its ` +
    `own weighted input divided by the sum of exp over every output of the layer.`,
  targetDropped: (sym: string, target: string) =>
    `The target is missing: ${sym} is the output minus its target ${target}, not the output alone.`,
  weightForInput: (sym: string, weight: string) =>
    `That uses the weight ${weight} itself: ${sym} takes the value that ${weight} multiplies, the input coming in along its connection.`,
  onePathOnly: (sym: string, paths: number) =>
    `That is one path only: the neuron's output reaches the error through all ${paths} neurons it feeds, so ${sym} adds up ${paths} terms.`,
  oneExampleOnly: (sym: string, n: number) =>
    `That is one example's value: ${sym} takes the mean over the batch, so add up all ${n} examples' values and divide by ${n}.`,
  roundedTooEarly: (sym: string, what: string, places: string) =>
    `That is what ${what} rounded to ${places} gives: keep at least the asked ` +
    `decimals in the values you carry into ${sym}, and round only the answer.`,
  earlier: (origin: string, inner: string) => `The slip seems to be earlier, in ${origin}. ${inner}`,
} as const;
