/**
 * The warnings `backstep check` gives an author: things that load and run, but that the author
 * most likely did not mean. Codes are stable (docs/authoring.md lists them); wording may change.
 */
import { evaluatePlan } from '../engine/evaluate-plan.js';
import { solveExercise } from '../engine/solved.js';
import { refsOf } from '../engine/expr.js';
import type { Exercise, GraphSpec, NetworkSpec } from '../engine/model.js';
import { ctorOf } from '../engine/numbers.js';
import type { Plan } from '../engine/plan.js';
import { writtenDecimals, writtenSignificant } from '../exercise/decimal-text.js';
import type { SourceRange } from '../exercise/errors.js';
import { distinctChoices, repeatedChoices } from '../exercise/variant-grid.js';
import type { YamlSource } from '../exercise/yaml-source.js';
import { stepHint } from '../exercise/step-hint.js';
import { precisionWords, showValue } from '../render/format-number.js';
import { glyphless } from '../render/latex-text.js';
import { codePoint } from '../engine/tex-names.js';
import { fitOf } from '../verify/digits.js';
import { verifyExercise } from '../verify/verify.js';
import { shownSteps } from '../render/solution.js';
import { askedSteps } from './asked.js';
import { indistinguishable } from './degenerate.js';
import { UNDRAWN_TRIES, undrawnChoices } from './variants.js';
import { locator } from './locate.js';
import type { Locator } from './locate.js';

export const WARNING_CODES = [
  'printed-erratum',
  'unused-weight',
  'unused-neuron',
  'unused-variable',
  'indistinguishable-mistake',
  'missing-hint',
  'display-finer-than-printed',
  'undefined-value',
  'lint-partial',
  'variant-duplicate',
  'no-latex-glyph',
  'variant-never-drawn',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  readonly code: WarningCode;
  readonly message: string;
  readonly hint?: string;
  readonly range: SourceRange;
}

export function lintExercise(exercise: Exercise, plan: Plan, source: YamlSource): Warning[] {
  const at = locator(exercise, source);
  const out: Warning[] = [
    ...printedErrata(exercise, plan, source),
    ...(exercise.spec.kind === 'network'
      ? unusedInNetwork(exercise.spec, at)
      : exercise.spec.kind === 'graph'
        ? unusedInGraph(exercise.spec, at)
        : []),
    ...askedStepWarnings(exercise, plan, at),
    ...displayFinerThanPrinted(exercise, plan, source),
    ...duplicateVariantValues(exercise, source),
    ...undrawnVariantValues(exercise, source),
    ...noLatexGlyph(exercise, source),
  ];
  // In file order, so an editor and a reader meet them top to bottom.
  return out.sort((a, b) => a.range.start - b.range.start);
}

function printedErrata(exercise: Exercise, plan: Plan, source: YamlSource): Warning[] {
  if (![...exercise.notes.values()].some((n) => n.printed !== undefined || n.printedExpression !== undefined))
    return [];
  return verifyExercise(solveExercise(exercise, plan))
    .results.filter((r) => r.verdict === 'erratum')
    .map((r) => ({
      code: 'printed-erratum' as const,
      message: `the printed value of ${r.step} is not what the numbers give: ${r.explanation}`,
      hint: 'if the source really prints this, record it with `erratum:` and a note; otherwise correct the printed value',
      range:
        exercise.notes.get(r.step)?.printed !== undefined
          ? source.rangeAt(['steps', r.step, 'printed'])
          : source.keyRangeAt(['steps', r.step]),
    }));
}

/** Weights and neurons that cannot influence the output (no path to it), and neurons nothing feeds. */
function unusedInNetwork(spec: NetworkSpec, at: Locator): Warning[] {
  const out: Warning[] = [];
  const outputs = new Set(spec.layers[spec.layers.length - 1]!.neurons);
  const inputs = new Set(spec.layers[0]!.neurons);
  const reaches = new Set(outputs);
  // Walk the layers backwards: a neuron reaches the output when one of its weights enters a neuron that does.
  for (let l = spec.layers.length - 2; l >= 0; l--) {
    for (const w of spec.weights)
      if (reaches.has(w.to) && spec.layers[l]!.neurons.includes(w.from)) reaches.add(w.from);
  }
  // Sets, not scans per neuron: a 64 x 12 network has 45,000 weights.
  const fed = new Set([...spec.weights.map((w) => w.to), ...spec.biases.map((b) => b.neuron)]);
  for (const layer of spec.layers) {
    for (const n of layer.neurons) {
      if (!reaches.has(n)) {
        out.push({
          code: 'unused-neuron',
          message: `${inputs.has(n) ? 'input' : 'neuron'} ${n} has no path to the output, so its value never matters`,
          hint: `connect ${n} to the next layer, or remove it`,
          range: at.neuron(n),
        });
      } else if (!inputs.has(n) && !fed.has(n)) {
        out.push({
          code: 'unused-neuron',
          message: `neuron ${n} receives no weights and has no bias, so its output is a constant`,
          hint: `add weights into ${n}, or remove it`,
          range: at.neuron(n),
        });
      }
    }
  }
  for (const w of spec.weights) {
    if (!reaches.has(w.to))
      out.push({
        code: 'unused-weight',
        message: `weight ${w.id} enters ${w.to}, which has no path to the output, so ${w.id} never changes the error`,
        hint: `connect ${w.to} onwards, or remove ${w.id}`,
        range: at.weight(w.id),
      });
  }
  return out;
}

/** A value listed under `variants:` that no draw ever uses: every set with it is refused. */
function undrawnVariantValues(exercise: Exercise, source: YamlSource): Warning[] {
  return undrawnChoices(exercise).map(({ id, index, value, reason }) => ({
    code: 'variant-never-drawn' as const,
    message:
      `${id}: ${value} is refused in each of ${UNDRAWN_TRIES} draws tried with it (${reason}), ` +
      'so a variant would most likely never use it',
    hint: 'remove it from the list, or list a value that keeps the exercise usable',
    range: source.rangeAt(['variants', id, index]),
  }));
}

/** A list under `variants:` that names one number twice (0.5 and 0.50): it is one value, drawn and counted once. */
function duplicateVariantValues(exercise: Exercise, source: YamlSource): Warning[] {
  const out: Warning[] = [];
  for (const [id, rule] of exercise.variants) {
    if (rule.kind !== 'choice') continue;
    for (const { index, same } of repeatedChoices(rule.values))
      out.push({
        code: 'variant-duplicate',
        message:
          `${rule.values[index]} equals ${same}, listed earlier; the list's duplicates collapse into one ` +
          `value (${rule.values.length} listed, ${distinctChoices(rule.values).length} distinct)`,
        hint: 'remove the repeat, or list another value',
        range: source.rangeAt(['variants', id, index]),
      });
  }
  return out;
}

function unusedInGraph(spec: GraphSpec, at: Locator): Warning[] {
  const needed = new Set<string>([spec.output]);
  for (const node of [...spec.nodes].reverse())
    if (needed.has(node.name)) for (const r of refsOf(node.expr)) needed.add(r);
  const names = [...spec.inputs.map((i) => i.name), ...spec.nodes.map((n) => n.name)];
  return names
    .filter((n) => !needed.has(n))
    .map((n) => ({
      code: 'unused-variable' as const,
      message: `${n} does not lead to the output ${spec.output}, so it plays no part in the derivatives`,
      hint: `use ${n} in a later node, or remove it`,
      range: at.variable(n),
    }));
}

function askedStepWarnings(exercise: Exercise, plan: Plan, at: Locator): Warning[] {
  const out: Warning[] = [];
  const asked = askedSteps(exercise, plan);
  if (asked.length === 0) return out;
  const solved = solveExercise(exercise, plan, shownSteps(plan));
  const exact = solved.exact;
  let distinguished = 0;
  for (const s of asked) {
    const v = exact.get(s.id);
    if (v && !v.isFinite()) {
      // ln(0), 1/0, an overflow: no answer could ever be judged right.
      out.push({
        code: 'undefined-value',
        message:
          `${s.id} is asked, but its value is ${v.isNaN() ? 'undefined' : 'infinite (ln of 0, or past 1e1000000)'} ` +
          'with these numbers, so no answer can be right',
        hint: `change the given values (${
          v.isNaN()
            ? 'ln and sqrt need a positive argument, 1/x a nonzero one'
            : 'ln needs a positive argument, and exponentials of large values overflow'
        }), or do not ask this step (\`ask: false\`)`,
        range: at.step(s),
      });
    }
    if (v && v.isFinite() && ++distinguished <= MAX_DISTINGUISHED) {
      // One warning per kind of mistake: an input of 0 hides every wrong weight it multiplies.
      const byCode = new Map<string, string[]>();
      for (const m of indistinguishable(solved, s.id, v, true)) {
        const list = byCode.get(m.code);
        if (list) list.push(m.message);
        else byCode.set(m.code, [m.message]);
      }
      for (const [code, messages] of byCode) {
        const same = `gives the same answer (${showValue(v, exercise.display)})`;
        out.push({
          code: 'indistinguishable-mistake',
          message:
            messages.length === 1
              ? `${s.id} is asked, but the mistake "${code}" ${same}, so the walkthrough could not tell it apart: ${messages[0]}`
              : `${s.id} is asked, but each of ${messages.length} "${code}" mistakes ${same}, so the walkthrough ` +
                `could not tell them apart; one of them: ${messages[0]}`,
          hint: 'change the given values a little, or do not ask this step (`ask: false`)',
          range: at.step(s),
        });
      }
    }
    if (stepHint(exercise, s.id) === undefined) {
      out.push({
        code: 'missing-hint',
        message: `${s.id} is asked but has no hint`,
        hint: `add \`steps: {${s.id}: {hint: ...}}\` in your own words`,
        range: at.step(s),
      });
    }
  }
  if (distinguished > MAX_DISTINGUISHED) {
    const first = asked[0]!;
    out.push({
      code: 'lint-partial',
      message:
        `${asked.length} steps are asked; only the first ${MAX_DISTINGUISHED} were compared with ` +
        `the catalogued mistakes (the comparison grows with the size of each step's catalogue)`,
      hint: 'ask fewer steps (`practice: {ask: listed}` with `ask: true`) to have every asked step checked',
      range: at.step(first),
    });
  }
  return out;
}

/**
 * The catalogue comparison costs one evaluation per catalogued mistake of each asked step (up to
 * the fan-in of a neuron): bounded, so that `check` of the largest allowed file ends in seconds.
 */
export const MAX_DISTINGUISHED = 1000;

/**
 * Only printed values that visibly are roundings tell how precisely the source works: a value
 * printed exactly (21, 1, 2.64) says nothing, and neither does an erratum. A printed value counts
 * when it differs from the exact value but equals it rounded or truncated to the written places.
 */
function displayFinerThanPrinted(exercise: Exercise, plan: Plan, source: YamlSource): Warning[] {
  const printed = [...exercise.notes].flatMap(([id, n]) =>
    n.printed === undefined ? [] : [{ id, text: n.printed }],
  );
  if (printed.length === 0) return [];
  const exact = evaluatePlan(plan, { precision: exercise.working, steps: shownSteps(plan) });
  const { kind, digits } = exercise.display;
  const places = printed.flatMap(({ id, text }) => {
    const v = exact.get(id);
    if (!v || !v.isFinite() || v.eq(text)) return [];
    const d = writtenDecimals(text);
    // Rounded or cut to the written places: the same test verify applies.
    const fits = fitOf(v, new (ctorOf(v))(text), d) !== undefined;
    return fits ? [kind === 'decimals' ? d : Math.max(1, writtenSignificant(text))] : [];
  });
  if (places.length === 0) return [];
  const finest = places.reduce((a, b) => Math.max(a, b));
  if (digits <= finest) return [];
  const field = kind === 'decimals' ? 'decimals' : 'significant';
  const precision = (source.value as Record<string, unknown>)['precision'];
  const stated =
    typeof precision === 'object' &&
    precision !== null &&
    (precision as Record<string, unknown>)[field] !== undefined;
  return [
    {
      code: 'display-finer-than-printed',
      message:
        `values are shown and judged to ` +
        `${precisionWords(exercise.display)}${stated ? '' : ' (the default)'}, but the source ` +
        `rounds its printed values to ${finest}`,
      hint: `set \`precision: {${field}: ${finest}}\` so learners answer as the source does`,
      range: stated ? source.rangeAt(['precision', field]) : source.keyRangeAt(['steps']),
    },
  ];
}

/** Text a LaTeX handout cannot typeset with the installed fonts: shown there as [U+XXXX]. */
function noLatexGlyph(exercise: Exercise, source: YamlSource): Warning[] {
  const fields: Array<[Array<string | number>, string | undefined]> = [
    [['title'], exercise.title],
    [['description'], exercise.description],
    [['source', 'title'], exercise.source?.title],
    [['source', 'section'], exercise.source?.section],
    [['source', 'document'], exercise.source?.document],
    ...[...exercise.notes].flatMap(([id, n]) =>
      (['where', 'hint', 'erratum'] as const).map((k): [Array<string | number>, string | undefined] => [
        ['steps', id, k],
        n[k],
      ]),
    ),
  ];
  return fields.flatMap(([path, text]) => {
    const missing = text === undefined ? [] : glyphless(text);
    if (missing.length === 0) return [];
    const shown = missing.slice(0, 5).map((ch) => `${ch} (${codePoint(ch)})`);
    return [
      {
        code: 'no-latex-glyph' as const,
        message:
          `${path.join('.')} has ${missing.length === 1 ? 'a character' : `${missing.length} characters`} ` +
          `the LaTeX handouts cannot typeset: ${shown.join(', ')}${missing.length > 5 ? ', ...' : ''}`,
        hint: 'the LaTeX answer key and question sheet show it as [U+XXXX]; the terminal, text and Markdown show it as written',
        range: source.rangeAt(path),
      },
    ];
  });
}
