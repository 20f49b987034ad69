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
  /**
   * The SDK's default credential chain becomes its environment-variables step (shared/adapters/lambda-credentials.ts):
   * Lambda always provides the role's credentials there. Paths from the repository root, esbuild's working directory.
   */
  alias: { '@aws-sdk/credential-provider-node': './shared/adapters/lambda-credentials.ts' } as Record<string, string>,
} as const;

/**
 * Data folders a bundle carries beside its `index.mjs`, from the repository root, each read on demand at the same
 * relative URL in the source and in the bundle: the holiday tables (bin/build-holidays.ts, read by
 * `shared/time/holiday-tables.ts`), in every bundle; the e-mail templates (bin/build-templates.ts, read by
 * `shared/mail/template-files.ts`), in the bundles of the functions granted `mail` only.
 */
export const bundleFolders = [
  { from: 'shared/time/holiday-tables', to: 'holiday-tables', only: undefined },
  { from: 'shared/mail/template-sets', to: 'template-sets', only: 'mail' },
] as const;

/** The data folders of a function with these grants (functions/registry.ts). */
export function bundleFoldersFor(grants: { mail: boolean }): (typeof bundleFolders)[number][] {
  return bundleFolders.filter(({ only }) => only === undefined || grants[only]);
}

/** Shell commands that copy a function's data folders into its bundle's output directory (CDK's `afterBundling`). */
export function copyBundleFolders(projectRoot: string, outputDir: string, grants: { mail: boolean }): string[] {
  return bundleFoldersFor(grants).map(({ from, to }) => `cp -R "${join(projectRoot, from)}" "${join(outputDir, to)}"`);
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
