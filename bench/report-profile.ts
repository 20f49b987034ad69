/**
 * Where `GET /reports/sla` spends its time as the tickets grow (issue 11's diagnosis), not part of `npm run bench`:
 * `npx tsx bench/report-profile.ts [1000,10000,30000]`. One in-memory local stack seeded to each size in turn;
 * per size, medians of 7 calls after 2 warm-ups: the report over HTTP, the store's two reads it makes
 * (`readAggregates` of 31 days, `overdueRunning`), and the same 31 raw queries with every attribute and with the
 * counters only, with the rows' attribute count and JSON size. If the raw query with every attribute costs
 * more than the counters-only one, the time goes into attributes (the store and the SDK pay per attribute).
 */
import { readFileSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { seedTickets } from '../local/seed.ts';
import { signatureHeaders } from '../local/sign.ts';
import { splitByDays } from '../shared/tickets/aggregates.ts';
import { seededMonth, startScaleStack } from './scale.ts';

const sizes = (process.argv[2] ?? '1000,10000,30000').split(',').map(Number);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function time(work: () => Promise<unknown>, runs = 7): Promise<number> {
  await work();
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return Math.round(median(samples) * 10) / 10;
}

const { stack, client, store } = await startScaleStack();
try {
  const now = new Date();
  const { from, to } = seededMonth(now);
  const { days } = splitByDays(from, to);
  const path = `/reports/sla?from=${from}&to=${to}`;
  const query = (day: string, projection?: string) =>
    client.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `AGG#${day}` } },
        ...(projection ? { ProjectionExpression: projection } : {}),
      }),
    );
  let seeded = 0;
  for (const [index, size] of sizes.entries()) {
    const started = performance.now();
    await seedTickets(
      { dynamodbEndpoint: stack.urls.dynamodb, tableName: stack.tableName },
      { tickets: size - seeded, months: 1, now, seed: index + 1 },
    );
    await stack.drainStreams();
    seeded = size;
    const seedSeconds = Math.round((performance.now() - started) / 100) / 10;
    const httpReportMs = await time(async () =>
      (
        await fetch(`${stack.urls.api}${path}`, {
          headers: { 'Content-Type': 'application/json', ...signatureHeaders(stack.secrets.webhook, 'GET', path) },
        })
      ).json(),
    );
    const readAggregatesMs = await time(() => store.readAggregates(days));
    const overdueRunningMs = await time(() => store.overdueRunning(new Date().toISOString(), from, to));
    const rawAllAttributesMs = await time(() => Promise.all(days.map((day) => query(day))));
    const rawCountersOnlyMs = await time(() =>
      Promise.all(days.map((day) => query(day, 'pk, sk, opened, met, breached, running, bestEffort'))),
    );
    const items = (await Promise.all(days.map((day) => query(day)))).flatMap((page) => page.Items ?? []);
    const attributes = items.reduce((sum, item) => sum + Object.keys(item).length, 0);
    console.log(
      JSON.stringify({
        size,
        seedSeconds,
        httpReportMs,
        readAggregatesMs,
        overdueRunningMs,
        rawAllAttributesMs,
        rawCountersOnlyMs,
        rows: items.length,
        attributesPerRow: Math.round(attributes / Math.max(1, items.length)),
        rowsJsonBytes: JSON.stringify(items).length,
        loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ')[0],
      }),
    );
  }
} finally {
  client.destroy();
  await stack.stop();
}
process.exit(0);
