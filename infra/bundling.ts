/**
 * The esbuild options every Lambda bundle is built with, in one place: SlaFunction hands them to
 * NodejsFunction and `measure-bundles.ts` to esbuild's JS API, so the measured bundle is the deployed one.
 */

import { join } from 'node:path';

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
  /** Nothing external: the AWS SDK v3 is bundled and tree-shaken. */
  external: [] as string[],
} as const;

/**
 * Data folders every bundle carries beside its `index.mjs`, from the repository root: the holiday tables
 * (bin/build-holidays.ts), read on demand by `shared/time/holiday-tables.ts` at the same relative URL.
 */
export const bundleFolders = [{ from: 'shared/time/holiday-tables', to: 'holiday-tables' }] as const;

/** Shell commands that copy the data folders into a bundle's output directory (CDK's `afterBundling`). */
export function copyBundleFolders(projectRoot: string, outputDir: string): string[] {
  return bundleFolders.map(({ from, to }) => `cp -R "${join(projectRoot, from)}" "${join(outputDir, to)}"`);
}

/** Whether a bundle carries X-Ray tracing (infra/context.ts `tracing`). */
export type TracingMode = 'off' | 'active';

/**
 * Build-time constants: `process.env.SLA_TRACING` becomes a literal, so that esbuild drops the tracer's
 * import from a bundle built without tracing (shared/observability/tracing.ts).
 */
export function bundleDefine(tracing: TracingMode): Record<string, string> {
  return { 'process.env.SLA_TRACING': JSON.stringify(tracing) };
}
