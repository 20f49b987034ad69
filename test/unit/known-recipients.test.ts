/** DESIGN §4.1 in the decisions: customer mail goes to a known opener address only, and escalations page at most every 10 minutes. */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import {
  contactAttempted,
  type DecisionContext,
  dueWork,
  escalated,
  knownOpenerAddress,
  type OpenRequest,
  openTicket,
} from '#shared/tickets/decisions.ts';
import type { Account, Partner, Ticket } from '#shared/tickets/ticket.ts';

const account: Account = {
  supportId: 'ACME',
  name: 'ACME',
  program: 'production',
  contractExpiresAt: '2027-12-31',
  timezone: 'Europe/Paris',
  region: 'emea',
  language: 'fr',
  holidays: {},
  caseAdministrators: ['Admin@Acme.example'],
  supportPartners: ['P-1', 'P-2'],
  supportAccountManager: null,
  updatedAt: '2026-12-01T00:00:00.000Z',
};
const partner: Partner = { partnerId: 'P-1', name: 'Partner', contacts: ['tech@partner.example'], updatedAt: '' };

const policy = loadPolicy();
let ids = 0;
const context = (now: string): DecisionContext => ({
  policy,
  now: new Date(now),
  newId: () => `id-${++ids}`,
  recipients: { supportQueue: 'queue@example.com', dutyManager: 'duty@example.com' },
});

function opened(openedBy: OpenRequest['openedBy'], known?: Partner): { ticket: Ticket; types: string[] } {
  const change = openTicket(
    context('2026-12-01T09:00:00Z'),
    account,
    {
      supportId: 'ACME',
      openedBy,
      severity: 2,
      product: 'Backup',
      subject: 'Backups fail',
      channel: 'web',
      openedAt: '2026-12-01T09:00:00.000Z',
    },
    'T-1',
    known,
  );
  return { ticket: { ...change.ticket, outbox: [] }, types: change.events.map((event) => event.type) };
}

describe('knownOpenerAddress', () => {
  it("is a case administrator's address as registered, compared case-insensitively", () => {
    expect(knownOpenerAddress(account, undefined, { email: 'admin@ACME.example' })).toBe('Admin@Acme.example');
  });

  it('is a contact of the partner the opener acts for, and of no other partner', () => {
    expect(knownOpenerAddress(account, partner, { partnerId: 'P-1', email: 'TECH@partner.example' })).toBe(
      'tech@partner.example',
    );
    expect(knownOpenerAddress(account, partner, { partnerId: 'P-2', email: 'tech@partner.example' })).toBeNull();
    expect(knownOpenerAddress(account, undefined, { partnerId: 'P-1', email: 'tech@partner.example' })).toBeNull();
    expect(
      knownOpenerAddress(account, partner, { partnerId: 'P-1', email: 'random-victim@third-party.example' }),
    ).toBeNull();
  });
});

describe('customer mail for an unknown opener address', () => {
  it('is withheld at every step (acknowledgement, escalation, pending closure, closed) and recorded as such', () => {
    const { ticket, types } = opened({ partnerId: 'P-1', email: 'random-victim@third-party.example' }, partner);
    expect(ticket.customerEmail).toBeNull();
    expect(types).toEqual(['opened', 'mail_withheld']);

    const escalation = escalated(context('2026-12-01T09:05:00Z'), ticket, { by: 'x', message: 'help' });
    expect(escalation?.ticket.outbox.flatMap((mail) => mail.to)).toEqual(['duty@example.com']);
    expect(escalation?.events.map((event) => [event.type, event.details?.template])).toContainEqual([
      'mail_withheld',
      'escalation_ack',
    ]);

    let current = ticket;
    const withheld: unknown[] = [];
    for (const at of ['2026-12-01T10:00:00.000Z', '2026-12-02T10:00:00.000Z', '2026-12-03T10:00:00.000Z']) {
      const change = contactAttempted(context(at), current, { by: 'eng', channel: 'phone', at });
      current = change?.ticket ?? current;
      withheld.push(...(change?.events ?? []).filter((event) => event.type === 'mail_withheld'));
    }
    expect(current.status).toBe('pending_closure');
    expect(current.outbox).toEqual([]);
    const closing = dueWork(context('2026-12-05T10:00:00Z'), current);
    expect(closing?.ticket.status).toBe('closed');
    expect(closing?.ticket.outbox.flatMap((mail) => mail.to)).not.toContain('random-victim@third-party.example');
    withheld.push(...(closing?.events ?? []).filter((event) => event.type === 'mail_withheld'));
    expect(withheld.map((event) => (event as { details: { template: string } }).details.template)).toEqual([
      'pending_closure',
      'closed_no_response',
    ]);
  });
});

describe('escalation mail', () => {
  it('pages once in 10 minutes whatever the words; the next page comes 10 minutes after the last one', () => {
    let { ticket } = opened({ email: 'admin@acme.example' });
    const pages: string[] = [];
    for (const [minute, message] of [
      [0, 'one'],
      [3, 'two'],
      [9, 'three'],
      [10, 'four'],
      [12, 'five'],
    ] as const) {
      const now = new Date(Date.parse('2026-12-01T10:00:00Z') + minute * 60_000).toISOString();
      const change = escalated(context(now), ticket, { by: 'admin@acme.example', message });
      if (!change) throw new Error('an escalation with new words is never a redelivery');
      if (change.ticket.outbox.length > ticket.outbox.length) pages.push(message);
      ticket = change.ticket;
    }
    expect(pages).toEqual(['one', 'four']);
  });

  it('treats the same words from the same person within 10 minutes as a redelivery: nothing recorded', () => {
    const { ticket } = opened({ email: 'admin@acme.example' });
    const first = escalated(context('2026-12-01T10:00:00Z'), ticket, { by: 'a', message: 'same' });
    expect(
      escalated(context('2026-12-01T10:05:00Z'), first?.ticket as Ticket, { by: 'a', message: 'same' }),
    ).toBeNull();
  });
});
