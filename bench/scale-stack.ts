/**
 * One size of the scale bench (bench/scale.ts) in its own process, since a process runs one local stack
 * (its handlers keep the first stack's settings): `node --import tsx bench/scale-stack.ts <size> <seed> <now>`.
 * Starts an in-memory local stack, seeds one month of `size` tickets, and prints one JSON line: the API's
 * URL, the webhook secret to sign calls with, the seeding time and the report's read units. The parent then
 * times its calls over HTTP. On stdin, `extras` measures the aggregates' lag and the sweeper and prints them
 * as a second JSON line; `stop`, the end of stdin or SIGTERM stops the stack and exits. Its first line,
 * `{"started":…}`, says the stack is up; it seeds when told `seed`.
 */
import { createInterface } from 'node:readline';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { seedTickets } from '../local/seed.ts';
import { signatureHeaders } from '../local/sign.ts';
import type { LocalStack } from '../local/stack.ts';
import { splitByDays } from '../shared/tickets/aggregates.ts';
import { median, round, seededMonth, startScaleStack } from './scale.ts';

export interface StackReady {
  size: number;
  api: string;
  webhookSecret: string;
  seedSeconds: number;
  reportReadUnits: number;
  /** The report's aggregate rows: how many, and their stored bytes as the SDK returns them (JSON of the items). */
  rows: number;
  rowsBytes: number;
}

export interface StackExtras {
  aggregateLagMs: { p50: number; max: number; samples: number };
  sweeper: { handled: number; seconds: number; perSec: number };
}

const [size, seed, nowText] = process.argv.slice(2);
const now = new Date(nowText as string);
const { from, to } = seededMonth(now);
const { stack, client, store } = await startScaleStack();
let stopping: Promise<void> | undefined;
const stop = () => {
  stopping ??= (async () => {
    client.destroy();
    await stack.stop();
    process.exit(0);
  })();
  return stopping;
};
// The parent gone (stdin closed) or killing us: the stack stops with us, its DynamoDB Local included.
process.once('SIGTERM', () => void stop());
const commands = createInterface({ input: process.stdin });
commands.once('close', () => void stop());
const waiting: ((line: string) => void)[] = [];
const queued: string[] = [];
commands.on('line', (line) => {
  const waiter = waiting.shift();
  if (waiter) waiter(line.trim());
  else queued.push(line.trim());
});
const nextCommand = () =>
  new Promise<string>((resolve) => {
    const line = queued.shift();
    if (line !== undefined) resolve(line);
    else waiting.push(resolve);
  });
// Started: the parent starts the next size's stack only now (several starting at once miss their
// timeouts), and tells every stack to seed once all are up.
console.log(JSON.stringify({ started: Number(size) }));
if ((await nextCommand()) !== 'seed') await stop();

const started = performance.now();
await seedTickets(
  { dynamodbEndpoint: stack.urls.dynamodb, tableName: stack.tableName },
  { tickets: Number(size), months: 1, now, seed: Number(seed) },
);
await stack.drainStreams();
const seedSeconds = round((performance.now() - started) / 1000);
const consumed = { units: 0 };
const [rows] = await Promise.all([
  store.readAggregates(splitByDays(from, to).days, consumed),
  store.overdueRunning(now.toISOString(), from, to, consumed),
]);
// The rows' size as they travel (the SDK's JSON of the items), one page per day as the report reads them.
const items: Record<string, unknown>[] = [];
for (const day of splitByDays(from, to).days) {
  const page = await client.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `AGG#${day}` } },
    }),
  );
  items.push(...(page.Items ?? []));
}
const ready: StackReady = {
  size: Number(size),
  api: stack.urls.api,
  webhookSecret: stack.secrets.webhook,
  seedSeconds,
  reportReadUnits: round(consumed.units),
  rows: rows.length,
  rowsBytes: JSON.stringify(items).length,
};
console.log(JSON.stringify(ready));

async function extras(stack: LocalStack): Promise<StackExtras> {
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
  const today = new Date().toISOString().slice(0, 10);
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
  // Seeded running tickets past their warning have a warning due: the sweeper sends them, a bounded run at a time.
  const started = performance.now();
  let handled = 0;
  for (let run = 0; run < 5; run++) {
    handled += ((await stack.invoker.invoke('sweeper', {})) as { handled: number }).handled;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    aggregateLagMs: { p50: round(median(lags)), max: round(Math.max(...lags)), samples: lags.length },
    sweeper: { handled, seconds: round(seconds), perSec: round(handled / seconds) },
  };
}

for (;;) {
  const command = await nextCommand();
  if (command === 'extras') console.log(JSON.stringify(await extras(stack)));
  else if (command === 'stop') await stop();
}
