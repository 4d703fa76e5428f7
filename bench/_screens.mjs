import { loadExercise, bundledIds } from '../dist/commands/catalog.js';
import { preparePractice } from '../dist/ui/practice-plan.js';
import { startSession, reduce } from '../dist/ui/session.js';
import { screenLines, entryLines } from '../dist/ui/screen.js';
import { lineText } from '../dist/ui/lines.js';
const ids = process.argv[2] ? [process.argv[2]] : bundledIds();
const steps = Number(process.argv[3] ?? 3);
for (const id of ids) {
  const { exercise, plan } = loadExercise(id, '/work/main');
  const p = preparePractice(exercise, plan);
  let s = startSession(p, { hash: 'a'.repeat(64), file: id }, { kind: 'none' }, 0);
  for (let i = 0; i < steps; i++) s = reduce(s, { type: 'reveal', at: i });
  s = reduce(s, { type: 'submit', text: '1.2345', at: 99 });
  console.log('=================', id, s.mode);
  const lines = screenLines(s, { columns: 80, rows: 24 });
  console.log(lines.map(lineText).join('\n'));
  console.log('-- (', lines.length, 'lines)');
}
