/**
 * The usual mistakes at one step, as a table of rules. Each rule names the step roles it applies
 * to (the compiler sets a step's role and declares the parts of its formula in `Step.form`: the
 * contract between compiler and diagnosis) and builds the mistaken formula from those parts,
 * evaluated with the learner's values. Nothing here is typed by authors, and no rule recognises
 * the shape of an emitted expression: a compiler that changes how it writes a formula keeps its
 * roles and forms, and diagnosis keeps working. The rules themselves: catalogue-rules.ts.
 */
import { mapRefs, ref } from '../engine/expr.js';
import type { Expr } from '../engine/expr.js';
import type { NetworkSpec } from '../engine/model.js';
import type { Dec } from '../engine/numbers.js';
import type { Role, Step } from '../engine/plan.js';
import type { Solved } from '../engine/solved.js';
import type { WhatIf } from '../engine/what-if.js';
import { RULES } from './catalogue-rules.js';
import type { Mistake, MistakeCode } from './types.js';

/**
 * Most specific first: when two mistakes give the same value, the first one is named, because it
 * says where the slip happened while the later ones only describe its effect. dE/dy_F = +0.3844
 * is both -(t - y_F) with its sign flipped and (t - y_F) written for (y_F - t); the learner who
 * writes it has almost always differentiated 1/2 (t - y)^2 and lost the -1 of the inner
 * derivative, which is what the difference-reversed message explains. "Check the sign" would
 * send them looking through every factor.
 */
export const CATALOGUE_ORDER: readonly MistakeCode[] = [
  'difference-reversed',
  'jacobian-cross-terms-dropped',
  'slope-counted-twice',
  'activation-derivative-forgotten',
  'derivative-at-z',
  'updated-weight-in-backward',
  'path-left-out',
  'one-path-only',
  'wrong-weight',
  'wrong-input',
  'weight-for-input',
  'sigmoid-for-softmax',
  'target-dropped',
  'log-base-10',
  'loss-sign-dropped',
  'half-dropped',
  'mean-dropped',
  'one-example-only',
  'no-bias-correction',
  'epsilon-inside-root',
  'kernel-flipped',
  'stride-off-by-one',
  'padding-off-by-one',
  'pool-gradient-spread',
  'norm-stat-paths-dropped',
  'recurrent-path-dropped',
  'attention-scale-dropped',
  'softmax-wrong-axis',
  'rate-forgotten',
  'gradient-added',
  'bias-updated-wrongly',
  'sign-flipped',
  'rounded-too-early',
];

/** What a rule sees of the step being diagnosed, and the helpers every rule shares. */
export interface Scene {
  readonly step: Step;
  readonly solved: Solved;
  readonly ev: WhatIf;
  readonly e: Expr;
  readonly spec: NetworkSpec | undefined;
  readonly rateId: string | undefined;
  roleOf(id: string): Role | undefined;
  /** Steps of the same role, neuron and example in this iteration, other than this one. */
  siblings(role: Role): Step[];
  /** This step's formula with one reference replaced. */
  replace(from: string, to: Expr): Expr;
  /** Which weight a reference is (w5, or w5@2 in a later iteration), and its iteration suffix. */
  weightOf(id: string): { base: string; suffix: string } | undefined;
  exists(id: string): boolean;
}

/** A rule reports a mistaken value (lazily: a transformation that cannot be evaluated is no diagnosis). */
export type Report = (message: string, value: () => Dec) => void;

export interface Rule {
  readonly code: MistakeCode;
  /** The step roles the rule applies to. */
  readonly roles: readonly Role[];
  find(s: Scene, report: Report): void;
}

export function ownMistakes(step: Step, ev: WhatIf): Mistake[] {
  const out: Mistake[] = [];
  const scene = sceneOf(step, ev);
  for (const rule of RULES) {
    if (!rule.roles.includes(step.role)) continue;
    rule.find(scene, (message, value) => {
      try {
        const v = value();
        if (v.isFinite()) out.push({ code: rule.code, message, value: v });
      } catch {
        // A transformation that cannot be evaluated (a ln of a negative) is no diagnosis.
      }
    });
  }
  return out;
}

function sceneOf(step: Step, ev: WhatIf): Scene {
  const solved = ev.solved;
  const ix = solved.index;
  const spec = solved.network?.spec;
  const roleOf = (id: string) => ix.locate(id)?.step.role;
  return {
    step,
    solved,
    ev,
    e: step.expr,
    spec,
    rateId: ix.plan.givens.find((g) => g.kind === 'rate')?.id,
    roleOf,
    siblings: (role) => solved.group(step, role).filter((s) => s.id !== step.id),
    replace: (from, to) => mapRefs(step.expr, (id) => (id === from ? to : ref(id))),
    weightOf(id) {
      const network = solved.network;
      if (!network) return undefined;
      const base =
        ix.given(id)?.kind === 'weight'
          ? id
          : roleOf(id) === 'new-param'
            ? ix.locate(id)!.step.base
            : undefined;
      return base !== undefined && network.weight.has(base)
        ? { base, suffix: id.slice(base.length) }
        : undefined;
    },
    exists: (id) => ix.given(id) !== undefined || ix.locate(id) !== undefined,
  };
}
