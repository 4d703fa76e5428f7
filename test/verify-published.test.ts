import { readdirSync, readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { loadExerciseText } from '../src/exercise/load.js';
import type { VerifyReport } from '../src/verify/types.js';
import { verifyExercise } from '../src/verify/verify.js';
import { solveExercise } from '../src/engine/solved.js';

/**
 * Published worked examples, bundled with their numbers as printed: verify's verdict on every
 * printed value against the class an independent mpmath script gives it
 * (test/fixtures/published/<name>.py -> <name>.json): match (the exact value rounded to the
 * printed decimals), carried (the source's own line worked with its own rounded numbers) or
 * erratum. The scripts type in the sources' lines themselves and read nothing of backstep.
 */
interface Entry {
  readonly printed: string;
  readonly class: 'match' | 'truncated' | 'carried' | 'erratum';
  readonly exact: string;
  /** Printed errata the source's line for this value uses. */
  readonly after?: readonly string[];
  /** A slip whose line, typed from the source, gives the printed value. */
  readonly slip?: string;
}
interface Published {
  readonly exercises?: Record<string, unknown>;
  readonly verdicts?: Record<string, Record<string, Entry>>;
}
const FIXTURES = new URL('./fixtures/published/', import.meta.url);
const published = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => {
    // This file's layout: verdicts by exercise id. The optimiser sources (published-optimisers)
    // and PostNetwork (verify-postnetwork) keep theirs in layouts of their own.
    const doc = JSON.parse(readFileSync(new URL(f, FIXTURES), 'utf8')) as Published;
    const ids = Object.keys(doc.exercises ?? {});
    const verdicts = Object.entries(doc.verdicts ?? {});
    return ids.length > 0 && verdicts.every(([k]) => ids.includes(k)) ? verdicts : [];
  });

function verifyBundled(id: string): VerifyReport {
  const text = readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8');
  const { exercise, plan } = loadExerciseText(`${id}.yaml`, text);
  return verifyExercise(solveExercise(exercise, plan));
}

// "carried" is the one the script gives; verify may still say "truncated" for a value whose
// printed line shows it carried (its expression row is then "carried"). A value carried from a
// printed erratum ("after") may be called either.
function accepted(want: Entry): readonly string[] {
  if (want.class === 'match') return ['match'];
  if (want.class === 'truncated') return ['truncated'];
  if (want.class === 'erratum') return ['erratum', 'acknowledged'];
  return want.after ? ['carried', 'erratum'] : ['carried', 'truncated'];
}

describe('published worked examples: verify against an independent classification', () => {
  it('there are at least two, each with printed values', () => {
    expect(published.length).toBeGreaterThanOrEqual(2);
    for (const [, v] of published) expect(Object.keys(v).length).toBeGreaterThan(5);
  });

  it.each(published)('%s', (id, verdicts) => {
    const report = verifyBundled(id);
    for (const [step, want] of Object.entries(verdicts)) {
      const rows = report.results.filter((r) => r.step === step);
      const value = rows.find((r) => r.kind === 'value');
      expect(value, `${step}: no value row`).toBeDefined();
      expect(value!.printed, step).toBe(want.printed);
      expect(accepted(want), `${step}: verify says ${value!.verdict}, mpmath ${want.class}`).toContain(
        value!.verdict,
      );
      // A slip verify names on the value must be the one the script finds.
      if (value!.slip !== undefined && value!.slip !== 'mistake')
        expect(value!.slip, `${step}: ${value!.explanation}`).toBe(want.slip);
      // The exact value verify shows is mpmath's, rounded to the digits it shows.
      const shown = new Decimal(value!.shownExact);
      const unit = new Decimal(10).pow(-shown.decimalPlaces());
      expect(
        shown.minus(want.exact).abs().lte(unit.div(2)),
        `${step}: ${value!.shownExact} vs ${want.exact}`,
      ).toBe(true);
      if (want.class !== 'erratum' && !want.after)
        expect(
          rows.filter((r) => r.verdict === 'erratum').map((r) => r.explanation),
          step,
        ).toEqual([]);
      if (want.class === 'carried')
        expect(
          rows.some((r) => r.verdict === 'carried'),
          `${step}: nothing says carried`,
        ).toBe(true);
    }
  });
});
