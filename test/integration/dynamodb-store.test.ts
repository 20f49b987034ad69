/**
 * The ticket store against DynamoDB Local: every write of a ticket is conditional on the revision it was
 * read at, the outbox's own bookkeeping (a write with no history) included, so no concurrent change is lost.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION } from '../../local/invoker.ts';
import { DynamoDbStore } from '../../shared/adapters/dynamodb-store.ts';
import { loadPolicy } from '../../shared/policy/load-policy.ts';
import { policyInForce } from '../../shared/policy/policy-in-force.ts';
import { RevisionConflict } from '../../shared/ports.ts';
import { targetCells } from '../../shared/sla/objective.ts';
import { openTicket } from '../../shared/tickets/decisions.ts';
import type { Account, Ticket } from '../../shared/tickets/ticket.ts';
import { useLocalStack } from '../support/local-stack.ts';

const local = useLocalStack();
let client: DynamoDBClient | undefined;
afterAll(() => client?.destroy());

function store(): DynamoDbStore {
  client ??= new DynamoDBClient({
    endpoint: local.stack.urls.dynamodb,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return new DynamoDbStore(client, local.stack.tableName, { cells: targetCells(policyInForce) });
}

const OPENED = '2027-03-02T09:00:00.000Z';
const account: Account = {
  supportId: 'STORE-1',
  name: 'Store Inc.',
  program: 'production',
  contractExpiresAt: '2099-12-31',
  timezone: 'Europe/Paris',
  region: 'emea',
  language: 'en',
  holidays: {},
  caseAdministrators: ['admin@store.example'],
  supportPartners: [],
  supportAccountManager: null,
  updatedAt: OPENED,
};

let tickets = 0;
async function storedTicket(): Promise<Ticket> {
  tickets += 1;
  const context = {
    policy: loadPolicy(undefined),
    now: new Date(OPENED),
    newId: () => `mail-${tickets}`,
    recipients: { supportQueue: 'queue@vendor.example', dutyManager: 'duty@vendor.example' },
  };
  const request = {
    supportId: account.supportId,
    openedBy: { email: 'admin@store.example' },
    severity: 3 as const,
    product: 'Agent',
    subject: `Ticket ${tickets}`,
    channel: 'web' as const,
    openedAt: OPENED,
  };
  const ticket = { ...openTicket(context, account, request, `STORE-T${tickets}`).ticket, revision: 1 };
  await store().createTicket(ticket, []);
  return ticket;
}

describe('a write on a stale revision', () => {
  it.each([
    ['the outbox’s bookkeeping, with no history', [] as const],
    ['a change with its history', [{ at: OPENED, type: 'customer_reply' as const }]],
  ])('is refused for %s, and the concurrent change stays', async (_label, events) => {
    const read = await storedTicket();
    // Another writer changed the ticket after `read` was taken.
    const concurrent = { ...read, severity: 1 as const, revision: 2 };
    await store().saveTicket(concurrent, 1, [{ at: OPENED, type: 'severity_changed', by: 'admin@store.example' }]);
    // The stale writer claims the opening mail, on the revision it read.
    const claim = {
      ...read,
      outbox: read.outbox.map((mail) => ({ ...mail, claimUntil: '2027-03-02T09:01:00.000Z' })),
      revision: 2,
    };
    await expect(store().saveTicket(claim, 1, [...events])).rejects.toBeInstanceOf(RevisionConflict);
    const stored = await store().getTicket(read.ticketId);
    expect(stored).toMatchObject({ severity: 1, revision: 2 });
    expect(stored?.outbox[0]?.claimUntil).toBeUndefined();
    expect((await store().getHistory(read.ticketId)).map((event) => event.type)).toEqual(['severity_changed']);
  });

  it('is accepted on the revision read, with or without history', async () => {
    const read = await storedTicket();
    await store().saveTicket({ ...read, outbox: [], revision: 2 }, 1, []);
    await store().saveTicket({ ...read, outbox: [], severity: 2, revision: 3 }, 2, [
      { at: OPENED, type: 'customer_reply' },
    ]);
    expect(await store().getTicket(read.ticketId)).toMatchObject({ severity: 2, revision: 3, outbox: [] });
  });
});
