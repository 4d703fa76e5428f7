import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30000,
    pool: 'forks',
    setupFiles: ['test/setup-fast-check.ts'],
    // One temporary folder per run, removed at the end (test/helpers/temp-root.ts).
    globalSetup: ['test/helpers/temp-root.ts'],
    // Ink draws only its last frame when CI is set (is-in-ci, read once at import). The view tests
    // read intermediate frames, so test workers run as on a developer's machine; the tests of the
    // CI fallback set CI themselves for the processes they start.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
