/**
 * Scale (DESIGN §11) on the local stack, real DynamoDB Local and its stream: the aggregates equal a recount
 * from the tickets after random interleavings of stream records (redelivered, out of order); the report
 * from aggregates equals the report recounted from the tickets, cell by cell, with many tickets a cell;
 * pages of open tickets never repeat or skip one while tickets are being written; forged cursors are a 400;
 * the sweeper backs off a poisoned ticket instead of failing on it every run.
 */
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCAL_REGION } from '../../local/invoker.ts';
import { rebuildAggregates } from '../../local/rebuild-aggregates.ts';
import { seedTickets } from '../../local/seed.ts';
import { DynamoDbStore, ticketItem } from '../../shared/adapters/dynamodb-store.ts';
import { policyInForce } from '../../shared/policy/policy-in-force.ts';
import { targetCells } from '../../shared/sla/objective.ts';
import { aggregate, contribution, type RowDelta, unpackHistogram } from '../../shared/tickets/aggregates.ts';
import { slaReport } from '../../shared/tickets/report.ts';
import type { Ticket } from '../../shared/tickets/ticket.ts';
import { manualClock } from '../../shared/time/clock.ts';
import { openTicket, putAccount, type TicketJson } from '../support/fixtures.ts';
import { signedFetch, useLocalStack } from '../support/local-stack.ts';

const clock = manualClock('2026-12-02T12:00:00Z');
const local = useLocalStack({ clock });

let client: DynamoDBClient | undefined;
function store() {
  client ??= new DynamoDBClient({
    endpoint: local.stack.urls.dynamodb,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { client, store: new DynamoDbStore(client, local.stack.tableName, { cells: targetCells(policyInForce) }) };
}
const target = () => ({ dynamodbEndpoint: local.stack.urls.dynamodb, tableName: local.stack.tableName });

interface Page {
  state: string;
  count: number;
  tickets: { ticketId: string; program: string; severity: number; sla: { deadline: string; state: string } }[];
  nextCursor: string | null;
}

async function allPages(query: string, limit: number, between?: () => Promise<void>) {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const path: string = `/tickets?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await signedFetch<Page>(local.stack, 'GET', path);
    expect(response.status, response.text).toBe(200);
    pages.push(response.json);
    cursor = response.json.nextCursor;
    if (between) await between();
  } while (cursor !== null);
  return pages;
}

// First, on an empty table: only the poisoned ticket is due, so each run sees it.
describe('the sweeper', () => {
  it('backs off a poisoned ticket instead of failing on it every run, and counts it as poisoned', async () => {
    const { client: dynamodb } = store();
    // A real poisoned item: due long ago, but without the SLA every decision reads, so handling it throws.
    await dynamodb.send(
      new PutItemCommand({
        TableName: local.stack.tableName,
        Item: marshall({
          pk: 'TICKET#poisoned',
          sk: 'TICKET',
          type: 'ticket',
          ticketId: 'poisoned',
          revision: 1,
          outbox: [],
          gsi2pk: 'DUE#0',
          gsi2sk: '2026-01-01T00:00:00.000Z#poisoned',
        }),
      }),
    );
    const sweep = async () =>
      (await local.stack.invoker.invoke('sweeper', {})) as { failed: number; skipped: number; poisoned: number };
    const first = await sweep();
    expect(first.failed).toBeGreaterThanOrEqual(1);
    const again = await sweep();
    // Backing off: the poisoned ticket takes no slot in the very next run.
    expect(again).toMatchObject({ failed: 0, poisoned: 0 });
    expect(again.skipped).toBeGreaterThanOrEqual(1);
    clock.advance(61_000);
    expect((await sweep()).failed).toBe(1);
    clock.advance(121_000);
    expect(await sweep()).toMatchObject({ failed: 1, poisoned: 1 });
  });
});

describe('the report reads aggregates that equal a recount from the tickets', () => {
  it('cell by cell, with many tickets per program × severity, for whole days and partial ones', {
    timeout: 300_000,
  }, async () => {
    // Two months of tickets before now; the stream poller skips what the seed already counted.
    await seedTickets(target(), { tickets: 1500, months: 2, now: clock(), seed: 42 });
    await local.stack.drainStreams();
    const { store: tickets } = store();
    for (const [from, to] of [
      ['2026-10-05T00:00:00.000Z', '2026-12-02T00:00:00.000Z'],
      ['2026-10-05T07:30:00.000Z', '2026-12-02T12:00:00.000Z'],
    ] as const) {
      const response = await signedFetch<{ rows: ReturnType<typeof slaReport> }>(
        local.stack,
        'GET',
        `/reports/sla?from=${from}&to=${to}`,
      );
      expect(response.status, response.text).toBe(200);
      const recount = slaReport(await tickets.listOpenedBetween(from, to), clock().toISOString());
      expect(recount.some((row) => row.opened >= 100)).toBe(true);
      const counts = (rows: ReturnType<typeof slaReport>) =>
        rows.map(({ p50ResponseMinutes: _p50, p90ResponseMinutes: _p90, ...rest }) => rest);
      expect(counts(response.json.rows)).toEqual(counts(recount));
      for (const [index, row] of response.json.rows.entries()) {
        const exact = recount[index] as (typeof recount)[number];
        expect(row.metPercent).toBe(
          row.met + row.breached === 0 ? null : Math.round((row.met / (row.met + row.breached)) * 1000) / 10,
        );
        for (const key of ['p50ResponseMinutes', 'p90ResponseMinutes'] as const) {
          if (exact[key] === null) expect(row[key]).toBeNull();
          else
            expect(Math.abs((row[key] as number) - (exact[key] as number))).toBeLessThanOrEqual(
              (exact[key] as number) * 0.005 + 0.005,
            );
        }
        // Percentiles of many tickets: p90 is not p50, so the report does not merge them into one figure.
        if (exact.p50ResponseMinutes !== null && exact.p90ResponseMinutes !== exact.p50ResponseMinutes) {
          expect(row.p90ResponseMinutes).toBeGreaterThan(row.p50ResponseMinutes as number);
        }
      }
    }
  });

  it('after random interleavings of redelivered and out-of-order stream records (fast-check)', {
    timeout: 120_000,
  }, async () => {
    const { store: tickets } = store();
    const [seeded] = await tickets.listOpenedBetween('2026-11-10T00:00:00.000Z', '2026-11-11T00:00:00.000Z');
    if (!seeded) throw new Error('the seed opened no ticket on 2026-11-10');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        // Per ticket, a few revisions: severity, outcome and response minutes change from one to the next.
        fc.array(
          fc.array(
            fc.record({
              severity: fc.constantFrom(1, 2, 3, 4),
              state: fc.constantFrom('running', 'met', 'breached', 'best_effort'),
              minutes: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: null }),
            }),
            { minLength: 1, maxLength: 4 },
          ),
          { minLength: 1, maxLength: 6 },
        ),
        // The delivery: every record at least once, some twice, in a random order, in random batches.
        fc.infiniteStream(fc.nat()),
        async (histories, choices) => {
          run += 1;
          const day = `2031-01-${String(run).padStart(2, '0')}`;
          const revisions: Ticket[][] = histories.map((history, t) =>
            history.map((step, r) => ({
              ...seeded,
              ticketId: `prop-${run}-${t}`,
              openedAt: `${day}T10:00:00.000Z`,
              severity: step.severity as Ticket['severity'],
              sla: { ...seeded.sla, state: step.state as Ticket['sla']['state'], elapsedMinutes: step.minutes },
              revision: r + 1,
            })),
          );
          const values = choices[Symbol.iterator]();
          const nextNat = () => values.next().value as number;
          const records = revisions.flat().flatMap((ticket) => (nextNat() % 3 === 0 ? [ticket, ticket] : [ticket]));
          for (let i = records.length - 1; i > 0; i--) {
            const j = nextNat() % (i + 1);
            [records[i], records[j]] = [records[j] as Ticket, records[i] as Ticket];
          }
          let sequence = 0;
          while (records.length > 0) {
            const batch = records.splice(0, 1 + (nextNat() % 5));
            const response = (await local.stack.invoker.invoke('aggregator', {
              Records: batch.map((ticket, index) => ({
                eventID: `e${sequence + index}`,
                eventName: 'MODIFY',
                eventSource: 'aws:dynamodb',
                dynamodb: {
                  SequenceNumber: String(sequence + index + 1),
                  NewImage: marshall(ticketItem(ticket), { removeUndefinedValues: true }),
                },
              })),
            })) as { batchItemFailures: unknown[] };
            sequence += batch.length;
            expect(response.batchItemFailures).toEqual([]);
          }
          const latest = revisions.map((history) => contribution(history.at(-1) as Ticket));
          expect(await tickets.readAggregates([day])).toEqual(
            expect.arrayContaining(aggregate(latest).map((row) => expect.objectContaining(row))),
          );
          expect((await tickets.readAggregates([day])).filter((row) => row.counts.opened > 0)).toHaveLength(
            aggregate(latest).filter((row) => row.counts.opened > 0).length,
          );
        },
      ),
      { seed: 20261202, numRuns: 12 },
    );
  });
});

describe('aggregate rows written by several processes at once', () => {
  it('stay exact: two aggregators racing on the same tickets and rows, and the seed adding to them', {
    timeout: 120_000,
  }, async () => {
    const { client: dynamodb, store: tickets } = store();
    const [seeded] = await tickets.listOpenedBetween('2026-11-10T00:00:00.000Z', '2026-11-11T00:00:00.000Z');
    if (!seeded) throw new Error('the seed opened no ticket on 2026-11-10');
    // Two stores are two processes (two Lambda instances, or the seed): nothing in memory serialises them,
    // only the rows' versions and the contributions' revisions.
    const cells = targetCells(policyInForce);
    const [one, two, seeder] = [0, 1, 2].map(() => new DynamoDbStore(dynamodb, local.stack.tableName, { cells }));
    const day = '2032-02-02';
    const revisions = Array.from({ length: 24 }, (_, t) =>
      [1, 2, 3].map(
        (revision): Ticket => ({
          ...seeded,
          ticketId: `race-${t}`,
          openedAt: `${day}T09:00:00.000Z`,
          severity: (revision === 3 && t % 2 === 0 ? 3 : 2) as Ticket['severity'],
          sla: {
            ...seeded.sla,
            state: revision === 1 ? 'running' : t % 3 === 0 ? 'breached' : 'met',
            elapsedMinutes: revision === 1 ? null : 5 + ((t * 37 + revision) % 400),
          },
          revision,
        }),
      ),
    );
    const extra: RowDelta = {
      day,
      program: seeded.program,
      severity: 2,
      counts: { opened: 1, met: 1 },
      buckets: { '7': 1 },
    };
    // Every revision through both aggregators, the newest ones first for half the tickets, all at once.
    await Promise.all([
      ...revisions.flatMap((history, t) =>
        (t % 2 === 0 ? history : [...history].reverse()).flatMap((ticket) => [
          (one as DynamoDbStore).applyToAggregates(ticket),
          (two as DynamoDbStore).applyToAggregates(ticket),
        ]),
      ),
      ...Array.from({ length: 6 }, () => (seeder as DynamoDbStore).addToAggregates([extra])),
    ]);
    const latest = aggregate(revisions.map((history) => contribution(history.at(-1) as Ticket)));
    // The expected rows: the latest contributions, plus what the seed added six times.
    const expected = latest.map((row) =>
      row.severity === 2
        ? {
            ...row,
            counts: { ...row.counts, opened: row.counts.opened + 6, met: row.counts.met + 6 },
            buckets: Object.fromEntries(
              Object.entries({ ...row.buckets, '7': (row.buckets['7'] ?? 0) + 6 }).sort(
                ([a], [b]) => Number(a) - Number(b),
              ),
            ),
          }
        : row,
    );
    const stored = (await tickets.readAggregates([day])).sort((a, b) => a.severity - b.severity);
    expect(stored.map(({ counts, buckets, severity }) => ({ severity, counts, buckets }))).toEqual(
      expected.map(({ counts, buckets, severity }) => ({ severity, counts, buckets })),
    );
  });

  it.each([
    ['one attribute per bucket, no version', '2032-03-03', { m_12: 2, 'm_1.5': 1 }],
    ['a text histogram', '2032-03-04', { histogram: '1.5:1 12:2', version: 4 }],
  ])('read rows of an older layout (%s) and rewrite them in the packed one', async (_layout, day, histogram) => {
    const { client: dynamodb, store: tickets } = store();
    const [seeded] = await tickets.listOpenedBetween('2026-11-10T00:00:00.000Z', '2026-11-11T00:00:00.000Z');
    if (!seeded) throw new Error('the seed opened no ticket on 2026-11-10');
    // A row as an earlier version wrote it: counters and its histogram in that layout.
    await dynamodb.send(
      new PutItemCommand({
        TableName: local.stack.tableName,
        Item: marshall({
          pk: `AGG#${day}`,
          sk: `${seeded.program}#2`,
          type: 'aggregate',
          day,
          program: seeded.program,
          severity: 2,
          opened: 3,
          met: 3,
          breached: 0,
          running: 0,
          bestEffort: 0,
          ...histogram,
        }),
      }),
    );
    const legacy = { opened: 3, met: 3, breached: 0, running: 0, bestEffort: 0 };
    expect(await tickets.readAggregates([day])).toEqual([
      { day, program: seeded.program, severity: 2, counts: legacy, buckets: { '1.5': 1, '12': 2 } },
    ]);
    await tickets.applyToAggregates({
      ...seeded,
      ticketId: `legacy-row-${day}`,
      openedAt: `${day}T08:00:00.000Z`,
      severity: 2,
      sla: { ...seeded.sla, state: 'met', elapsedMinutes: 12 },
      revision: 1,
    });
    expect(await tickets.readAggregates([day])).toEqual([
      {
        day,
        program: seeded.program,
        severity: 2,
        counts: { ...legacy, opened: 4, met: 4 },
        buckets: { '1.5': 1, '12': 3 },
      },
    ]);
    const { Items } = await dynamodb.send(
      new QueryCommand({
        TableName: local.stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': `AGG#${day}` }),
      }),
    );
    const item = unmarshall(Items?.[0] ?? {});
    expect(Object.keys(item).filter((name) => name.startsWith('m_') || name === 'histogram')).toEqual([]);
    expect(item).toMatchObject({ version: 'version' in histogram ? histogram.version + 1 : 1 });
    expect(item.hist).toBeInstanceOf(Uint8Array);
    expect(unpackHistogram(item.hist)).toEqual({ '1.5': 1, '12': 3 });
  });
});

describe('npm run rebuild-aggregates', () => {
  it('proves the rows equal a recount from the tickets, and repairs a row that drifted', {
    timeout: 120_000,
  }, async () => {
    const range = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-12-03T00:00:00Z') };
    await local.stack.drainStreams();
    expect(await rebuildAggregates(target(), { ...range, check: true })).toMatchObject({
      equal: true,
      differences: [],
    });
    const { store: tickets } = store();
    await tickets.addToAggregates([
      { day: '2026-11-10', program: 'basic', severity: 3, counts: { opened: 1 }, buckets: {} },
    ]);
    expect(await rebuildAggregates(target(), { ...range, check: true })).toMatchObject({
      equal: false,
      differences: ['2026-11-10|basic|3'],
    });
    expect(await rebuildAggregates(target(), { ...range, check: false })).toMatchObject({ equal: true, rewritten: 1 });
  });
});

describe('pages of open tickets', () => {
  /** Opens `count` running tickets through the store, with deadlines spread over the next `hours`. */
  let opened = 0;
  async function openRunning(count: number, hours: number) {
    const { store: tickets } = store();
    const [template] = await tickets.listOpenedBetween('2026-11-10T00:00:00.000Z', '2026-11-11T00:00:00.000Z');
    if (!template) throw new Error('the seed opened no ticket on 2026-11-10');
    for (let i = 0; i < count; i++) {
      opened += 1;
      const deadline = new Date(clock().getTime() + ((opened * 7919) % (hours * 60)) * 60_000 + 60_000);
      await tickets.createTicket(
        {
          ...template,
          ticketId: `page-${opened}`,
          status: 'awaiting_response',
          openedAt: new Date(clock().getTime() - 60_000).toISOString(),
          sla: {
            ...template.sla,
            state: 'running',
            deadline: deadline.toISOString(),
            respondedAt: null,
            elapsedMinutes: null,
          },
          closedAt: null,
          outbox: [],
          revision: 1,
        },
        [],
      );
    }
  }

  it('never repeat or skip a ticket while tickets are being written, in deadline order', {
    timeout: 120_000,
  }, async () => {
    await openRunning(40, 48);
    const before = (await allPages('state=running', 500)).flatMap((page) => page.tickets);
    expect(before.length).toBeGreaterThan(40);
    const pages = await allPages('state=running', 7, async () => {
      // New tickets land between pages: before, among and after the ones already listed.
      await openRunning(3, 48);
    });
    const listed = pages.flatMap((page) => page.tickets);
    const ids = listed.map((ticket) => ticket.ticketId);
    expect(new Set(ids).size).toBe(ids.length);
    // Nothing listed before was closed or answered meanwhile, so every one of them is on a page.
    expect(ids).toEqual(expect.arrayContaining(before.map((ticket) => ticket.ticketId)));
    const deadlines = listed.map((ticket) => ticket.sla.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    expect(pages.every((page) => page.count === page.tickets.length && page.count <= 7)).toBe(true);
    expect(pages.at(-1)?.nextCursor).toBeNull();
  });

  it('filter by program and severity, and list breached tickets from the state index', async () => {
    const filtered = (await allPages('state=running&program=basic&severity=3', 5)).flatMap((page) => page.tickets);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((ticket) => ticket.program === 'basic' && ticket.severity === 3)).toBe(true);
    const breached = (await allPages('state=breached', 50)).flatMap((page) => page.tickets);
    expect(breached.length).toBeGreaterThan(0);
    expect(breached.every((ticket) => ticket.sla.deadline < clock().toISOString())).toBe(true);
    const breachedIds = breached.map((ticket) => ticket.ticketId);
    expect(new Set(breachedIds).size).toBe(breachedIds.length);
  });

  it('refuse a tampered, forged or misplaced cursor and a limit over 500 with a 400 naming the field', async () => {
    const first = await signedFetch<Page>(local.stack, 'GET', '/tickets?state=running&limit=2');
    const cursor = first.json.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const [payload, mac] = cursor.split('.') as [string, string];
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...body, after: '0000' })).toString('base64url')}.${mac}`;
    for (const [path, field] of [
      [`/tickets?state=running&cursor=${encodeURIComponent(forged)}`, 'cursor'],
      [`/tickets?state=running&cursor=${encodeURIComponent(`${cursor}x`)}`, 'cursor'],
      [`/tickets?state=running&cursor=not-a-cursor`, 'cursor'],
      [`/tickets?state=breached&cursor=${encodeURIComponent(cursor)}`, 'cursor'],
      [`/tickets?state=running&program=basic&cursor=${encodeURIComponent(cursor)}`, 'cursor'],
      ['/tickets?state=running&limit=501', 'limit'],
      ['/tickets?state=running&limit=0', 'limit'],
    ] as const) {
      const response = await signedFetch<{ error: string; details: { field: string }[] }>(local.stack, 'GET', path);
      expect(response.status, path).toBe(400);
      expect(response.json.error).toBe('invalid_request');
      expect(response.json.details.map((detail) => detail.field)).toContain(field);
    }
  });
});

describe('a ticket closed without a response', () => {
  it('counts as breached if closed past its deadline, and as neither met nor breached if closed before it', async () => {
    // A day of its own, after everything else in this file: only these two tickets opened on it.
    clock.set('2026-12-04T09:00:00Z');
    await putAccount(local.stack, 'CLOSED-UNANSWERED', 'premier');
    const inTime = await openTicket(local.stack, 'CLOSED-UNANSWERED', { severity: 2 });
    const late = await openTicket(local.stack, 'CLOSED-UNANSWERED', { severity: 2 });
    const close = (ticket: TicketJson) =>
      signedFetch<TicketJson>(local.stack, 'POST', `/tickets/${ticket.ticketId}/close`, {
        by: 'engineer@vendor.example',
        resolution: 'duplicate',
      });
    expect((await close(inTime)).json.sla.state).toBe('running');
    clock.set(new Date(Date.parse(late.sla.deadline as string) + 60_000));
    expect((await close(late)).json.sla.state).toBe('breached');
    await local.stack.drainStreams();
    // Well past both deadlines: the ticket closed in time was never breached (no timer, no alert), so it
    // does not become breached in the report either, from the aggregates or recounted from the tickets.
    clock.set('2026-12-05T09:00:00Z');
    const [from, to] = ['2026-12-04T00:00:00.000Z', '2026-12-05T00:00:00.000Z'];
    const report = await signedFetch<{ rows: ReturnType<typeof slaReport> }>(
      local.stack,
      'GET',
      `/reports/sla?from=${from}&to=${to}`,
    );
    expect(report.status, report.text).toBe(200);
    const expected = {
      program: 'premier',
      severity: 2,
      opened: 2,
      met: 0,
      breached: 1,
      running: 1,
      bestEffort: 0,
      metPercent: 0,
      p50ResponseMinutes: null,
      p90ResponseMinutes: null,
    };
    expect(report.json.rows).toEqual([expected]);
    const { store: tickets } = store();
    expect(slaReport(await tickets.listOpenedBetween(from, to), clock().toISOString())).toEqual([expected]);
  });
});
