/**
 * Every value a step is computed from is on screen, on small terminals too: the real program in
 * tmux at 80x24 and 60x20, on the bundled 2-2-1 and on a 3-4-1 written by `backstep new`. For
 * each of the first steps, the values its formula uses (the references of its expression, with
 * the givens as the YAML writes them and the earlier steps as typed) must be found on screen as
 * `symbol = value`; then the right answer is typed and the next step is checked.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../src/commands/catalog.js';
import { refsOf } from '../src/engine/expr.js';
import { showValue } from '../src/render/format-number.js';
import { preparePractice } from '../src/ui/practice-plan.js';
import { BIN, ROOT, ensureBuilt } from './e2e-build.js';
import { hasTmux, tmuxServer } from './helpers/tmux.js';

const { tmux, screen, until, type, close } = tmuxServer('backstep-visible');
const dir = mkdtempSync(join(tmpdir(), 'backstep-visible-'));

const FIRST_STEPS = 3;

const NUMBERED = readFileSync(new URL('./fixtures/numbered-neurons.yaml', import.meta.url), 'utf8');

describe('the values a step uses are on screen (tmux)', () => {
  // Never skipped: without tmux this fails (apt-get install tmux; .ci/run does).
  it('tmux is installed', () => expect(hasTmux).toBe(true));
  let net341 = '';
  const numbered = join(dir, 'numbered.yaml');
  beforeAll(() => {
    ensureBuilt();
    net341 = join(dir, 'net341.yaml');
    execFileSync('node', [BIN, 'new', '--layers', '3,4,1', '--out', net341], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    writeFileSync(numbered, NUMBERED);
  }, 180_000);
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const which of ['two-two-one-network', '3-4-1 from new', 'numbered neurons']) {
    for (const [columns, rows] of [
      [80, 24],
      [60, 20],
    ] as const) {
      // The neurons named 1 to 5: one size is enough to see them read as #1 on screen.
      if (which === 'numbered neurons' && columns === 80) continue;
      it(`${which} at ${columns}x${rows}`, async () => {
        const arg = which === '3-4-1 from new' ? net341 : which === 'numbered neurons' ? numbered : which;
        const { exercise, plan } = loadExercise(arg, ROOT);
        const practice = preparePractice(exercise, plan);
        const name = `v${columns}-${which.slice(0, 3)}`;
        const data = join(dir, name);
        const cmd = `env -u CI BACKSTEP_DATA_DIR=${JSON.stringify(data)} node ${JSON.stringify(BIN)} practice ${JSON.stringify(arg)}; sleep 600`;
        tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), cmd);
        const typed = new Map<string, string>();
        for (const step of practice.asked.slice(0, FIRST_STEPS)) {
          const uses = refsOf(step.expr).map((id) => {
            const given = plan.givens.find((g) => g.id === id);
            const symbol = given ? given.symbol : practice.byId.get(id)!.symbol;
            const value = given
              ? given.value
              : (typed.get(id) ?? showValue(practice.shown.get(id)!, exercise.display));
            return `${symbol} = ${value}`;
          });
          // Polled as a whole: the screen is read while it changes (the pre-frame handing over to
          // Ink, a redraw), and one read must show the question and every value it uses.
          let shot = '';
          const shows = () => {
            shot = screen(name);
            return [`${step.symbol} =`, `${step.symbol}: `, ...uses].every((t) => shot.includes(t));
          };
          await until(`${step.symbol} asked with the values it uses`, shows).catch(() => undefined);
          for (const use of uses) expect(shot, `${step.symbol} uses ${use}\n${shot}`).toContain(use);
          expect(shot).toContain(`${step.symbol}: `);
          const answer = showValue(practice.exact.get(step.id)!, exercise.display);
          typed.set(step.id, answer);
          type(name, answer);
        }
        if (which === 'numbered neurons') {
          // y_4 asked next: #4 in words and in the picture, as everywhere a learner reads it.
          await until('y_4 asked', () => screen(name).includes('y_4: output of #4'));
          // z_4 = x_1 w3 + x_2 w4 = 0.35 * 0.3 + 0.9 * 0.4 = 0.465, by hand.
          expect(screen(name)).toMatch(/#4 +z 0\.4650/);
          expect(screen(name)).not.toMatch(/output of 4\b/);
        }
        tmux('kill-session', '-t', name);
      }, 60_000);
    }
  }

  it('reads the 3-4-1 back as written (the file is the one `new` wrote)', () => {
    expect(readFileSync(net341, 'utf8')).toContain('neurons: [i1, i2, i3]');
  });
});
