/**
 * Bundles the `sla` CLI into one ESM file with esbuild: a bundle starts in a fraction of the time
 * the TypeScript loader needs, which is most of a short run. Used by `npm run sla`, `prepare` and the tests.
 */
import { build } from 'esbuild';

export async function buildCli(outfile = 'dist/sla.mjs'): Promise<string> {
  await build({
    entryPoints: [new URL('./sla.ts', import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    logLevel: 'warning',
    // date-holidays is CommonJS and calls require() at run time.
    banner: {
      js: "#!/usr/bin/env node\nimport{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
    },
  });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) await buildCli(process.argv[2]);
