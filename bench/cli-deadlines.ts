/**
 * Whole-process speed of `sla deadlines` through the package's `bin` (dist/sla.mjs, built as `prepare`
 * builds it), in one run:
 * - on UTC cases of the `basic` program against a moment-business-time script (bench/moment-deadlines.mjs,
 *   08–20, addWorkingTime, TZ=UTC), both whole processes, every deadline compared;
 * - on cases with zones and holidays (bench/cases.ts) against the fastest peer that can express them,
 *   the peers timed in-process on their computation alone (bench/rules-peers.ts), which favours them.
 * Run: `npx tsx bench/cli-deadlines.ts [count]` (default 200 000).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../bin/build-cli.ts';
import { random } from '../local/random.ts';
import { loadPolicy } from '../shared/policy/load-policy.ts';
import { makeCases } from './cases.ts';
import { peerNames } from './rules-peer-worker.ts';
import { type PreparedCase, prepareCases, runPeerWorker } from './rules-peers.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const targets = { 1: 120, 2: 480, 3: 720, 4: 1440 } as const;

export interface CliResult {
  cases: number;
  utc: {
    cliSeconds: number;
    momentSeconds: number;
    cliPerSec: number;
    momentPerSec: number;
    ratio: number;
    cliCpuSeconds: number;
    momentCpuSeconds: number;
    /** The same ratio in CPU time, which the machine's load disturbs less. */
    cpuRatio: number;
    /** Deadlines that differ between the CLI and moment-business-time. */
    differences: number;
  };
  zonesAndHolidays: {
    cliSeconds: number;
    cliPerSec: number;
    /** Each peer's computation alone, in-process (configuration and start-up excluded). */
    peersPerSec: Record<string, number>;
    fastestPeer: string;
    ratioToFastestPeer: number;
    errors: number;
  };
  load: { before: number[]; after: number[] };
  note: string;
}

/**
 * Runs a shell command on a file as stdin: wall seconds, CPU seconds (user + system, from the shell's
 * `times`: on a loaded machine the CPU a process used says more than the wall time it waited) and stdout lines.
 */
function wholeProcess(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
): { seconds: number; cpuSeconds: number; lines: string[] } {
  const started = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', `${command}; status=$?; times >&2; exit $status`], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env,
    cwd: root,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  // `times` prints the shell's own times, then its children's: "0m1.234s 0m0.056s".
  const children = result.stderr.trim().split('\n').at(-1) ?? '';
  const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, [, minutes, secs]) => sum + Number(minutes) * 60 + Number(secs),
    0,
  );
  return { seconds, cpuSeconds, lines: result.stdout.trimEnd().split('\n') };
}

/** Minute-aligned UTC openings on the `basic` program, seeded. */
function utcCases(count: number): { program: 'basic'; severity: 1 | 2 | 3 | 4; opened: string; tz: 'UTC' }[] {
  const next = random(2026);
  const start = Date.UTC(2026, 0, 1) / 60_000;
  const span = Date.UTC(2028, 0, 1) / 60_000 - start;
  return Array.from({ length: count }, () => ({
    program: 'basic' as const,
    severity: (1 + Math.floor(next() * 4)) as 1 | 2 | 3 | 4,
    opened: new Date((start + Math.floor(next() * span)) * 60_000).toISOString(),
    tz: 'UTC' as const,
  }));
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export async function measureCliDeadlines(count = 200_000): Promise<CliResult> {
  const before = loadavg().map(round1);
  const cli = await buildCli();
  const dir = mkdtempSync(join(tmpdir(), 'sla-bench-'));
  try {
    const utc = utcCases(count);
    const ours = join(dir, 'utc.jsonl');
    const peer = join(dir, 'utc-moment.jsonl');
    writeFileSync(ours, `${utc.map((c) => JSON.stringify(c)).join('\n')}\n`);
    writeFileSync(
      peer,
      `${utc.map((c) => JSON.stringify({ opened: c.opened, minutes: targets[c.severity] })).join('\n')}\n`,
    );
    const cliRun = wholeProcess(`"${process.execPath}" "${cli}" deadlines < "${ours}"`);
    const momentRun = wholeProcess(`"${process.execPath}" bench/moment-deadlines.mjs < "${peer}"`, {
      ...process.env,
      TZ: 'UTC',
    });
    if (cliRun.lines.length !== count || momentRun.lines.length !== count) {
      throw new Error(`expected ${count} answers, got ${cliRun.lines.length} and ${momentRun.lines.length}`);
    }
    let differences = 0;
    cliRun.lines.forEach((line, i) => {
      if ((JSON.parse(line) as { deadline: string }).deadline !== momentRun.lines[i]) differences++;
    });

    const zoned = makeCases(count, { businessOnly: true });
    const zonedFile = join(dir, 'zoned.jsonl');
    writeFileSync(zonedFile, `${zoned.map((c) => JSON.stringify(c)).join('\n')}\n`);
    const zonedRun = wholeProcess(`"${process.execPath}" "${cli}" deadlines < "${zonedFile}"`);
    const errors = zonedRun.lines.filter((line) => line.startsWith('{"error"')).length;
    const prepared = prepareCases(zoned, loadPolicy());
    const byZone = new Map<string, PreparedCase[]>();
    for (const item of prepared) {
      if (item.notExpressible) continue;
      byZone.set(item.source.tz, [...(byZone.get(item.source.tz) ?? []), item]);
    }
    const peersPerSec: Record<string, number> = {};
    for (const name of peerNames) {
      let ms = 0;
      let ran = 0;
      for (const [zone, items] of byZone) {
        const output = await runPeerWorker(name, zone, items);
        ms += output.computeMs;
        ran += items.length;
      }
      peersPerSec[name] = Math.round(ran / (ms / 1000));
    }
    const [fastestPeer, fastest] = Object.entries(peersPerSec).sort((a, b) => b[1] - a[1])[0] as [string, number];
    const cliPerSec = Math.round(count / zonedRun.seconds);
    return {
      cases: count,
      utc: {
        cliSeconds: Math.round(cliRun.seconds * 100) / 100,
        momentSeconds: Math.round(momentRun.seconds * 100) / 100,
        cliPerSec: Math.round(count / cliRun.seconds),
        momentPerSec: Math.round(count / momentRun.seconds),
        ratio: round1(momentRun.seconds / cliRun.seconds),
        cliCpuSeconds: Math.round(cliRun.cpuSeconds * 100) / 100,
        momentCpuSeconds: Math.round(momentRun.cpuSeconds * 100) / 100,
        cpuRatio: round1(momentRun.cpuSeconds / cliRun.cpuSeconds),
        differences,
      },
      zonesAndHolidays: {
        cliSeconds: Math.round(zonedRun.seconds * 100) / 100,
        cliPerSec,
        peersPerSec,
        fastestPeer,
        ratioToFastestPeer: round1(cliPerSec / fastest),
        errors,
      },
      load: { before, after: loadavg().map(round1) },
      note: 'whole processes on a shared 2-core machine: ratios are measured in one run, absolute figures vary with the load',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureCliDeadlines(Number(process.argv[2] ?? 200_000)), null, 2));
}
