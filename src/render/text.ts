/**
 * The worked solution as plain text for a terminal or a file: phases as headings, one line per
 * step `y_C = sigma(z_C) = sigma(0.351) = 0.5869`, wrapped to fit the width.
 */
import type { Exercise } from '../engine/model.js';
import { precisionWords, showValue } from './format-number.js';
import { plotHistory } from './plot.js';
import type { Dec } from '../engine/numbers.js';
import type { Plan } from '../engine/plan.js';
import type { Section, Solution } from './solution.js';
import { equationParts } from './substitute.js';
import { describeSource } from './source.js';
import { conventions } from './conventions.js';
import { displayWidth, flowItems, wrap } from './wrap.js';

export function renderText(sol: Solution, width = 80): string {
  return (
    textHeader(sol.exercise, sol.plan, width) +
    textSections(sol.sections, sol.values, sol.exercise, sol.plan, width) +
    textSummary(sol, width)
  );
}

export function textHeader(exercise: Exercise, plan: Plan, width = 80): string {
  const out: string[] = [];
  const title = wrap(exercise.title, width);
  out.push(...title);
  out.push('='.repeat(Math.max(...title.map((l) => l.length))));
  if (exercise.source) out.push(...wrap(`Source: ${describeSource(exercise.source)}`, width, '        '));
  out.push(
    `Values shown to ${precisionWords(exercise.display)}; computed with ${exercise.working} significant digits.`,
  );
  for (const c of conventions(exercise)) out.push(...wrap(c, width));
  out.push('');
  out.push('Given');
  out.push('-----');
  // Loops, not spreads: a large network has tens of thousands of givens (a spread overflows the stack).
  for (const l of flowItems(
    plan.givens.map((g) => `${g.symbol} = ${g.value}`),
    width,
    ',  ',
  ))
    out.push(l);
  return out.join('\n') + '\n';
}

export function textSections(
  sections: readonly Section[],
  values: ReadonlyMap<string, Dec>,
  exercise: Exercise,
  plan: Plan,
  width = 80,
): string {
  const out: string[] = [];
  const identity = (id: string) => id;
  for (const section of sections) {
    out.push('');
    out.push(section.title);
    out.push('-'.repeat(Math.min(width, displayWidth(section.title))));
    for (const step of section.steps) {
      out.push(
        ...stepLines(step.symbol, equationParts(step, plan, exercise, values, 'text', identity), width),
      );
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}

function textSummary(sol: Solution, width: number): string {
  const { exercise, plan } = sol;
  if (!sol.summary) return '';
  const out: string[] = [];
  const s = sol.summary;
  out.push('');
  out.push(`Iterations 2 to ${plan.iterations}: summary (solve --all-steps shows every step)`);
  out.push('-'.repeat(Math.min(width, 32)));
  if (s.history.length > 0) {
    out.push(`Error before update k (every ${s.every}; the last line is after the final update):`);
    for (const h of s.history)
      out.push(
        `  k = ${String(h.iteration).padStart(String(plan.iterations + 1).length)}   ${plan.costBase} = ${h.cost.toSignificantDigits(6).toString()}`,
      );
    out.push('');
    out.push(...plotHistory(s.history, Math.min(60, width - 14)));
  }
  out.push('');
  out.push(`Parameters after ${plan.iterations} updates:`);
  for (const l of flowItems(
    [...s.finalParams]
      .filter(([id]) => !id.startsWith('v_'))
      .map(([id, v]) => `${id} = ${showValue(v, exercise.display)}`),
    width,
    ',  ',
  ))
    out.push(l);
  out.push('');
  out.push('Outputs with those parameters:');
  const outs = s.afterSteps
    .filter((st) => st.role === 'activation' && plan.outputBases.includes(st.base))
    .map((st) => `${st.symbol} = ${showValue(s.after.get(st.id)!, exercise.display)}`);
  for (const l of flowItems(outs, width, ',  ')) out.push(l);
  return out.join('\n') + '\n';
}

/**
 * `symbol = formula = substituted = value`, folding onto indented lines when too wide: each part
 * on its own line under the first `=`, and a part still too wide broken between its terms
 * (before a top-level + or -), its continuation lines indented past the `= `.
 */
function stepLines(symbol: string, parts: readonly string[], width: number): string[] {
  const one = `${symbol} = ${parts.join(' = ')}`;
  if (displayWidth(one) <= width) return [one];
  const pad = ' '.repeat(Math.min(symbol.length, 12) + 1);
  return parts.flatMap((p, i) =>
    i === 0 ? termLines(`${symbol} = `, p, width) : termLines(`${pad}= `, p, width),
  );
}

/** `lead` then `expr`, broken before top-level + and - terms, continuations under the expression. */
function termLines(lead: string, expr: string, width: number): string[] {
  const indent = ' '.repeat(displayWidth(lead));
  const lines: string[] = [];
  let cur = lead;
  for (const term of topLevelTerms(expr)) {
    const piece = cur === lead || cur === indent ? term.trimStart() : term;
    if (displayWidth(cur + piece) <= width || cur === lead || cur === indent) cur += piece;
    else {
      lines.push(cur);
      cur = indent + term.trimStart();
    }
  }
  lines.push(cur);
  // A single term wider than the line still folds, at spaces, under the expression.
  return lines.flatMap((l) =>
    wrap(l.trimStart(), width - (l.length - l.trimStart().length), '  ').map(
      (w) => ' '.repeat(l.length - l.trimStart().length) + w,
    ),
  );
}

/** The expression cut before each ` + ` and ` - ` outside parentheses (the pieces keep their operators). */
function topLevelTerms(expr: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && i > start && (expr.startsWith(' + ', i) || expr.startsWith(' - ', i))) {
      out.push(expr.slice(start, i));
      start = i;
    }
  }
  out.push(expr.slice(start));
  return out;
}
