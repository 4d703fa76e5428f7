import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExercise } from '../src/commands/catalog.js';
import { contentHash } from '../src/store/progress.js';
import type { ProgressRecord } from '../src/store/record.js';
import { preparePractice } from '../src/ui/practice-plan.js';
import { carriedNote, carryRecord, withExpected } from '../src/ui/session-carry.js';
import { freshRecord } from '../src/ui/session-record.js';
import { reduce, startSession } from '../src/ui/session.js';
import { screenLines } from '../src/ui/screen.js';
import { lineText } from '../src/ui/lines.js';
import { ROOT, T0 } from './ui-helpers.js';
import { answered } from './helpers/records.js';

/**
 * Progress survives edits to the exercise (issue 20, item 3). The values are the forward pass of
 * two-two-one-network at 4 decimals, by mpmath (test/fixtures/carry-values.py): with w5 = 0.2 as
 * bundled, and with w5 = 0.25, which changes z_F, y_F and E and nothing before them.
 */
const BUNDLED = {
  z_C: '0.3510',
  y_C: '0.5869',
  z_D: '0.3610',
  y_D: '0.5893',
  z_F: '0.4709',
  y_F: '0.6156',
  E: '0.0739',
};
const EDITED = { z_F: '0.5003', y_F: '0.6225', E: '0.0712' };
const ORDER = ['z_C', 'y_C', 'z_D', 'y_D', 'z_F', 'y_F', 'E'] as const;

const original = readFileSync(join(ROOT, 'exercises', 'two-two-one-network.yaml'), 'utf8');

function practiceFrom(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'backstep-carry-'));
  writeFileSync(join(dir, 'net.yaml'), text);
  const { exercise, plan } = loadExercise('./net.yaml', dir);
  return { practice: preparePractice(exercise, plan), meta: { hash: contentHash(text), file: './net.yaml' } };
}

const before = practiceFrom(original);
const retitled = practiceFrom(original.replace(/^title: .*$/m, 'title: A retitled network'));
const reweighted = practiceFrom(
  original.replace('w5: { from: C, to: F, value: 0.2 }', 'w5: { from: C, to: F, value: 0.25 }'),
);

/** The first seven steps answered on the bundled file, saved as the controller saves them. */
function savedBefore(): ProgressRecord {
  const steps = Object.fromEntries(ORDER.map((id) => [id, answered(BUNDLED[id])]));
  return withExpected({ ...freshRecord(before.practice, before.meta, T0), steps }, before.practice);
}

describe('each saved answer carries its value as the exercise shows it', () => {
  it('the values at 4 decimals, computed independently', () => {
    const saved = savedBefore();
    for (const id of ORDER) expect(saved.steps[id]?.expected).toBe(BUNDLED[id]);
  });

  it('steps not answered get none', () => {
    const r = withExpected(
      {
        ...freshRecord(before.practice, before.meta, T0),
        steps: { z_C: { tries: 1, hints: 0, mistakes: [] } },
      },
      before.practice,
    );
    expect(r.steps.z_C?.expected).toBeUndefined();
  });
});

describe('saved progress after an edit of the exercise file', () => {
  it('a new title keeps every answer', () => {
    const c = carryRecord(retitled.practice, retitled.meta, savedBefore());
    expect(c.kept).toEqual([...ORDER]);
    expect(c.redo).toEqual([]);
    expect(c.record.hash).toBe(retitled.meta.hash);
    expect(c.record.title).toBe('A retitled network');
    expect(carriedNote(c)).toBe(
      'The exercise changed since your last session: 7 answers kept, none to redo.',
    );
  });

  it('a new weight keeps the steps before it and asks again for the three whose values changed', () => {
    // The changed ones, from the mpmath values: every step of EDITED differs from BUNDLED.
    for (const id of Object.keys(EDITED) as (keyof typeof EDITED)[]) expect(EDITED[id]).not.toBe(BUNDLED[id]);
    const c = carryRecord(reweighted.practice, reweighted.meta, savedBefore());
    expect(c.kept).toEqual(['z_C', 'y_C', 'z_D', 'y_D']);
    expect(c.redo).toEqual(['z_F', 'y_F', 'E']);
    expect(carriedNote(c)).toBe(
      'The exercise changed since your last session: 4 answers kept, 3 to redo (z_F, y_F, E).',
    );
    // The walkthrough resumes at z_F, with the note, and the kept values carried forward.
    const s = startSession(
      reweighted.practice,
      reweighted.meta,
      { kind: 'stale', record: savedBefore() },
      T0,
      {
        auto: true,
      },
    );
    expect(s.mode).toBe('asking');
    expect(s.record.queue.find((id) => s.record.steps[id]?.outcome === undefined)).toBe('z_F');
    const notes = s.transcript.flatMap((e) => (e.kind === 'note' ? [e.text] : []));
    expect(notes).toContain(carriedNote(c));
    expect(notes).toContain('Resuming: 4 of 41 steps done.');
    expect(s.accepted.get('y_D')?.toString()).toBe('0.5893');
  });

  it('in the terminal, the offer says what was kept, and resuming notes it', () => {
    const s = startSession(
      reweighted.practice,
      reweighted.meta,
      { kind: 'stale', record: savedBefore() },
      T0,
    );
    expect(s.mode).toBe('launch');
    // Wrapped to the width: read as one text.
    const shown = screenLines(s, { columns: 100, rows: 30 })
      .map((l) => lineText(l).trim())
      .join(' ');
    expect(shown).toContain('4 answers kept, 3 to redo (z_F, y_F, E)');
    expect(shown).toContain('You have done 4 of 41 steps');
    const resumed = reduce(s, { type: 'resume', at: T0 + 1000 });
    const notes = resumed.transcript.flatMap((e) => (e.kind === 'note' ? [e.text] : []));
    expect(notes[0]).toContain('4 answers kept');
  });

  it('answers saved without their values (an older backstep) are redone: the file is offered afresh', () => {
    const old = savedBefore();
    const steps = Object.fromEntries(
      Object.entries(old.steps).map(([id, st]) => {
        const { expected: _e, ...rest } = st;
        return [id, rest];
      }),
    );
    const c = carryRecord(retitled.practice, retitled.meta, { ...old, steps });
    expect(c.kept).toEqual([]);
    expect(c.redo).toEqual([...ORDER]);
    const s = startSession(
      retitled.practice,
      retitled.meta,
      { kind: 'stale', record: { ...old, steps } },
      T0,
    );
    expect(s.offer?.kind).toBe('stale');
  });

  it('a round redoing missed steps is carried as a first round with their first outcomes', () => {
    const old = savedBefore();
    const redoing: ProgressRecord = {
      ...old,
      round: 2,
      queue: ['y_C'],
      steps: {
        ...old.steps,
        y_C: { tries: 0, hints: 0, mistakes: [], previous: 'revealed', expected: '0.5869' },
      },
    };
    const c = carryRecord(retitled.practice, retitled.meta, redoing);
    expect(c.record.round).toBe(1);
    expect(c.record.queue).toHaveLength(41);
    expect(c.record.steps.y_C?.outcome).toBe('revealed');
    expect(c.record.steps.y_C?.previous).toBeUndefined();
  });
});
