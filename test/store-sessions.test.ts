import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyOf, openStore } from '../src/store/progress.js';
import type { ProgressRecord, StepRecord } from '../src/store/record.js';
import { BIN, ensureBuilt } from './e2e-build.js';
import { answered, progressRecord } from './helpers/records.js';

/**
 * Two walkthroughs of one exercise at once (issue 22, item 13): every answer saved by either
 * survives, however their saves interleave.
 */
const HASH = 'c'.repeat(64);
const tmp = () => mkdtempSync(join(tmpdir(), 'backstep-sessions-'));

const done = (value: string): StepRecord => answered(value);

function record(steps: Record<string, StepRecord>, startedAt = '2025-01-06T09:00:00.000Z'): ProgressRecord {
  return progressRecord({
    hash: HASH,
    startedAt,
    updatedAt: startedAt,
    activeMs: 0,
    queue: ['z_C', 'y_C', 'z_D', 'y_D'],
    steps,
  });
}
const KEY = keyOf(record({}));

function savedSteps(dir: string): string[] {
  const r = openStore(dir).load(KEY, HASH);
  return r.kind === 'found' ? Object.keys(r.record.steps).sort() : [];
}

describe('two sessions of one exercise', () => {
  it("keeps the other session's steps on every later save, not only on the first after its write", () => {
    const dir = tmp();
    const early = openStore(dir);
    const late = openStore(dir);
    expect(early.load(KEY, HASH).kind).toBe('none');
    // The later window answers three steps.
    late.load(KEY, HASH);
    late.save(record({ z_C: done('0.351') }));
    late.save(record({ z_C: done('0.351'), y_C: done('0.5869') }));
    late.save(record({ z_C: done('0.351'), y_C: done('0.5869'), z_D: done('0.361') }));
    // The window opened earlier answers z_C, then y_D: its own record never holds y_C or z_D.
    expect(early.save(record({ z_C: done('0.35') }))).toEqual({ ok: true });
    expect(savedSteps(dir)).toEqual(['y_C', 'z_C', 'z_D']);
    expect(early.save(record({ z_C: done('0.35'), y_D: done('0.5893') }))).toEqual({ ok: true });
    expect(savedSteps(dir)).toEqual(['y_C', 'y_D', 'z_C', 'z_D']);
    // A step both answered keeps the answer saved last (this session's, the newer one).
    const r = openStore(dir).load(KEY, HASH);
    expect(r.kind === 'found' && r.record.steps.z_C?.value).toBe('0.35');
  });

  it('a session that started over carries nothing of what it merged before', () => {
    const dir = tmp();
    const mine = openStore(dir);
    mine.load(KEY, HASH);
    openStore(dir).save(record({ y_C: done('0.5869') }));
    mine.save(record({ z_C: done('0.351') }));
    expect(savedSteps(dir)).toEqual(['y_C', 'z_C']);
    // "Start over" gives a record of a new start; the file is still the one this session wrote.
    mine.save(record({ z_C: done('0.351') }, '2025-01-06T10:00:00.000Z'));
    expect(savedSteps(dir)).toEqual(['z_C']);
  });
});

describe('two real walkthroughs of one exercise (plain mode, two processes)', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('the window opened earlier saves a step after the other saved three: resuming shows the three', async () => {
    const data = tmp();
    const env = { ...process.env, BACKSTEP_DATA_DIR: data, CI: '' };
    const args = [BIN, 'practice', 'two-two-one-network', '--plain'];
    // The earlier window: open, waiting at its first question.
    const early = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    early.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await until(() => out.includes('z_C = '));
    // The later window answers three steps (the solve output's values: 0.3510, 0.5869, 0.3610)
    // and its input ends.
    const late = spawnSync(process.execPath, args, { env, input: '0.351\n0.5869\n0.361\n' });
    expect(late.stdout.toString()).toContain('Progress saved: 3 of 41 steps done.');
    // The earlier window answers z_C (its only step) and leaves.
    early.stdin.end('0.351\nq\n');
    const code = await new Promise<number | null>((r) => early.on('close', r));
    expect(code).toBe(0);
    const resumed = spawnSync(process.execPath, args, { env, input: '' });
    expect(resumed.stdout.toString()).toContain('Resuming: 3 of 41 steps done.');
    const r = openStore(join(data, 'progress')).load(
      { exercise: 'two-two-one-network', identity: 'bundled:two-two-one-network' },
      '',
    );
    expect(r.kind === 'stale' && Object.keys(r.record.steps).sort()).toEqual(['y_C', 'z_C', 'z_D']);
  }, 60_000);
});

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
