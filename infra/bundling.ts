/**
 * The esbuild options every Lambda bundle is built with, in one place: SlaFunction hands them to
 * NodejsFunction and `measure-bundles.ts` to esbuild's JS API, so the measured bundle is the deployed one.
 */

/** Node's major version on Lambda (`nodejs24.x`), used as esbuild's target. */
export const nodeMajor = 24;

/** ESM output cannot `require`, yet some bundled CommonJS dependencies do: give the bundle a real one. */
export const esmRequireBanner =
  "import { createRequire as __slaCreateRequire } from 'node:module'; const require = __slaCreateRequire(import.meta.url);";

export const bundleOptions = {
  format: 'esm',
  platform: 'node',
  target: `node${nodeMajor}`,
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  keepNames: true,
  treeShaking: true,
  charset: 'utf8',
  /** Prefer the AWS SDK's and Powertools' ES module builds, which tree-shake. */
  mainFields: ['module', 'main'],
  banner: esmRequireBanner,
  /** Nothing external: the AWS SDK v3 and date-holidays are bundled and tree-shaken. */
  external: [] as string[],
} as const;
