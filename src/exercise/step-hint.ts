/**
 * The author's own hint for a step (`steps.<id>.hint`), the one place the walkthrough, the LMS
 * export and lint read it from.
 *
 * A layer writes a grid of steps, one a cell (`Y_1_1`, `Y_1_2`, `dE/dK_2_1`), all worked by the
 * same rule, so an author writes the hint once: in a layers exercise a hint given for one cell
 * serves every cell of its family (the id with its trailing `_<index>` parts removed) that has
 * none of its own; the first such hint in the file wins. Elsewhere `w_1` and `w_2` are different
 * weights, so a hint serves only its own step.
 */
import type { Exercise } from '../engine/model.js';

export function stepHint(exercise: Exercise, id: string): string | undefined {
  const own = exercise.notes.get(id)?.hint;
  if (own !== undefined || exercise.spec.kind !== 'layers') return own;
  const family = cellFamily(id);
  if (family === id) return undefined;
  for (const [other, note] of exercise.notes) {
    if (note.hint !== undefined && cellFamily(other) === family) return note.hint;
  }
  return undefined;
}

/** A grid cell's family: `dE/dK_2_1` -> `dE/dK`; an id without index parts is its own family. */
function cellFamily(id: string): string {
  return id.replace(/(?:_\d+)+$/, '');
}
