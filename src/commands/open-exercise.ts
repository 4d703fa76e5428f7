/**
 * The file side of starting a walkthrough: load the exercise (bundled id or file), hash its
 * text, and read its saved progress (moving a damaged file aside). Also the menu's entries.
 */
import { realpathSync } from 'node:fs';
import { bundledIds, loadExercise } from './catalog.js';
import { totalSteps } from '../engine/plan.js';
import { withVariant } from '../authoring/variants.js';
import { isBackstepError } from '../exercise/errors.js';
import { contentHash } from '../store/progress.js';
import type { LoadResult, ProgressStore } from '../store/progress.js';
import type { MenuEntry, MenuStatus } from '../ui/menu.js';
import { groupEntries } from '../ui/menu.js';
import { chooseSteps, preparePractice } from '../ui/practice-plan.js';
import type { Practice } from '../ui/practice-plan.js';
import { doneCount, isFinished, points, scoreOf } from '../ui/session-record.js';
import type { SessionMeta } from '../ui/session-record.js';

export interface Opened {
  readonly practice: Practice;
  readonly meta: SessionMeta;
  readonly loaded: LoadResult;
}

/**
 * Throws BackstepError when the exercise cannot be loaded (the CLI prints it). A variant is
 * practised and saved as an exercise of its own: its id carries the seed.
 */
export function openExercise(
  arg: string,
  cwd: string,
  store: ProgressStore,
  now: Date,
  variant?: string,
): Opened {
  const base = loadExercise(arg, cwd);
  const drawn = withVariant(base, variant);
  const exercise =
    variant === undefined
      ? drawn.exercise
      : { ...drawn.exercise, id: `${base.exercise.id}-variant-${variant}` };
  const { plan, source, resolved } = drawn;
  const practice = preparePractice(exercise, plan);
  const identity = identityOf(resolved.bundled, base.exercise.id, resolved.path);
  const meta: SessionMeta = {
    hash: contentHash(source.text),
    file: resolved.bundled ? base.exercise.id : resolved.display,
    identity,
    ...(variant === undefined ? {} : { variant }),
    ...(store.keepsNothing ? { unsaved: true as const } : {}),
  };
  const key = { exercise: exercise.id, identity, ...(variant === undefined ? {} : { variant }) };
  const loaded = store.load(key, meta.hash, { moveAside: true, now });
  return { practice, meta, loaded };
}

/** The file part of a progress key: a bundled exercise by id, a file by its canonical path. */
function identityOf(bundled: boolean, id: string, path: string): string {
  if (bundled) return `bundled:${id}`;
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const OTHER = 'Other exercises';
const BROKEN = 'Exercises that could not be loaded';

export function menuEntries(cwd: string, store: ProgressStore): MenuEntry[] {
  const entries = bundledIds().map((id): MenuEntry => {
    try {
      const { exercise, plan, source } = loadExercise(id, cwd);
      const steps = chooseSteps(exercise, plan).asked.length;
      const src = exercise.source;
      const loaded = store.load(
        { exercise: id, identity: identityOf(true, id, '') },
        contentHash(source.text),
      );
      const updatedAt = loaded.kind === 'found' ? { updatedAt: loaded.record.updatedAt } : {};
      return {
        id,
        title: exercise.title,
        group: src?.title ?? src?.document ?? OTHER,
        ...(src?.section ? { section: src.section } : {}),
        steps,
        size: totalSteps(plan),
        status: statusOf(loaded),
        ...updatedAt,
      };
    } catch (e) {
      const message = isBackstepError(e) ? e.message.split('\n')[0]! : String((e as Error)?.message ?? e);
      return { id, title: id, group: BROKEN, steps: 0, status: { kind: 'broken', message } };
    }
  });
  return groupEntries(entries, [OTHER, BROKEN]);
}

function statusOf(r: LoadResult): MenuStatus {
  switch (r.kind) {
    case 'none':
      return { kind: 'new' };
    case 'stale':
      return { kind: 'changed' };
    case 'damaged':
    case 'newer':
      return { kind: 'damaged', message: r.message };
    case 'found': {
      const rec = r.record;
      if (isFinished(rec)) {
        const pass = rec.firstPass ?? scoreOf(rec);
        return { kind: 'done', right: points(pass), total: pass.total };
      }
      return { kind: 'progress', done: doneCount(rec), total: rec.queue.length, redo: rec.round > 1 };
    }
  }
}
