import { describe, expect, it } from 'vitest';
import { bundledIds } from '../src/commands/catalog.js';
import type { ProgressRecord } from '../src/store/record.js';
import { IDLE_CAP_MS, MAX_INPUT, currentStep, doneSteps, reduce } from '../src/ui/session.js';
import type { SessionState } from '../src/ui/session.js';
import { farewell } from '../src/ui/farewell.js';
import { lineText } from '../src/ui/lines.js';
import { finishedOnce, overall, stepsDone } from '../src/ui/menu.js';
import type { MenuEntry } from '../src/ui/menu.js';
import { screenLines } from '../src/ui/screen.js';
import { summarise, summaryLines } from '../src/ui/summary.js';
import { T0, answer, apply, current, practiceOf, referenceFour, revealUntil, session } from './ui-helpers.js';

// Expected values of the 2-2-1 network (exercises/two-two-one-network.yaml) worked by hand, or
// taken from the mpmath fixture (test/fixtures/reference.json) and rounded here with a separate
// Decimal configuration.
const four = referenceFour;

const NET = 'two-two-one-network';
// z_C = 0.23*0.1 + 0.82*0.4 = 0.351; z_D = 0.23*0.5 + 0.82*0.3 = 0.361.
const FORWARD = ['0.351', four('y_C'), '0.361', four('y_D'), four('z_F')];

describe('starting', () => {
  it('starts on the first asked step, under its heading', () => {
    const s = session(NET);
    expect(s.mode).toBe('asking');
    expect(current(s)).toBe('z_C');
    expect(s.transcript.map((e) => e.kind === 'heading' && e.text)).toEqual(['Forward pass']);
    expect(s.dirty).toBe(0);
  });

  it('asks every step of the plan for ask: all, in order', () => {
    const { practice } = practiceOf(NET);
    expect(practice.exercise.ask).toBe('all');
    expect(practice.asked.map((st) => st.id).slice(0, 7)).toEqual([
      'z_C',
      'y_C',
      'z_D',
      'y_D',
      'z_F',
      'y_F',
      'E',
    ]);
    expect(practice.asked.at(-1)!.id).toBe('E@2');
  });

  it.each(bundledIds())('%s: asks at least one step and knows every asked value', (id) => {
    const { practice } = practiceOf(id);
    expect(practice.asked.length).toBeGreaterThan(0);
    for (const st of practice.asked) expect(practice.exact.get(st.id)?.isFinite()).toBe(true);
  });
});

describe('answers', () => {
  it('a right answer is recorded, saved and followed by the next step', () => {
    const s = answer(session(NET), '0.351');
    expect(s.record.steps['z_C']).toMatchObject({
      outcome: 'first-try',
      answer: '0.351',
      value: '0.351',
      tries: 0,
      hints: 0,
    });
    expect(s.dirty).toBe(1);
    expect(current(s)).toBe('y_C');
    expect(s.transcript.at(-1)).toMatchObject({
      kind: 'step',
      id: 'z_C',
      shown: '0.351',
      outcome: 'first-try',
    });
    expect(s.feedback).toEqual([]);
  });

  it('typing builds the input; backspace, clear and Enter inside a paste work', () => {
    let s = apply(
      session(NET),
      { type: 'type', text: '0.35', at: T0 },
      { type: 'type', text: '9', at: T0 },
      { type: 'backspace' },
    );
    expect(s.input).toBe('0.35');
    s = apply(s, { type: 'clear-input' });
    expect(s.input).toBe('');
    // A paste arrives as one chunk, line ends included: each line is an answer.
    s = apply(s, { type: 'type', text: `0.351\r\n${four('y_C')}\r0.3`, at: T0 + 5000 });
    expect(current(s)).toBe('z_D');
    expect(s.input).toBe('0.3');
    // Backspace inside a chunk, and control characters ignored.
    s = apply(s, { type: 'type', text: '9\x7f6\x011\n', at: T0 + 6000 });
    expect(s.record.steps['z_D']?.answer).toBe('0.361');
    // Ctrl-U read in one chunk with the keys after it clears what was typed before it.
    s = apply(s, { type: 'type', text: '0.99\x150.58', at: T0 + 7000 });
    expect(s.input).toBe('0.58');
  });

  it('the input is capped', () => {
    const s = apply(session(NET), { type: 'type', text: '1'.repeat(MAX_INPUT + 50), at: T0 });
    expect(s.input.length).toBe(MAX_INPUT);
  });

  it('an unreadable answer costs nothing and says why', () => {
    const s = answer(session(NET), '0.3.5');
    expect(s.feedback.at(-1)?.tone).toBe('warn');
    expect(s.record.steps['z_C']).toBeUndefined();
    expect(s.dirty).toBe(0);
  });

  it('an empty answer only reminds what to do', () => {
    const s = answer(session(NET), '   ');
    expect(s.feedback.at(-1)?.tone).toBe('info');
    expect(current(s)).toBe('z_C');
  });

  it('too few digits: "imprecise", no try used', () => {
    const s = answer(session(NET), '0.351', four('y_C'), '0.36');
    expect(s.feedback.at(-1)?.tone).toBe('warn');
    expect(s.record.steps['z_D']?.tries).toBe(0);
    expect(current(s)).toBe('z_D');
  });

  it('a wrong answer names the mistake, counts a try and is saved; the step ends "after hints"', () => {
    // Weights swapped: 0.23*0.3 + 0.82*0.5 = 0.479.
    let s = answer(session(NET), '0.351', four('y_C'), '0.479');
    expect(s.feedback.at(-1)?.tone).toBe('wrong');
    expect(s.record.steps['z_D']).toMatchObject({ tries: 1, mistakes: [{ code: 'wrong-weight' }] });
    expect(s.feedback.at(-1)?.text).toContain(s.record.steps['z_D']!.mistakes[0]!.message);
    expect(s.dirty).toBe(3);
    s = answer(s, '0.361');
    expect(s.record.steps['z_D']?.outcome).toBe('after-hints');
  });

  it("follow-through: right with the learner's own earlier value, exact value named", () => {
    // y_F = 0.61555 is accepted (0.6156065... rounds to 0.6156; 0.61555 rounds to it, tie up).
    // Then dE/dy_F = -(1 - 0.61555) = -0.38445, shown -0.3845; exact -0.3843934 shows -0.3844.
    const s = answer(session(NET), ...FORWARD, '0.61555', four('E'), '-0.3845');
    expect(s.record.steps['y_F']?.outcome).toBe('first-try');
    expect(s.record.steps['dE/dy_F']).toMatchObject({ outcome: 'follow-through', value: '-0.3845' });
    const entry = s.transcript.filter((e) => e.kind === 'step').at(-1)!;
    expect(entry.kind === 'step' && entry.detail).toContain('-0.3844');
    // The accepted value is what later steps are checked against.
    expect(s.accepted.get('dE/dy_F')?.toString()).toBe('-0.3845');
  });

  it('diagnoses update mistakes: gradient added, rate forgotten; the summary names the first', () => {
    let s = revealUntil(session(NET), 'w5@2');
    // A revealed value is the exact one rounded (mpmath reference: dE/dw5 = -0.053381... -> -0.0534),
    // not one worked from earlier rounded reveals (the book's chain gives -0.0533).
    expect(s.accepted.get('dE/dw5')!.toFixed()).toBe('-0.0534');
    // Gradient added: 0.2 + 0.7 * (-0.0534) = 0.16262; rate forgotten: 0.2 + 0.0534 = 0.2534.
    s = answer(s, '0.1626');
    expect(s.record.steps['w5@2']?.mistakes.map((m) => m.code)).toEqual(['gradient-added']);
    s = answer(s, '0.2534');
    expect(s.record.steps['w5@2']?.mistakes.map((m) => m.code)).toEqual(['gradient-added', 'rate-forgotten']);
    // 0.2 + 0.7 * 0.0534 = 0.23738 -> 0.2374 (exact: 0.2373669 -> 0.2374).
    s = answer(s, '0.2374');
    expect(s.record.steps['w5@2']).toMatchObject({ outcome: 'after-hints', tries: 2 });
    s = revealUntil(s, 'E@2');
    s = apply(s, { type: 'reveal', at: T0 + 1e6 });
    expect(s.mode).toBe('summary');
    expect(summarise(s).topMistake).toMatchObject({ code: 'gradient-added', count: 1 });
  });
});

describe('help', () => {
  it("hint 1 is the formula in symbols with the exercise's own hint, hint 2 the numbers, then reveal", () => {
    let s = apply(session(NET), { type: 'hint', at: T0 + 1000 });
    expect(s.record.steps['z_C']?.hints).toBe(1);
    expect(s.feedback.at(-1)?.text).toMatch(/^Hint 1 of 2: z_C = x_A \* w1 \+ x_B \* w3/);
    expect(s.dirty).toBe(1);
    s = answer(s, 'hint');
    expect(s.feedback.at(-1)?.text).toMatch(/^Hint 2 of 2: z_C = 0\.23 \* 0\.1 \+ 0\.82 \* 0\.4/);
    // No key named: ? is the hint in plain mode, Tab in the terminal (where ? opens the keys).
    expect(s.feedback.at(-1)?.text).toContain('(one more hint shows the value; it then counts as revealed)');
    s = answer(s, 'hint');
    expect(s.record.steps['z_C']).toMatchObject({ outcome: 'revealed', hints: 2, value: '0.351' });
    expect(current(s)).toBe('y_C');
  });

  it('reveal shows the value as the exercise rounds it and carries it forward', () => {
    const s = answer(session(NET), '0.351', 'reveal');
    expect(s.record.steps['y_C']).toMatchObject({ outcome: 'revealed', value: four('y_C') });
    expect(s.record.steps['y_C']?.answer).toBeUndefined();
    expect(s.transcript.at(-1)).toMatchObject({ kind: 'step', shown: four('y_C'), outcome: 'revealed' });
  });

  it('interval: the accepted values, cut inwards to two more digits', () => {
    // z_C = 0.351 exactly: rounds to 0.3510; accepted [0.35095, 0.35105].
    const s = apply(session(NET), { type: 'interval', at: T0 });
    expect(s.feedback.at(-1)?.text).toBe('Accepted for z_C: from 0.35095 to 0.35105.');
    // The same message again collapses into one, counted.
    expect(answer(s, 'interval').feedback).toMatchObject([
      { text: 'Accepted for z_C: from 0.35095 to 0.35105.', count: 2 },
    ]);
  });

  it('interval counts like a hint: the step is then right after help, not first try', () => {
    const s = answer(apply(session(NET), { type: 'interval', at: T0 }), '0.351');
    expect(s.record.steps['z_C']).toMatchObject({ outcome: 'after-hints', interval: true });
    expect(s.transcript.at(-1)).toMatchObject({ kind: 'step', detail: 'right after the interval' });
  });

  it('a truncated answer keeps its rounding reminder in the transcript', () => {
    // y_C = sigmoid(0.351) = 0.58686...: 0.5868 is accepted (truncated); it rounds to 0.5869.
    const s = answer(session(NET), '0.351', '0.5868');
    expect(s.transcript.at(-1)).toMatchObject({
      kind: 'step',
      detail: 'right, first try; rounded, it is 0.5869.',
    });
  });

  it('help lists the commands', () => {
    expect(answer(session(NET), 'help').feedback.at(-1)?.text).toContain('reveal');
  });
});

describe('review', () => {
  it('opens on the last done step, moves within bounds, closes back to the question', () => {
    let s = apply(session(NET), { type: 'review-open' });
    expect(s.mode).toBe('asking'); // nothing done yet
    expect(answer(s, 'review').feedback.at(-1)?.text).toContain('No step');
    s = answer(s, '0.351', four('y_C'));
    s = apply(s, { type: 'review-open' });
    expect(s.mode).toBe('review');
    expect(doneSteps(s)[s.review]?.id).toBe('y_C');
    s = apply(s, { type: 'review-move', by: -5 });
    expect(s.review).toBe(0);
    s = apply(s, { type: 'review-move', by: 9 });
    expect(s.review).toBe(1);
    // Answers are not taken while reviewing.
    expect(apply(s, { type: 'submit', text: '0.361', at: T0 })).toBe(s);
    s = apply(s, { type: 'review-close' });
    expect(s.mode).toBe('asking');
    expect(currentStep(s)?.id).toBe('z_D');
  });
});

describe('leaving and saving', () => {
  it('q saves (when there is something to save) and asks to leave', () => {
    const s0 = answer(session(NET), 'q');
    expect(s0.exit).toBe('quit');
    expect(s0.dirty).toBe(0);
    const s1 = answer(session(NET), '0.351');
    const left = apply(s1, { type: 'quit', at: T0 + 9000 });
    expect(left).toMatchObject({ exit: 'quit' });
    expect(left.dirty).toBe(s1.dirty + 1);
  });

  it('Ctrl-C saves and asks to leave with "interrupt"', () => {
    const s = apply(answer(session(NET), '0.351'), { type: 'interrupt', at: T0 + 9000 });
    expect(s.exit).toBe('interrupt');
    expect(s.dirty).toBe(2);
  });

  it('a failed save is shown until a save works again', () => {
    let s = apply(session(NET), {
      type: 'saved',
      result: { ok: false, message: 'could not save progress: the disk is full (ENOSPC)' },
    });
    expect(s.saveError).toContain('ENOSPC');
    s = apply(s, { type: 'saved', result: { ok: true } });
    expect(s.saveError).toBeUndefined();
    expect(s.feedback.at(-1)?.text).toContain('saved again');
    expect(apply(s, { type: 'saved', result: { ok: true } })).toBe(s);
  });

  it('time counts the gaps between actions, each at most the idle cap', () => {
    let s = session(NET);
    s = apply(
      s,
      { type: 'submit', text: '0.351', at: T0 + 10_000 },
      { type: 'submit', text: four('y_C'), at: T0 + 10_000 + 3_600_000 },
    );
    expect(s.record.activeMs).toBe(10_000 + IDLE_CAP_MS);
    // A clock going backwards adds nothing.
    expect(apply(s, { type: 'hint', at: T0 }).record.activeMs).toBe(s.record.activeMs);
  });
});

function finished(): SessionState {
  // z_C first try, y_C revealed, z_D after a wrong try, the rest revealed.
  let s = answer(session(NET), '0.351', 'reveal', '0.479', '0.361');
  s = revealUntil(s, 'E@2');
  return apply(s, { type: 'reveal', at: (s.lastAt ?? T0) + 1000 });
}

describe('the end', () => {
  it('summarises by phase and offers to redo the missed steps', () => {
    const s = finished();
    expect(s.mode).toBe('summary');
    expect(s.record.finishedAt).toBeDefined();
    const sum = summarise(s);
    expect(sum.total).toEqual({ total: 41, firstTry: 1, followThrough: 0, afterHints: 1, revealed: 39 });
    expect(sum.rows.map((r) => r.title)).toEqual([
      'Forward pass',
      'Error',
      'Backward pass',
      'Update',
      'Second forward pass (updated parameters)',
    ]);
    expect(sum.rows[0]!.score).toEqual({
      total: 6,
      firstTry: 1,
      followThrough: 0,
      afterHints: 1,
      revealed: 4,
    });
    expect(s.record.firstPass).toEqual(sum.total);
    expect(sum.missed.length).toBe(40);
  });

  it('counts mistakes by kind and step, and splits retried from hinted', () => {
    // z_C with the weights swapped twice (0.23*0.4 + 0.82*0.1 = 0.174), then right; z_D swapped
    // once (0.23*0.3 + 0.82*0.5 = 0.479), then a hint, then right (0.23*0.5 + 0.82*0.3 = 0.361);
    // the other 3 forward steps revealed.
    let s = answer(session(NET), '0.174', '0.174', '0.351', '0.5869', '0.479', 'hint', '0.361');
    s = revealUntil(s, 'E@2');
    s = apply(s, { type: 'reveal', at: T0 + 1e6 });
    const sum = summarise(s);
    expect(sum.mistakes.map((m) => [m.code, m.step, m.count])).toEqual([
      ['wrong-weight', 'z_C', 2],
      ['wrong-weight', 'z_D', 1],
    ]);
    expect(sum.rows[0]).toMatchObject({
      title: 'Forward pass',
      score: { firstTry: 1, afterHints: 2 },
      hinted: 1,
    });
    const lines = summaryLines(sum);
    expect(lines).toContain('z_C (×2): ' + sum.mistakes[0]!.message);
    expect(lines.find((l) => l.startsWith('Forward pass'))).toMatch(/^Forward pass +1 +0 +1 +1 +3$/);
  });

  it('leaving a redo keeps the first pass in the farewell', () => {
    const s = apply(apply(finished(), { type: 'redo-missed', at: T0 + 1e7 }), { type: 'quit', at: T0 + 2e7 });
    expect(farewell(s, false)).toEqual([
      'Progress saved: 0 of the 40 missed steps redone.',
      'Your first pass stays: 1 of 41 right without help.',
      'To continue: backstep practice two-two-one-network',
    ]);
  });

  it('coming back to a redo says so, with the first pass kept; the menu and list count it as finished', () => {
    const left = apply(answer(apply(finished(), { type: 'redo-missed', at: T0 + 1e7 }), four('y_C')), {
      type: 'quit',
      at: T0 + 2e7,
    });
    const back = session(NET, { kind: 'found', record: left.record });
    expect(back.mode).toBe('launch');
    const shot = screenLines(back, { columns: 80, rows: 24 }).map(lineText).join('\n');
    expect(shot).toContain('You are redoing the missed steps: 1 of 40 done');
    expect(shot).toContain('First pass: 1 of 41 right without help.');
    // The menu's status of that record: a redo after a finished first pass.
    const entry: MenuEntry = {
      id: NET,
      title: 't',
      group: 'g',
      steps: 41,
      status: { kind: 'progress', done: 1, total: 40, redo: true },
    };
    expect(stepsDone(entry)).toBe(41);
    expect(finishedOnce(entry)).toBe(true);
    expect(overall([entry])).toEqual({ done: 41, steps: 41, finished: 1, exercises: 1 });
    const first: MenuEntry = { ...entry, status: { kind: 'progress', done: 3, total: 41, redo: false } };
    expect([stepsDone(first), finishedOnce(first)]).toEqual([3, false]);
  });

  it('redo asks only the missed steps, keeps the first pass score, and clears their values', () => {
    let s = apply(finished(), { type: 'redo-missed', at: T0 + 1e7 });
    expect(s.mode).toBe('asking');
    expect(s.record.round).toBe(2);
    expect(s.record.queue.length).toBe(40);
    expect(current(s)).toBe('y_C');
    expect(s.record.steps['y_C']).toMatchObject({ previous: 'revealed', tries: 0, hints: 0 });
    expect(s.accepted.has('y_C')).toBe(false);
    expect(s.accepted.has('z_C')).toBe(true);
    s = answer(s, four('y_C'));
    expect(s.record.steps['y_C']?.outcome).toBe('first-try');
    expect(s.record.firstPass?.firstTry).toBe(1);
  });

  it('practise again starts over', () => {
    const s = apply(finished(), { type: 'restart', at: T0 + 1e7 });
    expect(s.mode).toBe('asking');
    expect(s.record.round).toBe(1);
    expect(s.record.steps).toEqual({});
    expect(current(s)).toBe('z_C');
  });
});

describe('resuming', () => {
  const saved = (s: SessionState): ProgressRecord => s.record;

  it('offers to resume unfinished work, restoring the hints already shown', () => {
    const before = apply(answer(session(NET), '0.351'), { type: 'hint', at: T0 + 5000 });
    const s = session(NET, { kind: 'found', record: saved(before) });
    expect(s.mode).toBe('launch');
    expect(s.offer).toMatchObject({ kind: 'resume', done: 1, total: 41 });
    // Nothing reaches the transcript before the choice.
    expect(s.transcript).toEqual([]);
    const r = apply(s, { type: 'resume', at: T0 + 60_000 });
    expect(r.mode).toBe('asking');
    expect(current(r)).toBe('y_C');
    expect(r.feedback.map((f) => f.text.slice(0, 11))).toEqual(['Hint 1 of 2']);
    expect(r.accepted.get('z_C')?.toString()).toBe('0.351');
    expect(r.transcript.map((e) => e.kind)).toEqual(['note', 'heading']);
  });

  it('plain mode resumes without asking; --restart starts over', () => {
    const rec = saved(answer(session(NET), '0.351'));
    expect(current(session(NET, { kind: 'found', record: rec }, { auto: true }))).toBe('y_C');
    expect(current(session(NET, { kind: 'found', record: rec }, { restart: true }))).toBe('z_C');
  });

  it('a changed exercise is not resumed silently', () => {
    const rec = { ...saved(answer(session(NET), '0.351')), hash: 'f'.repeat(64) };
    const s = session(NET, { kind: 'stale', record: rec });
    expect(s.offer?.kind).toBe('stale');
    // Enter means start over here; "resume" is not on offer.
    expect(apply(s, { type: 'resume', at: T0 })).toBe(s);
    expect(current(apply(s, { type: 'restart', at: T0 }))).toBe('z_C');
    const auto = session(NET, { kind: 'stale', record: rec }, { auto: true });
    expect(current(auto)).toBe('z_C');
    expect(auto.transcript[0]).toMatchObject({ kind: 'note' });
  });

  it('finished work: practise again, or redo the missed steps', () => {
    const rec = saved(finished());
    const s = session(NET, { kind: 'found', record: rec });
    expect(s.offer).toMatchObject({ kind: 'finished', missed: 40 });
    expect(apply(s, { type: 'redo-missed', at: T0 }).record.round).toBe(2);
    expect(current(session(NET, { kind: 'found', record: rec }, { auto: true }))).toBe('z_C');
  });

  it('a damaged file is reported and the session starts afresh', () => {
    const s = session(NET, {
      kind: 'damaged',
      message: 'saved progress is damaged; moved it to x.corrupt-1',
    });
    expect(s.mode).toBe('asking');
    expect(s.transcript[0]).toMatchObject({ kind: 'note', tone: 'error' });
  });

  it('steps the exercise no longer has are dropped from a saved record', () => {
    const rec = saved(answer(session(NET), '0.351'));
    const odd: ProgressRecord = {
      ...rec,
      queue: ['gone', ...rec.queue],
      steps: { ...rec.steps, gone: { tries: 0, hints: 0, mistakes: [], outcome: 'first-try', value: '1' } },
    };
    const r = apply(session(NET, { kind: 'found', record: odd }), { type: 'resume', at: T0 });
    expect(r.record.queue[0]).toBe('z_C');
    expect(r.accepted.has('gone')).toBe(false);
  });

  it('events that do not belong to the mode change nothing', () => {
    const launch = session(NET, { kind: 'found', record: saved(answer(session(NET), '0.351')) });
    for (const e of [
      { type: 'type', text: '1', at: T0 },
      { type: 'submit', text: '1', at: T0 },
      { type: 'hint', at: T0 },
      { type: 'backspace' },
      { type: 'review-move', by: 1 },
    ] as const) {
      expect(reduce(launch, e).record).toBe(launch.record);
    }
    const asking = session(NET);
    expect(apply(asking, { type: 'resume', at: T0 })).toBe(asking);
    expect(apply(asking, { type: 'redo-missed', at: T0 })).toBe(asking);
    expect(apply(asking, { type: 'restart', at: T0 })).toBe(asking);
  });
});

describe('other exercises', () => {
  it('a computation graph walks its nodes, local partials and adjoints', () => {
    const s = session('autodiff-exp-square');
    const ids = s.practice.asked.map((st) => st.id);
    expect(ids).toContain('df/dx');
    expect(s.practice.asked[0]!.phase).toBe('graph');
  });

  it.each(bundledIds())('%s: revealing every step reaches the summary, and the record stays valid', (id) => {
    let s = session(id);
    const total = s.record.queue.length;
    for (let i = 0; i < total; i++) s = reduce(s, { type: 'reveal', at: T0 + i });
    expect(s.mode).toBe('summary');
    expect(summarise(s).total.revealed).toBe(total);
    for (const st of Object.values(s.record.steps))
      expect(st.value === undefined || /^-?\d/.test(st.value)).toBe(true);
  });
});
