/** Value of an expression; `lookup` gives the value of a reference (undefined: unknown). */
import type { Expr } from './expr.js';
import type { Dec } from './numbers.js';
import { OPS } from './ops.js';
import type { MathContext } from './ops.js';

export function evalExpr(e: Expr, lookup: (id: string) => Dec | undefined, m: MathContext): Dec {
  switch (e.op) {
    case 'num':
      return new m.D(e.text);
    case 'ref': {
      const v = lookup(e.id);
      if (v === undefined) throw new Error(`internal: no value for ${e.id}`);
      return v;
    }
    default:
      return OPS[e.op].value(e.args.map((a) => evalExpr(a, lookup, m)), m);
  }
}
