/**
 * Markdown with math ($...$ and $$...$$, which GitHub, GitLab and most static site
 * generators render) for handouts.
 */
import type { Exercise } from '../engine/model.js';
import { markdownText } from '../exercise/html-text.js';
import { latexName } from '../engine/tex-names.js';
import type { Dec } from '../engine/numbers.js';
import type { Plan } from '../engine/plan.js';
import { showValue } from './format-number.js';
import type { Section, Solution } from './solution.js';
import { equationParts } from './substitute.js';
import { conventions } from './conventions.js';
import { precisionWords } from './format-number.js';
import { describeSource } from './source.js';
import { pictureOf } from './picture.js';
import { pictureMermaid } from './picture-mermaid.js';

export function renderMarkdown(sol: Solution): string {
  return (
    markdownHeader(sol.exercise, sol.plan) +
    markdownSections(sol.sections, sol.values, sol.exercise, sol.plan) +
    markdownSummary(sol)
  );
}

export function markdownHeader(exercise: Exercise, plan: Plan): string {
  // File text is escaped: Markdown would pass HTML in a title or description through.
  const out: string[] = [`# ${markdownText(exercise.title)}`, ''];
  if (exercise.description) out.push(markdownText(exercise.description.trim()), '');
  if (exercise.source) out.push(`*Source:* ${markdownText(describeSource(exercise.source))}`, '');
  out.push(
    `Values are shown to ${precisionWords(exercise.display)}; they were computed with ${exercise.working} significant digits.`,
    '',
  );
  const said = conventions(exercise);
  if (said.length > 0) out.push(said.join(' '), '');
  out.push(pictureMermaid(pictureOf(exercise)));
  out.push('## Given', '', '| quantity | value |', '|---|---|');
  for (const g of plan.givens) out.push(`| $${g.latex}$ (${markdownText(g.describe)}) | ${g.value} |`);
  return out.join('\n') + '\n';
}

export function markdownSections(
  sections: readonly Section[],
  values: ReadonlyMap<string, Dec>,
  exercise: Exercise,
  plan: Plan,
): string {
  const latexOf = latexLookup(plan, sections);
  const out: string[] = [];
  for (const sec of sections) {
    out.push('', `## ${markdownText(sec.title)}`, '');
    for (const s of sec.steps)
      out.push(`$$${s.latex} = ${latexParts(s, plan, exercise, values, latexOf)}$$`, '');
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

function markdownSummary(sol: Solution): string {
  if (!sol.summary) return '';
  const { exercise, plan } = sol;
  const s = sol.summary;
  const out = ['', `## Iterations 2 to ${plan.iterations}`, '', '| before update | error |', '|---:|---:|'];
  for (const h of s.history) out.push(`| ${h.iteration} | ${h.cost.toSignificantDigits(6).toString()} |`);
  out.push('', `Parameters after ${plan.iterations} updates:`, '');
  for (const [id, v] of s.finalParams)
    if (!id.startsWith('v_')) out.push(`- $${latexName(id)}$ = ${showValue(v, exercise.display)}`);
  return out.join('\n') + '\n';
}

/** `formula = numbers = value` in LaTeX, leaving out what would repeat. */
export function latexParts(
  s: Section['steps'][number],
  plan: Plan,
  exercise: Exercise,
  values: ReadonlyMap<string, Dec>,
  latexOf: (id: string) => string,
): string {
  return equationParts(s, plan, exercise, values, 'latex', latexOf).join(' = ');
}

export function latexLookup(plan: Plan, sections: readonly Section[]): (id: string) => string {
  const m = new Map<string, string>();
  for (const g of plan.givens) m.set(g.id, g.latex);
  for (const sec of sections) for (const s of sec.steps) m.set(s.id, s.latex);
  // Steps of earlier iterations that a streamed chunk refers to: w5@2 -> {w_{5}}^{[2]}.
  return (id) =>
    m.get(id) ??
    (/^(.*)@(\d+)$/.test(id)
      ? `{${latexName(id.replace(/@\d+$/, ''))}}^{[${id.replace(/^.*@/, '')}]}`
      : latexName(id));
}
