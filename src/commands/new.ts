/** `backstep new`: writes a starting exercise file from a template. */
import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderTemplate } from '../authoring/templates.js';
import type { Template } from '../authoring/templates.js';
import type { ActivationName } from '../engine/model.js';
import { ACTIVATION_NAMES, activationOf, DEFAULT_ACTIVATION } from '../engine/operations/table.js';
import { BackstepError } from '../exercise/errors.js';
import { echoed } from '../exercise/terminal-text.js';
import { writeNewFile } from './write-new.js';
import { parseArgs, usage } from './args.js';
import type { OptionTable } from './args.js';
import type { Io } from './io.js';

// Every activation a template's network can use and train through (not the step, nor the
// softmax, which belongs on an output layer only).
const TEMPLATE_ACTIVATIONS = ACTIVATION_NAMES.filter(
  (a) => !activationOf(a).layerWide && !activationOf(a).untrainable,
);

export const NEW_HELP = `backstep new [--network 2-2-1 | --layers 3,4,1 | --perceptron | --graph | --minimise] [options]

Writes a commented starting exercise that passes \`backstep check\` and can be practised at once.

  --network 2-2-1     a layered network with letter names (A, B, ...) and named weights (default 2-2-1)
  --layers 3,4,1      any layer sizes, generated names (i1, h1, o), weights as matrices
  --perceptron        a threshold neuron trained with the perceptron rule
  --graph             a computation graph for reverse-mode differentiation
  --minimise          a function of two parameters minimised with momentum (a graph)
  --weights named|matrices          how a network's weights are written
  --activation NAME                 a network's activation (default ${DEFAULT_ACTIVATION}):
                                    ${TEMPLATE_ACTIVATIONS.join(', ')}
  --convention gradient|textbook    a network's backward pass: dE/dz and w - eta dE/dw (default),
                                    or the textbook delta = (t - y) y (1 - y), Delta w and w + Delta w
  --id ID             the exercise id (default: from --out, else my-exercise)
  --title TEXT        the title
  --out FILE          write to FILE instead of standard output (never over an existing file;
                      written whole or not at all; - means standard output)
  --force             with --out: replace an existing file
  --schema PATH|URL   where the editor modeline points (default: this installation's schema)
`;

/** schema/exercise.schema.json of this installation (beside dist/ when built, beside src/ in development). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema/exercise.schema.json', import.meta.url));

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The options of `new`, one line each (`--help` and `-h` come with every command). */
const OPTIONS = {
  perceptron: 'flag',
  graph: 'flag',
  minimise: 'flag',
  force: 'flag',
  network: 'any',
  layers: 'any',
  weights: ['named', 'matrices'],
  activation: TEMPLATE_ACTIVATIONS,
  convention: ['gradient', 'textbook'],
  id: 'any',
  title: 'any',
  out: 'any',
  schema: 'any',
} satisfies OptionTable;

export async function newCommand(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs('new', argv, OPTIONS, NEW_HELP);
  if (a.flags.has('help')) {
    io.stdout.write(NEW_HELP);
    return 0;
  }
  if (a.positional.length > 0)
    throw usage('new', `new takes no file name (got "${echoed(a.positional[0]!)}"); use --out FILE`);
  const template = chooseTemplate(a.options, a.flags);
  // `--out -` is standard output, as for most tools, not a file named "-".
  const out = a.options.get('out') === '-' ? undefined : a.options.get('out');
  const outPath = out === undefined ? undefined : resolve(io.cwd, out);
  const id = a.options.get('id') ?? (outPath ? idFromFile(outPath) : undefined) ?? 'my-exercise';
  if (!ID_PATTERN.test(id) || id.length > 80)
    throw usage(
      'new',
      `"${echoed(id)}" cannot be an exercise id: use lower-case letters, digits and -, such as week3-xor`,
    );
  const title = a.options.get('title');
  if (title !== undefined && (title.trim() === '' || title.length > 200))
    throw usage('new', 'the title must be 1 to 200 characters');

  const schema = a.options.get('schema') ?? schemaReference();
  const text = renderTemplate(template, {
    id,
    ...(title !== undefined ? { title } : {}),
    schema,
    fileName: out ?? `${id}.yaml`,
  });
  if (!outPath) {
    io.stdout.write(text);
    return 0;
  }
  if (existsSync(outPath) && !a.flags.has('force')) {
    throw BackstepError.of(
      'io',
      `${echoed(out!)} already exists; not overwriting it`,
      'choose another name, or add --force to replace it',
    );
  }
  writeNewFile(outPath, out!, text, a.flags.has('force'));
  const shown = echoed(out!);
  io.stderr.write(`wrote ${shown}\nnext: backstep check ${shown}   then   backstep practice ${shown}\n`);
  return 0;
}

function chooseTemplate(options: ReadonlyMap<string, string>, flags: ReadonlySet<string>): Template {
  const kinds = ['network', 'layers']
    .filter((k) => options.has(k))
    .concat(['perceptron', 'graph', 'minimise'].filter((k) => flags.has(k)));
  if (kinds.length > 1) throw usage('new', `choose one of --${kinds.join(', --')}`);
  const kind = kinds[0] ?? 'network';
  if (
    (kind === 'perceptron' || kind === 'graph' || kind === 'minimise') &&
    (options.has('weights') || options.has('activation') || options.has('convention'))
  )
    throw usage('new', `--weights, --activation and --convention belong to network templates, not --${kind}`);
  if (kind === 'perceptron') return { kind: 'perceptron' };
  if (kind === 'graph') return { kind: 'graph' };
  if (kind === 'minimise') return { kind: 'minimise' };
  const text = options.get(kind) ?? '2-2-1';
  const separator = kind === 'network' ? '-' : ',';
  const parts = text.split(separator);
  if (parts.length < 2 || parts.some((p) => !/^\d{1,2}$/.test(p))) {
    throw usage(
      'new',
      `--${kind} takes layer sizes separated by "${separator}", input first ` +
        `(such as ${kind === 'network' ? '2-2-1' : '3,4,1'}), not "${echoed(text)}"`,
    );
  }
  const sizes = parts.map((p) => Number.parseInt(p, 10));
  if (sizes.some((s) => s < 1 || s > 16) || sizes.length > 6)
    throw usage('new', 'a starting file has 2 to 6 layers of 1 to 16 neurons each');
  const activation = (options.get('activation') ?? DEFAULT_ACTIVATION) as ActivationName;
  const weights = (options.get('weights') ?? (kind === 'network' ? 'named' : 'matrices')) as
    'named' | 'matrices';
  return {
    kind: 'network',
    sizes,
    naming: kind === 'network' ? 'letters' : 'generated',
    weights,
    activation,
    convention: (options.get('convention') ?? 'gradient') as 'gradient' | 'textbook',
  };
}

/** The id a file name suggests: week3-xor.yaml -> week3-xor. */
function idFromFile(path: string): string | undefined {
  const stem = basename(path, extname(path))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ID_PATTERN.test(stem) ? stem : undefined;
}

/**
 * The schema as a file: URL of this installation's copy. A path relative to the new file would
 * point nowhere once the file is moved, or when standard output is redirected into another
 * folder (`backstep new > week3/x.yaml`); yaml-language-server takes a file: URL as it is, and
 * the URL form keeps a path with spaces in one word of the modeline.
 */
function schemaReference(): string {
  return pathToFileURL(SCHEMA_FILE).href;
}
