/**
 * The error of each example (squared error, cross-entropy, binary cross-entropy) and the batch
 * cost, with the parts diagnosis needs declared (the 1/2, the 1/N, the minus, the logs).
 */
import { add, mul, neg, num, pow, ref, sub, unary } from './expr.js';
import type { Expr } from './expr.js';
import { latexName } from './tex-names.js';
import { stepId } from './plan.js';
import type { Phase } from './plan.js';
import { scaled, written } from './network-context.js';
import type { Net, Emitter, ExampleView } from './network-context.js';

export function lossSteps(net: Net, em: Emitter, views: readonly ExampleView[], phase: Phase): void {
  const loss = net.spec.loss!;
  for (const { e, tag, sid } of views) {
    const kind = loss.kind;
    if (kind !== 'squared') {
      const inner = add(
        ...net.outputs.map((o) => logLikelihood(kind, ref(net.tId(o, e)), ref(sid(net.y(o))))),
      );
      const what = kind === 'cross-entropy' ? 'cross-entropy' : 'binary cross-entropy';
      em.push(
        net.E,
        tag,
        neg(inner),
        'error',
        phase,
        `${what} error${tag ? ` of example ${e}` : ''} (natural log, base e)`,
        latexName(net.E),
        { form: { negated: inner, naturalLog: true } },
      );
      continue;
    }
    const differences = net.outputs.map((o) => written(loss, net.tId(o, e), sid(net.y(o))));
    const sum = add(...differences.map((d) => pow(sub(ref(d.first), ref(d.second)), num('2'))));
    const half = scaled(loss.scale === 'half' ? 2 : 1, sum);
    em.push(
      net.E,
      tag,
      half.expr,
      'error',
      phase,
      `error${tag ? ` of example ${e}` : ''}`,
      latexName(net.E),
      { form: { ...half.form, differences } },
    );
  }
  if (views.length > 1) {
    const terms = views.map((v) => ref(stepId(net.E, em.k, v.e)));
    const mean = loss.batch === 'mean';
    const cost = scaled(mean ? net.N : 1, add(...terms));
    const logs = loss.kind === 'squared' ? {} : { naturalLog: true as const };
    const form = cost.form || loss.kind !== 'squared' ? { ...cost.form, ...logs } : undefined;
    em.push(
      net.C,
      undefined,
      cost.expr,
      'cost',
      phase,
      mean ? `mean error over the ${net.N} examples` : `total error over the ${net.N} examples`,
      latexName(net.C),
      { form },
    );
  }
}

/** -[t ln y] for a category, -[t ln y + (1 - t) ln(1 - y)] for a binary output, without the minus. */
function logLikelihood(kind: 'cross-entropy' | 'binary-cross-entropy', t: Expr, y: Expr): Expr {
  const own = mul(t, unary('ln', y));
  return kind === 'cross-entropy' ? own : add(own, mul(sub(num('1'), t), unary('ln', sub(num('1'), y))));
}
