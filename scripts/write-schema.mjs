// Writes schema/exercise.schema.json from the same zod schema the loader uses, and makes the
// built bin executable. Runs after tsc in `npm run build`.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { exerciseSchema } from '../dist/exercise/schema.js';

const json = z.toJSONSchema(exerciseSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' });
json.$id = 'https://backstep.invalid/exercise.schema.json';
json.title = 'backstep exercise';
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/exercise.schema.json', import.meta.url), JSON.stringify(json, null, 2) + '\n');
chmodSync(new URL('../dist/bin.js', import.meta.url), 0o755);
