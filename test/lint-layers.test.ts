// The layer matrix of docs/architecture.md is enforced by lint: an import from a higher layer fails.
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const planted: string[] = [];

afterEach(() => {
  for (const f of planted.splice(0)) rmSync(f, { force: true });
});

/** Writes a file that imports `target` into `folder` of src/, lints it alone, and returns the messages. */
async function lintPlanted(folder: string, target: string): Promise<string[]> {
  const file = `${root}src/${folder}/zz-planted-${process.pid}.ts`;
  planted.push(file);
  writeFileSync(file, `// planted by test/lint-layers.test.ts\nimport * as up from '${target}';\nexport const planted = up;\n`);
  const [result] = await new ESLint({ cwd: root }).lintFiles([file]);
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

describe('the layer matrix', () => {
  it.each([
    ['engine', '../ui/menu.js', 'engine', 'ui'],
    ['exercise', '../authoring/draw.js', 'exercise', 'authoring'],
    ['render', '../check/index.js', 'render', 'check'],
    ['ui', '../commands/catalog.js', 'ui', 'commands'],
    ['store', '../ui/menu.js', 'store', 'ui'],
    ['commands', '../cli.js', 'commands', 'cli'],
  ])('an import from %s up to %s fails lint', async (folder, target, from, to) => {
    const messages = await lintPlanted(folder, target);
    expect(messages).toContain(`boundaries/dependencies: the layer "${from}" may not import from "${to}" (layers: docs/architecture.md)`);
  });

  it('an import downwards passes', async () => {
    expect(await lintPlanted('ui', '../engine/expr.js')).toEqual([]);
  });
});
