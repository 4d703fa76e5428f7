import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledIds } from '../src/commands/catalog.js';
import { asciiText, utf8Locale } from '../src/ui/glyphs.js';
import { graphPicture } from '../src/ui/graph-picture.js';
import { knownValues } from '../src/ui/known.js';
import { clip, lineText, lineWidth, wrap } from '../src/ui/lines.js';
import type { Line } from '../src/ui/lines.js';
import { CONTINUE, groupEntries, menuLines, overall } from '../src/ui/menu.js';
import type { MenuEntry } from '../src/ui/menu.js';
import { networkPicture } from '../src/ui/network-picture.js';
import { entryLines, keyLines, latestMessages, screenLines } from '../src/ui/screen.js';
import { currentStep } from '../src/ui/session.js';
import type { SessionState } from '../src/ui/session.js';
import { T0, answer, apply, revealUntil, session } from './ui-helpers.js';

const text = (lines: readonly Line[]) => lines.map(lineText).join('\n');
const SIZES = [
  { columns: 80, rows: 24 },
  { columns: 100, rows: 30 },
  { columns: 60, rows: 12 },
  { columns: 200, rows: 60 },
];

/** A session in every mode, with a lot of feedback on the current step. */
function states(id: string): Array<[string, SessionState]> {
  const fresh = session(id);
  const busy = answer(fresh, 'nonsense(', '12345', 'hint', 'hint', 'interval', 'help', '99999');
  const one = apply(fresh, { type: 'reveal', at: T0 + 1 });
  const review = apply(one, { type: 'review-open' });
  const launch = session(id, { kind: 'found', record: one.record });
  let done = fresh;
  for (let i = 0; i < fresh.record.queue.length; i++) done = apply(done, { type: 'reveal', at: T0 + i });
  return [
    ['fresh', fresh],
    ['busy', busy],
    ['review', review],
    ['launch', launch],
    ['summary', done],
  ];
}

describe('the live region fits the terminal', () => {
  for (const id of bundledIds()) {
    it(`${id}: every mode at 80x24, 100x30, 60x12 and 200x60`, () => {
      for (const [mode, s] of states(id)) {
        for (const size of SIZES) {
          const lines = screenLines(s, size);
          expect(lines.length, `${mode} at ${size.columns}x${size.rows}`).toBeLessThanOrEqual(size.rows - 1);
          for (const l of lines)
            expect(lineWidth(l), `${mode}: ${lineText(l)}`).toBeLessThanOrEqual(size.columns);
        }
      }
    });
  }

  it("keeps the last answer's ✓ line in sight above the region (2-2-3 at 80x24: issue 20)", () => {
    for (const id of bundledIds()) {
      // The first step revealed (a one-line judgement), the second asked.
      const first = apply(session(id), { type: 'reveal', at: T0 + 1 });
      const step = first.transcript.filter((e) => e.kind === 'step');
      expect(step, id).toHaveLength(1);
      for (const size of [
        { columns: 80, rows: 24 },
        { columns: 60, rows: 20 },
        { columns: 100, rows: 30 },
      ]) {
        const live = screenLines(first, size).length;
        const tail = first.transcript
          .slice(first.transcript.indexOf(step[0]!))
          .flatMap((e) => entryLines(e, Math.min(78, size.columns)));
        // The region ends with a newline: the cursor's line is the terminal's last.
        expect(live + tail.length, `${id} at ${size.columns}x${size.rows}`).toBeLessThanOrEqual(
          size.rows - 1,
        );
      }
    }
  });

  it('always keeps the question, the input line and the footer', () => {
    const s = apply(
      answer(
        session('two-two-one-network'),
        'nonsense(',
        '12345',
        'hint',
        'hint',
        'interval',
        'help',
        '99999',
      ),
      { type: 'type', text: '0.3', at: T0 },
    );
    for (const size of SIZES) {
      const t = text(screenLines(s, size));
      expect(t).toContain('z_C: weighted input of C');
      expect(t).toContain('z_C = 0.3');
      expect(t).toMatch(/Enter check/);
    }
  });

  it('shows the latest feedback first when there is no room for all of it', () => {
    const s = answer(session('two-two-one-network'), 'hint', 'hint', 'help', 'interval');
    const t = text(screenLines(s, { columns: 80, rows: 12 }));
    expect(t).toContain('Accepted for z_C');
    expect(t).not.toContain('Hint 1 of 2');
  });
});

describe('messages shown whole', () => {
  const msg = (name: string, n: number): Line[] =>
    Array.from({ length: n }, (_, i) => [{ text: i === 0 ? name : `  ${name} line ${i + 1}` }]);
  const names = (lines: readonly Line[]) => lines.map(lineText);

  it.each([
    [10, ['a', '  a line 2', 'b', 'c', '  c line 2', '  c line 3']],
    [5, ['b', 'c', '  c line 2', '  c line 3']],
    [3, ['c', '  c line 2', '  c line 3']],
    // The latest alone does not fit: its last lines, the most recent words.
    [2, ['  c line 2', '  c line 3']],
  ])('in %i lines', (room, shown) => {
    expect(names(latestMessages([msg('a', 2), msg('b', 1), msg('c', 3)], room))).toEqual(shown);
  });

  it('on a small screen, no message starts mid-sentence above the latest', () => {
    // Two different wrong answers, two hints and the interval on the 2-2-1, 60 columns wide.
    const s = answer(session('two-two-one-network'), '1', 'abc(', 'hint', 'hint', 'interval', '0.5');
    for (const rows of [14, 16, 18, 20]) {
      const lines = text(screenLines(s, { columns: 60, rows })).split('\n');
      const q = lines.findIndex((l) => l.includes('z_C: weighted input of C'));
      expect(q).toBeGreaterThan(-1);
      // The line after the question starts a message (continuations are indented).
      expect(lines[q + 1], `at 60x${rows}`).not.toMatch(/^ {2}/);
    }
  });

  it('a neuron fed by 64 inputs: the values listed leave room for the whole message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstep-wide-'));
    const n = 64;
    const names = Array.from({ length: n }, (_, i) => `i${i}`);
    const file = join(dir, 'wide.yaml');
    writeFileSync(
      file,
      [
        'id: wide',
        'title: One neuron fed by 64 inputs',
        'network:',
        '  layers:',
        `    - { neurons: [${names.join(', ')}] }`,
        '    - { neurons: [o], activation: sigmoid }',
        '  weights:',
        ...names.map((m, i) => `    w_${m}_o: { from: ${m}, to: o, value: 0.${(i % 9) + 1} }`),
        'examples:',
        `  - { inputs: [${names.map((_, i) => `0.${((i * 7) % 9) + 1}`).join(', ')}], targets: 1 }`,
        'loss: {}',
        '',
      ].join('\n'),
    );
    // 0.1: one digit, wrong; the message runs over two lines on these widths.
    const s = answer(session(file), '0.1');
    const message = s.feedback.at(-1)!.text;
    for (const size of [
      { columns: 100, rows: 30 },
      { columns: 80, rows: 24 },
      { columns: 60, rows: 20 },
    ]) {
      const shot = text(screenLines(s, size));
      expect(shot.replace(/\s+/g, ' '), `${size.columns}x${size.rows}\n${shot}`).toContain(message);
      expect(shot).toMatch(/… \d+ more \(↓ lists them\)/);
      expect(shot).toContain('z: weighted input of o');
    }
  });
});

describe('narrow terminals', () => {
  it('keyLines keeps every key whole, on more lines when needed', () => {
    const parts = ['r redo the 39 missed steps', 'n practise again', 'q leave'];
    expect(keyLines(parts, 80).map(lineText)).toEqual([
      'r redo the 39 missed steps · n practise again · q leave',
    ]);
    expect(keyLines(parts, 50).map(lineText)).toEqual([
      'r redo the 39 missed steps · n practise again',
      'q leave',
    ]);
    expect(keyLines(['Enter', 'a key far wider than the line it is on'], 20).map(lineText)).toEqual([
      'Enter',
      'a key far wider than',
      '  the line it is on',
    ]);
  });

  it('the summary at 60x20 with mistakes keeps its score line and cuts no part title (issue 20)', () => {
    // Every step answered with its sign flipped (diagnosed as a sign slip), then revealed.
    let s = session('two-two-one-network');
    for (let i = 0; s.mode === 'asking' && i < 100; i++) {
      const v = s.practice.exact.get(currentStep(s)!.id)!;
      s = answer(s, v.neg().toString());
      s = apply(s, { type: 'reveal', at: T0 + 1e5 + i });
    }
    expect(s.mode).toBe('summary');
    const lines = text(screenLines(s, { columns: 60, rows: 20 })).split('\n');
    expect(lines.length).toBeLessThanOrEqual(19);
    const shot = lines.join('\n');
    expect(shot).toContain(`Finished: 0 of ${s.record.queue.length} steps right without help`);
    expect(shot).toContain('Backward pass: ');
    expect(shot).toMatch(/Mistakes diagnosed, by kind and step/);
    expect(lines.at(-1)).toContain('q leave');
    // Below the heading (a title cut to fit), nothing is cut.
    expect(lines.slice(1).join('\n')).not.toContain('…');
  });

  it('the summary at 50 columns: a line per part instead of a cut table, the footer whole', () => {
    let s = answer(session('two-two-one-network'), '0.351', '0.5869', '0.479', '0.361');
    for (let i = 0; s.mode !== 'summary' && i < 100; i++) s = apply(s, { type: 'reveal', at: T0 + 1e5 + i });
    expect(s.mode).toBe('summary');
    const wide = text(screenLines(s, { columns: 80, rows: 30 }));
    expect(wide).toMatch(/Forward pass +2 +0 +1 +0 +3/);
    const narrow = text(screenLines(s, { columns: 50, rows: 30 }));
    expect(narrow).toContain('Forward pass: 2 first try, 1 retried, 3 revealed');
    expect(narrow).toContain('Backward pass: 21 revealed');
    expect(narrow).toContain('All: 2 first try, 1 retried, 38 revealed');
    expect(narrow).toContain('r redo the 39 missed steps · n practise again\nq leave');
    for (const l of narrow.split('\n')) expect(l.length, l).toBeLessThanOrEqual(50);
    // Below the heading (a title cut to fit), nothing is cut.
    expect(narrow.split('\n').slice(1).join('\n')).not.toContain('…');
  });
});

describe('the network picture', () => {
  it('shows layers, neurons, weights on their edges, known values and the ? being asked', () => {
    const s = answer(session('two-two-one-network'), '0.351');
    const pic = text(networkPicture(s.practice, knownValues(s), currentStep(s), 100)!.lines);
    expect(pic).toMatch(/input +weights +hidden +weights +output/);
    expect(pic).toContain('A x 0.23');
    expect(pic).toContain('w5 C→F 0.2');
    expect(pic).toContain('C z 0.3510');
    expect(pic).toMatch(/y \?/);
    expect(pic).toContain('t 1');
  });

  it('names the inputs of one row of several as the question does (x_1[2], not #1: issue 20)', () => {
    // xor-two-three-one asks about the row (0, 1) first: examples[1] in the file, inputs 0 and 1.
    const s = session('xor-two-three-one');
    expect(currentStep(s)!.id).toBe('z_h1[2]');
    const pic = text(networkPicture(s.practice, knownValues(s), currentStep(s), 100)!.lines);
    expect(pic).toMatch(/^x_1\[2\] 0 /m);
    expect(pic).toMatch(/^x_2\[2\] 1 /m);
    expect(pic).not.toMatch(/#[12] x/);
  });

  it('fills in updated weights after the update', () => {
    let s = revealUntil(session('two-two-one-network'), 'w6@2');
    const pic = text(networkPicture(s.practice, knownValues(s), currentStep(s), 100)!.lines);
    // w5@2 revealed: the exact value rounded (mpmath reference 0.2373669... -> 0.2374).
    expect(pic).toContain('w5 C→F 0.2→0.2374');
    expect(pic).toMatch(/w6 D→F 0\.6→\?/);
    s = revealUntil(s, 'y_C@2');
    // The second forward pass shows the new weights as the current ones.
    expect(text(networkPicture(s.practice, knownValues(s), currentStep(s), 100)!.lines)).toContain(
      'w5 C→F 0.2374',
    );
  });

  it('shrinks to a window around the asked value when it does not fit, naming what it leaves out', () => {
    const s = session('two-two-one-network');
    const pic = networkPicture(s.practice, knownValues(s), currentStep(s), 30)!;
    // z_C = x_A*w1 + x_B*w3 + b: the hidden column with the asked ? and the weights before it.
    expect(text(pic.lines)).toMatch(/weights +hidden/);
    expect(text(pic.lines)).toContain('more column');
    expect(pic.cropped).toBe(true);
    expect(text(screenLines(s, { columns: 80, rows: 24 }))).toContain('weights');
  });

  it('a computation graph is a table of variables, definitions, values and adjoints', () => {
    const s = session('autodiff-sqrt-exp');
    const pic = graphPicture(s.practice, knownValues(s), currentStep(s), 100)!.lines;
    const t = text(pic);
    expect(t).toMatch(/variable +definition +value +df\/d·/);
    expect(t).toMatch(/a +x\^2 +\?/);
    expect(t).toMatch(/d = f +sqrt\(c\)/);
  });

  it("a minimised function's table shows the asked iteration's parameter and values", () => {
    // Momentum on (x - 4)^2 from x = 10: after one update x = 10 - 0.2 * 12 = 7.6, d = 3.6.
    const s0 = session('momentum-shifted-square');
    const s = revealUntil(s0, 'df/dx@2');
    const t = text(graphPicture(s.practice, knownValues(s), currentStep(s), 100)!.lines);
    expect(t).toMatch(/variable +definition +value @2/);
    expect(t).toMatch(/x +parameter +7\.6000 +\?/);
    expect(t).toMatch(/d +x - 4 +3\.6000/);
  });
});

describe('the error plot', () => {
  it('appears for a run of several iterations once two errors are known', () => {
    const s0 = session('or-gate-batch');
    const cost = s0.practice.plan.costBase!;
    expect(text(screenLines(s0, { columns: 100, rows: 40 }))).not.toContain(`${cost} so far`);
    const later = revealUntil(s0, s0.record.queue.at(-1)!);
    expect(text(screenLines(later, { columns: 100, rows: 40 }))).toContain(`${cost} so far`);
  });
});

describe('known values', () => {
  it('lists what the picture does not show, most recent kept when short of room', () => {
    const s = answer(session('two-two-one-network'), '0.351');
    expect(text(screenLines(s, { columns: 100, rows: 30 }))).toContain('Known: eta = 0.7');
  });
});

describe('transcript entries', () => {
  it('a done step on one line with its outcome; long details wrap', () => {
    const s = answer(session('two-two-one-network'), '0.351');
    const entry = s.transcript.at(-1)!;
    expect(entryLines(entry, 80).map(lineText)).toEqual(['  ✓ z_C = 0.351   right, first try']);
    const narrow = entryLines(
      {
        key: 1,
        kind: 'step',
        id: 'x',
        symbol: 'dE/dy_F',
        shown: '-0.3845',
        outcome: 'follow-through',
        detail: 'Right, working from your earlier answers. With exact values throughout it comes to -0.3844.',
      },
      40,
    );
    expect(narrow.length).toBeGreaterThan(1);
    for (const l of narrow) expect(lineWidth(l)).toBeLessThanOrEqual(40);
  });
});

describe('lines', () => {
  it('wrap keeps words, indents continuations and cuts words longer than the width', () => {
    expect(wrap('one two three four', 9, '  ')).toEqual(['one two', '  three', '  four']);
    expect(wrap('abcdefghijkl', 8)).toEqual(['abcdefgh', 'ijkl']);
    expect(wrap('a\nb', 8)).toEqual(['a', 'b']);
  });

  it('clip ends with an ellipsis', () => {
    expect(lineText(clip([{ text: 'abcdef' }, { text: 'ghij' }], 6))).toBe('abcde…');
    expect(lineText(clip([{ text: 'abc' }], 6))).toBe('abc');
  });
});

describe('ASCII stand-ins outside a UTF-8 locale', () => {
  it('reads the locale as the C library does: LC_ALL, then LC_CTYPE, then LANG', () => {
    expect(utf8Locale({ LANG: 'en_US.UTF-8' })).toBe(true);
    expect(utf8Locale({ LANG: 'C' })).toBe(false);
    expect(utf8Locale({ LC_ALL: 'POSIX', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(utf8Locale({ LC_CTYPE: 'de_DE.utf8', LANG: 'C' })).toBe(true);
    expect(utf8Locale({})).toBe(true);
  });

  it('replaces each symbol by one ASCII character, so columns stay aligned', () => {
    expect(asciiText('  ✓ z_C = 0.351')).toBe('  + z_C = 0.351');
    expect(asciiText('w5 C→F 0.2→0.2373 · δ …')).toBe('w5 C>F 0.2>0.2373 . d ~');
    const s = revealUntil(session('two-two-one-network'), 'w6@2');
    for (const l of screenLines(s, { columns: 80, rows: 30 })) {
      const t = lineText(l);
      expect(asciiText(t)).toMatch(/^[\x20-\x7e]*$/);
      expect(asciiText(t).length).toBe([...t].length);
    }
  });
});

describe('the menu', () => {
  const entry = (id: string, group: string, status: MenuEntry['status']): MenuEntry => ({
    id,
    title: `Title of ${id}`,
    group,
    steps: 10,
    status,
  });
  const entries = groupEntries([
    entry('a', 'doc-1', { kind: 'new' }),
    entry('b', 'doc-2', { kind: 'progress', done: 3, total: 10, redo: false }),
    entry('c', 'doc-1', { kind: 'done', right: 8, total: 10 }),
    ...Array.from({ length: 30 }, (_, i) => entry(`x${i}`, 'doc-3', { kind: 'changed' })),
  ]);

  it('groups by source document and shows progress', () => {
    expect(entries.slice(0, 3).map((e) => e.id)).toEqual(['a', 'c', 'b']);
    expect(
      groupEntries(
        [
          entry('z', 'Other', { kind: 'new' }),
          entry('y', 'doc-9', { kind: 'new' }),
          entry('x', 'doc-1', { kind: 'new' }),
        ],
        ['Other'],
      ).map((e) => e.id),
    ).toEqual(['x', 'y', 'z']);
    const t = text(menuLines({ entries, selected: 0 }, { columns: 80, rows: 40 }));
    expect(t).toMatch(/doc-1\n› Title of a +not started, 10 steps\n {2}Title of c +done: 8 of 10 right/);
    expect(t).toContain('in progress: 3 of 10');
  });

  it('on a narrow terminal a finished row says "right": 8/10 is not the steps done', () => {
    const t = text(menuLines({ entries, selected: 0 }, { columns: 60, rows: 40 }));
    expect(t).toMatch(/Title of c +done, 8\/10 right/);
    expect(t).toMatch(/Title of b +3\/10/);
  });

  it('first offers to continue the exercise worked on last, and counts progress overall', () => {
    const listed = groupEntries([
      entry('a', 'doc-1', { kind: 'new' }),
      {
        ...entry('b', 'doc-1', { kind: 'progress', done: 3, total: 10, redo: false }),
        updatedAt: '2025-01-02T00:00:00.000Z',
      },
      {
        ...entry('c', 'doc-2', { kind: 'progress', done: 1, total: 10, redo: false }),
        updatedAt: '2025-01-03T00:00:00.000Z',
      },
      entry('d', 'doc-2', { kind: 'done', right: 8, total: 10 }),
    ]);
    expect(listed.map((e) => `${e.group}:${e.id}`)).toEqual([
      `${CONTINUE}:c`,
      'doc-1:a',
      'doc-1:b',
      'doc-2:c',
      'doc-2:d',
    ]);
    // 3 + 1 + 10 done of 4 * 10; the copy under "continue" is not counted twice.
    expect(overall(listed)).toEqual({ done: 14, steps: 40, finished: 1, exercises: 4 });
    const t = text(menuLines({ entries: listed, selected: 0 }, { columns: 80, rows: 30 }));
    expect(t).toContain('Done so far: 14 of 40 steps');
    expect(t).toMatch(/Continue where you left off\n› Title of c/);
  });

  it('keeps titles distinguishable on a narrow terminal', () => {
    const long = (id: string): MenuEntry => ({
      ...entry(id, 'doc', { kind: 'new' }),
      title: `A sigmoid neuron learning OR, ${id}`,
    });
    const t = text(
      menuLines(
        { entries: [long('full-batch'), long('first-example')], selected: 0 },
        { columns: 50, rows: 20 },
      ),
    );
    const rows = t.split('\n').filter((l) => l.includes('0/10'));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.replace(/^[› ] /, '').trim())).size).toBe(2);
  });

  it('a wide terminal shows a long title whole (it was cut at 52 characters on 120 columns)', () => {
    const title = 'Softmax with cross-entropy through the Jacobian, three outputs (88 chars long)';
    const long: MenuEntry = { ...entry('j', 'doc', { kind: 'new' }), title };
    const wide = text(menuLines({ entries: [long], selected: 0 }, { columns: 120, rows: 20 }));
    expect(wide).toContain(`› ${title}`);
    // 80 columns still cut it, and no line is wider than the terminal.
    const lines = text(menuLines({ entries: [long], selected: 0 }, { columns: 80, rows: 20 })).split('\n');
    expect(lines.some((l) => l.includes('…'))).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('scrolls to keep the selection in view and fits the terminal', () => {
    for (const selected of [0, 10, 32]) {
      const lines = menuLines({ entries, selected }, { columns: 80, rows: 24 });
      expect(lines.length).toBeLessThanOrEqual(23);
      expect(text(lines)).toContain(`› ${entries[selected]!.title}`);
    }
  });
});
