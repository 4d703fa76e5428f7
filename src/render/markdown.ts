import { latexName } from '../engine/naming.js';
import { showValue } from './format-number.js';
import type { Solution } from './solution.js';
import { formulaParts } from './substitute.js';
import { precisionWords } from './text.js';

/**
 * Markdown with math ($...$ and $$...$$, which GitHub, GitLab and most static site
 * generators render) for handouts.
 */
export function renderMarkdown(sol: Solution): string {
  const { exercise, plan, values } = sol;
  const latexOf = latexLookup(sol);
  const out: string[] = [`# ${exercise.title}`, ''];
  if (exercise.description) out.push(exercise.description.trim(), '');
  if (exercise.source) out.push(`*Source:* ${exercise.source.document}${exercise.source.section ? `, ${exercise.source.section}` : ''}`, '');
  out.push(`Values are shown to ${precisionWords(exercise)}; they were computed with ${exercise.working} significant digits.`, '');
  out.push('## Given', '', '| quantity | value |', '|---|---|');
  for (const g of plan.givens) out.push(`| $${g.latex}$ (${g.describe}) | ${g.value} |`);
  for (const sec of sol.sections) {
    out.push('', `## ${sec.title}`, '');
    for (const s of sec.steps) {
      const { symbolic, substituted, shown } = formulaParts(s, plan, exercise, values, 'latex', latexOf);
      const parts = [symbolic];
      if (substituted !== symbolic && substituted !== shown) parts.push(substituted);
      parts.push(shown);
      out.push(`$$${s.latex} = ${parts.join(' = ')}$$`, '');
    }
  }
  if (sol.summary) {
    const s = sol.summary;
    out.push('', `## Iterations 2 to ${plan.iterations}`, '', '| before update | error |', '|---:|---:|');
    for (const h of s.history) out.push(`| ${h.iteration} | ${h.cost.toSignificantDigits(6).toString()} |`);
    out.push('', `Parameters after ${plan.iterations} updates:`, '');
    for (const [id, v] of s.finalParams) if (!id.startsWith('v_')) out.push(`- $${latexName(id)}$ = ${showValue(v, exercise.display)}`);
  }
  return out.join('\n') + '\n';
}

export function latexLookup(sol: Solution): (id: string) => string {
  const m = new Map<string, string>();
  for (const g of sol.plan.givens) m.set(g.id, g.latex);
  for (const sec of sol.sections) for (const s of sec.steps) m.set(s.id, s.latex);
  return (id) => m.get(id) ?? latexName(id);
}
