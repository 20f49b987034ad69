/**
 * The scale section of `npm run bench` (DESIGN §11), also runnable alone: `npx tsx bench/scale.ts [--quick]`.
 * One local stack, one month of seeded tickets grown to 1 000, 10 000 and 100 000: the report's and the
 * first page's latency at each size as ratios to the 1 000 figure (goal ≤ 1.5× at 100 000), the report's
 * cost in read units (ReturnConsumedCapacity), the aggregates' lag behind a write, the sweeper's throughput.
 */
import { loadavg } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_REGION } from '../local/invoker.ts';
import { seedTickets } from '../local/seed.ts';
import { signatureHeaders } from '../local/sign.ts';
import { type LocalStack, startLocalStack } from '../local/stack.ts';
import { DynamoDbStore } from '../shared/adapters/dynamodb-store.ts';
import { policyInForce } from '../shared/policy/policy-in-force.ts';
import { targetCells } from '../shared/sla/objective.ts';
import { splitByDays } from '../shared/tickets/aggregates.ts';

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
  /** The machine's 1-minute load average when each size was timed and at the end (the figures are only as good as it). */
  loadAverage: Record<string, number>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function get(stack: LocalStack, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${stack.urls.api}${path}`, {
    headers: { 'Content-Type': 'application/json', ...signatureHeaders(stack.secrets.webhook, 'GET', path) },
  });
  return { status: response.status, body: await response.json() };
}

async function timed(work: () => Promise<{ status: number }>, runs: number): Promise<number> {
  const samples: number[] = [];
  // Unmeasured calls first: the first size would otherwise pay the JIT and connection warm-up alone (with
  // two, the 1 000 size was still the slowest of the three in two runs out of two).
  for (let i = 0; i < 5; i++) await work();
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const { status } = await work();
    if (status !== 200) throw new Error(`bench request failed with ${status}`);
    samples.push(performance.now() - started);
  }
  return round(median(samples));
}

/** An in-memory local stack with no timers running, a raw DynamoDB client on it and the project's store. */
export async function startScaleStack(): Promise<{ stack: LocalStack; client: DynamoDBClient; store: DynamoDbStore }> {
  const stack = await startLocalStack({
    inMemory: true,
    ports: { api: 0, dynamodb: 0, ses: 0, scheduler: 0 },
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

export async function runScaleBenchmark(
  options: { sizes?: number[]; runs?: number; log?: (line: string) => void } = {},
): Promise<ScaleFigures> {
  const sizes = options.sizes ?? [1_000, 10_000, 100_000];
  const runs = options.runs ?? 7;
  const log = options.log ?? (() => {});
  const { stack, client, store } = await startScaleStack();
  try {
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
    };
    let seeded = 0;
    for (const [index, size] of sizes.entries()) {
      log(`scale: seeding to ${size} tickets…`);
      const started = performance.now();
      await seedTickets(
        { dynamodbEndpoint: stack.urls.dynamodb, tableName: stack.tableName },
        { tickets: size - seeded, months: 1, now, seed: index + 1 },
      );
      await stack.drainStreams();
      figures.seedSeconds[size] = round((performance.now() - started) / 1000);
      seeded = size;
      figures.reportMs[size] = await timed(() => get(stack, `/reports/sla?from=${from}&to=${to}`), runs);
      figures.firstPageMs[size] = await timed(() => get(stack, '/tickets?state=running&limit=50'), runs);
      const consumed = { units: 0 };
      await Promise.all([
        store.readAggregates(splitByDays(from, to).days, consumed),
        store.overdueRunning(now.toISOString(), from, to, consumed),
      ]);
      figures.reportReadUnits[size] = round(consumed.units);
      figures.loadAverage[size] = round(loadavg()[0] as number);
    }
    const base = sizes[0] as number;
    for (const size of sizes) {
      figures.reportRatio[size] = round((figures.reportMs[size] as number) / (figures.reportMs[base] as number), 2);
      figures.firstPageRatio[size] = round(
        (figures.firstPageMs[size] as number) / (figures.firstPageMs[base] as number),
        2,
      );
    }

    log('scale: aggregates lag behind a write…');
    // A ticket's write → the aggregator (through the stream poller, as in `npm start`) → its day's row.
    const lags: number[] = [];
    const account = {
      name: 'Bench',
      program: 'production',
      contractExpiresAt: '2030-12-31',
      timezone: 'Europe/Paris',
      region: 'emea',
      language: 'fr',
      holidays: {},
      caseAdministrators: ['admin@bench.example'],
    };
    const put = JSON.stringify(account);
    await fetch(`${stack.urls.api}/accounts/BENCH`, {
      method: 'PUT',
      headers: {
        'Content-Type': 'application/json',
        ...signatureHeaders(stack.secrets.admin, 'PUT', '/accounts/BENCH', put),
      },
      body: put,
    });
    const today = now.toISOString().slice(0, 10);
    const openedToday = async () =>
      (await store.readAggregates([today]))
        .filter((row) => row.program === 'production')
        .reduce((sum, row) => sum + row.counts.opened, 0);
    for (let i = 0; i < 10; i++) {
      const before = await openedToday();
      const body = JSON.stringify({
        supportId: 'BENCH',
        openedBy: { email: 'admin@bench.example' },
        severity: 2,
        product: 'Gateway',
        subject: `lag ${i}`,
        channel: 'web',
        externalId: `lag-${i}-${now.getTime()}`,
      });
      const started = performance.now();
      await fetch(`${stack.urls.api}/tickets`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...signatureHeaders(stack.secrets.webhook, 'POST', '/tickets', body),
        },
        body,
      });
      while ((await openedToday()) === before) await new Promise((resolve) => setTimeout(resolve, 10));
      lags.push(performance.now() - started);
    }
    figures.aggregateLagMs = { p50: round(median(lags)), max: round(Math.max(...lags)), samples: lags.length };

    log('scale: sweeper throughput…');
    // Seeded running tickets past their warning have a warning due: the sweeper sends them, a bounded run at a time.
    const started = performance.now();
    let handled = 0;
    for (let run = 0; run < 5; run++) {
      handled += ((await stack.invoker.invoke('sweeper', {})) as { handled: number }).handled;
    }
    const seconds = (performance.now() - started) / 1000;
    figures.sweeper = { handled, seconds: round(seconds), perSec: round(handled / seconds) };
    figures.loadAverage.end = round(loadavg()[0] as number);
    return figures;
  } finally {
    client.destroy();
    await stack.stop();
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
