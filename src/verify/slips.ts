/**
 * Why a printed value that no rounding explains might be what it is. Each detector proposes a
 * slip and keeps it only if it reproduces the printed value at its decimals: from the exact
 * values, or from the source's own chain of printed values.
 */
import { mul, num, refsOf } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import type { Dec } from '../engine/numbers.js';
import { formSlips, SLIP_NAMES, stepLookup } from '../engine/slip-forms.js';
import type { FormSlipCode } from '../engine/slip-forms.js';
import { writtenSignificant } from '../exercise/decimal-text.js';
import type { Chain } from './chains.js';
import type { Printed, VerifyContext } from './context.js';
import { evalPrinted } from './context.js';
import { digitSwaps, fitOf, fitWords, showNumber } from './digits.js';
import { negatedLiteral, nodesOf, replaceAt, showExpr, tryEval, withoutFactor } from './expr-tools.js';
import { batchSlip, updatedWeightsSlip } from './method-slips.js';
import type { SlipKind } from './types.js';
import { decimalsWords } from '../render/format-number.js';

export interface Slip {
  readonly kind: SlipKind;
  readonly text: string;
}

/** How far apart in the plan two steps may be for one to be printed under the other's name. */
const NEIGHBOURS = 40;

interface Target {
  readonly value: Dec;
  /** What the value is, as a phrase: "the exact value is", "the source's own values give". */
  readonly what: string;
}

/**
 * What the value slips below share: the printed value, the values it might be a slip of
 * (`targets`, each with the words for it) and `fits`, whether a candidate value, shown at the
 * printed decimals, gives the printed one. One record so each slip is its own function.
 */
interface ValueProbe {
  readonly ctx: VerifyContext;
  readonly id: string;
  readonly p: Printed;
  readonly x: Dec;
  readonly printedChain: Chain | undefined;
  readonly targets: readonly Target[];
  readonly fits: (v: Dec | undefined) => boolean;
  readonly described: (t: Target) => string;
}

export function findValueSlip(
  ctx: VerifyContext,
  chains: readonly Chain[],
  id: string,
  p: Printed,
): Slip | undefined {
  const x = ctx.exact.get(id)!;
  const printedChain = chains.find((c) => c.kind === 'printed');
  const targets: Target[] = [{ value: x, what: 'the exact value is' }];
  for (const c of chains) {
    const raw = c.raw.get(id);
    if (raw && !targets.some((t) => t.value.eq(raw)))
      targets.push({
        value: raw,
        what: c.kind === 'printed' ? "the source's own values give" : `the ${c.kind} chain gives`,
      });
  }
  const described = (t: Target) => `${t.what} ${showNumber(t.value, p.decimals)}`;
  const fits = (v: Dec | undefined) => v !== undefined && fitOf(v, p.value, p.decimals) !== undefined;
  // A value printed with arithmetic that does not give it: a slip named here must agree with
  // that line. So the copying of the line's result (sign, transposed digits of what the line
  // gives, not of some other value), or a part of it taken from another printed value, and
  // only a part worked out of numbers the line shows: not a quantity it prints as a number
  // (its z(3) is 0.428 there), and no shift by a z_max it never subtracts.
  const line = printedLineValue(ctx, id);
  if (line && !fits(line)) {
    const lineTargets = [{ value: line, what: 'the arithmetic printed with it gives' }];
    const probe: ValueProbe = { ctx, id, p, x, printedChain, targets: lineTargets, fits, described };
    const shown = (r: string) => ctx.givenIds.has(r) || ctx.printed.has(r);
    return (
      signSlip(probe) ??
      transposition(probe) ??
      (printedChain
        ? operandSlip(ctx, printedChain, id, p, (n) => n.op !== 'ref' && refsOf(n).every(shown))
        : undefined)
    );
  }
  const probe: ValueProbe = { ctx, id, p, x, printedChain, targets, fits, described };
  // The slips of method (method-slips.ts) before the dropped or extra factor, which a summed batch would also fit.
  return (
    formSlip(ctx, id, p, targets) ??
    signSlip(probe) ??
    labelSlip(probe) ??
    transposition(probe) ??
    updatedWeightsSlip(ctx, id, p) ??
    batchSlip(ctx, id, p) ??
    factorSlip(ctx, id, p, [ctx.exact, ...(printedChain ? [printedChain.value] : [])]) ??
    (printedChain ? operandSlip(ctx, printedChain, id, p) : undefined)
  );
}

/** The printed value is one of the targets with its sign lost or added. */
function signSlip({ p, targets, fits, described }: ValueProbe): Slip | undefined {
  if (p.value.isZero()) return undefined;
  const t = targets.find((t) => fits(t.value.neg()));
  return t ? { kind: 'sign', text: `the sign is flipped (${described(t)})` } : undefined;
}

/** The printed value is another quantity's, near this step: printed under the wrong name. */
function labelSlip({ ctx, id, p, x, printedChain, fits }: ValueProbe): Slip | undefined {
  // A number of one or two significant digits (0.5, 0.35) is the value of too many things to
  // point at one; and only neighbours in the plan, the givens and the same quantity in
  // another iteration or example are likely to be confused with the step.
  if (writtenSignificant(p.text) < 3) return undefined;
  const here = ctx.order(id) ?? 0;
  const base = ctx.stepOf(id)?.base;
  const near = (q: string) => {
    const o = ctx.order(q);
    return (
      o === undefined ||
      o < 0 ||
      Math.abs(o - here) <= NEIGHBOURS ||
      (base !== undefined && ctx.stepOf(q)?.base === base)
    );
  };
  const distance = (q: string): number => {
    const o = ctx.order(q) ?? -1;
    return o < 0 ? 1e9 : Math.abs(o - here);
  };
  const candidates = [...ctx.exact.keys()]
    .filter((q) => q !== id && near(q) && !ctx.exact.get(q)!.eq(x))
    .filter((q) => fits(ctx.exact.get(q)) || fits(printedChain?.raw.get(q)))
    .sort((a, b) => distance(a) - distance(b));
  const q = candidates[0];
  if (q === undefined) return undefined;
  return {
    kind: 'label',
    text: `a label slip: ${p.text} is the value of ${q} (${showNumber(ctx.exact.get(q)!, p.decimals)})`,
  };
}

/** Two digits of the printed value swapped: with them put back it is one of the targets. */
function transposition({ ctx, p, targets, described }: ValueProbe): Slip | undefined {
  for (const swapped of digitSwaps(p.text)) {
    const value = new ctx.D(swapped);
    const t = targets.find((t) => fitOf(t.value, value, p.decimals) !== undefined);
    if (t)
      return {
        kind: 'transposition',
        text: `two digits transposed: ${described(t)}, that is ${swapped} to ${decimalsWords(p.decimals)}`,
      };
  }
  return undefined;
}

/** The exact value of the arithmetic a source printed beside a step's value, if it has one. */
function printedLineValue(ctx: VerifyContext, id: string): Dec | undefined {
  const text = ctx.exercise.notes.get(id)?.printedExpression;
  return text === undefined ? undefined : evalPrinted(ctx, text);
}

// Named later, by the slips of method (method-slips.ts), with the values they used.
const OF_METHOD: ReadonlySet<FormSlipCode> = new Set([
  'updated-weight-in-backward',
  'mean-dropped',
  'mean-taken',
]);

/**
 * The usual classification and optimiser mistakes (engine/slip-forms), evaluated with the exact
 * values and with each chain's values; kept when one reproduces the printed value.
 */
function formSlip(
  ctx: VerifyContext,
  id: string,
  p: Printed,
  targets: ReadonlyArray<{ value: Dec }>,
): Slip | undefined {
  const step = ctx.stepOf(id);
  if (!step) return undefined;
  for (const slip of formSlips(step, stepLookup(ctx.solved))) {
    if (OF_METHOD.has(slip.code)) continue;
    const v = tryEval(slip.expr, (r) => ctx.exact.get(r), ctx.m);
    if (v && !targets.some((t) => t.value.eq(v)) && fitOf(v, p.value, p.decimals) !== undefined) {
      return {
        kind: 'mistake',
        text: `${SLIP_NAMES[slip.code]} (that gives ${showNumber(v, p.decimals)})`,
      };
    }
  }
  return undefined;
}

/**
 * A factor of the step's product left out, or one of them (or 2) once too often on the whole:
 * the learning rate, the 1/2 of the error, an input, a slope. Products of earlier steps are
 * opened up (dE/dw5 = dE/dy_F dy_F/dz_F dz_F/dw5) so that any one of their factors can be it.
 */
export function factorSlip(
  ctx: VerifyContext,
  id: string,
  p: Printed,
  lookups: ReadonlyArray<ReadonlyMap<string, Dec>>,
): Slip | undefined {
  const step = ctx.stepOf(id);
  if (!step) return undefined;
  const e = flatten(inline(ctx, step.expr, 3));
  const fits = (v: Dec | undefined) => v !== undefined && fitOf(v, p.value, p.decimals) !== undefined;
  const evalIn = (x: Expr) => lookups.map((l) => tryEval(x, (r) => l.get(r), ctx.m)).find(fits);
  const label = (f: Expr) => {
    const text = showExpr(f);
    const v = tryEval(f, (r) => ctx.exact.get(r), ctx.m);
    return f.op === 'num' || f.op === 'div' || !v ? text : `${text} = ${showNumber(v, p.decimals)}`;
  };
  const factors: Expr[] = [];
  for (const { path, node } of nodesOf(e)) {
    if (node.op !== 'mul') continue;
    for (let i = 0; i < node.args.length; i++) {
      const f = node.args[i]!;
      factors.push(f);
      const dropped = withoutFactor(e, path, i);
      const v = dropped && evalIn(dropped);
      if (v)
        return {
          kind: 'factor',
          text: `the factor ${label(f)} is left out (without it: ${showNumber(v, p.decimals)})`,
        };
    }
  }
  for (const f of [...factors, num('2')]) {
    for (const [x, what] of [
      [mul(e, f), 'extra'],
      [{ op: 'div', args: [e, f] } as Expr, 'dropped'],
    ] as const) {
      const v = evalIn(x);
      if (v)
        return {
          kind: 'factor',
          text:
            what === 'extra'
              ? `an extra factor ${label(f)} (with it: ${showNumber(v, p.decimals)})`
              : `divided by ${label(f)} by mistake (the step divided by it: ${showNumber(v, p.decimals)})`,
        };
    }
  }
  return undefined;
}

/**
 * A part of the computation taken from a nearby printed value of another step, as when a
 * source reuses 0.3844 from one line for 1 - 0.6155 = 0.3845 on the next. Only values within two
 * units of their last printed digit count, so that a coincidence is unlikely.
 */
export function operandSlip(
  ctx: VerifyContext,
  chain: Chain,
  id: string,
  p: Printed,
  visible: (node: Expr) => boolean = () => true,
): Slip | undefined {
  const step = ctx.stepOf(id);
  if (!step) return undefined;
  const lookup = (r: string) => chain.value.get(r);
  for (const { path, node } of nodesOf(step.expr)) {
    if (path.length === 0 || node.op === 'num' || !visible(node)) continue;
    const sub = tryEval(node, lookup, ctx.m);
    if (!sub) continue;
    const earlier = (q: string) => q !== id && (ctx.order(q) ?? 0) <= (ctx.order(id) ?? 0);
    for (const { q, decimals, negated, text } of nearbyPrinted(ctx, sub, earlier)) {
      const v = tryEval(replaceAt(step.expr, path, num(text)), lookup, ctx.m);
      const fit = v && fitOf(v, p.value, p.decimals);
      if (v && fit) {
        return {
          kind: 'operand',
          text:
            `${showExpr(node)} taken as ${text} (the printed ${q}${negated ? ' without its minus sign' : ''}) ` +
            `instead of ${showNumber(sub, decimals)}: that gives ${showNumber(v, p.decimals)}, ${fitWords(fit, p.text)}`,
        };
      }
    }
  }
  return undefined;
}

/**
 * The printed values of other steps (those `keep` allows) that lie within two units of their last
 * printed digit of `sub`, or of its negation, but are not equal to it: each as the literal text a
 * source would have copied. Close enough that a coincidence is unlikely.
 */
export function* nearbyPrinted(
  ctx: VerifyContext,
  sub: Dec,
  keep: (q: string) => boolean,
): Generator<{ q: string; decimals: number; negated: boolean; text: string }> {
  for (const [q, pq] of ctx.printed) {
    if (!keep(q)) continue;
    for (const negated of [false, true]) {
      const c = negated ? pq.value.neg() : pq.value;
      const unit2 = new ctx.D(2).div(new ctx.D(10).pow(pq.decimals));
      if (c.eq(sub) || c.minus(sub).abs().gt(unit2)) continue;
      yield { q, decimals: pq.decimals, negated, text: negated ? negatedLiteral(pq.text) : pq.text };
    }
  }
}

/** References to earlier products opened up, so their factors become factors of this step. */
function inline(ctx: VerifyContext, e: Expr, depth: number): Expr {
  if (e.op === 'ref') {
    const s = ctx.stepOf(e.id);
    return s && depth > 0 && s.expr.op === 'mul' ? inline(ctx, s.expr, depth - 1) : e;
  }
  if (e.op === 'num') return e;
  return { op: e.op, args: e.args.map((a) => inline(ctx, a, depth)) } as Expr;
}

function flatten(e: Expr): Expr {
  if (e.op === 'num' || e.op === 'ref') return e;
  const args = e.args.map(flatten);
  if (e.op === 'mul') return { op: 'mul', args: args.flatMap((a) => (a.op === 'mul' ? a.args : [a])) };
  return { op: e.op, args } as Expr;
}
