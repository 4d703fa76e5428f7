/**
 * A computation graph as a table: one row per variable with its definition (which names its
 * incoming edges), its value and its adjoint df/dv as they become known; `?` marks what is
 * being asked. When it does not fit, a window around the asked quantity (picture-fit.ts).
 *
 *   var   definition       value      df/dvar
 *   x     input            1.5        ·
 *   a     x^2              2.25       ·
 *   b     exp(a)           ?          ·
 */
import { stepId } from '../engine/plan.js';
import type { Step } from '../engine/plan.js';
import { refsOf } from '../engine/expr.js';
import { seg } from './lines.js';
import type { Seg } from './lines.js';
import { builtFor, fitPicture } from './picture-fit.js';
import type { PicCell, PicColumn, Picture } from './picture-fit.js';
import type { Practice } from './practice-plan.js';

export function graphPicture(
  practice: Practice,
  known: ReadonlyMap<string, string>,
  current: Step | undefined,
  width: number,
  height = 13,
): Picture | undefined {
  const spec = practice.exercise.spec;
  if (spec.kind !== 'graph') return undefined;
  // A minimised function: the values of the asked step's iteration (parameters and nodes move).
  const k = current?.iteration ?? 1;
  const params = new Set(spec.training?.parameters ?? []);
  const vars = [
    ...spec.inputs.map((i) => ({
      name: i.name,
      def: params.has(i.name) ? 'parameter' : 'input',
      id: params.has(i.name) ? stepId(i.name, k) : i.name,
    })),
    ...spec.nodes.map((nd) => ({ name: nd.name, def: nd.text, id: stepId(nd.name, k) })),
  ];
  const value = (id: string): Seg => {
    if (current && id === current.id) return seg('?', { bold: true, inverse: true });
    const v = known.get(id);
    return v === undefined ? seg('·', { dim: true }) : seg(v);
  };
  const adjoint = (name: string) => stepId(`d${spec.fn}/d${name}`, k);
  const cell = (line: Seg[], ids: string[] = []): PicCell => ({ line, ids });
  const columns = builtFor(known, `graph\u0000${current?.id ?? ''}`, (): PicColumn[] => [
    {
      header: 'variable',
      cells: vars.map((v) =>
        cell([seg(v.name + (v.name === spec.output ? ` = ${spec.fn}` : ''), { bold: true })]),
      ),
    },
    { header: 'definition', cells: vars.map((v) => cell([seg(v.def)])) },
    { header: k > 1 ? `value @${k}` : 'value', cells: vars.map((v) => cell([value(v.id)], [v.id])) },
    {
      header: `d${spec.fn}/d·`,
      cells: vars.map((v) =>
        practice.byId.has(adjoint(v.name)) ? cell([value(adjoint(v.name))], [adjoint(v.name)]) : cell([]),
      ),
    },
  ]);
  return fitPicture(columns, current ? [current.id, ...refsOf(current.expr)] : [], width, height);
}
