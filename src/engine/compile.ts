/** Compiles an exercise into its plan: a layered network or a computation graph. */
import { compileGraph } from './compile-graph.js';
import { compileNetwork } from './compile-network.js';
import type { Exercise } from './model.js';
import type { Plan } from './plan.js';

export function compile(ex: Exercise): Plan {
  return ex.spec.kind === 'network' ? compileNetwork(ex, ex.spec) : compileGraph(ex, ex.spec);
}
