// Options are read with node:util parseArgs against each command's table; what it would let
// through silently (a repeated option, `-h` read as an exercise) is help or a clear error.
import { describe, expect, it } from 'vitest';
import { SOLVE_HELP } from '../src/commands/solve.js';
import { VERIFY_HELP } from '../src/commands/verify.js';
import { runCli } from './helpers/run-cli.js';

describe('command-line options', () => {
  it.each([['solve'], ['verify'], ['check'], ['list'], ['new'], ['variants'], ['practice']])(
    '%s -h shows the help',
    async (command) => {
      const { code, stdout, stderr } = await runCli([command, '-h']);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toMatch(new RegExp(`^backstep ${command}\\b`));
    },
  );

  it('solve -h is help even before an exercise id; after -- it is an id', async () => {
    expect((await runCli(['solve', 'two-two-one-network', '-h'])).stdout).toBe(SOLVE_HELP);
    const asId = await runCli(['solve', '--', '-h']);
    expect(asId.code).toBe(2);
    expect(asId.stderr).toContain('no exercise "-h"');
  });

  it('a single-valued option given twice is an error, not the last one silently', async () => {
    const { code, stdout, stderr } = await runCli([
      'solve',
      'two-two-one-network',
      '--format',
      'json',
      '--format=text',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: --format is given twice; give it once');
  });

  it('a flag given twice is an error too', async () => {
    const { code, stderr } = await runCli(['verify', '--all', '--all']);
    expect(code).toBe(2);
    expect(stderr).toContain('--all is given twice');
  });

  it('an unknown option names itself, a likely meaning, and the usage of the command', async () => {
    const { code, stderr } = await runCli(['verify', 'two-two-one-network', '--fromat', 'json']);
    expect(code).toBe(2);
    expect(stderr).toContain('error: unknown option --fromat (did you mean --format?)');
    expect(stderr).toContain(`usage: ${VERIFY_HELP.split('\n')[0]}`);
    expect((await runCli(['solve', 'two-two-one-network', '-x'])).stderr).toContain('unknown option -x');
  });

  it.each([
    [['solve', 'two-two-one-network', '--format'], '--format needs a value'],
    [['solve', 'two-two-one-network', '--format', '--all-steps'], '--format needs a value'],
    [
      ['solve', 'two-two-one-network', '--format', 'pdf'],
      '--format must be one of text, markdown, json, latex, not "pdf"',
    ],
    [['solve', 'two-two-one-network', '--ids=yes'], '--ids takes no value'],
    [['variants', 'two-two-one-network', '--count', 'ten'], '--count takes a whole number, not "ten"'],
  ])('%j is refused: %s', async (argv, message) => {
    const { code, stderr } = await runCli(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
