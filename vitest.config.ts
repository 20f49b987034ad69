import { defineConfig } from 'vitest/config';

// MUTATION_TESTS narrows the test files for a scoped mutation run (stryker.config.mjs); `npm test` runs them all.
const include = process.env.MUTATION_TESTS?.split(',') ?? ['test/**/*.test.ts'];

export default defineConfig({
  test: {
    include,
    setupFiles: ['./test/support/env.ts'],
    reporters: ['default', './test/support/totals-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
