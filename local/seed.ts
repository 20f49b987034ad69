/**
 * `npm run seed -- --tickets N [--months M] [--seed S]` (DESIGN §11): fills the running local stack with a
 * realistic mix of accounts and tickets: programs, severities, zones and holidays, responses on time and
 * late, unanswered breaches, closes. Tickets are decided by the service's own rules (openTicket, responded,
 * closed) and written in the store's item shapes with BatchWriteItem, not one HTTP call per ticket.
 *
 * Aggregates: the seed writes each ticket's contribution and adds it to the daily rows itself, before the
 * tickets, so the stream poller finds every seeded revision already applied and skips it (one batched read
 * per 100 records) instead of doing 100 000 transactions. `npm run rebuild-aggregates -- --check` proves
 * the rows equal a recount from the tickets.
 */

import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addToAggregateRow, contributionItem, eventItem, ticketItem } from '../shared/adapters/dynamodb-store.ts';
import { policyInForce } from '../shared/policy/policy-in-force.ts';
import type { Severity } from '../shared/policy/schema.ts';
import { settle } from '../shared/sla/deadline.ts';
import { isSeverityOffered } from '../shared/sla/objective.ts';
import { aggregate, contribution, type RowDelta } from '../shared/tickets/aggregates.ts';
import { closed, type DecisionContext, openTicket, responded } from '../shared/tickets/decisions.ts';
import type { Account, HistoryEvent, Ticket } from '../shared/tickets/ticket.ts';
import { LOCAL_REGION } from './invoker.ts';
import { random } from './random.ts';
import { stackSettingsFromEnv } from './settings.ts';

export interface SeedTarget {
  dynamodbEndpoint: string;
  tableName: string;
}

export interface SeedOptions {
  tickets: number;
  /** Tickets are spread over the last `months` months before `now` (default 1). */
  months?: number;
  now?: Date;
  /** The pseudo-random seed: the same seed gives the same tickets. */
  seed?: number;
}

/** Roughly one account per 50 tickets, as a vendor's customers open a few tickets a month each. */
const TICKETS_PER_ACCOUNT = 50;
const BATCH = 25;
const PARALLEL_BATCHES = 8;

const programsMix: [string, number][] = [
  ['premier', 0.1],
  ['production', 0.3],
  ['basic', 0.35],
  ['evaluation', 0.1],
  ['free', 0.15],
];
const severityMix: [Severity, number][] = [
  [1, 0.05],
  [2, 0.2],
  [3, 0.4],
  [4, 0.35],
];
const zones: Pick<Account, 'timezone' | 'region' | 'language' | 'holidays'>[] = [
  { timezone: 'Europe/Paris', region: 'emea', language: 'fr', holidays: { calendar: 'FR' } },
  { timezone: 'Europe/Berlin', region: 'emea', language: 'de', holidays: { calendar: 'DE' } },
  { timezone: 'America/New_York', region: 'us', language: 'en', holidays: { calendar: 'US' } },
  { timezone: 'America/Toronto', region: 'canada', language: 'en', holidays: { calendar: 'CA' } },
  { timezone: 'America/Sao_Paulo', region: 'latam', language: 'pt', holidays: { calendar: 'BR' } },
  { timezone: 'Asia/Tokyo', region: 'apac', language: 'ja', holidays: { calendar: 'JP' } },
  { timezone: 'Australia/Sydney', region: 'apac', language: 'en', holidays: {} },
];
const products = ['Gateway', 'Console', 'Agent', 'Analytics', 'Mobile SDK'];

function pick<T>(next: () => number, mix: [T, number][]): T {
  let roll = next();
  for (const [value, weight] of mix) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (mix.at(-1) as [T, number])[0];
}

const hex = (next: () => number, digits: number) =>
  Array.from({ length: digits }, () => Math.floor(next() * 16).toString(16)).join('');
const uuid = (next: () => number) =>
  `${hex(next, 8)}-${hex(next, 4)}-4${hex(next, 3)}-${'89ab'[Math.floor(next() * 4)]}${hex(next, 3)}-${hex(next, 12)}`;

function accountsFor(count: number, next: () => number, now: Date): Account[] {
  return Array.from({ length: count }, (_, index) => {
    const program = pick(next, programsMix);
    const zone = zones[Math.floor(next() * zones.length)] as (typeof zones)[number];
    const supportId = `SEED-${String(index + 1).padStart(5, '0')}`;
    return {
      supportId,
      name: `Seed customer ${index + 1}`,
      program,
      contractExpiresAt: program === 'free' ? null : `${now.getUTCFullYear() + 2}-12-31`,
      ...zone,
      caseAdministrators: [`admin@${supportId.toLowerCase()}.example`],
      supportPartners: [],
      supportAccountManager: program === 'premier' ? 'sam@vendor.example' : null,
      updatedAt: now.toISOString(),
    };
  });
}

interface Seeded {
  ticket: Ticket;
  events: HistoryEvent[];
}

/** One ticket's life up to `now`: opened, then answered (mostly in time), breached unanswered, or still waiting. */
function lifeOf(next: () => number, account: Account, openedAt: Date, now: Date): Seeded {
  let severity = pick(next, severityMix);
  if (!isSeverityOffered(policyInForce, account.program, severity)) severity = 2;
  const context = (at: Date): DecisionContext => ({
    policy: policyInForce,
    now: at,
    newId: () => uuid(next),
    recipients: { supportQueue: 'support-queue@example.com', dutyManager: 'duty-manager@example.com' },
  });
  const opened = openTicket(
    context(openedAt),
    account,
    {
      supportId: account.supportId,
      openedBy: { email: account.caseAdministrators[0] as string },
      severity,
      product: products[Math.floor(next() * products.length)] as string,
      subject: `Seeded issue ${hex(next, 6)}`,
      channel: next() < 0.7 ? 'web' : 'email',
      openedAt: openedAt.toISOString(),
    },
    uuid(next),
  );
  // The acknowledgement went out when the ticket opened: a seeded ticket has nothing left to send.
  let ticket: Ticket = { ...opened.ticket, outbox: [], revision: 1 };
  const events = [...opened.events];
  const apply = (change: { ticket: Ticket; events: HistoryEvent[] }) => {
    ticket = { ...change.ticket, outbox: [], revision: ticket.revision + 1, updatedAt: now.toISOString() };
    events.push(...change.events);
  };
  const target = ticket.sla.targetMinutes ?? 8 * 60;
  const roll = next();
  // 85 % answered; of those, most well within the target (wall-clock minutes after opening).
  if (roll < 0.85) {
    const factor = next() < 0.88 ? 0.05 + next() * 0.9 : 1 + next() * 2;
    const at = new Date(openedAt.getTime() + Math.max(1, factor * target) * 60_000);
    if (at < now) {
      apply(responded(context(at), ticket, { by: 'engineer@vendor.example', at: at.toISOString() }));
      const closeAt = new Date(at.getTime() + (1 + next() * 72) * 3_600_000);
      if (next() < 0.6 && closeAt < now) {
        apply(
          closed(context(closeAt), ticket, {
            by: 'engineer@vendor.example',
            resolution: 'solved',
            at: closeAt.toISOString(),
          }),
        );
      }
    }
  }
  // Unanswered past the deadline: breached, and its alert sent (as the timer would have done).
  const settled = settle(ticket.sla, now.toISOString());
  if (settled.state === 'breached' && ticket.sla.state === 'running') {
    ticket = {
      ...ticket,
      sla: settled,
      breachNotifiedAt: settled.breachedAt,
      warnedVersion: ticket.sla.version,
      revision: ticket.revision + 1,
    };
    events.push({ at: settled.breachedAt ?? now.toISOString(), type: 'breached' });
  }
  return { ticket, events };
}

async function writeAll(documents: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  const worker = async () => {
    for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
        const { UnprocessedItems } = await documents.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_BATCHES }, worker));
}

/** Seeds `options.tickets` tickets into the table (the board's screenshot and the scale bench call this). */
export async function seedTickets(
  target: { dynamodbEndpoint: string; tableName: string },
  options: { tickets: number; months?: number; now?: Date; seed?: number },
): Promise<{ tickets: number; accounts: number }> {
  const now = options.now ?? new Date();
  const months = options.months ?? 1;
  const next = random(options.seed ?? 1);
  const client = new DynamoDBClient({
    endpoint: target.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documents = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  try {
    const accounts = accountsFor(Math.max(1, Math.ceil(options.tickets / TICKETS_PER_ACCOUNT)), next, now);
    const spanMs = months * 30 * 86_400_000;
    const seeded: Seeded[] = [];
    for (let i = 0; i < options.tickets; i++) {
      const account = accounts[Math.floor(next() * accounts.length)] as Account;
      // Up to an hour before now, so every ticket is in the past when the bench reads it.
      const openedAt = new Date(now.getTime() - 3_600_000 - Math.floor(next() * (spanMs - 3_600_000)));
      seeded.push(lifeOf(next, account, openedAt, now));
    }
    // Contributions and rows first: a ticket the stream shows later is then already counted.
    await writeAll(
      documents,
      target.tableName,
      seeded.map(({ ticket }) => contributionItem(ticket.ticketId, ticket.revision, contribution(ticket))),
    );
    const rows = aggregate(seeded.map(({ ticket }) => contribution(ticket)));
    // Added, not put: seeding into a table that already has tickets keeps their counts; read-modify-write on
    // the row's version, so the aggregator writing the same rows meanwhile loses nothing.
    const queue: RowDelta[] = [...rows];
    await Promise.all(
      Array.from({ length: PARALLEL_BATCHES }, async () => {
        for (let delta = queue.shift(); delta !== undefined; delta = queue.shift()) {
          await addToAggregateRow(documents, target.tableName, delta);
        }
      }),
    );
    await writeAll(documents, target.tableName, [
      ...accounts.map((account) => ({
        pk: `ACCOUNT#${account.supportId}`,
        sk: 'ACCOUNT',
        type: 'account',
        ...account,
      })),
      ...seeded.flatMap(({ ticket, events }) => [
        ticketItem(ticket),
        ...events.map((event, index) => eventItem(ticket, event, index)),
      ]),
    ]);
    return { tickets: seeded.length, accounts: accounts.length };
  } finally {
    client.destroy();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string' },
      months: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
    },
  });
  const tickets = Number(values.tickets);
  const months = Number(values.months);
  const seed = Number(values.seed);
  if (!Number.isInteger(tickets) || tickets < 1) throw new Error('--tickets N is required: a whole number ≥ 1');
  if (!Number.isInteger(months) || months < 1 || months > 24)
    throw new Error('--months M: a whole number from 1 to 24');
  const { ports } = stackSettingsFromEnv();
  const target = {
    dynamodbEndpoint: `http://127.0.0.1:${ports.dynamodb}`,
    tableName: process.env.SLA_TABLE_NAME ?? 'sla-monitor',
  };
  const started = Date.now();
  const result = await seedTickets(target, { tickets, months, seed });
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ ...result, months, seconds: Math.round(seconds * 10) / 10 }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
