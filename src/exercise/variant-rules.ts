/**
 * The load-time checks of `variants:`: every key names a given value of the exercise, every
 * range holds at least one value at its decimals, and no rule can draw a value the exercise
 * would refuse (a learning rate of zero, a momentum of 1).
 */
import type { Exercise, VariantRule } from '../engine/model.js';
import type { Plan } from '../engine/plan.js';
import { decimalParts } from './decimal-text.js';
import type { Problem } from './errors.js';
import { closest } from './suggest.js';
import { choices, scaled, variableGivens } from './variant-grid.js';
import type { YamlSource } from './yaml-source.js';

const MAX_EXPONENT = 40;

export function checkVariantRules(ex: Exercise, plan: Plan, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const givens = new Map(variableGivens(plan.givens).map((g) => [g.id, g]));
  for (const [id, rule] of ex.variants) {
    const given = givens.get(id);
    if (!given) {
      const guess = closest(id, givens.keys());
      problems.push({
        code: 'unknown-step',
        message: `\`variants\` names "${id}", which is not a given value of this exercise`,
        hint: guess
          ? `did you mean "${guess}"? (the givens: ${[...givens.keys()].join(', ')})`
          : `the givens are ${[...givens.keys()].join(', ')}`,
        range: src.keyRangeAt(['variants', id]),
      });
      continue;
    }
    const texts = rule.kind === 'range' ? [rule.min, rule.max] : rule.values;
    if (texts.some((t) => Math.abs(decimalParts(t).exponent) > MAX_EXPONENT)) {
      problems.push({
        code: 'bad-value',
        message: `the values for ${id} are too large or too small for a hand calculation`,
        hint: 'write plain decimals such as 0.25 or 3',
        range: src.rangeAt(['variants', id]),
      });
      continue;
    }
    if (rule.kind === 'range' && choices(rule) === 0n) {
      problems.push({
        code: 'bad-value',
        message: `no number with ${rule.decimals} decimal${rule.decimals === 1 ? '' : 's'} lies between ${rule.min} and ${rule.max}`,
        hint: 'widen the range or allow more `decimals`',
        range: src.rangeAt(['variants', id]),
      });
      continue;
    }
    const bad = refused(given.kind, id, rule);
    if (bad)
      problems.push({
        code: 'bad-value',
        message: `the variant of ${id} could give ${bad}`,
        hint: 'keep the range inside the values the exercise allows',
        range: src.rangeAt(['variants', id]),
      });
  }
  return problems;
}

/** What a rule could draw that the exercise refuses, in words; undefined when every value is fine. */
function refused(kind: string, id: string, rule: VariantRule): string | undefined {
  // The extreme drawable values, compared as scaled whole numbers (never via floating point).
  const extremes = (): { low: bigint; high: bigint; scale: number } => {
    if (rule.kind === 'range')
      return {
        low: scaled(rule.min, rule.decimals, 'ceil'),
        high: scaled(rule.max, rule.decimals, 'floor'),
        scale: rule.decimals,
      };
    const scale = Math.max(0, ...rule.values.map((v) => -decimalParts(v).exponent));
    const all = rule.values.map((v) => scaled(v, scale, 'floor'));
    return { low: all.reduce((a, b) => (b < a ? b : a)), high: all.reduce((a, b) => (b > a ? b : a)), scale };
  };
  const { low, high, scale } = extremes();
  if (kind === 'rate' && low <= 0n) return 'a learning rate of zero or below; it must be positive';
  if (id === 'lambda' && low < 0n) return 'a negative weight decay';
  if (id === 'mu' && (low < 0n || high >= 10n ** BigInt(scale)))
    return 'a momentum outside 0 (included) to 1 (excluded)';
  return undefined;
}
