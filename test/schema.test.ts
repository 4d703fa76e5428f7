import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exerciseJsonSchema } from '../src/exercise/schema.js';

describe('the shipped JSON Schema', () => {
  it('is generated from the section table and up to date (run `npm run build` after changing schema.ts)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../schema/exercise.schema.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    expect(committed).toEqual(exerciseJsonSchema());
  });

  it('every bundled exercise carries the yaml-language-server modeline', () => {
    const dir = new URL('../exercises/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const first = readFileSync(new URL(f, dir), 'utf8').split('\n')[0];
      expect(first, f).toBe('# yaml-language-server: $schema=../schema/exercise.schema.json');
    }
  });
});
