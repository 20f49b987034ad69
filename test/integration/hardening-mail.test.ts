/**
 * Issue 10's findings 3, 4 and 6 reproduced against the real local stack (DESIGN §4.1): mail goes only to known
 * addresses, one escalation mailing per ticket per 10 minutes, and the input bounds (zones, offsets, report
 * range, control characters, a Content-Type header that once cost quadratic time before any signature check).
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../shared/time/clock.ts';
import {
  ADMIN,
  accountBody,
  getTicket,
  openTicket,
  putAccount,
  type TicketJson,
  ticketBody,
} from '../support/fixtures.ts';
import { sendRaw } from '../support/fuzz-requests.ts';
import { scanTable, signedFetch, useLocalStack } from '../support/local-stack.ts';

// Tuesday 1 December 2026, 10:00 in Paris.
const clock = manualClock('2026-12-01T09:00:00Z');
const local = useLocalStack({ clock });

const VICTIM = 'random-victim@third-party.example';
const PARTNER_CONTACT = 'tech@partner.example';

interface ErrorJson {
  error: string;
  message: string;
  details?: { field: string; message: string }[];
}

const admin = () => ({ secret: local.stack.secrets.admin });
const putPartner = (partnerId: string, body: unknown) =>
  signedFetch(local.stack, 'PUT', `/partners/${partnerId}`, body, admin());
const fieldsOf = (json: unknown) => ((json as ErrorJson).details ?? []).map((detail) => detail.field.split('.')[0]);

/** Every address a sent e-mail went to, To, Cc and Bcc alike. */
async function everyRecipient(): Promise<string[]> {
  return (await local.stack.sentMail()).flatMap((mail) => [
    ...mail.destination.to,
    ...mail.destination.cc,
    ...mail.destination.bcc,
  ]);
}

/** Sends the request and checks a 4xx JSON refusal naming `field`, with the table and the sent mail unchanged. */
async function refusedNaming(send: () => Promise<{ status: number; json: unknown }>, status: number, field?: string) {
  const table = await scanTable(local.stack);
  const mail = (await local.stack.sentMail()).length;
  const answer = await send();
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  if (field !== undefined) expect(fieldsOf(answer.json)).toContain(field);
  expect(await scanTable(local.stack)).toEqual(table);
  expect((await local.stack.sentMail()).length).toBe(mail);
  return answer.json as ErrorJson;
}

describe('support partners (PUT|GET /partners/{partnerId}, admin secret)', () => {
  it('registers a partner with its contacts (200) and reads it back (200)', async () => {
    const put = await putPartner('partner-1', { name: 'Partner SARL', contacts: [PARTNER_CONTACT] });
    expect(put.status, put.text).toBe(200);
    const read = await signedFetch(local.stack, 'GET', '/partners/partner-1', undefined, admin());
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ partnerId: 'partner-1', name: 'Partner SARL', contacts: [PARTNER_CONTACT] });
  });

  it('answers 404 unknown_partner for a partner nobody registered', async () => {
    const read = await signedFetch<ErrorJson>(local.stack, 'GET', '/partners/partner-404', undefined, admin());
    expect(read.status).toBe(404);
    expect(read.json.error).toBe('unknown_partner');
  });

  it('refuses the webhook secret (401) and bad bodies (400 naming the field), writing nothing', async () => {
    await refusedNaming(() => signedFetch(local.stack, 'PUT', '/partners/partner-2', { name: 'P', contacts: [] }), 401);
    await refusedNaming(() => putPartner('partner-2', { name: 'Partner\u0085Evil', contacts: [] }), 400, 'name');
    await refusedNaming(() => putPartner('partner-2', { name: 'P', contacts: ['not-an-address'] }), 400, 'contacts');
    await refusedNaming(
      () => putPartner('partner-2', { name: 'P', contacts: ['a@x.example', 'A@X.example'] }),
      400,
      'contacts',
    );
    await refusedNaming(() => putPartner('partner-2', { name: 'P', contacts: [], extra: 1 }), 400, 'extra');
    await refusedNaming(() => putPartner('bad.id', { name: 'P', contacts: [] }), 400, 'partnerId');
  });
});

describe('finding 4: mail goes only to known addresses', () => {
  it('opens a partner ticket for an unknown address but mails it nothing, and says so in the history', async () => {
    await putAccount(local.stack, 'HM-PARTNER', 'production', { supportPartners: ['partner-1'] });
    await putPartner('partner-1', { name: 'Partner SARL', contacts: [PARTNER_CONTACT] });
    const ticket = await openTicket(local.stack, 'HM-PARTNER', {
      openedBy: { partnerId: 'partner-1', email: VICTIM },
      subject: 'Your invoice is overdue: pay at evil.example',
    });
    const escalated = await signedFetch(local.stack, 'POST', `/tickets/${ticket.ticketId}/escalations`, {
      by: VICTIM,
      message: 'Call me',
    });
    expect(escalated.status).toBe(200);

    expect(await everyRecipient()).not.toContain(VICTIM);
    // The duty manager is still paged: internal addresses are known ones.
    const toTicket = (await local.stack.sentMail()).filter((mail) => mail.subject.includes(ticket.ticketId));
    expect(toTicket.flatMap((mail) => mail.destination.to)).toEqual(['duty-manager@example.com']);
    const { history } = await getTicket(local.stack, ticket.ticketId);
    const withheld = (history ?? []).filter((event) => event.type === 'mail_withheld');
    expect(withheld.map((event) => event.details?.template)).toEqual(['ticket_opened', 'escalation_ack']);
    expect(String(withheld[0]?.details?.reason)).toContain('partner-1');
  });

  it("mails a partner's registered contact, matched case-insensitively, at the registered spelling", async () => {
    const ticket = await openTicket(local.stack, 'HM-PARTNER', {
      openedBy: { partnerId: 'partner-1', email: 'Tech@Partner.Example' },
    });
    const toTicket = (await local.stack.sentMail()).filter((mail) => mail.subject.includes(ticket.ticketId));
    expect(toTicket.map((mail) => mail.destination.to)).toEqual([[PARTNER_CONTACT]]);
  });

  it("does not take another partner's contacts for this partner's", async () => {
    await putAccount(local.stack, 'HM-TWO', 'production', { supportPartners: ['partner-1', 'partner-3'] });
    await putPartner('partner-3', { name: 'Other partner', contacts: ['ops@other-partner.example'] });
    const ticket = await openTicket(local.stack, 'HM-TWO', {
      openedBy: { partnerId: 'partner-3', email: PARTNER_CONTACT },
    });
    expect((await local.stack.sentMail()).filter((mail) => mail.subject.includes(ticket.ticketId))).toEqual([]);
  });

  it('still refuses a partner the account does not list (403), mailing nobody', async () => {
    const answer = await refusedNaming(
      () =>
        signedFetch(
          local.stack,
          'POST',
          '/tickets',
          ticketBody('HM-PARTNER', { openedBy: { partnerId: 'partner-3', email: 'ops@other-partner.example' } }),
        ),
      403,
    );
    expect(answer.error).toBe('not_authorized_opener');
  });
});

describe('finding 4: at most one escalation mailing per ticket per 10 minutes', () => {
  it('sends one page and one acknowledgement for ten escalations with different words; the rest is history', async () => {
    await putAccount(local.stack, 'HM-ESC', 'production');
    const ticket = await openTicket(local.stack, 'HM-ESC');
    const escalate = (message: string) =>
      signedFetch(local.stack, 'POST', `/tickets/${ticket.ticketId}/escalations`, { by: ADMIN, message });
    const mailFor = async () =>
      (await local.stack.sentMail()).filter((mail) => mail.subject.includes(ticket.ticketId)).length;
    const opened = await mailFor();
    for (let index = 1; index <= 10; index++) {
      clock.set(new Date(Date.parse('2026-12-01T09:00:00Z') + index * 30_000));
      const answer = await escalate(`Still nothing, attempt ${index}`);
      expect(answer.status).toBe(200);
    }
    // One page to the duty manager and one acknowledgement to the customer, whatever the words.
    expect((await mailFor()) - opened).toBe(2);
    const { history } = await getTicket(local.stack, ticket.ticketId);
    const escalations = (history ?? []).filter((event) => event.type === 'escalated');
    expect(escalations).toHaveLength(10);
    expect(escalations.map((event) => event.details?.mailed)).toEqual([true, ...Array(9).fill(false)]);

    // Ten minutes after the first mailing, the next escalation pages again.
    clock.set('2026-12-01T09:10:30Z');
    expect((await escalate('Ten minutes later')).status).toBe(200);
    expect((await mailFor()) - opened).toBe(4);
  });
});

describe('finding 3: the report range', () => {
  it('refuses the year-9999 report with a 400 naming from and to', async () => {
    const answer = await refusedNaming(
      () => signedFetch(local.stack, 'GET', '/reports/sla?from=9999-01-01&to=9999-12-31T23:59:59.999Z'),
      400,
    );
    expect(answer.error).toBe('invalid_request');
    expect(fieldsOf(answer)).toEqual(expect.arrayContaining(['from', 'to']));
  });

  it('refuses bounds before 2000 or after next year, and serves a year within them', async () => {
    await refusedNaming(
      () => signedFetch(local.stack, 'GET', '/reports/sla?from=1999-12-31&to=2000-06-01'),
      400,
      'from',
    );
    await refusedNaming(() => signedFetch(local.stack, 'GET', '/reports/sla?from=2028-01-01&to=2028-02-01'), 400, 'to');
    const nextYear = await signedFetch(local.stack, 'GET', '/reports/sla?from=2027-01-01&to=2028-01-01');
    expect(nextYear.status, nextYear.text).toBe(200);
  });
});

describe('finding 6: the input bounds', () => {
  it('refuses zones past ±14:00 and loose offsets (400 naming timezone), and takes UTC+14:00', async () => {
    for (const timezone of ['UTC+99:99', 'UTC+14:01', 'UTC-25:00', 'UTC+5', '+05:00', 'local']) {
      await refusedNaming(
        () => signedFetch(local.stack, 'PUT', '/accounts/HM-ZONE', { ...accountBody('production'), timezone }),
        400,
        'timezone',
      );
    }
    const kiritimati = await signedFetch(local.stack, 'PUT', '/accounts/HM-ZONE', {
      ...accountBody('production'),
      timezone: 'UTC+14:00',
    });
    expect(kiritimati.status, kiritimati.text).toBe(200);
  });

  it('refuses an instant whose offset is past ±14:00 in openedAt and at (400 naming the field)', async () => {
    await putAccount(local.stack, 'HM-OFFSET', 'production');
    for (const openedAt of ['2026-12-01T10:00:00+25:00', '2026-12-01T10:00:00+14:30', '2026-12-01T10:00:00-13:60']) {
      await refusedNaming(
        () => signedFetch(local.stack, 'POST', '/tickets', ticketBody('HM-OFFSET', { openedAt })),
        400,
        'openedAt',
      );
    }
    const ticket: TicketJson = await openTicket(local.stack, 'HM-OFFSET', { openedAt: '2026-12-01T23:00:00+14:00' });
    await refusedNaming(
      () =>
        signedFetch(local.stack, 'POST', `/tickets/${ticket.ticketId}/responses`, {
          by: 'engineer@vendor.example',
          at: '2026-12-01T10:00:00+99:00',
        }),
      400,
      'at',
    );
  });

  it('refuses NUL, VT, FF, NEL, C1 and U+2028/2029 in a subject or a name, so none reaches a mail subject', async () => {
    for (const char of ['\u0000', '\u000b', '\u000c', '\u0085', '\u009b', '\u2028', '\u2029', '\t', '\n']) {
      await refusedNaming(
        () => signedFetch(local.stack, 'POST', '/tickets', ticketBody('HM-OFFSET', { subject: `Backups${char}fail` })),
        400,
        'subject',
      );
      await refusedNaming(
        () =>
          signedFetch(local.stack, 'PUT', '/accounts/HM-NAME', {
            ...accountBody('production'),
            name: `Acme${char}Corp`,
          }),
        400,
        'name',
      );
    }
  });

  it('keeps tab and newline in a description, and refuses its other control characters', async () => {
    const ticket = await openTicket(local.stack, 'HM-OFFSET', { description: 'Steps:\n\t1. back up\r\n\t2. fail' });
    expect(ticket.ticketId).toBeTruthy();
    await refusedNaming(
      () => signedFetch(local.stack, 'POST', '/tickets', ticketBody('HM-OFFSET', { description: 'a\u0000b' })),
      400,
      'description',
    );
  });

  it('answers 415 to 15 000 × U+00A0 as Content-Type, signed or not, as for any other non-JSON type', async () => {
    const body = Buffer.from(JSON.stringify(ticketBody('HM-OFFSET')));
    for (const contentType of ['\u00a0'.repeat(15_000), `${'\u00a0'.repeat(15_000)}application/json`]) {
      const before = await scanTable(local.stack);
      const answer = await sendRaw(local.stack.urls.api, {
        method: 'POST',
        target: '/tickets',
        headers: { 'content-type': contentType },
        body,
      });
      expect(answer.status, answer.text).toBe(415);
      expect(JSON.parse(answer.text)).toMatchObject({ error: 'unsupported_media_type' });
      expect(await scanTable(local.stack)).toEqual(before);
    }
  });
});
