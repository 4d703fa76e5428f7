/**
 * The text solution folds a long step under itself: every line fits 80 columns, a continuation
 * line is indented (never at column 0), and a sum is broken between its terms, not inside a
 * product (no line ends with `*`).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

describe('solve (text) folds long steps between terms, indented', () => {
  for (const id of ['sigmoid-identity-code-example', 'softmax-jacobian', 'xor-two-three-one']) {
    it(id, async () => {
      const r = await runCli(['solve', id]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n');
      const end = lines.findIndex((l) => /^Iterations 2 to/.test(l));
      const steps = lines.slice(
        lines.findIndex((l) => /^Forward pass/.test(l)),
        end < 0 ? undefined : end,
      );
      expect(steps.filter((l) => l.length > 80)).toEqual([]);
      // Inside the worked steps, a line is a heading, its underline, a blank line, a step
      // (`symbol = ...`) or a continuation, indented.
      const odd = steps.filter(
        (l) => l !== '' && !/^\S+ = /.test(l) && !/^ +\S/.test(l) && !/^[A-Z]/.test(l) && !/^-+$/.test(l),
      );
      expect(odd).toEqual([]);
      expect(steps.filter((l) => /\*$/.test(l.trimEnd()))).toEqual([]);
      // There are folded steps to check.
      expect(steps.filter((l) => /^ += /.test(l)).length).toBeGreaterThan(2);
    });
  }
});
