/**
 * Every status code of DESIGN §4 produced by a real signed request through the local API server, with
 * the table compared before and after each refusal: a refusal writes nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sign } from '../../local/sign.ts';
import { TEMPLATE_SETS_DIR } from '../../shared/mail/template-files.ts';
import { manualClock } from '../../shared/time/clock.ts';
import { accountBody, openTicket, putAccount, ticketBody } from '../support/fixtures.ts';
import { scanTable, signedFetch, useLocalStack } from '../support/local-stack.ts';

const clock = manualClock('2026-12-01T09:00:00Z');
const local = useLocalStack({ clock });

/** Sends the request, asserts status and error code, and that the table is byte-for-byte unchanged. */
async function refused(
  request: () => Promise<{ status: number; json: unknown; headers: Headers }>,
  status: number,
  code: string,
) {
  const before = await scanTable(local.stack);
  const response = await request();
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.json).toMatchObject({ error: code, message: expect.any(String) });
  expect(await scanTable(local.stack)).toEqual(before);
  return response.json as { error: string; message: string; details?: { field: string; message: string }[] };
}

const post = (path: string, body: unknown, options = {}) => signedFetch(local.stack, 'POST', path, body, options);

describe('accounts', () => {
  it('registers (200) and reads (200) an account with the admin secret', async () => {
    await putAccount(local.stack, 'R-BASIC', 'basic');
    const read = await signedFetch<{ program: string; timezone: string }>(local.stack, 'GET', '/accounts/R-BASIC');
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ program: 'basic', timezone: 'Europe/Paris' });
  });

  it('refuses the webhook secret on /accounts (401 invalid_signature)', async () => {
    await refused(
      () =>
        signedFetch(local.stack, 'PUT', '/accounts/R-X', accountBody('basic'), { secret: local.stack.secrets.webhook }),
      401,
      'invalid_signature',
    );
  });

  it('refuses a language the region does not offer, naming the field (400)', async () => {
    const error = await refused(
      () => signedFetch(local.stack, 'PUT', '/accounts/R-X', accountBody('basic', { region: 'apac', language: 'de' })),
      400,
      'invalid_request',
    );
    expect(error.details?.map((detail) => detail.field)).toContain('language');
  });

  it('answers 404 unknown_support_id for an account that does not exist', async () => {
    await refused(() => signedFetch(local.stack, 'GET', '/accounts/NOPE'), 404, 'unknown_support_id');
  });
});

describe('POST /tickets', () => {
  it('opens a ticket (201) with its SLA', async () => {
    await putAccount(local.stack, 'R-PROD', 'production');
    const ticket = await openTicket(local.stack, 'R-PROD', { severity: 2 });
    expect(ticket.sla).toMatchObject({ clock: 'wall', targetMinutes: 180, deadline: '2026-12-01T12:00:00.000Z' });
  });

  it("acknowledges the opener in the account's language, from that language's template file", async () => {
    const templates = (language: string) =>
      JSON.parse(readFileSync(new URL(`${language}.json`, TEMPLATE_SETS_DIR), 'utf8')) as {
        templates: { ticket_opened: { subject: string } };
      };
    for (const [supportId, language] of [
      ['R-LANG-DE', 'de'],
      ['R-LANG-ES', 'es'],
    ] as const) {
      await putAccount(local.stack, supportId, 'basic', { language });
      const ticket = await openTicket(local.stack, supportId, { subject: `Sicherung ${language}` });
      const mail = (await local.stack.sentMail()).filter((sent) => sent.subject.includes(ticket.ticketId));
      expect(mail.map((sent) => sent.subject)).toEqual([
        templates(language)
          .templates.ticket_opened.subject.replace('{{ticketId}}', ticket.ticketId)
          .replace('{{subject}}', `Sicherung ${language}`),
      ]);
    }
  });

  it('refuses unknown fields and wrong types with field details (400)', async () => {
    await putAccount(local.stack, 'R-PROD', 'production');
    const unknown = await refused(
      () => post('/tickets', ticketBody('R-PROD', { colour: 'red' })),
      400,
      'invalid_request',
    );
    expect(unknown.details).toEqual([expect.objectContaining({ field: 'colour' })]);
    const wrongType = await refused(
      () => post('/tickets', ticketBody('R-PROD', { severity: '1' })),
      400,
      'invalid_request',
    );
    expect(wrongType.details?.[0]?.field).toBe('severity');
    await refused(() => post('/tickets', '{"supportId": '), 400, 'invalid_request');
    await refused(
      () => post('/tickets', ticketBody('R-PROD', { openedAt: '2026-12-01T09:10:00Z' })),
      400,
      'invalid_request',
    );
  });

  it('refuses missing, wrong and stale signatures (401)', async () => {
    const body = JSON.stringify(ticketBody('R-PROD'));
    const url = `${local.stack.urls.api}/tickets`;
    const send = async (headers: Record<string, string>) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      return { status: response.status, headers: response.headers, json: await response.json() };
    };
    const now = Math.floor(clock().getTime() / 1000);
    await refused(() => send({}), 401, 'missing_signature');
    await refused(
      () =>
        send({
          'x-sla-timestamp': String(now),
          'x-sla-signature': sign('wrong-secret', now, 'POST', '/tickets', body),
        }),
      401,
      'invalid_signature',
    );
    const stale = now - 301;
    await refused(
      () =>
        send({
          'x-sla-timestamp': String(stale),
          'x-sla-signature': sign(local.stack.secrets.webhook, stale, 'POST', '/tickets', body),
        }),
      401,
      'signature_expired',
    );
  });

  it('refuses an opener who is not a case administrator or partner (403)', async () => {
    await refused(
      () => post('/tickets', ticketBody('R-PROD', { openedBy: { email: 'intruder@else.example' } })),
      403,
      'not_authorized_opener',
    );
  });

  it('accepts case administrators case-insensitively and support partners', async () => {
    await openTicket(local.stack, 'R-PROD', { openedBy: { email: 'ADMIN@Customer.Example' } });
    await openTicket(local.stack, 'R-PROD', { openedBy: { partnerId: 'partner-1', email: 'tech@partner.example' } });
  });

  it('refuses an expired contract (403), valid through its expiry date in the account zone', async () => {
    // Expired 30 November: 1 December 10:00 in Paris is past the end of that date.
    await putAccount(local.stack, 'R-EXPIRED', 'basic', { contractExpiresAt: '2026-11-30' });
    await refused(() => post('/tickets', ticketBody('R-EXPIRED')), 403, 'contract_expired');
    await putAccount(local.stack, 'R-LASTDAY', 'basic', { contractExpiresAt: '2026-12-01' });
    await openTicket(local.stack, 'R-LASTDAY');
  });

  it('refuses an unknown support ID (404)', async () => {
    await refused(() => post('/tickets', ticketBody('R-NOBODY')), 404, 'unknown_support_id');
  });

  it('refuses severity 1 on evaluation and a new ticket by phone (422)', async () => {
    await putAccount(local.stack, 'R-EVAL', 'evaluation');
    await refused(() => post('/tickets', ticketBody('R-EVAL', { severity: 1 })), 422, 'severity_not_offered');
    await refused(() => post('/tickets', ticketBody('R-EVAL', { channel: 'phone' })), 422, 'phone_requires_ticket');
  });

  it('refuses a body over 64 KiB (413) and a non-JSON content type (415)', async () => {
    const huge = ticketBody('R-PROD', { description: 'x'.repeat(70 * 1024) });
    await refused(() => post('/tickets', huge), 413, 'payload_too_large');
    await refused(
      () => post('/tickets', JSON.stringify(ticketBody('R-PROD')), { headers: { 'Content-Type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    );
  });
});

describe('ticket routes', () => {
  it('answers 404 ticket_not_found for an unknown ticket, and 404 for an unknown route', async () => {
    await refused(() => signedFetch(local.stack, 'GET', '/tickets/does-not-exist'), 404, 'ticket_not_found');
    await refused(() => post('/tickets/does-not-exist/responses', { by: 'eng' }), 404, 'ticket_not_found');
    await refused(() => signedFetch(local.stack, 'GET', '/nowhere'), 404, 'route_not_found');
  });

  it('refuses a path that tries to walk out of the ticket id (400)', async () => {
    await refused(() => signedFetch(local.stack, 'GET', '/tickets/..%2F..%2Faccounts'), 400, 'invalid_request');
  });

  it('refuses activity on a closed ticket (409) and an event dated before the opening (400)', async () => {
    const ticket = await openTicket(local.stack, 'R-PROD');
    await refused(
      () => post(`/tickets/${ticket.ticketId}/responses`, { by: 'eng', at: '2026-12-01T08:00:00Z' }),
      400,
      'invalid_request',
    );
    const closed = await post(`/tickets/${ticket.ticketId}/close`, { by: 'eng', resolution: 'fixed' });
    expect(closed.status).toBe(200);
    await refused(
      () => post(`/tickets/${ticket.ticketId}/severity`, { severity: 1, changedBy: 'x' }),
      409,
      'ticket_closed',
    );
    await refused(
      () => post(`/tickets/${ticket.ticketId}/close`, { by: 'eng', resolution: 'again' }),
      409,
      'ticket_closed',
    );
  });

  it('records escalations and sends the manager and the customer an e-mail (200)', async () => {
    const ticket = await openTicket(local.stack, 'R-PROD');
    const escalated = await post(`/tickets/${ticket.ticketId}/escalations`, { by: ADMIN, message: 'No answer yet' });
    expect(escalated.status).toBe(200);
    const mail = (await local.stack.sentMail()).filter((m) => m.subject.includes(ticket.ticketId));
    expect(mail.map((m) => m.destination.to[0]).sort()).toEqual(
      ['admin@customer.example', 'admin@customer.example', 'duty-manager@example.com'].sort(),
    );
  });
});

describe('queries', () => {
  it('lists open tickets by state, soonest deadline first, and reports by period', async () => {
    clock.set('2026-12-02T09:00:00Z');
    await putAccount(local.stack, 'R-Q', 'production');
    const slow = await openTicket(local.stack, 'R-Q', { severity: 4 });
    const fast = await openTicket(local.stack, 'R-Q', { severity: 1 });
    const running = await signedFetch<{ tickets: { ticketId: string }[] }>(
      local.stack,
      'GET',
      '/tickets?state=running&program=production',
    );
    expect(running.status).toBe(200);
    const ids = running.json.tickets.map((t) => t.ticketId);
    expect(ids.indexOf(fast.ticketId)).toBeLessThan(ids.indexOf(slow.ticketId));
    clock.set('2026-12-02T09:50:00Z'); // past severity 1's warning (09:45), before its deadline
    const atRisk = await signedFetch<{ tickets: { ticketId: string }[] }>(local.stack, 'GET', '/tickets?state=at_risk');
    expect(atRisk.json.tickets.map((t) => t.ticketId)).toEqual([fast.ticketId]);
    await post(`/tickets/${slow.ticketId}/responses`, { by: 'eng' });
    // The report reads aggregates the stream keeps (DESIGN §11): wait until the aggregator has caught up.
    await local.stack.drainStreams();
    const report = await signedFetch<{ rows: Record<string, unknown>[] }>(
      local.stack,
      'GET',
      '/reports/sla?from=2026-12-02&to=2026-12-03',
    );
    expect(report.status).toBe(200);
    expect(report.json.rows).toEqual([
      expect.objectContaining({ program: 'production', severity: 1, opened: 1, running: 1, met: 0 }),
      expect.objectContaining({
        program: 'production',
        severity: 4,
        opened: 1,
        met: 1,
        metPercent: 100,
        p50ResponseMinutes: 50,
      }),
    ]);
    await refused(() => signedFetch(local.stack, 'GET', '/tickets?state=late'), 400, 'invalid_request');
    await refused(
      () => signedFetch(local.stack, 'GET', '/reports/sla?from=2026-12-03&to=2026-12-02'),
      400,
      'invalid_request',
    );
  });
});

const ADMIN = 'admin@customer.example';
