/**
 * The layer matrix of docs/architecture.md is enforced by lint: an import from a higher layer
 * fails. The upward import is planted as the text of a file at a path inside src/, linted with
 * the project's own configuration; nothing is written, because a new file under src/ would make
 * the end-to-end tests running alongside rebuild dist/ (the rule needs no type information, so
 * the typed rules are off for the planted text).
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } } },
    tseslint.configs.disableTypeChecked,
  ],
});

/** Lints a file of `folder` of src/ that imports `target`, and returns the messages. */
async function lintPlanted(folder: string, target: string): Promise<string[]> {
  const text = `// planted by test/lint-layers.test.ts\nimport * as up from '${target}';\nexport const planted = up;\n`;
  const [result] = await eslint.lintText(text, { filePath: `${root}src/${folder}/zz-planted.ts` });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

describe('the layer matrix', () => {
  it.each([
    ['engine', '../ui/menu.js', 'engine', 'ui'],
    ['engine', '../render/wrap.js', 'engine', 'render'],
    ['exercise', '../authoring/draw.js', 'exercise', 'authoring'],
    ['render', '../judge/index.js', 'render', 'judge'],
    ['judge', '../verify/digits.js', 'judge', 'verify'],
    ['ui', '../commands/catalog.js', 'ui', 'commands'],
    ['store', '../ui/menu.js', 'store', 'ui'],
    ['commands', '../cli.js', 'commands', 'cli'],
  ])('an import from %s up to %s fails lint', async (folder, target, from, to) => {
    const messages = await lintPlanted(folder, target);
    expect(messages).toContain(
      `boundaries/dependencies: the layer "${from}" may not import from "${to}" (layers: docs/architecture.md)`,
    );
  });

  it('imports downwards and within a layer pass', async () => {
    expect(await lintPlanted('ui', '../engine/expr.js')).toEqual([]);
    expect(await lintPlanted('authoring', '../verify/digits.js')).toEqual([]);
    expect(await lintPlanted('engine', './expr.js')).toEqual([]);
  });
});
