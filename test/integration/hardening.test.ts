/**
 * Issue 10's findings 1, 2 and 5, reproduced against the real local stack as an outsider with captured signed
 * requests would try them, and DESIGN §4.1's answers: signatures bound to method, path and query; every signed
 * write applied once; scoped native connections; a ticket row that a flood cannot break.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { signatureHeaders, unixSeconds } from '../../local/sign.ts';
import { manualClock } from '../../shared/time/clock.ts';
import { openTicket, putAccount, type TicketJson, ticketBody } from '../support/fixtures.ts';
import { dynamoDbClient, scanTable, signedFetch, useLocalStack } from '../support/local-stack.ts';

const clock = manualClock('2026-12-01T09:00:00Z');
const local = useLocalStack({ clock });

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A request signed with the webhook secret, kept to be sent later, possibly somewhere else. */
function capture(method: string, path: string, body?: unknown, secret = local.stack.secrets.webhook): Captured {
  const raw = body === undefined ? '' : JSON.stringify(body);
  return {
    method,
    path,
    headers: {
      'content-type': 'application/json',
      ...signatureHeaders(secret, method, path, raw, unixSeconds(local.stack.clock())),
    },
    body: raw,
  };
}

async function send(request: Captured, path = request.path, headers = request.headers) {
  const response = await fetch(`${local.stack.urls.api}${path}`, {
    method: request.method,
    headers,
    ...(request.body === '' ? {} : { body: request.body }),
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

const view = async (ticketId: string) =>
  (await signedFetch<TicketJson & { contactAttemptCount: number }>(local.stack, 'GET', `/tickets/${ticketId}`)).json;

describe('finding 1: a signature does not move between tickets, routes or queries', () => {
  it('refuses a response signed for ticket A and sent to ticket B; B stays unanswered', async () => {
    await putAccount(local.stack, 'H-MOVE', 'production');
    const a = await openTicket(local.stack, 'H-MOVE');
    const b = await openTicket(local.stack, 'H-MOVE');
    const forA = capture('POST', `/tickets/${a.ticketId}/responses`, { by: 'eng@vendor.example' });
    const before = await scanTable(local.stack);
    const moved = await send(forA, `/tickets/${b.ticketId}/responses`);
    expect(moved.status).toBe(401);
    expect(moved.json.error).toBe('invalid_signature');
    expect(await scanTable(local.stack)).toEqual(before);
    expect((await view(b.ticketId)).sla).toMatchObject({ state: 'running', respondedAt: null });
    // Where it was made for, it works.
    expect((await send(forA)).status).toBe(200);
    expect((await view(a.ticketId)).sla.respondedAt).not.toBeNull();
  });

  it('refuses a close signed for ticket A and sent to ticket C; C stays open', async () => {
    await putAccount(local.stack, 'H-MOVE', 'production');
    const a = await openTicket(local.stack, 'H-MOVE');
    const c = await openTicket(local.stack, 'H-MOVE');
    const closeA = capture('POST', `/tickets/${a.ticketId}/close`, { by: 'eng', resolution: 'fixed' });
    expect((await send(closeA, `/tickets/${c.ticketId}/close`)).status).toBe(401);
    expect((await view(c.ticketId)).status).toBe('awaiting_response');
  });

  it('refuses a captured GET on another ticket, another route or another query', async () => {
    await putAccount(local.stack, 'H-MOVE', 'production');
    const a = await openTicket(local.stack, 'H-MOVE');
    const b = await openTicket(local.stack, 'H-MOVE');
    const readA = capture('GET', `/tickets/${a.ticketId}`);
    expect((await send(readA)).status).toBe(200);
    expect((await send(readA, `/tickets/${b.ticketId}`)).status).toBe(401);
    const list = capture('GET', '/tickets?state=running');
    expect((await send(list)).status).toBe(200);
    expect((await send(list, '/tickets?state=breached')).status).toBe(401);
    expect((await send(list, '/reports/sla?from=2026-11-01&to=2026-12-01')).status).toBe(401);
    // The same path as another method: the method is signed too.
    const post = { ...readA, method: 'POST', body: '{"by":"eng@vendor.example"}' };
    expect((await send(post, `/tickets/${a.ticketId}/responses`)).status).toBe(401);
  });
});

describe('finding 5: replay protection does not depend on how the signature is spelled', () => {
  it('opens one ticket and sends one acknowledgement for an intake sent with six case variants of its signature', async () => {
    await putAccount(local.stack, 'H-CASE', 'production');
    await local.stack.clearMail();
    const intake = capture('POST', '/tickets', ticketBody('H-CASE', { subject: 'Case variants' }));
    const hex = (intake.headers['X-Sla-Signature'] as string).slice(3);
    const first = await send(intake);
    expect(first.status).toBe(201);
    const variants = [
      `v2=${hex.toUpperCase()}`,
      `V2=${hex}`,
      `v2=${hex.slice(0, 32).toUpperCase()}${hex.slice(32)}`,
      `v2=${hex.slice(0, 32)}${hex.slice(32).toUpperCase()}`,
      `v2=${[...hex].map((char, index) => (index % 2 === 0 ? char.toUpperCase() : char)).join('')}`,
      `v2=${[...hex].map((char, index) => (index % 2 === 1 ? char.toUpperCase() : char)).join('')}`,
    ].filter((variant) => variant !== `v2=${hex}`);
    expect(new Set(variants).size).toBe(6);
    for (const variant of variants) {
      const answer = await send(intake, intake.path, { ...intake.headers, 'X-Sla-Signature': variant });
      expect(answer.status, variant).toBe(401);
      expect(answer.json.error).toBe('invalid_signature');
    }
    // And the exact replay gets the first answer: the same ticket, nothing new.
    const replay = await send(intake);
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    const tickets = (await scanTable(local.stack)).filter(
      (item) => item.sk?.S === 'TICKET' && item.supportId?.S === 'H-CASE',
    );
    expect(tickets).toHaveLength(1);
    const acks = (await local.stack.sentMail()).filter((mail) => mail.subject.includes('Case variants'));
    expect(acks).toHaveLength(1);
  });
});

describe('every signed write counts once (DESIGN §4.1)', () => {
  it('applies one of 8 concurrent identical escalations; the others answer 409 or the first answer', async () => {
    await putAccount(local.stack, 'H-ONCE', 'production');
    const ticket = await openTicket(local.stack, 'H-ONCE');
    const escalation = capture('POST', `/tickets/${ticket.ticketId}/escalations`, {
      by: 'admin@customer.example',
      message: 'Concurrent escalation',
    });
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(escalation)));
    for (const answer of answers) expect([200, 409], answer.text).toContain(answer.status);
    expect(answers.filter((answer) => answer.status === 409).every((a) => a.json.error === 'request_in_progress')).toBe(
      true,
    );
    const history = (await view(ticket.ticketId)).history ?? [];
    expect(history.filter((event) => event.type === 'escalated')).toHaveLength(1);
    // Retried afterwards, each gets the first answer.
    const retried = await send(escalation);
    expect(retried.status).toBe(200);
    expect(retried.json).toEqual(answers.find((answer) => answer.status === 200)?.json);
  });
});

describe('scoped secrets: native connections (DESIGN §4.1)', () => {
  const SECRET = 'scoped-native-secret-0001';
  const ROTATED = 'scoped-native-secret-0002';
  const asConnection = (connection: string, secret = SECRET) => ({ secret, connection });

  it('reaches only its accounts, with its access, and the history names it', async () => {
    await putAccount(local.stack, 'H-MINE', 'production');
    await putAccount(local.stack, 'H-OTHER', 'production');
    const mine = await openTicket(local.stack, 'H-MINE');
    // Still running once `mine` is answered, for the list below.
    await openTicket(local.stack, 'H-MINE');
    const other = await openTicket(local.stack, 'H-OTHER');
    const put = async (id: string, settings: Record<string, unknown>) =>
      expect(
        (await signedFetch(local.stack, 'PUT', `/connections/${id}`, { source: 'native', ...settings })).status,
      ).toBe(200);
    await put('h-writer', { secrets: [SECRET, ROTATED], accounts: ['H-MINE'], access: 'write' });
    await put('h-reader', { secrets: [SECRET], accounts: ['H-MINE'], access: 'read' });

    // Its own account's ticket: read and written, by either secret of a rotation.
    const read = await signedFetch(
      local.stack,
      'GET',
      `/tickets/${mine.ticketId}`,
      undefined,
      asConnection('h-writer'),
    );
    expect(read.status).toBe(200);
    const wrote = await signedFetch(
      local.stack,
      'POST',
      `/tickets/${mine.ticketId}/responses`,
      { by: 'partner-eng@vendor.example' },
      asConnection('h-writer', ROTATED),
    );
    expect(wrote.status, wrote.text).toBe(200);
    const history = (await view(mine.ticketId)).history ?? [];
    expect(history.find((event) => event.type === 'responded')).toMatchObject({ connectionId: 'h-writer' });
    expect(history.find((event) => event.type === 'opened')).toMatchObject({ connectionId: 'default' });

    // Another account's ticket does not exist for it, and no account it does not reach either.
    const before = await scanTable(local.stack);
    for (const [method, path, body] of [
      ['GET', `/tickets/${other.ticketId}`, undefined],
      ['POST', `/tickets/${other.ticketId}/close`, { by: 'x', resolution: 'y' }],
    ] as const) {
      const answer = await signedFetch(local.stack, method, path, body, asConnection('h-writer'));
      expect(answer.status, path).toBe(404);
      expect(answer.json).toMatchObject({ error: 'ticket_not_found' });
    }
    const intake = await signedFetch(local.stack, 'POST', '/tickets', ticketBody('H-OTHER'), asConnection('h-writer'));
    expect(intake.status).toBe(404);
    expect(intake.json).toMatchObject({ error: 'unknown_support_id' });
    const list = await signedFetch<{ tickets: { supportId: string }[] }>(
      local.stack,
      'GET',
      '/tickets?state=running',
      undefined,
      asConnection('h-writer'),
    );
    expect(list.status).toBe(200);
    expect(new Set(list.json.tickets.map((ticket) => ticket.supportId))).toEqual(new Set(['H-MINE']));

    // Read access refuses every write, even on its own account.
    const refused = await signedFetch(
      local.stack,
      'POST',
      `/tickets/${mine.ticketId}/close`,
      { by: 'x', resolution: 'y' },
      asConnection('h-reader'),
    );
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: 'not_authorized' });
    expect(await scanTable(local.stack)).toEqual(before);
    const reads = await signedFetch(
      local.stack,
      'GET',
      `/tickets/${mine.ticketId}`,
      undefined,
      asConnection('h-reader'),
    );
    expect(reads.status).toBe(200);
  });

  it('refuses an unknown connection, a wrong secret and a non-native connection alike (401)', async () => {
    await signedFetch(local.stack, 'PUT', '/connections/h-zendesk', { source: 'zendesk', secrets: [SECRET] });
    for (const [connection, secret] of [
      ['h-never-registered', SECRET],
      ['h-writer', 'not-its-secret-000'],
      ['h-zendesk', SECRET],
    ] as const) {
      const answer = await signedFetch(local.stack, 'GET', '/tickets?state=running', undefined, { connection, secret });
      expect(answer.status, connection).toBe(401);
      expect(answer.json).toMatchObject({ error: 'invalid_signature' });
    }
  });
});

describe('finding 2: a flood of contact attempts cannot block a breach', () => {
  it('breaches and alerts once after 2 000 distinct signed attempts and 2 000 replays, its item under 64 KB', async () => {
    await putAccount(local.stack, 'H-FLOOD', 'production');
    const ticket = await openTicket(local.stack, 'H-FLOOD', { severity: 2 });
    await local.stack.clearMail();
    const attempts = Array.from({ length: 2000 }, (_, index) =>
      capture('POST', `/tickets/${ticket.ticketId}/contact-attempts`, {
        by: `engineer-${index}@vendor.example`,
        channel: 'phone',
      }),
    );
    // Each distinct attempt, then each again as captured: 4 000 requests, 8 in flight.
    const queue = [...attempts, ...attempts];
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          statuses.push((await send(next)).status);
        }
      }),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    const flooded = await view(ticket.ticketId);
    expect(flooded.contactAttemptCount).toBe(2000);
    expect((flooded.history ?? []).filter((event) => event.type === 'contact_attempt')).toHaveLength(2000);

    // Its deadline (12:00) passes; the timers fire.
    clock.set('2026-12-01T12:05:00Z');
    await local.fire();
    const breached = await view(ticket.ticketId);
    expect(breached.sla.state).toBe('breached');
    expect(breached.breachNotifiedAt).not.toBeNull();
    await local.fire();
    const breachMail = (await local.stack.sentMail()).filter(
      (mail) => mail.subject.includes(ticket.ticketId) && mail.subject.includes('SLA breached'),
    );
    expect(breachMail).toHaveLength(1);

    // The raw item, as DynamoDB stores it.
    const { Item } = await dynamoDbClient(local.stack).send(
      new GetItemCommand({
        TableName: local.stack.tableName,
        Key: { pk: { S: `TICKET#${ticket.ticketId}` }, sk: { S: 'TICKET' } },
        ConsistentRead: true,
      }),
    );
    expect(Item).toBeDefined();
    expect(Buffer.byteLength(JSON.stringify(Item))).toBeLessThan(64 * 1024);
  }, 600_000);
});
