/**
 * The question sheet (`solve --blank`): the exercise, the network or graph, the given values,
 * and an empty, labelled line for every asked step, grouped as the worked solution groups them.
 * The answer key is the ordinary worked solution of the same exercise.
 */
import { parseExpr } from '../engine/parse-expr.js';
import { markdownText } from '../exercise/html-text.js';
import type { Exercise, NetworkSpec } from '../engine/model.js';
import { layersInWords } from '../engine/layers/table.js';
import { latexName } from '../engine/naming.js';
import type { Plan, Step } from '../engine/plan.js';
import { latexOpening } from './latex.js';
import { latexText } from './latex-text.js';
import { printExpr } from './print-expr.js';
import { groupSections } from './solution.js';
import { precisionWords } from './format-number.js';
import { describeSource } from './source.js';
import { wrap } from './wrap.js';
import { pictureOf } from './picture.js';
import { pictureMermaid } from './picture-mermaid.js';
import { pictureTikz } from './picture-tikz.js';

export interface Handout {
  readonly exercise: Exercise;
  readonly plan: Plan;
  /** The steps to leave room for, in the order they are worked. */
  readonly asked: readonly Step[];
}

export function renderHandoutMarkdown(h: Handout): string {
  const { exercise, plan } = h;
  // File text is escaped: Markdown would pass HTML in a title or description through.
  const out: string[] = [`# ${markdownText(exercise.title)}`, ''];
  if (exercise.description) out.push(markdownText(exercise.description.trim()), '');
  if (exercise.source) out.push(`*Source:* ${markdownText(describeSource(exercise.source))}`, '');
  out.push(`Give each answer to ${precisionWords(exercise.display)}.`, '');
  const spec = exercise.spec;
  if (spec.kind === 'network') {
    out.push(
      '## The network',
      '',
      pictureMermaid(pictureOf(exercise)),
      '| layer | neurons | activation |',
      '|---|---|---|',
    );
    spec.layers.forEach((l, i) =>
      out.push(`| ${l.name} | ${l.neurons.join(', ')} | ${i === 0 ? '(inputs)' : l.activation} |`),
    );
    for (const t of connectionTables(spec)) {
      out.push(
        '',
        `Weights from ${t.from} (rows) to ${t.to} (columns):`,
        '',
        `| | ${t.columns.join(' | ')} |`,
        `|---|${t.columns.map(() => '---').join('|')}|`,
      );
      for (const r of t.rows)
        out.push(`| **${r.neuron}** | ${r.cells.map((c) => (c ? `$${latexName(c)}$` : '')).join(' | ')} |`);
    }
    out.push('', ...trainingWords(spec, 'markdown', exercise.notation).map((w) => `- ${w}`));
  } else if (spec.kind === 'layers') {
    out.push(
      '## The layers',
      '',
      pictureMermaid(pictureOf(exercise)),
      `${spec.input.name} -> ${layersInWords(spec.layers)}`,
      '',
    );
  } else {
    out.push(
      '## The function',
      '',
      pictureMermaid(pictureOf(exercise)),
      `$${spec.fn}$ is computed through these intermediate variables:`,
      '',
    );
    for (const n of spec.nodes) out.push(`$$${latexName(n.name)} = ${formulaLatex(n.text)}$$`, '');
    out.push(`and $${spec.fn} = ${latexName(spec.output)}$.`);
  }
  out.push('', '## Given', '', '| quantity | value | |', '|---|---:|---|');
  for (const g of plan.givens) out.push(`| $${g.latex}$ | ${g.value} | ${markdownText(g.describe)} |`);
  let n = 0;
  for (const sec of groupSections(h.asked, plan)) {
    out.push('', `## ${markdownText(sec.title)}`, '', '| | quantity | | your answer |', '|---:|---|---|---|');
    for (const s of sec.steps) out.push(`| ${++n} | $${s.latex}$ | ${markdownText(s.describe)} | |`);
  }
  return out.join('\n') + '\n';
}

export function renderHandoutLatex(h: Handout): string {
  const { exercise, plan } = h;
  const out = latexOpening(exercise);
  out.push(`\\noindent Give each answer to ${precisionWords(exercise.display)}.`, '');
  const spec = exercise.spec;
  if (spec.kind === 'network') {
    out.push(
      '\\section*{The network}',
      pictureTikz(pictureOf(exercise)),
      '\\begin{tabular}{lll}',
      'layer & neurons & activation \\\\ \\hline',
    );
    spec.layers.forEach((l, i) =>
      out.push(
        `${latexText(l.name)} & ${latexText(l.neurons.join(', '))} & ${i === 0 ? '(inputs)' : l.activation} \\\\`,
      ),
    );
    out.push('\\end{tabular}', '');
    for (const t of connectionTables(spec)) {
      out.push(
        '\\medskip',
        `\\noindent Weights from ${latexText(t.from)} (rows) to ${latexText(t.to)} (columns):\\par\\smallskip`,
      );
      // At most 8 columns a table, so a wide layer's weights stay on the page (in several tables).
      for (let c0 = 0; c0 < t.columns.length; c0 += 8) {
        const cols = t.columns.slice(c0, c0 + 8);
        out.push(`\\begin{tabular}{l|${cols.map(() => 'c').join('')}}`);
        out.push(` & ${cols.map(latexText).join(' & ')} \\\\ \\hline`);
        for (const r of t.rows) {
          const cells = r.cells.slice(c0, c0 + 8).map((c) => (c ? `$${latexName(c)}$` : ''));
          out.push(`${latexText(r.neuron)} & ${cells.join(' & ')} \\\\`);
        }
        out.push('\\end{tabular}\\par\\smallskip', '');
      }
    }
    // An itemize without an \\item does not compile (a network with nothing trained says nothing here).
    const words = trainingWords(spec, 'latex', exercise.notation);
    if (words.length > 0) out.push('\\begin{itemize}', ...words.map((w) => `\\item ${w}`), '\\end{itemize}');
  } else if (spec.kind === 'layers') {
    out.push('\\section*{The layers}', pictureTikz(pictureOf(exercise)));
    out.push(`\\noindent ${latexText(`${spec.input.name} -> ${layersInWords(spec.layers)}`)}`);
  } else {
    out.push('\\section*{The function}', pictureTikz(pictureOf(exercise)));
    out.push(`\\noindent $${spec.fn}$ is computed through these intermediate variables:`, '\\begin{align*}');
    out.push(spec.nodes.map((n) => `${latexName(n.name)} &= ${formulaLatex(n.text)}`).join(' \\\\\n'));
    out.push('\\end{align*}', `and $${spec.fn} = ${latexName(spec.output)}$.`);
  }
  out.push('\\section*{Given}', '\\begin{tabular}{lrl}');
  out.push(
    plan.givens.map((g) => `$${g.latex}$ & $${g.value}$ & ${latexText(g.describe)} \\\\`).join('\n'),
    '\\end{tabular}',
  );
  let n = 0;
  for (const sec of groupSections(h.asked, plan)) {
    out.push(`\\section*{${latexText(sec.title)}}`, '\\begin{enumerate}', `\\setcounter{enumi}{${n}}`);
    for (const s of sec.steps) {
      n++;
      out.push(
        `\\item $${s.latex}$ \\quad {\\small ${latexText(s.describe)}}\\par\\vspace{1.2ex}\\hfill\\rule{0.45\\linewidth}{0.4pt}\\vspace{1ex}`,
      );
    }
    out.push('\\end{enumerate}');
  }
  out.push('\\end{document}');
  return out.join('\n') + '\n';
}

export function renderHandoutText(h: Handout): string {
  const { exercise, plan } = h;
  const out: string[] = [exercise.title, '='.repeat(Math.min(80, exercise.title.length)), ''];
  if (exercise.description) out.push(exercise.description.trim(), '');
  if (exercise.source) out.push(`Source: ${describeSource(exercise.source)}`, '');
  out.push(`Give each answer to ${precisionWords(exercise.display)}.`, '');
  const spec = exercise.spec;
  if (spec.kind === 'network') {
    out.push('The network', '-----------');
    spec.layers.forEach((l, i) =>
      out.push(`  ${l.name}: ${l.neurons.join(', ')}${i === 0 ? '' : ` (${l.activation})`}`),
    );
    for (const w of spec.weights) out.push(`  ${w.id}: ${w.from} -> ${w.to}`);
    out.push(...trainingWords(spec, 'text', exercise.notation).map((w) => `  ${w}`), '');
  } else if (spec.kind === 'layers') {
    out.push('The layers', '----------', `  ${spec.input.name} -> ${layersInWords(spec.layers)}`, '');
  } else {
    out.push('The function', '------------');
    for (const n of spec.nodes) out.push(`  ${n.name} = ${n.text}`);
    out.push(`  ${spec.fn} = ${spec.output}`, '');
  }
  out.push('Given', '-----');
  for (const g of plan.givens) out.push(`  ${g.symbol} = ${g.value}   (${g.describe})`);
  // A sheet that fits 80 columns: long lines fold under their own indentation, kept.
  const fold = (line: string, hang: number) => {
    const lead = line.length - line.trimStart().length;
    return line.length <= 80
      ? [line]
      : wrap(line.trimStart(), 80 - lead, ' '.repeat(hang)).map((l) => ' '.repeat(lead) + l);
  };
  const body = out.flatMap((line) => fold(line, line.startsWith(' ') ? 4 : 0));
  // Numbered items, the numbers right-aligned in one column; what the step is goes on the
  // same line when it fits, else on the next one, under the symbol.
  let n = 0;
  const numW = String(h.asked.length).length;
  for (const sec of groupSections(h.asked, plan)) {
    body.push('', sec.title, '-'.repeat(sec.title.length));
    for (const s of sec.steps) {
      const item = `  ${String(++n).padStart(numW)}. ${s.symbol} = ____________`;
      const pad = ' '.repeat(4 + numW);
      const one = `${item}   (${s.describe})`;
      body.push(
        ...(one.length <= 80
          ? [one]
          : [item, ...wrap(`(${s.describe})`, 80 - pad.length, ' ').map((l) => pad + l)]),
      );
    }
  }
  return body.join('\n') + '\n';
}

/** One table per pair of adjacent layers: rows the `from` neurons, cells the weight ids. */
function connectionTables(spec: NetworkSpec) {
  return spec.layers.slice(0, -1).map((from, i) => {
    const to = spec.layers[i + 1]!;
    return {
      from: from.name,
      to: to.name,
      columns: to.neurons,
      rows: from.neurons.map((f) => ({
        neuron: f,
        cells: to.neurons.map((t) => spec.weights.find((w) => w.from === f && w.to === t)?.id ?? ''),
      })),
    };
  });
}

/**
 * The biases, the error, the rule and the schedule, in words, ready for the style: text as is,
 * markdown with $math$, LaTeX escaped with $math$.
 */
function trainingWords(
  spec: NetworkSpec,
  style: 'text' | 'markdown' | 'latex',
  notation: Exercise['notation'],
): string[] {
  const text = (s: string) => (style === 'latex' ? latexText(s) : s);
  const math = (tex: string, plain: string) => (style === 'text' ? plain : `$${tex}$`);
  const out: string[] = [];
  if (spec.biases.length > 0) {
    const one = spec.biases.length === 1;
    const names = spec.biases.map((b) => math(latexName(b.id), b.id)).join(', ');
    out.push(
      `${text(one ? 'Bias: ' : 'Biases: ')}${names}` +
        text(one ? ' (with a constant input of 1).' : ' (each with a constant input of 1).'),
    );
  }
  if (spec.loss) {
    // In the exercise's own notation: a source that calls the target y and the output y_hat
    // gets 1/2 (y - y_hat)^2, never a t or a y that means something else.
    const [target, output] = [notation.target, notation.activation];
    const [a, b] = spec.loss.difference === 'target-minus-output' ? [target, output] : [output, target];
    const [la, lb] = [latexName(a), latexName(b)];
    const [lt, ly] = [latexName(target), latexName(output)];
    // The loss the exercise uses: a cross-entropy is never shown as a squared error.
    const formula =
      spec.loss.kind === 'cross-entropy'
        ? math(`-\\sum ${lt} \\ln ${ly}`, `-sum of ${target} ln ${output}`)
        : spec.loss.kind === 'binary-cross-entropy'
          ? math(
              `-\\left(${lt} \\ln ${ly} + (1 - ${lt}) \\ln(1 - ${ly})\\right)`,
              `-(${target} ln ${output} + (1 - ${target}) ln(1 - ${output}))`,
            )
          : spec.loss.scale === 'half'
            ? math(`\\tfrac{1}{2}(${la} - ${lb})^2`, `1/2 (${a} - ${b})^2`)
            : math(`(${la} - ${lb})^2`, `(${a} - ${b})^2`);
    const batch =
      spec.examples.length > 1 && spec.training.mode === 'batch'
        ? `; over the batch, the ${spec.loss.batch === 'mean' ? 'mean' : 'sum'} of the examples' errors`
        : '';
    const outputs = spec.layers[spec.layers.length - 1]!.neurons.length;
    const over =
      spec.loss.kind === 'cross-entropy'
        ? ' over the outputs'
        : outputs > 1
          ? ', added over the outputs'
          : '';
    out.push(`${text('Error of one example: ')}${formula}${text(`${over}${batch}.`)}`);
  }
  const t = spec.training;
  if (t.iterations > 0) {
    const rule =
      t.rule === 'gradient-descent'
        ? 'gradient descent'
        : t.rule === 'perceptron'
          ? 'the perceptron rule'
          : 'the delta rule';
    const when =
      spec.examples.length > 1
        ? ` (${t.mode === 'online' ? 'after each example' : 'after the whole batch'})`
        : '';
    out.push(
      text(
        `Training: ${rule}, ${t.iterations} update${t.iterations === 1 ? '' : 's'}${when}` +
          (t.momentum !== undefined ? `, momentum ${t.momentum}` : '') +
          (t.weightDecay !== undefined ? `, weight decay ${t.weightDecay}` : '') +
          `${t.updateBiases ? '' : '; biases stay fixed'}.`,
      ),
    );
    if (t.rule === 'gradient-descent')
      out.push(
        text(
          'Compute every gradient with the weights before the update; change all weights together at the end.',
        ),
      );
    if (t.forwardAfter) out.push(text('Then run the forward pass again with the updated parameters.'));
  }
  return out;
}

/** A graph node's formula as LaTeX (it was parsed once on load, so it parses again). */
function formulaLatex(text: string): string {
  const r = parseExpr(text);
  return r.ok ? printExpr(r.expr, 'latex', latexName) : `\\text{${latexText(text)}}`;
}

export function renderHandout(h: Handout, format: 'text' | 'markdown' | 'latex'): string {
  return format === 'latex'
    ? renderHandoutLatex(h)
    : format === 'markdown'
      ? renderHandoutMarkdown(h)
      : renderHandoutText(h);
}
