import { checkVariantRules } from '../authoring/variant-rules.js';
import { compile } from '../engine/compile.js';
import { closest } from './suggest.js';
import type { Exercise } from '../engine/model.js';
import { hasStep, knownIds, resolveNames } from '../engine/names.js';
import { parseExpr } from '../engine/parse-expr.js';
import type { Plan } from '../engine/plan.js';
import { BackstepError } from './errors.js';
import type { Problem } from './errors.js';
import { normalise } from './normalise.js';
import { exerciseSchema } from './schema.js';
import { readYaml } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';
import { issuesToProblems } from './zod-problems.js';

export interface LoadedExercise {
  readonly exercise: Exercise;
  readonly plan: Plan;
  readonly source: YamlSource;
}

/** Every problem of the file at once, or the compiled exercise. Never throws anything else. */
export function checkExerciseText(file: string, text: string): { loaded?: LoadedExercise; problems: Problem[] } {
  const { source, problems } = readYaml(file, text);
  if (!source) return { problems };
  const parsed = exerciseSchema.safeParse(source.value);
  if (!parsed.success) return { problems: issuesToProblems(parsed.error.issues, source, exerciseSchema) };
  const norm = normalise(parsed.data, source);
  if (!norm.exercise) return { problems: norm.problems };
  const exercise = norm.exercise;
  const plan = compile(exercise);
  const more = [...checkReferences(exercise, plan, source), ...checkVariantRules(exercise, plan, source)];
  if (more.length > 0) return { problems: more };
  return { loaded: { exercise, plan, source }, problems: [] };
}

export function loadExerciseText(file: string, text: string): LoadedExercise {
  const { loaded, problems } = checkExerciseText(file, text);
  if (!loaded) throw new BackstepError(problems);
  return loaded;
}

/** Step notes, symbols and printed formulas must name steps that exist. */
function checkReferences(ex: Exercise, plan: Plan, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const shown = knownIds(plan, 3);
  const exists = (id: string) => shown.has(id) || hasStep(plan, id);
  const suggestion = (id: string) => {
    const g = closest(id, shown);
    return g ? `did you mean "${g}"? (\`backstep solve ${ex.id} --ids\` lists every step)` : `\`backstep solve ${ex.id} --ids\` lists every step id`;
  };
  for (const [name, id] of ex.symbols) {
    if (!exists(id)) problems.push({ code: 'unknown-step', message: `symbol ${name} stands for "${id}", which is not a step of this exercise`, hint: suggestion(id), range: src.rangeAt(['symbols', name]) });
  }
  for (const [id, note] of ex.notes) {
    if (!exists(id)) {
      problems.push({ code: 'unknown-step', message: `no step is called "${id}"`, hint: suggestion(id), range: src.keyRangeAt(['steps', id]) });
      continue;
    }
    for (const [field, text] of [['printed_formula', note.printedFormula], ['printed_expression', note.printedExpression]] as const) {
      if (text === undefined) continue;
      const r = parseExpr(text);
      if (!r.ok) {
        problems.push({ code: 'bad-expression', message: `cannot read the ${field.replace('_', ' ')}: ${r.error.message} (at character ${r.error.start + 1})`, hint: 'write it with + - * / ^, parentheses and names of steps', range: src.rangeAt(['steps', id, field]) });
        continue;
      }
      const { unknown } = resolveNames(r.expr, exists, ex.symbols);
      if (unknown.length > 0) {
        problems.push({ code: 'undefined-variable', message: `the ${field.replace('_', ' ')} uses ${unknown.map((u) => `"${u}"`).join(', ')}, not a step or a symbol of this exercise`, hint: 'name them under `symbols:` (sigma2p: da_2/dz_2)', range: src.rangeAt(['steps', id, field]) });
      }
    }
  }
  return problems;
}
