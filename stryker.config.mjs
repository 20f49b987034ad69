// Mutation testing (issue 14): `npm run mutation` mutates shared/ and runs the vitest suite against each mutant.
// Scope a run with `npm run mutation -- --mutate 'shared/sla/**/*.ts'`, and pick the test files with
// MUTATION_TESTS (a comma-separated list of globs, read by vitest.config.ts), e.g.
// `MUTATION_TESTS='test/unit/**/*.test.ts' npm run mutation -- --mutate 'shared/time/**/*.ts'`.
// No TypeScript checker: @stryker-mutator/typescript-checker needs the TypeScript compiler API, which
// TypeScript 7 (the native compiler this project uses) does not ship; mutants that would not compile run and
// are killed (or survive) by the tests like any other.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts' },
  mutate: [
    'shared/**/*.ts',
    // Translations: strings whose mutation no behaviour can notice beyond "the text differs".
    '!shared/mail/templates/**',
    // Types and interfaces only.
    '!shared/ports.ts',
    '!shared/sla/types.ts',
  ],
  coverageAnalysis: 'perTest',
  // Two cores shared with other work: one test process at a time unless told otherwise (--concurrency 2).
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  // Stryker rewrites tsconfig.json paths through the TypeScript compiler API, absent from TypeScript 7; our
  // tsconfig has no `extends` or `references` to rewrite, so it points the rewriter at a file that does not exist.
  tsconfigFile: 'tsconfig.stryker-none.json',
  ignorePatterns: ['dist', 'cdk.out', '.local', '.scratch', 'reports', 'bench/results', 'coverage'],
  timeoutMS: 20_000,
  thresholds: { high: 90, low: 85, break: null },
};
