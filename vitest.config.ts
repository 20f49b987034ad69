import { defineConfig } from 'vitest/config';

// MUTATION_TESTS narrows the test files for a scoped mutation run (stryker.config.mjs); `npm test` runs them all.
const include = process.env.MUTATION_TESTS?.split(',') ?? ['test/**/*.test.ts'];

// Under Stryker (its worker sets STRYKER_MUTATOR_WORKER) modules stay loaded between mutants: the mutant to run is
// switched at run time, and re-importing the SDK, zod and luxon for each one costs seconds. A file that replaces a
// module with `vi.mock` needs a module graph of its own, so it runs isolated even then.
const mocksModules = ['test/unit/http-middleware.test.ts'];
const underStryker = process.env.STRYKER_MUTATOR_WORKER !== undefined;
// A scoped run (MUTATION_TESTS) runs such a file only when it names it or gives a glob (which may match it): an
// isolated file left in every scoped run would cost each mutant its seconds whatever the files chosen.
const isolated = mocksModules.filter(
  (file) => process.env.MUTATION_TESTS === undefined || include.some((glob) => glob === file || glob.includes('*')),
);

export default defineConfig({
  test: {
    setupFiles: ['./test/support/env.ts'],
    reporters: ['default', './test/support/totals-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    ...(underStryker
      ? {
          projects: [
            ...(isolated.length > 0
              ? [{ extends: true as const, test: { name: 'isolated', include: isolated, isolate: true } }]
              : []),
            { extends: true, test: { name: 'shared', include, exclude: mocksModules, isolate: false } },
          ],
        }
      : {
          include,
          // Vitest's default on 2 cores is one worker (cores − 1), which runs the files one after another while
          // most of an integration test's time is spent waiting on DynamoDB Local, the emulator or a timer. Two
          // workers overlap those waits: 6 min 36 s for the suite on this machine instead of 12 min 38 s.
          maxWorkers: 2,
        }),
  },
});
