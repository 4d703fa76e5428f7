/**
 * Prints an expression as text or LaTeX, with only the parentheses precedence needs: what it
 * prints parses back (parse-expr) to the same value (test/print-expr.test.ts).
 * `leaf` shows a reference: its symbol, or its value with the numbers substituted.
 */
import type { Expr } from '../engine/expr.js';
import { FUNCTION_TEXT, operation } from '../engine/operations/table.js';

export type Style = 'text' | 'latex';

export function printExpr(e: Expr, style: Style, leaf: (id: string) => string): string {
  return go(e, 0);

  function wrapNegative(s: string, parent: number): string {
    return s.startsWith('-') && parent >= 2 ? paren(s) : s;
  }
  function paren(s: string): string {
    return style === 'latex' ? `\\left(${s}\\right)` : `(${s})`;
  }
  function go(x: Expr, parent: number): string {
    switch (x.op) {
      case 'num':
        return wrapNegative(x.text, parent);
      case 'ref':
        return wrapNegative(leaf(x.id), parent);
      case 'add': {
        const s = x.args
          .map((a, i) => {
            const t = go(a, 1);
            return i === 0 ? t : t.startsWith('-') ? ` - ${t.slice(1)}` : ` + ${t}`;
          })
          .join('');
        return parent > 1 ? paren(s) : s;
      }
      case 'sub': {
        const s = `${go(x.args[0], 1)} - ${go(x.args[1], 2)}`;
        return parent > 1 ? paren(s) : s;
      }
      case 'mul': {
        const sep = style === 'latex' ? ' \\cdot ' : ' * ';
        // A leading minus needs no parentheses: -0.3844 * 0.2366, as people write it.
        const s = x.args.map((a, i) => go(a, i === 0 ? 1.5 : 2)).join(sep);
        return parent > 2 ? paren(s) : s;
      }
      case 'div': {
        if (style === 'latex') return `\\frac{${go(x.args[0], 0)}}{${go(x.args[1], 0)}}`;
        const s = `${go(x.args[0], 2)}/${go(x.args[1], 3)}`;
        return parent > 2 ? paren(s) : s;
      }
      case 'neg': {
        const s = `-${go(x.args[0], 3)}`;
        return parent >= 2 ? paren(s) : s;
      }
      case 'pow': {
        // ^ is right-associative: a power as the base needs its parentheses, (x^y)^3 not x^y^3.
        const b = go(x.args[0], 5);
        const base = x.args[0].op === 'pow' ? paren(b) : b;
        const ex = go(x.args[1], 5);
        return style === 'latex' ? `{${base}}^{${ex}}` : `${base}^${ex}`;
      }
      case 'max':
      case 'lse': {
        // lse (ln of a sum of exponentials) is only in evaluation forms, printed for debugging.
        const args = x.args.map((a) => go(a, 0)).join(', ');
        const name = x.op === 'max' ? 'max' : 'logsumexp';
        const tex = x.op === 'max' ? '\\max' : '\\operatorname{logsumexp}';
        return style === 'latex' ? `${tex}\\left(${args}\\right)` : `${name}(${args})`;
      }
      default: {
        const arg = go(x.args[0], 0);
        // Each function's printers are in its record (operations/*.ts).
        if (style === 'latex')
          return operation(x.op).print?.latex(arg) ?? `\\operatorname{${x.op}}\\left(${arg}\\right)`;
        return `${FUNCTION_TEXT[x.op] ?? x.op}(${arg})`;
      }
    }
  }
}
