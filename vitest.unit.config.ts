import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:unit`: the tests that need no build, no tmux and no pdflatex, for a quick run
 * while working (no global build either). `npm test` runs everything.
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
      // pdflatex.
      'test/latex-compile.test.ts',
      'test/authoring-handout.test.ts',
    ],
  },
});
