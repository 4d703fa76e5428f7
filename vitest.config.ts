import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30000,
    pool: 'forks',
    setupFiles: ['test/setup-fast-check.ts'],
    // One temporary folder per run, removed at the end (test/helpers/temp-root.ts); then one
    // build of dist/ for the tests that run the real program (test/e2e-build.ts).
    globalSetup: ['test/helpers/temp-root.ts', 'test/e2e-build.ts'],
    // `practice` on a terminal falls back to plain mode when CI is set: test workers run as on a
    // developer's machine, and the tests of that fallback set CI for the processes they start.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
