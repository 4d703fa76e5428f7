/** The published examples' mpmath fixtures (test/fixtures/published/*.py write them). */
import { readFileSync } from 'node:fs';

export interface Fixture {
  readonly exercise: string;
  readonly exact: Record<string, string>;
  readonly values: Record<string, { printed: string; verdict: string; also: string[] }>;
  readonly expressions: Record<string, { text: string; verdict: string }>;
}

export const PUBLISHED = [
  'gbasran_adam_theta_squared',
  'saida_momentum_shifted_square',
  'q4quant_adam_epsilon_zero',
] as const;

export const publishedFixture = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`fixtures/published/${name}.json`, import.meta.url), 'utf8')) as Fixture;

/** Verify's verdict on every printed value and expression, as the fixtures work them out. */
export function publishedTables(): Record<string, Array<readonly [string, 'value' | 'expression', string]>> {
  return Object.fromEntries(
    PUBLISHED.map((name) => {
      const fx = publishedFixture(name);
      return [
        fx.exercise,
        [
          ...Object.entries(fx.values).map(([step, v]) => [step, 'value', v.verdict] as const),
          ...Object.entries(fx.expressions).map(([step, v]) => [step, 'expression', v.verdict] as const),
        ],
      ];
    }),
  );
}

/** The exact values of every step of the published examples, keyed by exercise id. */
export function publishedReferences(): Record<string, Record<string, string>> {
  return Object.fromEntries(
    PUBLISHED.map((name) => [publishedFixture(name).exercise, publishedFixture(name).exact]),
  );
}
