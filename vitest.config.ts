import { defineConfig } from 'vitest/config';

// MUTATION_TESTS narrows the test files for a scoped mutation run (stryker.config.mjs); `npm test` runs them all.
const include = process.env.MUTATION_TESTS?.split(',') ?? ['test/**/*.test.ts'];

export default defineConfig({
  test: {
    include,
    setupFiles: ['./test/support/env.ts'],
    reporters: ['default', './test/support/totals-reporter.ts'],
    // Under Stryker (its worker sets STRYKER_MUTATOR_WORKER) modules stay loaded between mutants: the mutant to
    // run is switched at run time, and re-importing luxon and date-holidays for each one costs seconds.
    isolate: process.env.STRYKER_MUTATOR_WORKER === undefined,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
