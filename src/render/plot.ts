/**
 * A small text plot of the error over iterations, on a log scale when it spans more than a
 * factor of 100 (training curves usually do). Only for display: positions are coarse.
 */
import type { Dec } from '../engine/numbers.js';

export function plotHistory(
  points: ReadonlyArray<{ iteration: number; cost: Dec }>,
  width = 60,
  height = 8,
): string[] {
  if (points.length < 2) return [];
  const ys = points.map((p) => p.cost);
  const pos = ys.every((y) => y.gt(0));
  const maxY = ys.reduce((a, b) => (a.gt(b) ? a : b));
  const minY = ys.reduce((a, b) => (a.lt(b) ? a : b));
  const log = pos && maxY.div(minY).gt(100);
  const f = (y: Dec) => (log ? y.log(10).toNumber() : y.toNumber());
  const hi = f(maxY);
  const lo = f(minY);
  const span = hi - lo || 1;
  const grid = Array.from({ length: height }, () => Array.from({ length: width }, () => ' '));
  const first = points[0]!.iteration;
  const last = points[points.length - 1]!.iteration;
  for (const p of points) {
    const x = Math.round(((p.iteration - first) / Math.max(1, last - first)) * (width - 1));
    const yy = Math.round(((hi - f(p.cost)) / span) * (height - 1));
    grid[yy]![x] = '*';
  }
  const label = (v: Dec) => v.toSignificantDigits(3).toString();
  const top = label(maxY);
  const bottom = label(minY);
  const pad = Math.max(top.length, bottom.length);
  const lines = grid.map(
    (row, i) =>
      `${(i === 0 ? top : i === height - 1 ? bottom : '').padStart(pad)} |${row.join('').trimEnd()}`,
  );
  lines.push(`${' '.repeat(pad)} +${'-'.repeat(width)}`);
  const axis = `${first}`.padEnd(width - String(last).length) + `${last}`;
  lines.push(`${' '.repeat(pad)}  ${axis}`);
  lines.push(`${' '.repeat(pad)}  iteration${log ? ' (error on a log scale)' : ''}`);
  return lines;
}
