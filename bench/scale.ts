/**
 * The scale section of `npm run bench` (DESIGN §11), also runnable alone: `npx tsx bench/scale.ts [--quick]`.
 * One local stack per size, each in its own process (bench/scale-stack.ts), seeded side by side with one
 * month of 1 000, 10 000 and 100 000 tickets; then the report and the first page are timed round-robin
 * across the sizes (each round visits every size, starting at a different one), so warm-up and the
 * machine's load drift fall on every size alike: medians per size, as ratios to the 1 000 figure (goal
 * ≤ 1.5× at 100 000), the report's cost in read units (ReturnConsumedCapacity), and, on the largest stack,
 * the aggregates' lag behind a write and the sweeper's throughput.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_REGION } from '../local/invoker.ts';
import { signatureHeaders } from '../local/sign.ts';
import { type LocalStack, startLocalStack } from '../local/stack.ts';
import { DynamoDbStore } from '../shared/adapters/dynamodb-store.ts';
import { policyInForce } from '../shared/policy/policy-in-force.ts';
import { targetCells } from '../shared/sla/objective.ts';
import type { StackExtras, StackReady } from './scale-stack.ts';

export interface ScaleFigures {
  sizes: number[];
  seedSeconds: Record<string, number>;
  reportMs: Record<string, number>;
  firstPageMs: Record<string, number>;
  reportRatio: Record<string, number>;
  firstPageRatio: Record<string, number>;
  reportReadUnits: Record<string, number>;
  aggregateLagMs: { p50: number; max: number; samples: number };
  sweeper: { handled: number; seconds: number; perSec: number };
  /**
   * The machine's 1-minute load average: per size when its seeding ended, `timed` when the round-robin
   * timing started, `end` at the end (the figures are only as good as it).
   */
  loadAverage: Record<string, number>;
  /** Timed calls per size and endpoint (after `warmUp` unmeasured ones each), interleaved across the sizes. */
  samples: number;
  warmUp: number;
  /** The report's aggregate rows per size, and their bytes as the SDK receives them (JSON of the items). */
  reportRows: Record<string, number>;
  reportRowsBytes: Record<string, number>;
  /** Each size's samples' spread: the 25th and 75th percentile of the report's times. */
  reportIqrMs: Record<string, [number, number]>;
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] as number;

/** An in-memory local stack with no timers running, a raw DynamoDB client on it and the project's store. */
export async function startScaleStack(): Promise<{ stack: LocalStack; client: DynamoDBClient; store: DynamoDbStore }> {
  const stack = await startLocalStack({
    inMemory: true,
    ports: { api: 0, dynamodb: 0, ses: 0, scheduler: 0, board: 0 },
    schedulerPollMs: 0,
    env: { POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
  });
  const client = new DynamoDBClient({
    endpoint: stack.urls.dynamodb,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { stack, client, store: new DynamoDbStore(client, stack.tableName, { cells: targetCells(policyInForce) }) };
}

/** The month of seeded tickets, in whole UTC days up to today's midnight: the report reads one aggregate query per day. */
export function seededMonth(now: Date): { from: string; to: string } {
  const to = `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
  return { from: new Date(Date.parse(to) - 31 * 86_400_000).toISOString(), to };
}

/** A size's stack in its child process: its ready line, then its answers to `extras`. */
interface SizeStack {
  child: ChildProcessWithoutNullStreams;
  lines: Interface;
  ready: StackReady;
}

async function nextLine(lines: Interface, child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    const onLine = (line: string) => {
      if (!line.startsWith('{')) return;
      cleanup();
      resolve(line);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the scale stack exited with ${code} before answering`));
    };
    const cleanup = () => {
      lines.off('line', onLine);
      child.off('exit', onExit);
    };
    lines.on('line', onLine);
    child.on('exit', onExit);
  });
}

/** Starts a size's process and waits until its stack is up; `seeded` then resolves once it is seeded. */
async function startSize(
  size: number,
  seed: number,
  now: Date,
): Promise<{ child: ChildProcessWithoutNullStreams; seeded: Promise<SizeStack> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./scale-stack.ts', import.meta.url).pathname,
      String(size),
      String(seed),
      now.toISOString(),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  const lines = createInterface({ input: child.stdout });
  await nextLine(lines, child);
  const seeded = nextLine(lines, child).then((line) => ({ child, lines, ready: JSON.parse(line) as StackReady }));
  // Awaited below; a failure before then must not be an unhandled rejection.
  seeded.catch(() => {});
  return { child, seeded };
}

async function stopChild(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end('stop\n');
  await exited;
}

async function call(stack: SizeStack, path: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${stack.ready.api}${path}`, {
    headers: { 'Content-Type': 'application/json', ...signatureHeaders(stack.ready.webhookSecret, 'GET', path) },
  });
  await response.json();
  if (response.status !== 200) throw new Error(`bench request ${path} failed with ${response.status}`);
  return performance.now() - started;
}

export async function runScaleBenchmark(
  options: { sizes?: number[]; runs?: number; warmUp?: number; log?: (line: string) => void } = {},
): Promise<ScaleFigures> {
  const sizes = options.sizes ?? [1_000, 10_000, 100_000];
  const runs = options.runs ?? 21;
  const warmUp = options.warmUp ?? 5;
  const log = options.log ?? (() => {});
  const now = new Date();
  const { from, to } = seededMonth(now);
  const figures: ScaleFigures = {
    sizes,
    seedSeconds: {},
    reportMs: {},
    firstPageMs: {},
    reportRatio: {},
    firstPageRatio: {},
    reportReadUnits: {},
    aggregateLagMs: { p50: 0, max: 0, samples: 0 },
    sweeper: { handled: 0, seconds: 0, perSec: 0 },
    loadAverage: {},
    samples: runs,
    warmUp,
    reportRows: {},
    reportRowsBytes: {},
    reportIqrMs: {},
  };
  log(`scale: seeding ${sizes.join(', ')} tickets, one stack each, side by side…`);
  const children: ChildProcessWithoutNullStreams[] = [];
  try {
    // The stacks start one after another (JVMs starting side by side on a loaded machine miss their
    // timeouts), then, all up, seed side by side.
    const seeding: Promise<SizeStack>[] = [];
    for (const [index, size] of sizes.entries()) {
      // One retry: on a loaded machine a local service may miss its start-up timeout.
      const { child, seeded } = await startSize(size, index + 1, now).catch(() => startSize(size, index + 1, now));
      children.push(child);
      seeding.push(
        seeded.then((stack) => {
          figures.loadAverage[size] = round(loadavg()[0] as number);
          log(`scale: ${size} seeded in ${stack.ready.seedSeconds} s`);
          return stack;
        }),
      );
    }
    for (const child of children) child.stdin.write('seed\n');
    const stacks = await Promise.all(seeding);
    for (const { ready } of stacks) {
      figures.seedSeconds[ready.size] = ready.seedSeconds;
      figures.reportReadUnits[ready.size] = ready.reportReadUnits;
      figures.reportRows[ready.size] = ready.rows;
      figures.reportRowsBytes[ready.size] = ready.rowsBytes;
    }

    log(`scale: timing the report and the first page, ${runs} rounds across the sizes…`);
    figures.loadAverage.timed = round(loadavg()[0] as number);
    const reportPath = `/reports/sla?from=${from}&to=${to}`;
    const firstPagePath = '/tickets?state=running&limit=50';
    const report = new Map<number, number[]>(sizes.map((size) => [size, []]));
    const firstPage = new Map<number, number[]>(sizes.map((size) => [size, []]));
    for (let turn = -warmUp; turn < runs; turn++) {
      // Each round starts at another size, so no size is always the first (or last) one after a pause.
      const order = stacks.map((_, i) => stacks[(i + Math.max(0, turn)) % stacks.length] as SizeStack);
      for (const stack of order) {
        const ms = await call(stack, reportPath);
        if (turn >= 0) report.get(stack.ready.size)?.push(ms);
      }
      for (const stack of order) {
        const ms = await call(stack, firstPagePath);
        if (turn >= 0) firstPage.get(stack.ready.size)?.push(ms);
      }
    }
    for (const size of sizes) {
      const times = report.get(size) as number[];
      figures.reportMs[size] = round(median(times));
      figures.reportIqrMs[size] = [round(quantile(times, 0.25)), round(quantile(times, 0.75))];
      figures.firstPageMs[size] = round(median(firstPage.get(size) as number[]));
    }
    const base = sizes[0] as number;
    for (const size of sizes) {
      figures.reportRatio[size] = round((figures.reportMs[size] as number) / (figures.reportMs[base] as number), 2);
      figures.firstPageRatio[size] = round(
        (figures.firstPageMs[size] as number) / (figures.firstPageMs[base] as number),
        2,
      );
    }

    // The lag and the sweeper on the largest stack alone: the others are stopped first.
    const largest = stacks.at(-1) as SizeStack;
    for (const stack of stacks.slice(0, -1)) await stopChild(stack.child);
    log('scale: aggregates lag behind a write and sweeper throughput, on the largest stack…');
    largest.child.stdin.write('extras\n');
    const extras = JSON.parse(await nextLine(largest.lines, largest.child)) as StackExtras;
    figures.aggregateLagMs = extras.aggregateLagMs;
    figures.sweeper = extras.sweeper;
    figures.loadAverage.end = round(loadavg()[0] as number);
    return figures;
  } finally {
    await Promise.all(children.map(stopChild));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const figures = await runScaleBenchmark({
    sizes: quick ? [1_000, 3_000, 10_000] : undefined,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(JSON.stringify(figures, null, 2));
  process.exit(0);
}
