// The largest shapes an exercise file may have (docs/authoring.md, "Limits"), as YAML text: used
// by the limits benchmark (bench/limits-bench.mjs) and by the tests of the work estimate.
// Values come from a small LCG so the files are the same every run.

function values(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // One digit, no leading zero (-.3, .7): the largest networks must still fit in 256 KB.
    const d = s % 19;
    return d === 9 ? '0' : d < 9 ? `-.${d + 1}` : `.${d - 9}`;
  };
}

/** A network: `layers` layers of `width` neurons, matrices between them, examples and iterations. */
export function networkShape({
  width = 64,
  layers = 12,
  examples = 1,
  iterations = 1,
  mode = 'batch',
  id = 'limits-network',
} = {}) {
  const next = values(width * 1000 + layers);
  const names = (l) => Array.from({ length: width }, (_, i) => `n${l}_${i}`);
  const out = [`id: ${id}`, `title: ${layers} layers of ${width} neurons`, 'network:', '  layers:'];
  for (let l = 0; l < layers; l++) out.push(`    - neurons: [${names(l).join(',')}]`);
  out.push('  matrices:');
  for (let l = 0; l + 1 < layers; l++) {
    out.push(`    - from: '${l}'`, `      to: '${l + 1}'`, '      rows:');
    for (let i = 0; i < width; i++) out.push(`        - [${Array.from({ length: width }, next).join(',')}]`);
  }
  out.push('examples:');
  for (let e = 0; e < examples; e++) {
    out.push(`  - inputs: [${Array.from({ length: width }, next).join(',')}]`);
    out.push(
      `    targets: [${Array.from({ length: width }, () => (next().startsWith('-') ? '0' : '1')).join(', ')}]`,
    );
  }
  out.push('loss: {}', 'training:', '  learning_rate: 0.5', `  iterations: ${iterations}`, `  mode: ${mode}`);
  return out.join('\n') + '\n';
}

/** A computation graph of `nodes` nodes, each a small expression over the two before it. */
export function graphShape({ nodes = 10000, id = 'limits-graph' } = {}) {
  const out = [
    `id: ${id}`,
    `title: A graph of ${nodes} nodes`,
    'graph:',
    '  inputs: { x: 0.5, y: 0.25 }',
    '  nodes:',
  ];
  for (let i = 0; i < nodes; i++) {
    const a = i === 0 ? 'x' : `v${i - 1}`;
    const b = i < 2 ? 'y' : `v${i - 2}`;
    // Contractions, so every value stays near 1 (a + b along the chain would grow like the
    // Fibonacci numbers, and products of those past any exponent).
    out.push(
      `    v${i}: ${i % 3 === 0 ? `.5*${a}+.25*${b}` : i % 3 === 1 ? `tanh(${a})*${b}` : `.5*(${a}-${b})`}`,
    );
  }
  return out.join('\n') + '\n';
}

/**
 * A computation graph whose every node multiplies the `width` variables before it: each node has
 * `width` local partials of `width - 1` factors, so the formulas' size, not the step count, is
 * what the limits hold (MAX_PLAN_OPERANDS).
 */
export function productGraphShape({ width = 16, nodes = 100, id = 'limits-products' } = {}) {
  const names = Array.from({ length: width }, (_, j) => `i${j}`);
  const out = [
    `id: ${id}`,
    `title: A graph of ${nodes} products of ${width}`,
    'graph:',
    `  inputs: { ${names.map((n, j) => `${n}: 0.99${j % 10}`).join(', ')} }`,
    '  nodes:',
  ];
  for (let i = 0; i < nodes; i++) {
    out.push(`    n${i}: ${names.slice(-width).join('*')}`);
    names.push(`n${i}`);
  }
  return out.join('\n') + '\n';
}
