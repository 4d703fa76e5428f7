/** Compiles an exercise into its plan: a layered network, a computation graph, or a stack of typed layers. */
import { compileGraph } from './compile-graph.js';
import { compileNetwork } from './compile-network.js';
import { compileLayers } from './layers/compile-layers.js';
import type { Exercise } from './model.js';
import type { Plan } from './plan.js';

export function compile(ex: Exercise): Plan {
  if (ex.spec.kind === 'layers') return compileLayers(ex, ex.spec);
  return ex.spec.kind === 'network' ? compileNetwork(ex, ex.spec) : compileGraph(ex, ex.spec);
}
