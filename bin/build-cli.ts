/**
 * Bundles the `sla` CLI into one ESM file with esbuild: a bundle starts in a fraction of the time
 * the TypeScript loader needs, which is most of a short run. The holiday tables go beside it, where the
 * bundle reads the calendars it is asked about. Used by `prepare`, `npm run sla` when stale, and the tests.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleFoldersFor } from '../infra/bundling.ts';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));

export async function buildCli(outfile = join(projectRoot, 'dist/sla.mjs')): Promise<string> {
  const { metafile } = await build({
    entryPoints: [join(projectRoot, 'bin/sla.ts')],
    outfile,
    bundle: true,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    logLevel: 'warning',
    banner: { js: '#!/usr/bin/env node' },
  });
  const inputs = Object.keys(metafile.inputs).map((input) => relative(projectRoot, join(process.cwd(), input)));
  // The CLI computes deadlines and sends no mail: the holiday tables only.
  for (const { from, to } of bundleFoldersFor({ mail: false })) {
    const target = join(dirname(outfile), to);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    cpSync(join(projectRoot, from), target, { recursive: true });
    inputs.push(join(from, 'index.json'));
  }
  // What `bin/sla-when-fresh.mjs` compares with the bundle's age, so `npm run sla` rebuilds only when stale.
  writeFileSync(`${outfile}.inputs.json`, `${JSON.stringify(inputs)}\n`);
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) await buildCli(process.argv[2]);
