/**
 * WebhookDeliveries (DESIGN §9): verify, translate, claim, apply through the real TicketService, settle. Over the
 * in-memory ports of test/support/memory-ports.ts and the documented payloads of test/fixtures/connectors/, so it
 * is fast; test/integration/webhooks-fuzz.test.ts and test/e2e/webhooks.test.ts run the same over the local stack.
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '#shared/connections/connection.ts';
import { sha256Hex } from '#shared/connectors/common.ts';
import type { ConnectorSource } from '#shared/connectors/types.ts';
import { renderEmail } from '#shared/mail/render.ts';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import { TicketService } from '#shared/tickets/service.ts';
import type { Account, Ticket } from '#shared/tickets/ticket.ts';
import { WebhookDeliveries } from '#shared/tickets/webhooks.ts';
import { manualClock } from '#shared/time/clock.ts';
import { fixtureBytes, signedRequest } from '../support/connector-fixtures.ts';
import { accountOf } from '../support/domain.ts';
import {
  MemoryDeliveryLog,
  MemoryMailer,
  MemoryStore,
  MemoryTelemetry,
  MemoryTimers,
} from '../support/memory-ports.ts';

const policy = loadPolicy(undefined);
const SECRET = 'jira-webhook-secret';
const ZENDESK_SECRET = 'zendesk-secret';
const FRESHDESK_TOKEN = 'freshdesk-token';
// The Jira fixtures: SUP-10 created 09:00Z, priority changed 09:20Z, agent comment 09:40Z, customer 10:05Z,
// resolved 11:45Z (2026-11-30).
const NOW = '2026-11-30T12:00:00.000Z';

const account: Account = accountOf({
  supportId: 'S-SUP',
  name: 'Customer',
  caseAdministrators: ['admin@customer.example'],
  updatedAt: NOW,
});

const connection = (connectionId: string, source: Connection['source'], secret: string): Connection => ({
  connectionId,
  source,
  secrets: [secret],
  organizations: { SUP: 'S-SUP', '8447346622462': 'S-SUP' },
  defaultSupportId: null,
  severities: {},
  agents: [],
  accounts: null,
  access: 'write',
  createdAt: NOW,
  updatedAt: NOW,
});

function setup(now = NOW, toleranceSeconds?: number) {
  const store = new MemoryStore();
  const deliveries = new MemoryDeliveryLog();
  const telemetry = new MemoryTelemetry();
  const clock = manualClock(now);
  const service = new TicketService({
    store,
    timers: new MemoryTimers(),
    mailer: new MemoryMailer(),
    render: renderEmail,
    policy,
    clock,
    telemetry,
    recipients: { supportQueue: 'queue@vendor.example', dutyManager: 'duty@vendor.example' },
    schedulerPrecisionSeconds: 1,
  });
  store.accounts.set(account.supportId, account);
  store.connections.set('jira-1', connection('jira-1', 'jira', SECRET));
  store.connections.set('zd-1', connection('zd-1', 'zendesk', ZENDESK_SECRET));
  store.connections.set('native-1', connection('native-1', 'native', 'x'));
  store.connections.set('fd-1', {
    ...connection('fd-1', 'freshdesk', FRESHDESK_TOKEN),
    organizations: { 'Customer Inc.': 'S-SUP' },
  });
  const webhooks = new WebhookDeliveries({ store, deliveries, service, clock, telemetry, toleranceSeconds });
  return { store, deliveries, telemetry, clock, service, webhooks };
}

type Setup = ReturnType<typeof setup>;

const jira = (name: string, deliveryId: string, body?: string) =>
  signedRequest('jira', body ?? fixtureBytes('jira', name), SECRET, { deliveryId });

const send = (s: Setup, name: string, deliveryId: string) => s.webhooks.receive('jira-1', jira(name, deliveryId));

const ticketOf = (s: Setup): Ticket => {
  const [ticket] = [...s.store.tickets.values()];
  if (!ticket) throw new Error('no ticket');
  return ticket;
};

describe('a verified delivery', () => {
  it('opens the ticket from its snapshot, records the delivery and answers it', async () => {
    const s = setup();
    const answer = await send(s, 'issue-created', 'd-1');
    const ticket = ticketOf(s);
    expect(answer).toEqual({
      kind: 'answered',
      body: { deliveryId: 'd-1', outcome: 'applied', action: 'opened', ticketId: ticket.ticketId },
    });
    expect(ticket).toMatchObject({
      supportId: 'S-SUP',
      externalId: 'jira-1:SUP-10',
      openedBy: { email: 'admin@customer.example' },
      customerEmail: 'admin@customer.example',
      severity: 2,
      subject: 'Portal login fails with error 500',
      description: 'Every login to the portal fails with error 500 since this morning.',
      product: 'Customer Support',
      channel: 'web',
      openedAt: '2026-11-30T09:00:00.000Z',
    });
    expect((await s.store.getHistory(ticket.ticketId))[0]).toMatchObject({
      type: 'opened',
      by: 'admin@customer.example',
      details: { severity: 2, channel: 'web' },
    });
    expect(s.deliveries.records).toEqual([
      {
        connectionId: 'jira-1',
        deliveryId: 'd-1',
        receivedAt: NOW,
        event: 'jira:issue_created',
        outcome: 'applied',
        action: 'opened',
        ticketId: ticket.ticketId,
      },
    ]);
    expect(await s.webhooks.list('jira-1', 10)).toEqual(s.deliveries.records);
  });

  it('applies each later step to the ticket opened for the same source ticket', async () => {
    const s = setup();
    await send(s, 'issue-created', 'd-1');
    const { ticketId } = ticketOf(s);
    const steps = [
      ['issue-updated-priority', 'severity_changed'],
      ['comment-created-agent', 'responded'],
      ['comment-created-customer', 'customer_replied'],
      ['issue-updated-resolved', 'closed'],
    ] as const;
    for (const [i, [name, action]] of steps.entries()) {
      expect(await send(s, name, `d-${i + 2}`)).toEqual({
        kind: 'answered',
        body: { deliveryId: `d-${i + 2}`, outcome: 'applied', action, ticketId },
      });
    }
    expect(ticketOf(s)).toMatchObject({
      severity: 1,
      status: 'closed',
      closedAt: '2026-11-30T11:45:00.000Z',
      closedBy: 'Sam Agent',
      resolution: 'Jira Done',
      lastCustomerReplyAt: '2026-11-30T10:05:00.000Z',
      sla: { respondedAt: '2026-11-30T09:40:00.000Z' },
    });
    const history = await s.store.getHistory(ticketId);
    expect(history.find((event) => event.type === 'severity_changed')).toMatchObject({
      by: 'Sam Agent',
      at: '2026-11-30T09:20:00.000Z',
      details: { from: 2, to: 1, reason: 'Jira priority High → Highest' },
    });
  });

  it('opens from a later event’s snapshot too, then applies its step', async () => {
    const s = setup();
    const answer = await send(s, 'issue-updated-priority', 'd-1');
    expect(answer).toMatchObject({ body: { outcome: 'applied', action: 'severity_changed' } });
    expect(ticketOf(s)).toMatchObject({ severity: 1, externalId: 'jira-1:SUP-10' });
  });

  it('answers a ticket already open here as ignored, naming the ticket', async () => {
    const s = setup();
    await send(s, 'issue-created', 'd-1');
    const { ticketId } = ticketOf(s);
    expect(await send(s, 'issue-created', 'd-2')).toEqual({
      kind: 'answered',
      body: { deliveryId: 'd-2', outcome: 'ignored', ticketId, reason: 'ticket SUP-10 is open here already' },
    });
    expect(s.store.tickets.size).toBe(1);
  });

  it('lets the sender’s signature stand in for the opener check where the delivery names no e-mail', async () => {
    const s = setup();
    const body = fixtureBytes('zendesk', 'ticket-created');
    const request = signedRequest('zendesk', body, ZENDESK_SECRET, { now: new Date(NOW) });
    expect(await s.webhooks.receive('zd-1', request)).toMatchObject({ body: { outcome: 'applied', action: 'opened' } });
    const ticket = ticketOf(s);
    expect(ticket).toMatchObject({ openedBy: { email: '' }, customerEmail: null, externalId: 'zd-1:5158' });
    const [openedEvent] = await s.store.getHistory(ticket.ticketId);
    expect(openedEvent).toMatchObject({
      by: 'zendesk user 8447388090494 (zendesk)',
      details: { connectionId: 'zd-1' },
    });
  });
});

describe('a delivery that is not applied', () => {
  it('is refused, unread, when the signature does not match, and recorded for the admin', async () => {
    const s = setup();
    const forged = signedRequest('jira', fixtureBytes('jira', 'issue-created'), 'wrong', { deliveryId: 'd-1' });
    expect(await s.webhooks.receive('jira-1', forged)).toEqual({
      kind: 'refused',
      deliveryId: 'd-1',
      reason: 'signature does not match',
    });
    expect(s.deliveries.records).toEqual([
      {
        connectionId: 'jira-1',
        deliveryId: 'd-1',
        receivedAt: NOW,
        event: 'unverified',
        outcome: 'refused',
        reason: 'signature does not match',
      },
    ]);
    expect(s.deliveries.claims.size).toBe(0);
    expect(s.store.tickets.size).toBe(0);
  });

  it('passes the configured signature window to the connector', async () => {
    const body = fixtureBytes('zendesk', 'ticket-created');
    const signedAt = new Date(Date.parse(NOW) - 700_000);
    const request = signedRequest('zendesk', body, ZENDESK_SECRET, { now: signedAt });
    expect(await setup().webhooks.receive('zd-1', request)).toMatchObject({ kind: 'refused' });
    expect(await setup(NOW, 900).webhooks.receive('zd-1', request)).toMatchObject({ kind: 'answered' });
  });

  it('is a duplicate when its id was applied already, with the first outcome', async () => {
    const s = setup();
    const first = await send(s, 'issue-created', 'd-1');
    expect(await send(s, 'issue-created', 'd-1')).toEqual({
      kind: 'answered',
      body: {
        deliveryId: 'd-1',
        outcome: 'duplicate',
        action: 'opened',
        ticketId: first.kind === 'answered' ? first.body.ticketId : undefined,
        reason: `first received ${NOW}: applied`,
      },
    });
    await send(s, 'comment-created-internal', 'd-2');
    expect(await send(s, 'comment-created-internal', 'd-2')).toMatchObject({
      body: {
        outcome: 'duplicate',
        reason: `first received ${NOW}: ignored (an internal comment (not shared with the customer))`,
      },
    });
    expect(s.deliveries.records.map((record) => [record.outcome, record.event])).toEqual([
      ['applied', 'jira:issue_created'],
      ['duplicate', 'jira:issue_created'],
      ['ignored', 'comment_created'],
      ['duplicate', 'comment_created'],
    ]);
  });

  it('is a duplicate while another request holds the claim on its id', async () => {
    const s = setup();
    await s.deliveries.claim('jira-1', 'd-1', '2026-11-30T12:01:00.000Z', NOW);
    expect(await send(s, 'issue-created', 'd-1')).toEqual({
      kind: 'answered',
      body: { deliveryId: 'd-1', outcome: 'duplicate', reason: 'the same delivery is being applied right now' },
    });
    expect(s.store.tickets.size).toBe(0);
  });

  it('claims its id for a minute', async () => {
    const s = setup();
    s.store.createTicket = () => new Promise(() => {}); // still applying
    void send(s, 'issue-created', 'd-1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(s.deliveries.claims.get('jira-1|d-1')).toEqual({ leaseUntil: '2026-11-30T12:01:00.000Z' });
  });

  it('is ignored with the reason when the connector cannot apply it', async () => {
    const s = setup();
    expect(await send(s, 'comment-created-internal', 'd-1')).toEqual({
      kind: 'answered',
      body: { deliveryId: 'd-1', outcome: 'ignored', reason: 'an internal comment (not shared with the customer)' },
    });
    // A comment on a ticket never opened here cannot open it: it says nothing of when it was created.
    expect(await send(s, 'comment-created-agent', 'd-2')).toEqual({
      kind: 'answered',
      body: {
        deliveryId: 'd-2',
        outcome: 'ignored',
        reason: 'ticket SUP-10 is not open here, and the delivery does not say when SUP-10 was created',
      },
    });
    s.store.connections.set('jira-1', { ...connection('jira-1', 'jira', SECRET), organizations: {} });
    expect(await send(s, 'issue-created', 'd-3')).toMatchObject({
      body: {
        outcome: 'ignored',
        reason: expect.stringMatching(/^organisation "SUP" is not mapped to a support ID/),
      },
    });
    expect(s.store.tickets.size).toBe(0);
  });

  it('is ignored with the policy’s refusal, which a retry cannot fix', async () => {
    const s = setup();
    s.store.accounts.set('S-SUP', { ...account, caseAdministrators: ['someone@customer.example'] });
    expect(await send(s, 'issue-created', 'd-1')).toEqual({
      kind: 'answered',
      body: {
        deliveryId: 'd-1',
        outcome: 'ignored',
        reason:
          'not_authorized_opener: only the account\u2019s case administrators or its support partners may open tickets',
      },
    });
    expect(s.deliveries.claims.get('jira-1|d-1')?.settled?.outcome).toBe('ignored');
  });

  it('gives its claim up on our own fault and fails, so the sender’s retry applies it', async () => {
    const s = setup();
    const createTicket = s.store.createTicket.bind(s.store);
    s.store.createTicket = async () => {
      throw new Error('throttled');
    };
    await expect(send(s, 'issue-created', 'd-1')).rejects.toThrow('throttled');
    expect(s.deliveries.released).toEqual(['jira-1|d-1']);
    expect(s.deliveries.records).toEqual([]);
    s.store.createTicket = createTicket;
    expect(await send(s, 'issue-created', 'd-1')).toMatchObject({ body: { outcome: 'applied', action: 'opened' } });

    s.store.createTicket = async () => {
      throw new Error('throttled again');
    };
    s.deliveries.failRelease = true;
    s.store.connections.set('jira-1', { ...connection('jira-1', 'jira', SECRET), organizations: { SUP: 'S-2' } });
    s.store.accounts.set('S-2', { ...account, supportId: 'S-2' });
    await expect(send(s, 'issue-created', 'd-9')).rejects.toThrow('throttled again');
    expect(s.telemetry.logs).toEqual([
      {
        level: 'error',
        message: 'releasing a webhook claim failed; its lease will expire',
        attributes: { connectionId: 'jira-1', deliveryId: 'd-9', error: 'Error: release failed' },
      },
    ]);
  });
});

describe('event times', () => {
  const priority = (s: Setup) => send(s, 'issue-updated-priority', 'd-p');

  it('may be up to 5 minutes in the future and up to 90 days old', async () => {
    // The priority change is dated 09:20Z; its ticket was created 09:00Z.
    expect(await priority(setup('2026-11-30T09:15:00.000Z'))).toMatchObject({ body: { outcome: 'applied' } });
    expect(await priority(setup('2027-02-28T09:00:00.000Z'))).toMatchObject({ body: { outcome: 'applied' } });
  });

  it('are refused beyond, for the step and for the source ticket’s creation', async () => {
    expect(await priority(setup('2026-11-30T09:14:59.999Z'))).toMatchObject({
      body: {
        outcome: 'ignored',
        reason: 'the event is dated 2026-11-30T09:20:00.000Z, more than 5 minutes in the future',
      },
    });
    expect(await priority(setup('2027-02-28T09:20:00.001Z'))).toMatchObject({
      body: { outcome: 'ignored', reason: 'the event is dated 2026-11-30T09:20:00.000Z, more than 90 days ago' },
    });
    expect(await priority(setup('2027-02-28T09:10:00.000Z'))).toMatchObject({
      body: {
        outcome: 'ignored',
        reason: 'the source ticket was created 2026-11-30T09:00:00.000Z, more than 90 days ago',
      },
    });
  });
});

describe('connections and delivery ids', () => {
  it('names only ticket-system connections', async () => {
    const s = setup();
    for (const id of ['native-1', 'missing']) {
      await expect(s.webhooks.connection(id)).rejects.toMatchObject({
        code: 'connection_not_found',
        message: `no ticket-system connection ${id}`,
      });
      await expect(s.webhooks.list(id, 5)).rejects.toMatchObject({ code: 'connection_not_found' });
    }
    expect((await s.webhooks.connection('jira-1')).source).toBe('jira');
  });

  it('keeps a printable id of up to 128 characters, and keys any other by its digest', async () => {
    const s = setup();
    const source: ConnectorSource = 'jira';
    const ids = ['x'.repeat(128), 'x'.repeat(129), 'has space', '~!'];
    for (const id of ids) await s.webhooks.receive('jira-1', signedRequest(source, '{}', 'wrong', { deliveryId: id }));
    expect(s.deliveries.records.map((record) => record.deliveryId)).toEqual([
      'x'.repeat(128),
      `sha256:${sha256Hex('x'.repeat(129))}`,
      `sha256:${sha256Hex('has space')}`,
      '~!',
    ]);
  });

  it('lists a connection’s latest deliveries first, at most the limit', async () => {
    const s = setup();
    for (const id of ['a', 'b', 'c']) await send(s, 'comment-created-internal', id);
    expect((await s.webhooks.list('jira-1', 2)).map((record) => record.deliveryId)).toEqual(['c', 'b']);
  });
});

describe('what a delivery carries into the ticket', () => {
  it('dates a step the sender leaves undated at its arrival', async () => {
    const s = setup('2026-11-30T09:00:02.000Z');
    const request = signedRequest('freshdesk', fixtureBytes('freshdesk', 'opened'), FRESHDESK_TOKEN);
    expect(await s.webhooks.receive('fd-1', request)).toMatchObject({ body: { outcome: 'applied', action: 'opened' } });
    expect(ticketOf(s)).toMatchObject({ openedAt: '2026-11-30T09:00:02.000Z', externalId: 'fd-1:4217' });
  });

  it('keeps the first 20 000 characters of a description, and opens without one', async () => {
    const s = setup();
    const payload = JSON.parse(fixtureBytes('jira', 'issue-created').toString());
    payload.issue.fields.description = 'x'.repeat(20_001);
    await s.webhooks.receive('jira-1', jira('', 'd-1', JSON.stringify(payload)));
    expect(ticketOf(s).description).toBe('x'.repeat(20_000));
    const t = setup();
    delete payload.issue.fields.description;
    expect(await t.webhooks.receive('jira-1', jira('', 'd-2', JSON.stringify(payload)))).toMatchObject({
      body: { outcome: 'applied', action: 'opened' },
    });
    expect(ticketOf(t).description).toBeNull();
  });

  it('does not claim the opening when a concurrent delivery opened the ticket first', async () => {
    const s = setup();
    await send(s, 'issue-created', 'd-1');
    const { ticketId } = ticketOf(s);
    // The lookup ran before the other delivery's ticket existed; the create then finds the external id taken.
    s.store.findTicketIdByExternalId = async () => undefined;
    expect(await send(s, 'issue-created', 'd-2')).toEqual({
      kind: 'answered',
      body: { deliveryId: 'd-2', outcome: 'ignored', ticketId, reason: 'ticket SUP-10 is open here already' },
    });
  });
});
