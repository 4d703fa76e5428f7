/** Loading an exercise: YAML text to a checked, compiled exercise, or every located problem at once. */
import { checkVariantRules } from './variant-rules.js';
import { compile } from '../engine/compile.js';
import { closest } from './suggest.js';
import type { Exercise } from '../engine/model.js';
import { hasStep, knownIds, resolveNames } from '../engine/resolve-names.js';
import { parseExpr } from '../engine/parse-expr.js';
import type { Plan } from '../engine/plan.js';
import { passes } from '../engine/plan.js';
import { BackstepError } from './errors.js';
import type { Problem } from './errors.js';
import { normalise } from './normalise.js';
import { shellWord } from './shell-word.js';
import { exerciseShape } from './schema.js';
import type { ExerciseData } from './schema.js';
import { compose } from './compose.js';
import { readYaml } from './yaml-source.js';
import { checkSizeBeforeCompile, checkWork } from './size-checks.js';
import type { Plain, YamlSource } from './yaml-source.js';

export interface LoadedExercise {
  readonly exercise: Exercise;
  readonly plan: Plan;
  readonly source: YamlSource;
}

/**
 * Every problem of the file at once, or the compiled exercise. Never throws anything else.
 * `steps` is the exercise as built when its errors leave its steps as meant (a bad number, an
 * unknown step name): enough for `solve --ids`, which an unknown-step hint names.
 *
 * One run reports all of a file's errors: past the format's errors the file is checked on as
 * the composer read it (compose.ts), and past value errors (a negative rate) the exercise is still built and
 * its step references checked. Where the structure itself is broken (a weight into a missing
 * neuron), the checks that name steps are left out rather than reporting every step as unknown;
 * what does not depend on the structure (numbers, settings, formula syntax) is still checked.
 */
export function checkExerciseText(
  file: string,
  text: string,
): { loaded?: LoadedExercise; problems: Problem[]; unchecked?: string; steps?: LoadedExercise } {
  const { source, problems: read } = readYaml(file, text);
  if (!source) return { problems: read };
  const composed = compose(exerciseShape, source);
  const data = composed.data as ExerciseData | undefined;
  if (composed.problems.length === 0 && data) {
    const { loaded, problems, built, steps } = checkData(data, source, true);
    if (loaded && read.length === 0) return { loaded, problems: [] };
    return {
      problems: inOrder(read, problems),
      ...unchecked(source.value, !built),
      ...(steps ? { steps } : {}),
    };
  }
  const found = elsewhere(read, composed.problems);
  if (!data) return { problems: inOrder(found, []), ...unchecked(source.value, true) };
  const more = checkData(data, source, composed.sameSteps);
  return {
    problems: inOrder(found, more.problems),
    ...unchecked(source.value, !more.built),
    ...(more.steps ? { steps: more.steps } : {}),
  };
}

/**
 * What was left out because the structure could not be built, said once, so that a clean second
 * run is not promised: the step names an author wrote are checked once the steps are known.
 */
function unchecked(value: Plain, skipped: boolean): { unchecked?: string } {
  if (!skipped || value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const keys = ['steps', 'symbols', 'variants'].filter(
    (k) => (value as Record<string, Plain>)[k] !== undefined,
  );
  if (keys.length === 0) return {};
  return {
    unchecked:
      `the step names under ${keys.map((k) => `\`${k}:\``).join(' and ')} are checked once the ` +
      `errors above are fixed (which steps exist depends on them)`,
  };
}

/** The problems in the order of the file, those at the place of an earlier one left out. */
function inOrder(first: readonly Problem[], later: readonly Problem[]): Problem[] {
  const all = elsewhere(first, later);
  const at = (p: Problem) => p.range?.start ?? -1;
  return all
    .map((p, i) => ({ p, i }))
    .sort((a, b) => at(a.p) - at(b.p) || a.i - b.i)
    .map((x) => x.p);
}

/**
 * The later problems that are not at the place of an earlier one (a placeholder's own
 * complaints). Sorted starts with a running maximum of ends, so 25,000 problems stay quick.
 */
function elsewhere(first: readonly Problem[], later: readonly Problem[]): Problem[] {
  const spans = first
    .flatMap((f) => (f.range ? [[f.range.start, Math.max(f.range.end, f.range.start + 1)] as const] : []))
    .sort((a, b) => a[0] - b[0]);
  const reach: number[] = [];
  for (const [, end] of spans) reach.push(Math.max(end, reach[reach.length - 1] ?? 0));
  const inside = (p: Problem) => {
    if (!p.range) return false;
    let lo = 0;
    let hi = spans.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]![0] <= p.range.start) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return last >= 0 && reach[last]! > p.range.start;
  };
  return [...first, ...later.filter((p) => !inside(p))];
}

/** The checks after the schema; `sameSteps` false when the data was repaired in its structure. */
function checkData(
  data: ExerciseData,
  source: YamlSource,
  sameSteps: boolean,
): { loaded?: LoadedExercise; problems: Problem[]; built: boolean; steps?: LoadedExercise } {
  const norm = normalise(data, source);
  if (!norm.exercise || !sameSteps) {
    // The steps are not those meant: keep what is wrong on its own, leave out what could follow.
    const own = sameSteps ? norm.problems : norm.ofValues;
    return { problems: [...own, ...checkNoteSyntax(data, source)], built: false };
  }
  const exercise = norm.exercise;
  const tooLarge = checkSizeBeforeCompile(exercise, source);
  if (tooLarge.length > 0) return { problems: [...norm.problems, ...tooLarge], built: false };
  let plan: Plan;
  try {
    plan = compile(exercise);
  } catch {
    // A value error the engine cannot build past: the value errors say what to fix.
    return { problems: norm.problems.length > 0 ? [...norm.problems] : [unbuildable(source)], built: false };
  }
  const work = checkWork(exercise, plan, source);
  const steps = { exercise, plan, source };
  if (work.length > 0) return { problems: [...norm.problems, ...work], built: true };
  const clashes = checkUniqueIds(exercise, plan, source);
  // Every error in one run where the checks can go on: clashes and references together.
  const more = [
    ...norm.problems,
    ...clashes,
    ...(clashes.length > 0
      ? checkNoteSyntax(data, source)
      : [
          ...checkNoteSyntax(data, source),
          ...checkReferences(exercise, plan, source),
          ...checkVariantRules(exercise, plan, source),
        ]),
  ];
  if (more.length > 0) return { problems: more, built: clashes.length === 0, steps };
  return { loaded: { exercise, plan, source }, problems: [], built: true };
}

function unbuildable(source: YamlSource): Problem {
  return {
    code: 'unsupported',
    message: 'this exercise passes every check but cannot be built',
    hint: 'please report it, with the file',
    range: source.rangeAt([]),
  };
}

export function loadExerciseText(file: string, text: string): LoadedExercise {
  const { loaded, problems } = checkExerciseText(file, text);
  if (!loaded) throw new BackstepError(problems);
  return loaded;
}

/**
 * Every given and step needs its own id: a weight called `eta`, or a graph node called like the
 * function (`f`), would otherwise silently stand for two quantities and give wrong numbers.
 */
function checkUniqueIds(ex: Exercise, plan: Plan, src: YamlSource): Problem[] {
  const spec = ex.spec;
  // A graph variable named like the function: its local partials d<f>/d<v> would be the adjoints.
  if (
    spec.kind === 'graph' &&
    [...spec.inputs.map((i) => i.name), ...spec.nodes.map((n) => n.name)].includes(spec.fn)
  ) {
    const graph = (src.value as Record<string, Plain>)['graph'];
    const explicit =
      typeof graph === 'object' && graph !== null && !Array.isArray(graph) && graph['function'] !== undefined;
    return [
      {
        code: 'bad-value',
        message:
          `the graph's function and one of its variables are both called "${spec.fn}", so ` +
          `d${spec.fn}/d... would name both a local partial and an adjoint`,
        hint: explicit
          ? 'give `function:` a symbol no variable uses'
          : `rename the variable, or set \`function:\` under \`graph:\` to another symbol (the default is f)`,
        range: explicit
          ? src.keyRangeAt(['graph', 'function'])
          : src.keyRangeAt(
              spec.nodes.some((n) => n.name === spec.fn)
                ? ['graph', 'nodes', spec.fn]
                : ['graph', 'inputs', spec.fn],
            ),
      },
    ];
  }
  const seen = new Map<string, string>();
  const clashes = new Map<string, string>();
  const note = (id: string, what: string) => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, what);
    else if (!clashes.has(id)) clashes.set(id, `${first}, and ${what}`);
  };
  for (const g of plan.givens) note(g.id, g.describe);
  const last = Math.min(2, passes(plan));
  for (let k = 1; k <= last; k++) for (const s of plan.iteration(k)) note(s.id, s.describe);
  return [...clashes].map(([id, what]) => ({
    code: 'bad-value' as const,
    message: `"${id}" names two things: ${what}`,
    hint:
      `rename one of them: every weight, bias, input and step needs its own name (\`backstep solve ` +
      `${shellWord(src.file)} --ids\` lists the step names)`,
    range: placeOf(id, ex, src),
  }));
}

/** Where a clashing name is defined in the file: the weight, the graph node, or the notation. */
function placeOf(id: string, ex: Exercise, src: YamlSource) {
  const spec = ex.spec;
  if (spec.kind === 'graph') {
    if (spec.fn === id) return src.keyRangeAt(['graph', 'function']);
    if (spec.nodes.some((n) => n.name === id)) return src.keyRangeAt(['graph', 'nodes', id]);
    return src.keyRangeAt(['graph', 'inputs', id]);
  }
  if (spec.kind === 'layers') return src.keyRangeAt(['layers']);
  if (spec.weights.some((w) => w.id === id)) return src.keyRangeAt(['network', 'weights', id]);
  return src.keyRangeAt(['notation']);
}

/** A gradient step named under the textbook convention, or a textbook step under the gradient one. */
function conventionHint(ex: Exercise, id: string): string | undefined {
  if (ex.spec.kind !== 'network' || ex.spec.training.rule !== 'gradient-descent') return undefined;
  const delta = ex.notation.delta;
  if (ex.spec.training.convention === 'textbook')
    return /^d[^/]+\/d/.test(id)
      ? `with \`convention: textbook\` the steps are the book's: ${delta}_<neuron> = -dE/dz and Delta_<param> = eta ${delta} x, ` +
          'not gradients (`backstep solve --ids` lists them)'
      : undefined;
  return id.startsWith(`${delta}_`) || id.startsWith('Delta_')
    ? `${id} is a step of the textbook sign: add \`convention: textbook\` under \`training:\` (docs/authoring.md)`
    : undefined;
}

/** Step notes, symbols and printed formulas must name steps that exist. */
function checkReferences(ex: Exercise, plan: Plan, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const shown = knownIds(plan, 3);
  const exists = (id: string) => shown.has(id) || hasStep(plan, id);
  const suggestion = (id: string) => {
    const convention = conventionHint(ex, id);
    if (convention) return convention;
    const g = closest(id, shown);
    return g
      ? `did you mean "${g}"? (\`backstep solve ${shellWord(src.file)} --ids\` lists every step)`
      : `\`backstep solve ${shellWord(src.file)} --ids\` lists every step id`;
  };
  for (const [name, id] of ex.symbols) {
    if (!exists(id))
      problems.push({
        code: 'unknown-step',
        message: `symbol ${name} stands for "${id}", which is not a step of this exercise`,
        hint: suggestion(id),
        range: src.rangeAt(['symbols', name]),
      });
  }
  for (const [id, note] of ex.notes) {
    if (!exists(id)) {
      problems.push({
        code: 'unknown-step',
        message: `no step is called "${id}"`,
        hint: suggestion(id),
        range: src.keyRangeAt(['steps', id]),
      });
      continue;
    }
    for (const [what, text, path] of noteTexts(
      id,
      note.printedFormula,
      note.printedExpression,
      note.alsoPrinted,
    )) {
      const r = text === undefined ? undefined : parseExpr(text);
      if (!r?.ok) continue; // checkNoteSyntax reports it
      const { unknown } = resolveNames(r.expr, exists, ex.symbols);
      if (unknown.length > 0) {
        problems.push({
          code: 'undefined-variable',
          message: `the ${what} uses ${unknown.map((u) => `"${u}"`).join(', ')}, not a step or a symbol of this exercise`,
          hint: 'name them under `symbols:` (sigma2p: da_2/dz_2)',
          range: src.rangeAt(path),
        });
      }
    }
  }
  return problems;
}

type NoteText = readonly [what: string, text: string | undefined, path: ReadonlyArray<string | number>];

/** A step note's formulas and expressions in symbols, each with what it is and where. */
function noteTexts(
  id: string,
  formula: string | undefined,
  expression: string | undefined,
  also: ReadonlyArray<{ formula?: string; expression?: string }> | undefined,
): NoteText[] {
  return [
    ['printed formula', formula, ['steps', id, 'printed_formula']],
    ['printed expression', expression, ['steps', id, 'printed_expression']],
    ...(also ?? []).flatMap((a, i): NoteText[] => [
      ['formula', a.formula, ['steps', id, 'also_printed', i, 'formula']],
      ['expression', a.expression, ['steps', id, 'also_printed', i, 'expression']],
    ]),
  ];
}

/** Printed formulas and expressions must be readable; this needs no step to exist. */
function checkNoteSyntax(data: ExerciseData, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  for (const [id, note] of Object.entries(data.steps ?? {})) {
    for (const [what, text, path] of noteTexts(
      id,
      note.printed_formula,
      note.printed_expression,
      note.also_printed,
    )) {
      const r = text === undefined ? undefined : parseExpr(text);
      if (r && !r.ok)
        problems.push({
          code: 'bad-expression',
          message: `cannot read the ${what}: ${r.error.message} (at character ${r.error.start + 1})`,
          hint: 'write it with + - * / ^, parentheses and names of steps',
          range: src.rangeAt(path),
        });
    }
    (note.also_printed ?? []).forEach((a, i) => {
      if (a.formula !== undefined && a.expression !== undefined)
        problems.push({
          code: 'bad-value',
          message: 'an also_printed number has either a formula or an expression, not both',
          hint: 'a formula says what the number is in symbols; an expression is the arithmetic printed for it',
          range: src.rangeAt(['steps', id, 'also_printed', i]),
        });
    });
  }
  return problems;
}
