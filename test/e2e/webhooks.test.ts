/**
 * The ticket systems' own webhooks, end to end (DESIGN §9): real signed deliveries of each source's documented
 * payloads, through the local API server and the webhooks function, into DynamoDB Local and the scheduler
 * emulator. Each delivery arrives two seconds after its event, as a sender's would.
 */
import { randomUUID } from 'node:crypto';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { type DeliveryResponse, deliver } from '../../local/deliver.ts';
import type { ConnectorSource } from '../../shared/connectors/types.ts';
import { manualClock } from '../../shared/time/clock.ts';
import { fixtureBytes } from '../support/connector-fixtures.ts';
import { getTicket, putAccount, type TicketJson } from '../support/fixtures.ts';
import { scanTable, signedFetch, type TableItem, useLocalStack } from '../support/local-stack.ts';

const clock = manualClock('2026-11-30T08:59:00Z');
const local = useLocalStack({ clock });

const OLD_SECRET = 'first-signing-secret-0001';
const NEW_SECRET = 'rotated-signing-secret-0002';

interface Scenario {
  source: ConnectorSource;
  /** The source's organisation of the fixtures' ticket. */
  organization: string;
  sourceTicketId: string;
  files: { open: string; severity: string; internal?: string; respond: string; reply: string; close: string };
  /** Whether the payload names no requester e-mail, so the signature stands in for the §2 check. */
  vouched: boolean;
}

const scenarios: Scenario[] = [
  {
    source: 'zendesk',
    organization: '8447346622462',
    sourceTicketId: '5158',
    files: {
      open: 'ticket-created',
      severity: 'ticket-priority-changed',
      internal: 'ticket-comment-added-internal',
      respond: 'ticket-comment-added-agent',
      reply: 'ticket-comment-added-customer',
      close: 'ticket-status-changed-solved',
    },
    vouched: true,
  },
  {
    source: 'jira',
    organization: 'SUP',
    sourceTicketId: 'SUP-10',
    files: {
      open: 'issue-created',
      severity: 'issue-updated-priority',
      internal: 'comment-created-internal',
      respond: 'comment-created-agent',
      reply: 'comment-created-customer',
      close: 'issue-updated-resolved',
    },
    vouched: false,
  },
  {
    source: 'github',
    organization: 'octo-org/Hello-World',
    sourceTicketId: 'octo-org/Hello-World#1347',
    files: {
      open: 'issues.opened',
      severity: 'issues.labeled',
      internal: 'issue_comment.created-bot',
      respond: 'issue_comment.created-member',
      reply: 'issue_comment.created-opener',
      close: 'issues.closed',
    },
    vouched: true,
  },
  {
    source: 'freshdesk',
    organization: 'Customer Inc.',
    sourceTicketId: '4217',
    files: {
      open: 'opened',
      severity: 'priority-changed',
      respond: 'agent-replied',
      reply: 'customer-replied',
      close: 'status-changed-resolved',
    },
    vouched: false,
  },
];

/** The fixtures' event times (Freshdesk, which sends none, is delivered at the same instants). */
const at = {
  open: '2026-11-30T09:00:00.000Z',
  severity: '2026-11-30T09:20:00.000Z',
  internal: '2026-11-30T09:30:00.000Z',
  respond: '2026-11-30T09:40:00.000Z',
  reply: '2026-11-30T10:05:00.000Z',
  close: '2026-11-30T11:45:00.000Z',
};

type Step = keyof typeof at;

/** Zendesk's times carry fractions of a second; the other sources' do not. */
const toSecond = (instant: string | null | undefined) => (instant ? `${instant.slice(0, 19)}Z` : instant);

const connectionPut = (id: string, body: Record<string, unknown>) =>
  signedFetch(local.stack, 'PUT', `/connections/${id}`, body);

const withoutDeliveryLog = (items: TableItem[]) => items.filter((item) => !item.pk?.S?.startsWith('DELIVERIES#'));

describe.each(scenarios)('$source webhooks, end to end', (scenario) => {
  const connectionId = `${scenario.source}-e2e`;
  const supportId = `S-${scenario.source.toUpperCase()}`;
  const deliveryIds = new Map<Step, string>();
  // Freshdesk sends no event time: its events are dated by their arrival, two seconds after the others'.
  const dated = (instant: string) =>
    toSecond(new Date(Date.parse(instant) + (scenario.source === 'freshdesk' ? 2000 : 0)).toISOString());

  /** Delivers a fixture two seconds after its event, signed with `secret`, under a stable delivery id. */
  async function send(
    step: Step,
    secret = NEW_SECRET,
    target = connectionId,
    arrival = new Date(Date.parse(at[step]) + 2000),
  ): Promise<DeliveryResponse> {
    const name = scenario.files[step as keyof Scenario['files']] as string;
    clock.set(arrival);
    if (!deliveryIds.has(step)) deliveryIds.set(step, randomUUID());
    return deliver(local.stack.urls.api, target, scenario.source, secret, fixtureBytes(scenario.source, name), {
      now: clock(),
      deliveryId: deliveryIds.get(step) as string,
      githubEvent: name.split('.')[0] as string,
    });
  }

  let ticket: TicketJson;

  it('opens the ticket from a delivery signed with the connection secret, at the source creation time', async () => {
    clock.set('2026-11-30T08:59:00Z');
    await putAccount(local.stack, supportId, 'production');
    const registered = await connectionPut(connectionId, {
      source: scenario.source,
      secrets: [OLD_SECRET],
      organizations: { [scenario.organization]: supportId },
    });
    expect(registered.status, registered.text).toBe(200);

    const opened = await send('open', OLD_SECRET);
    expect(opened.status, opened.text).toBe(200);
    expect(opened.json).toMatchObject({ outcome: 'applied', action: 'opened', deliveryId: expect.any(String) });
    ticket = await getTicket(local.stack, opened.json?.ticketId as string);
    expect(ticket).toMatchObject({
      supportId,
      severity: 2,
      externalId: `${connectionId}:${scenario.sourceTicketId}`,
      sla: { clock: 'wall', targetMinutes: 180, state: 'running' },
    });
    expect(toSecond((ticket as TicketJson & { openedAt: string }).openedAt)).toBe(dated(at.open));
    expect(toSecond(ticket.sla.deadline)).toBe(dated('2026-11-30T12:00:00Z'));
    const openedEvent = ticket.history?.find((event) => event.type === 'opened');
    if (scenario.vouched) {
      expect(openedEvent?.details?.authorizedBy).toMatch(/webhook signature .* stood in for the case-administrator/);
    } else {
      expect(openedEvent).toMatchObject({ by: 'admin@customer.example' });
      expect(openedEvent?.details?.authorizedBy).toBeUndefined();
    }
  });

  it('answers a redelivery as a duplicate and applies it once', async () => {
    // A minute later, as a sender's retry would come.
    const again = await send('open', OLD_SECRET, connectionId, new Date(Date.parse(at.open) + 62_000));
    expect(again.status, again.text).toBe(200);
    expect(again.json).toMatchObject({ outcome: 'duplicate', action: 'opened', ticketId: ticket.ticketId });
    const tickets = (await scanTable(local.stack)).filter(
      (item) => item.sk?.S === 'TICKET' && item.externalId?.S === `${connectionId}:${scenario.sourceTicketId}`,
    );
    expect(tickets).toHaveLength(1);
  });

  it('accepts the old and the new secret during a rotation; the severity change follows §3', async () => {
    const rotated = await connectionPut(connectionId, {
      source: scenario.source,
      secrets: [OLD_SECRET, NEW_SECRET],
      organizations: { [scenario.organization]: supportId },
    });
    expect(rotated.status, rotated.text).toBe(200);
    const changed = await send('severity', NEW_SECRET);
    expect(changed.json, changed.text).toMatchObject({ outcome: 'applied', action: 'severity_changed' });
    const after = await getTicket(local.stack, ticket.ticketId);
    // More severe at 09:20: min(12:00, 09:20 + 1 h).
    expect(after).toMatchObject({ severity: 1, sla: { targetMinutes: 60 } });
    expect(toSecond(after.sla.deadline)).toBe(dated('2026-11-30T10:20:00Z'));
  });

  // Freshdesk's rules fire on public replies only: it has no internal note to ignore.
  if (scenario.files.internal !== undefined) {
    it('ignores an internal note (or a bot), with the reason', async () => {
      const note = await send('internal', OLD_SECRET);
      expect(note.status, note.text).toBe(200);
      expect(note.json).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/internal|bot/) });
      expect((await getTicket(local.stack, ticket.ticketId)).sla).toMatchObject({
        state: 'running',
        respondedAt: null,
      });
    });
  }

  it('meets the SLA with the first public agent reply, at its source time', async () => {
    const reply = await send('respond');
    expect(reply.json, reply.text).toMatchObject({
      outcome: 'applied',
      action: 'responded',
      ticketId: ticket.ticketId,
    });
    const { sla } = await getTicket(local.stack, ticket.ticketId);
    expect(sla).toMatchObject({ state: 'met', elapsedMinutes: 40 });
    expect(toSecond(sla.respondedAt)).toBe(dated(at.respond));
  });

  it('records the customer reply and the close', async () => {
    const reply = await send('reply');
    expect(reply.json, reply.text).toMatchObject({ outcome: 'applied', action: 'customer_replied' });
    const closed = await send('close');
    expect(closed.json, closed.text).toMatchObject({ outcome: 'applied', action: 'closed' });
    const after = await getTicket(local.stack, ticket.ticketId);
    expect(after).toMatchObject({ status: 'closed' });
    expect(after.history?.map((event) => event.type)).toEqual(
      expect.arrayContaining(['opened', 'severity_changed', 'responded', 'customer_reply', 'closed']),
    );
  });

  it('refuses a bad signature with 401, recording it as refused and writing nothing else', async () => {
    const before = await scanTable(local.stack);
    const forged = await send('reply', 'not-the-connection-secret', connectionId, new Date('2026-11-30T12:00:00Z'));
    expect(forged.status).toBe(401);
    expect(forged.json).toMatchObject({ error: 'invalid_signature' });
    expect(withoutDeliveryLog(await scanTable(local.stack))).toEqual(withoutDeliveryLog(before));
    const log = await signedFetch<{ deliveries: Record<string, unknown>[] }>(
      local.stack,
      'GET',
      `/connections/${connectionId}/deliveries?limit=1`,
    );
    expect(log.json.deliveries).toEqual([expect.objectContaining({ outcome: 'refused', event: 'unverified' })]);
  });

  it('lists the latest deliveries newest first, with outcome, action, ticket and reason', async () => {
    const log = await signedFetch<{ count: number; deliveries: Record<string, unknown>[] }>(
      local.stack,
      'GET',
      `/connections/${connectionId}/deliveries`,
    );
    expect(log.status, log.text).toBe(200);
    const outcomes = log.json.deliveries.map((delivery) => `${delivery.outcome}:${delivery.action ?? ''}`);
    expect(outcomes).toEqual([
      'refused:',
      'applied:closed',
      'applied:customer_replied',
      'applied:responded',
      ...(scenario.files.internal ? ['ignored:'] : []),
      'applied:severity_changed',
      'duplicate:opened',
      'applied:opened',
    ]);
    expect(log.json.deliveries.at(-1)).toMatchObject({
      deliveryId: expect.any(String),
      receivedAt: '2026-11-30T09:00:02.000Z',
      ticketId: ticket.ticketId,
    });
  });

  it('ignores a ticket of an unmapped organisation, opening nothing', async () => {
    const unmapped = `${connectionId}-unmapped`;
    const registered = await connectionPut(unmapped, {
      source: scenario.source,
      secrets: [NEW_SECRET],
      organizations: { 'some-other-organisation': supportId },
    });
    expect(registered.status, registered.text).toBe(200);
    const before = withoutDeliveryLog(await scanTable(local.stack)).filter(
      (item) => !item.pk?.S?.startsWith('WEBHOOK#'),
    );
    deliveryIds.delete('open');
    const ignored = await send('open', NEW_SECRET, unmapped);
    expect(ignored.status, ignored.text).toBe(200);
    expect(ignored.json).toMatchObject({
      outcome: 'ignored',
      reason: expect.stringMatching(/is not mapped to a support ID/),
    });
    const after = withoutDeliveryLog(await scanTable(local.stack)).filter(
      (item) => !item.pk?.S?.startsWith('WEBHOOK#'),
    );
    expect(after).toEqual(before);
  });
});

describe('webhook routes', () => {
  it('answers 404 for a connection that does not exist, or that is our own native API', async () => {
    const missing = await deliver(local.stack.urls.api, 'nobody', 'github', NEW_SECRET, '{}');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: 'connection_not_found' });
    await connectionPut('native-e2e', { source: 'native', secrets: [NEW_SECRET] });
    const native = await deliver(local.stack.urls.api, 'native-e2e', 'github', NEW_SECRET, '{}');
    expect(native.status).toBe(404);
  });
});

describe('a transient fault of ours', () => {
  it('is a 5xx that records nothing as applied, so the sender retry applies the delivery once', async () => {
    clock.set('2026-11-30T08:59:00Z');
    await putAccount(local.stack, 'S-FAULT', 'production');
    await connectionPut('github-fault', { source: 'github', secrets: [NEW_SECRET], defaultSupportId: 'S-FAULT' });
    const body = fixtureBytes('github', 'issues.opened');
    const send = () => {
      clock.set('2026-11-30T09:00:02Z');
      return deliver(local.stack.urls.api, 'github-fault', 'github', NEW_SECRET, body, { deliveryId: 'fault-1' });
    };
    // DynamoDB throttles the transaction that creates the ticket, once; every other call goes through.
    // The aggregator idle first, so the one fault hits the delivery's write, not a stream batch's.
    await local.stack.drainStreams();
    const stub = mockClient(DynamoDBDocumentClient);
    stub.send.callThrough();
    stub
      .on(TransactWriteCommand)
      .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} }));
    let failed: DeliveryResponse;
    try {
      failed = await send();
    } finally {
      stub.restore();
    }
    expect(failed.status).toBe(500);
    const log = await signedFetch<{ deliveries: unknown[] }>(
      local.stack,
      'GET',
      '/connections/github-fault/deliveries',
    );
    expect(log.json.deliveries).toEqual([]);

    const retried = await send();
    expect(retried.json, retried.text).toMatchObject({ outcome: 'applied', action: 'opened' });
    const again = await send();
    expect(again.json).toMatchObject({ outcome: 'duplicate', ticketId: retried.json?.ticketId });
    const tickets = (await scanTable(local.stack)).filter(
      (item) => item.sk?.S === 'TICKET' && item.externalId?.S === 'github-fault:octo-org/Hello-World#1347',
    );
    expect(tickets).toHaveLength(1);
  });
});
