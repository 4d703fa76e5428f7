import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:unit`: the tests that need no build, no tmux and no pdflatex, and not the sweeps
 * over every bundled exercise, for a quick run while working (no global build either;
 * 95 s of CPU, 88 s on two cores shared with other work). `npm test` runs everything.
 */
export default defineConfig({
  test: {
    ...base.test,
    globalSetup: ['test/helpers/temp-root.ts'],
    exclude: [
      '**/node_modules/**',
      // The real program (dist/), in a terminal (tmux) or as a process.
      'test/e2e-*.test.ts',
      'test/cli-startup.test.ts',
      'test/cli-authoring-paths.test.ts',
      'test/cli-check-multi.test.ts',
      'test/exercise-cache.test.ts',
      'test/hostile.test.ts',
      'test/store-crash.test.ts',
      // Sweeps over every bundled exercise (the engine's own tests cover each operation).
      'test/variants-bundled.test.ts',
      'test/verify-bundled.test.ts',
      'test/exercises-reference.test.ts',
      // pdflatex.
      'test/latex-compile.test.ts',
      'test/authoring-handout.test.ts',
    ],
  },
});
