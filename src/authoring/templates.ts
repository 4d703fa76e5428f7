/**
 * `backstep new`: a commented starting file that passes `check` without warnings and can be
 * practised at once. Each template is built, loaded and linted here before it is handed out;
 * when its numbers would draw a warning (an asked value a mistake also gives, say), other
 * numbers are drawn, deterministically, until it is clean.
 */
import type { ActivationName } from '../engine/model.js';
import type { Step } from '../engine/plan.js';
import { checkExerciseText } from '../exercise/load.js';
import { formatProblems } from '../exercise/format-error.js';
import { lintExercise } from './lint.js';
import { streamFrom } from './prng.js';
import { starterHint } from './template-hints.js';
import { graphBody, perceptronBody } from './template-small.js';
import { minimiseBody } from './template-minimise.js';
import { networkBody } from './template-text.js';
import { yamlKey, yamlText } from './yaml-key.js';
import type { NetworkShape } from './template-text.js';

export type Template =
  | {
      readonly kind: 'network';
      readonly sizes: readonly number[];
      readonly naming: 'letters' | 'generated';
      readonly weights: 'named' | 'matrices';
      readonly activation: ActivationName;
      /** The backward pass as dE/dz (gradient) or as the textbook delta = -dE/dz. */
      readonly convention?: 'gradient' | 'textbook';
    }
  | { readonly kind: 'perceptron' }
  | { readonly kind: 'graph' }
  | { readonly kind: 'minimise' };

export interface TemplateOptions {
  readonly id: string;
  readonly title?: string;
  /** Path or URL of schema/exercise.schema.json, for the editor modeline. */
  readonly schema: string;
  /** The file name used in the comments' example commands. */
  readonly fileName: string;
}

const MAX_ATTEMPTS = 50;

export function renderTemplate(t: Template, opts: TemplateOptions): string {
  let lastProblem = '';
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const rng = streamFrom(`backstep-template\u0000${JSON.stringify(t)}\u0000${attempt}`);
    const body =
      t.kind === 'network'
        ? networkBody(shapeOf(t), attempt === 0 ? undefined : rng, rng)
        : t.kind === 'perceptron'
          ? perceptronBody(attempt === 0 ? undefined : rng)
          : t.kind === 'graph'
            ? graphBody(attempt === 0 ? undefined : rng)
            : minimiseBody(attempt === 0 ? undefined : rng);
    const head = header(opts, body.title);
    const first = checkExerciseText(opts.fileName, head + body.text);
    if (!first.loaded)
      throw new Error(`internal: the ${t.kind} template does not load:\n${formatProblems(first.problems)}`);
    const asked = body.pickAsked(first.loaded.plan);
    const text = head + body.text + stepsSection(asked, first.loaded.exercise) + body.tail(first.loaded.plan);
    const checked = checkExerciseText(opts.fileName, text);
    if (!checked.loaded)
      throw new Error(`internal: the ${t.kind} template does not load:\n${formatProblems(checked.problems)}`);
    const warnings = lintExercise(checked.loaded.exercise, checked.loaded.plan, checked.loaded.source);
    if (warnings.length === 0) return text;
    lastProblem = warnings.map((w) => `${w.code}: ${w.message}`).join('; ');
  }
  throw new Error(`internal: no clean ${t.kind} template in ${MAX_ATTEMPTS} attempts (${lastProblem})`);
}

function shapeOf(t: Extract<Template, { kind: 'network' }>): NetworkShape {
  return {
    sizes: t.sizes,
    naming: t.naming,
    weights: t.weights,
    activation: t.activation,
    textbook: t.convention === 'textbook',
  };
}

function header(opts: TemplateOptions, defaultTitle: string): string {
  const f = /\s/.test(opts.fileName) ? `"${opts.fileName}"` : opts.fileName;
  return [
    `# yaml-language-server: $schema=${opts.schema}`,
    '#',
    '# A backstep exercise: one hand calculation, written down as data.',
    `#   backstep check ${f}          finds mistakes in this file, with line and column`,
    `#   backstep solve ${f} --ids    lists every step id (the names used under steps:)`,
    `#   backstep practice ${f}       works through it as a learner would`,
    '# Every field is described in docs/authoring.md.',
    '',
    '# A unique kebab-case name, and the heading learners see.',
    `id: ${yamlText(opts.id)}`,
    `title: ${JSON.stringify(opts.title ?? defaultTitle)}`,
    '',
  ].join('\n');
}

/** The `practice` and `steps` sections: the chosen steps asked, each with a starter hint. */
function stepsSection(asked: readonly Step[], exercise: Parameters<typeof starterHint>[1]): string {
  const lines = [
    '',
    '# Which steps the walkthrough asks: all (every value), printed (those with a printed value)',
    '# or listed (those marked ask: true below). A blank handout leaves a line for each of them.',
    'practice:',
    '  ask: listed',
    '',
    '# Notes per step, by step id. A hint is shown when the learner asks for one; rewrite these',
    '# for your class. Values printed in a source go in `printed:` (then `backstep verify` checks them).',
    'steps:',
  ];
  for (const s of asked)
    lines.push(
      `  ${yamlKey(s.id)}:`,
      '    ask: true',
      `    hint: ${JSON.stringify(starterHint(s, exercise))}`,
    );
  return lines.join('\n') + '\n';
}
