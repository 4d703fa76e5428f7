import { latexName } from '../engine/naming.js';
import { showValue } from './format-number.js';
import { latexLookup } from './markdown.js';
import type { Solution } from './solution.js';
import { formulaParts } from './substitute.js';
import { precisionWords } from './text.js';

/** A standalone LaTeX document (article class, amsmath only) of the worked solution. */
export function renderLatex(sol: Solution): string {
  const { exercise, plan, values } = sol;
  const latexOf = latexLookup(sol);
  const out: string[] = [
    '\\documentclass[11pt]{article}',
    '\\usepackage[utf8]{inputenc}',
    '\\usepackage{amsmath}',
    '\\usepackage[margin=2cm]{geometry}',
    '\\allowdisplaybreaks',
    `\\title{${escapeText(exercise.title)}}`,
    '\\author{}',
    '\\date{}',
    '\\begin{document}',
    '\\maketitle',
  ];
  if (exercise.description) out.push(escapeText(exercise.description.trim()), '');
  if (exercise.source) out.push(`\\noindent\\textit{Source:} ${escapeText(exercise.source.document)}${exercise.source.section ? `, ${escapeText(exercise.source.section)}` : ''}\\par`, '');
  out.push(`\\noindent Values are shown to ${precisionWords(exercise)}; computed with ${exercise.working} significant digits.`, '');
  out.push('\\section*{Given}', '\\begin{align*}');
  out.push(plan.givens.map((g) => `${g.latex} &= ${g.value}`).join(' \\\\\n'));
  out.push('\\end{align*}');
  for (const sec of sol.sections) {
    out.push(`\\section*{${escapeText(sec.title)}}`, '\\begin{align*}');
    const lines = sec.steps.map((s) => {
      const { symbolic, substituted, shown } = formulaParts(s, plan, exercise, values, 'latex', latexOf);
      const parts = [symbolic];
      if (substituted !== symbolic && substituted !== shown) parts.push(substituted);
      parts.push(shown);
      return `${s.latex} &= ${parts.join(' = ')}`;
    });
    out.push(lines.join(' \\\\\n'), '\\end{align*}');
  }
  if (sol.summary) {
    const s = sol.summary;
    out.push(`\\section*{Iterations 2 to ${plan.iterations}}`, '\\begin{tabular}{rr}', 'before update & error \\\\ \\hline');
    for (const h of s.history) out.push(`${h.iteration} & ${h.cost.toSignificantDigits(6).toString()} \\\\`);
    out.push('\\end{tabular}', '', `\\noindent Parameters after ${plan.iterations} updates:`, '\\begin{align*}');
    out.push([...s.finalParams].filter(([id]) => !id.startsWith('v_')).map(([id, v]) => `${latexName(id)} &= ${showValue(v, exercise.display)}`).join(' \\\\\n'));
    out.push('\\end{align*}');
  }
  out.push('\\end{document}');
  return out.join('\n') + '\n';
}

export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\textbackslash{}').replace(/([#$%&_{}])/g, '\\$1').replace(/~/g, '\\textasciitilde{}').replace(/\^/g, '\\textasciicircum{}');
}
