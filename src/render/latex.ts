/** A standalone LaTeX document (article class, amsmath, TikZ for the picture) of the worked solution. */
import type { Exercise } from '../engine/model.js';
import { latexName } from '../engine/tex-names.js';
import type { Dec } from '../engine/numbers.js';
import type { Plan } from '../engine/plan.js';
import { latexValue, precisionWords } from './format-number.js';
import { latexLookup } from './markdown.js';
import { equationParts } from './substitute.js';
import { LAYOUT_MACROS, latexStep, latexValueTable } from './latex-layout.js';
import type { Section, Solution } from './solution.js';
import { describeSource } from './source.js';
import { latexText } from './latex-text.js';
import { pictureOf } from './picture.js';
import { pictureTikz } from './picture-tikz.js';

export function renderLatex(sol: Solution): string {
  return (
    latexHeader(sol.exercise, sol.plan) +
    latexSections(sol.sections, sol.values, sol.exercise, sol.plan) +
    latexSummary(sol) +
    LATEX_END
  );
}

export const LATEX_END = '\\end{document}\n';

/** The document up to the exercise's description and source: shared by answer keys and handouts. */
export function latexOpening(exercise: Exercise): string[] {
  const out: string[] = [
    '\\documentclass[11pt]{article}',
    '\\usepackage[utf8]{inputenc}',
    '\\usepackage{amsmath}',
    '\\usepackage{amssymb}',
    '\\usepackage[margin=2cm]{geometry}',
    '\\usepackage{graphicx}',
    '\\usepackage{tikz}',
    '\\allowdisplaybreaks',
    ...LAYOUT_MACROS,
    `\\title{${latexText(exercise.title)}}`,
    '\\author{}',
    '\\date{}',
    '\\begin{document}',
    '\\maketitle',
  ];
  if (exercise.description) out.push(latexText(exercise.description.trim()), '');
  if (exercise.source)
    // Ragged right: a long file name cannot be hyphenated and would stick out of a justified line.
    out.push(
      `{\\raggedright\\noindent\\textit{Source:} ${latexText(describeSource(exercise.source))}\\par}`,
      '',
    );
  return out;
}

export function latexHeader(exercise: Exercise, plan: Plan): string {
  const out = latexOpening(exercise);
  out.push(
    `\\noindent Values are shown to ${precisionWords(exercise.display)}; computed with ${exercise.working} significant digits.`,
    '',
  );
  out.push(pictureTikz(pictureOf(exercise)));
  out.push('\\section*{Given}', ...latexValueTable(plan.givens.map((g) => [g.latex, g.value])));
  return out.join('\n') + '\n';
}

export function latexSections(
  sections: readonly Section[],
  values: ReadonlyMap<string, Dec>,
  exercise: Exercise,
  plan: Plan,
): string {
  const latexOf = latexLookup(plan, sections);
  const out: string[] = [];
  for (const sec of sections) {
    out.push(`\\section*{${latexText(sec.title)}}`, '\\begin{worked}');
    for (const s of sec.steps)
      out.push(latexStep(s.latex, equationParts(s, plan, exercise, values, 'latex', latexOf)));
    out.push('\\end{worked}');
  }
  return out.length ? out.join('\n') + '\n' : '';
}

function latexSummary(sol: Solution): string {
  if (!sol.summary) return '';
  const { exercise, plan } = sol;
  const s = sol.summary;
  const out = [
    `\\section*{Iterations 2 to ${plan.iterations}}`,
    '\\begin{tabular}{rr}',
    'before update & error \\\\ \\hline',
  ];
  for (const h of s.history) out.push(`${h.iteration} & ${h.cost.toSignificantDigits(6).toString()} \\\\`);
  out.push(
    '\\end{tabular}',
    '',
    `\\noindent Parameters after ${plan.iterations} updates:\\par\\smallskip`,
    ...latexValueTable(
      [...s.finalParams]
        .filter(([id]) => !id.startsWith('v_'))
        .map(([id, v]) => [latexName(id), latexValue(v, exercise.display)] as const),
    ),
  );
  return out.join('\n') + '\n';
}
