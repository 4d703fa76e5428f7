/**
 * The walkthrough line by line, for pipes, CI and anyone who prefers it (a screen reader user):
 * the same session and judging as the terminal version, no colour, no cursor movement.
 * Each question is one line, the answer is read from the next input line, feedback follows.
 *
 * Exit codes: 0 when the exercise is finished, and after `q` (progress saved); 1 when the input
 * ends before the exercise does (progress saved, so the same command continues); Ctrl-C ends
 * the process as usual (130), everything answered having been saved already.
 */
import { StringDecoder } from 'node:string_decoder';
import { BackstepError } from '../exercise/errors.js';
import { safeText } from '../exercise/terminal-text.js';
import { precisionWords } from '../render/format-number.js';
import { showValue } from '../render/format-number.js';
import type { Controller } from './controller.js';
import { farewell } from './farewell.js';
import { flowItems, lineText, wrap } from './lines.js';
import type { MenuEntry } from './menu.js';
import { statusText } from './menu.js';
import { entryLines, OUTCOME_WORDS } from './screen.js';
import { stepOf } from './session-record.js';
import { currentStep, doneSteps } from './session.js';
import type { SessionState } from './session.js';
import { summarise, summaryLines } from './summary.js';
import { describeSource } from '../render/source.js';

export interface PlainIo {
  readonly stdout: { write(s: string): unknown };
  readonly stdin: NodeJS.ReadableStream;
  /** Echo each answer after its prompt (when the input is not a terminal, nothing else shows it). */
  readonly echo: boolean;
  readonly width: number;
  /** Ctrl-C on a terminal in plain mode (commands/io.ts): saved progress is said, exit 130. */
  readonly onInterrupt?: (listener: () => void) => () => void;
}

export async function runPlain(controller: Controller, io: PlainIo, now: () => number): Promise<number> {
  // Plain mode has no colour of its own, so nothing in it may control the terminal: a typed
  // ESC[31m is echoed as the visible text \x1b[31m (the stream's own filter lets colours through).
  const out = (s = '') => io.stdout.write(`${safeText(s)}\n`);
  const read = lineReader(io.stdin);
  let interrupted = false;
  const unsubscribe = io.onInterrupt?.(() => {
    interrupted = true;
    read.interrupt();
  });
  try {
    intro(controller.getState(), io.width, out);
    const flush = transcriptPrinter(controller, io.width, out);
    flush();
    let asked: string | undefined;
    for (;;) {
      const s = controller.getState();
      const ended = endOf(s, out);
      if (ended !== undefined) return ended;
      if (s.mode === 'review') {
        printReview(s, out);
        controller.dispatch({ type: 'review-close' });
        continue;
      }
      if (s.mode === 'launch') {
        // Plain mode starts sessions with `auto`, so this is not reached; leave safely if it is.
        controller.dispatch({ type: 'quit', at: now() });
        continue;
      }
      const step = currentStep(s)!;
      if (asked !== step.id) {
        asked = step.id;
        out(
          `[${s.record.queue.indexOf(step.id) + 1}/${s.record.queue.length}] ${step.symbol}: ${step.describe}`,
        );
      }
      io.stdout.write(`${safeText(step.symbol)} = `);
      const line = await read();
      if (interrupted) {
        out();
        controller.dispatch({ type: 'interrupt', at: now() });
        continue;
      }
      if (line === TOO_LONG) {
        out();
        out(`That line is longer than ${MAX_LINE} characters; it was not read.`);
        continue;
      }
      if (line === undefined) {
        out();
        controller.dispatch({ type: 'quit', at: now() });
        out('The input ended before the exercise did.');
        for (const l of farewell(controller.getState(), false)) out(l);
        return 1;
      }
      if (io.echo) out(line);
      controller.dispatch({ type: 'submit', text: line, at: now() });
      flush();
    }
  } finally {
    unsubscribe?.();
    read.close();
  }
}

/** Prints what the transcript and feedback gained since the last call, in order. */
function transcriptPrinter(controller: Controller, width: number, out: (s?: string) => void): () => void {
  let printed = -1;
  return () => {
    const s = controller.getState();
    const items = [
      ...s.transcript.map((e) => ({ key: e.key, lines: entryLines(e, width, false).map(lineText) })),
      ...s.feedback.map((f) => ({
        key: f.key,
        lines: wrap(f.text, width - 2, '  ', false).map((l) => `  ${l}`),
      })),
    ];
    for (const it of items.sort((a, b) => a.key - b.key)) {
      if (it.key <= printed) continue;
      for (const l of it.lines) out(l);
      printed = it.key;
    }
  };
}

/** The exit code of a session that has ended (after its last words), or undefined. */
function endOf(s: SessionState, out: (s?: string) => void): number | undefined {
  if (s.exit) {
    for (const l of farewell(s, s.exit === 'interrupt')) out(l);
    return s.exit === 'interrupt' ? 130 : 0;
  }
  if (s.mode !== 'summary') return undefined;
  out();
  for (const l of summaryLines(summarise(s))) out(l);
  for (const l of farewell(s, false)) out(l);
  return 0;
}

function intro(s: SessionState, width: number, out: (s?: string) => void): void {
  const ex = s.practice.exercise;
  out(ex.title);
  if (ex.source) for (const l of wrap(`Source: ${describeSource(ex.source)}`, width)) out(l);
  for (const l of wrap(
    `Give each value to ${precisionWords(ex.display)}. Type the value and press Enter; instead of a ` +
      `value: hint, reveal, interval, review, ? (help), q (save and leave).`,
    width,
  ))
    out(l);
  for (const l of flowItems(
    s.practice.plan.givens.map((g) => `${g.symbol} = ${g.value}`),
    width,
    ', ',
    'Given: ',
  ))
    out(l);
}

function printReview(s: SessionState, out: (s?: string) => void): void {
  const display = s.practice.exercise.display;
  out('Done so far:');
  for (const st of doneSteps(s)) {
    const rec = stepOf(s.record, st.id);
    const exact = showValue(s.practice.exact.get(st.id)!, display);
    out(
      `  ${st.symbol} = ${rec.answer ?? rec.value ?? '?'} (${rec.outcome ? OUTCOME_WORDS[rec.outcome] : ''}; exact ${exact})`,
    );
  }
}

/** The plain menu: what there is to practise and how far the learner got, folded to `width`. */
export function plainMenu(entries: readonly MenuEntry[], out: (s: string) => void, width = 80): void {
  out('backstep: backpropagation by hand, checked exactly\n');
  let group: string | undefined;
  const idW = Math.max(...entries.map((e) => e.id.length), 2);
  const indent = ' '.repeat(2 + idW + 2 + 26 + 2);
  for (const e of entries) {
    if (e.group !== group) {
      group = e.group;
      out(`\n${group}\n`);
    }
    // The title under itself when it wraps; on a terminal too narrow for that, below the id.
    const head = `  ${e.id.padEnd(idW)}  ${statusText(e.status, e.steps).padEnd(26)}  `;
    const titles = width - indent.length >= 20 ? wrap(e.title, width - indent.length) : [];
    if (titles.length > 0) titles.forEach((t, i) => out(`${i === 0 ? head : indent}${t}\n`));
    else
      out(
        `${head.trimEnd()}\n${wrap(e.title, width - 4, '')
          .map((t) => `    ${t}\n`)
          .join('')}`,
      );
  }
  out(
    `\n${wrap(
      'Start one with: backstep practice <id>   ' +
        '(a file of your own works too: backstep practice my-exercise.yaml)',
      width,
      '  ',
    ).join('\n')}\n`,
  );
}

/** A line longer than this is refused as soon as it is seen, not kept in memory. */
export const MAX_LINE = 4000;
/** What the reader gives for a refused over-long line. */
export const TOO_LONG = Symbol('too long');

/**
 * Lines of a stream, one promise at a time; undefined at the end. Bytes are decoded with a
 * StringDecoder, so a character split across two reads stays whole. A line over MAX_LINE is
 * dropped as it arrives and read as TOO_LONG. A stream error is not the end of the input: the
 * read rejects with it.
 */
export function lineReader(
  stream: NodeJS.ReadableStream,
): (() => Promise<string | undefined | typeof TOO_LONG>) & { close(): void; interrupt(): void } {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  let skipping = false;
  const lines: Array<string | typeof TOO_LONG> = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const take = (text: string) => {
    buffer += text;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      lines.push(skipping || i > MAX_LINE ? TOO_LONG : buffer.slice(0, i).replace(/\r$/, ''));
      skipping = false;
      buffer = buffer.slice(i + 1);
    }
    if (buffer.length > MAX_LINE) {
      skipping = true;
      buffer = '';
    }
  };
  const onData = (chunk: string | Buffer) => {
    take(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    wake?.();
  };
  const onEnd = () => {
    take(decoder.end());
    if (skipping) lines.push(TOO_LONG);
    else if (buffer !== '') lines.push(buffer.replace(/\r$/, ''));
    buffer = '';
    ended = true;
    wake?.();
  };
  const onError = (e: Error) => {
    failure = e;
    wake?.();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.resume();
  let stop = false;
  const read = async () => {
    while (lines.length === 0 && !ended && !failure && !stop) await new Promise<void>((r) => (wake = r));
    wake = undefined;
    if (lines.length === 0 && failure)
      throw BackstepError.of(
        'io',
        `cannot read the answers: ${failure.message}`,
        'your answers so far are saved; run the same command again to continue',
      );
    return lines.shift();
  };
  return Object.assign(read, {
    /** Ends the wait for a line (Ctrl-C): the reader returns what it has, or nothing. */
    interrupt() {
      stop = true;
      wake?.();
    },
    close() {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.pause();
    },
  });
}
