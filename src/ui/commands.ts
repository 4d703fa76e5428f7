/**
 * Words a learner can type instead of an answer, in the terminal walkthrough and in plain mode
 * alike. None of them can be read as a number or as arithmetic.
 */
export type TypedCommand = 'hint' | 'reveal' | 'interval' | 'review' | 'quit' | 'help';

// A Map, not an object literal: a typed `constructor` or `__proto__` must find nothing.
const WORDS: ReadonlyMap<string, TypedCommand> = new Map([
  // ? asks for help, as in the terminal walkthrough (and most terminal programs); a hint is `hint`.
  ['?', 'help'],
  ['hint', 'hint'],
  ['reveal', 'reveal'],
  ['interval', 'interval'],
  ['review', 'review'],
  ['back', 'review'],
  ['q', 'quit'],
  ['quit', 'quit'],
  ['exit', 'quit'],
  ['help', 'help'],
]);

export function parseCommand(text: string): TypedCommand | undefined {
  return WORDS.get(text.trim().toLowerCase());
}

export const COMMAND_HELP = [
  'Type the value (a number, or arithmetic such as 0.23*0.1 + 0.82*0.4) and press Enter.',
  'Instead of a value you can type:',
  // Each line short enough for 80 columns with the message indent: a wrapped line loses its columns.
  '  hint      the formula, then the numbers substituted, then the value',
  '  reveal    show the value (the step counts as revealed)',
  '  interval  the values accepted for this step',
  '  review    the steps done so far',
  '  q         save and leave (run the same command again to continue)',
  '  help, ?   this list',
];
