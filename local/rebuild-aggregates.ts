/**
 * `npm run rebuild-aggregates [-- --check]` (DESIGN §11): recounts the report's daily rows from the tickets
 * (the opened index, month by month) and compares them with the rows the aggregator keeps. `--check` only
 * compares and exits 1 on a difference; without it, differing rows and contributions are rewritten to the
 * recount, then compared again to prove them equal. Run it with writes paused: a ticket written meanwhile
 * is counted by the aggregator and by the recount, and shows as a difference until the next run.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contributionItem, DynamoDbStore, updateAggregateRow } from '../shared/adapters/dynamodb-store.ts';
import { policyInForce } from '../shared/policy/policy-in-force.ts';
import { targetCells } from '../shared/sla/objective.ts';
import { type AggregateRow, aggregate, contribution, rowKey, sortRows } from '../shared/tickets/aggregates.ts';
import { LOCAL_REGION } from './invoker.ts';
import { stackSettingsFromEnv } from './settings.ts';

export interface RebuildResult {
  tickets: number;
  rows: number;
  differences: string[];
  rewritten: number;
  equal: boolean;
}

const days = (from: Date, to: Date) => {
  const out: string[] = [];
  for (let day = from.getTime(); day < to.getTime(); day += 86_400_000)
    out.push(new Date(day).toISOString().slice(0, 10));
  return out;
};

const zero = () => ({ opened: 0, met: 0, breached: 0, running: 0, bestEffort: 0 });

function compare(stored: AggregateRow[], recount: AggregateRow[]): string[] {
  const canonical = (rows: AggregateRow[]) => new Map(sortRows(rows).map((row) => [rowKey(row), JSON.stringify(row)]));
  const a = canonical(stored);
  const b = canonical(recount);
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key)).sort();
}

/** Recounts the rows of tickets opened in [from, to) and, unless `check`, rewrites what differs. */
export async function rebuildAggregates(
  target: { dynamodbEndpoint: string; tableName: string },
  options: { from: Date; to: Date; check: boolean },
): Promise<RebuildResult> {
  const client = new DynamoDBClient({
    endpoint: target.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const store = new DynamoDbStore(client, target.tableName, { cells: targetCells(policyInForce) });
  try {
    const range = days(options.from, options.to);
    const tickets = await store.listOpenedBetween(options.from.toISOString(), options.to.toISOString());
    const recount = aggregate(tickets.map(contribution));
    let differences = compare(await store.readAggregates(range), recount);
    let rewritten = 0;
    if (!options.check && differences.length > 0) {
      const wanted = new Map(recount.map((row) => [rowKey(row), row]));
      const stored = new Map((await store.readAggregates(range)).map((row) => [rowKey(row), row]));
      for (const key of differences) {
        // A stored row the tickets do not explain is zeroed, as if none had been counted.
        const row = wanted.get(key) ?? { ...(stored.get(key) as AggregateRow), counts: zero(), buckets: {} };
        // Conditional on the row's version, in the packed layout (a row of the older layout is rewritten).
        await updateAggregateRow(documents, target.tableName, row, () => row);
      }
      const puts = tickets.map((ticket) => contributionItem(ticket.ticketId, ticket.revision, contribution(ticket)));
      for (let i = 0; i < puts.length; i += 25) {
        let requests = puts.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          const { UnprocessedItems } = await documents.send(
            new BatchWriteCommand({ RequestItems: { [target.tableName]: requests } }),
          );
          requests = (UnprocessedItems?.[target.tableName] ?? []) as typeof requests;
        }
      }
      rewritten = differences.length;
      differences = compare(await store.readAggregates(range), recount);
    }
    return { tickets: tickets.length, rows: recount.length, differences, rewritten, equal: differences.length === 0 };
  } finally {
    client.destroy();
  }
}

async function main() {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, months: { type: 'string', default: '13' } },
  });
  const months = Number(values.months);
  if (!Number.isInteger(months) || months < 1) throw new Error('--months M: a whole number ≥ 1');
  const { ports } = stackSettingsFromEnv();
  const to = new Date(`${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T00:00:00.000Z`);
  const from = new Date(to.getTime() - months * 31 * 86_400_000);
  const result = await rebuildAggregates(
    { dynamodbEndpoint: `http://127.0.0.1:${ports.dynamodb}`, tableName: process.env.SLA_TABLE_NAME ?? 'sla-monitor' },
    { from, to, check: values.check ?? false },
  );
  console.log(JSON.stringify({ ...result, differences: result.differences.slice(0, 20) }));
  if (!result.equal) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
