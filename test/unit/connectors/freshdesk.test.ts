import { describe, expect, it } from 'vitest';
import { freshdesk } from '#shared/connectors/freshdesk.ts';
import { fixtureBytes, reserialised, settingsFor, signedRequest } from '../../support/connector-fixtures.ts';

const TOKEN = 'fd-bearer-token-0123456789';
const settings = settingsFor({ organizations: { 'Customer Inc.': 'S-CUST' } });
const receivedAt = new Date('2026-11-30T09:00:02Z');
const request = (name: string) => signedRequest('freshdesk', fixtureBytes('freshdesk', name), TOKEN);
const translate = (name: string, overrides = {}) =>
  freshdesk.translate(request(name), { ...settings, ...overrides }, { receivedAt });

describe('Freshdesk authentication (Authorization: Bearer <secret>)', () => {
  it('accepts the token, and either token of a rotation', () => {
    expect(freshdesk.verify(request('opened'), [TOKEN], receivedAt)).toEqual({ ok: true });
    expect(freshdesk.verify(request('opened'), ['previous-token', TOKEN], receivedAt).ok).toBe(true);
  });

  it('refuses another token, a missing header and another scheme', () => {
    const body = fixtureBytes('freshdesk', 'opened');
    expect(freshdesk.verify({ headers: { authorization: 'Bearer guess' }, body }, [TOKEN], receivedAt)).toEqual({
      ok: false,
      reason: 'bearer token does not match',
    });
    expect(freshdesk.verify({ headers: {}, body }, [TOKEN], receivedAt).ok).toBe(false);
    expect(freshdesk.verify({ headers: { authorization: `Basic ${TOKEN}` }, body }, [TOKEN], receivedAt).ok).toBe(
      false,
    );
  });

  it('identifies a delivery by the SHA-256 of its raw bytes, so a non-ASCII body is not re-serialised', () => {
    const raw = fixtureBytes('freshdesk', 'opened-non-ascii');
    const id = freshdesk.deliveryId({ headers: {}, body: raw });
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(freshdesk.deliveryId({ headers: {}, body: Buffer.from(raw) })).toBe(id);
    const rewritten = reserialised(raw);
    expect(rewritten.equals(raw)).toBe(false);
    expect(freshdesk.deliveryId({ headers: {}, body: rewritten })).not.toBe(id);
  });
});

describe('Freshdesk automation webhooks (the §9 body) → our events', () => {
  it('opens from the body, at its arrival (Freshdesk sends no event time), with the requester e-mail', () => {
    expect(translate('opened')).toEqual({
      kind: 'apply',
      event: 'opened',
      sourceTicketId: '4217',
      opening: {
        snapshot: {
          supportId: 'S-CUST',
          subject: 'Invoices export times out',
          severity: 2,
          openedAt: '2026-11-30T09:00:02.000Z',
          requesterEmail: 'admin@customer.example',
          requester: 'admin@customer.example',
          product: 'Freshdesk',
          channel: 'web',
        },
      },
      steps: [{ type: 'open' }],
    });
  });

  it('cleans control characters out of a non-ASCII subject', () => {
    expect(translate('opened-non-ascii')).toMatchObject({
      sourceTicketId: '4218',
      opening: { snapshot: { subject: 'Export des factures — délai dépassé é "CSV" /exports ログ' } },
    });
  });

  it('maps the five events', () => {
    expect(translate('priority-changed')).toMatchObject({
      steps: [{ type: 'severity', severity: 1, at: '2026-11-30T09:00:02.000Z', reason: 'Freshdesk priority Urgent' }],
    });
    expect(translate('agent-replied')).toMatchObject({ steps: [{ type: 'respond', by: 'freshdesk agent' }] });
    expect(translate('customer-replied')).toMatchObject({ steps: [{ type: 'customer_reply' }] });
    expect(translate('status-changed-resolved')).toMatchObject({
      steps: [{ type: 'close', resolution: 'Freshdesk Resolved' }],
    });
  });

  it('ignores a status change to anything but Resolved or Closed, and unknown events', () => {
    const pending = fixtureBytes('freshdesk', 'status-changed-resolved').toString().replace('Resolved', 'Pending');
    expect(freshdesk.translate(signedRequest('freshdesk', pending, TOKEN), settings, { receivedAt })).toMatchObject({
      kind: 'ignored',
      reason: 'status changed to Pending: only Resolved or Closed ends the ticket',
    });
    const merged = fixtureBytes('freshdesk', 'opened').toString().replace('"opened"', '"merged"');
    expect(freshdesk.translate(signedRequest('freshdesk', merged, TOKEN), settings, { receivedAt })).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/^event must be one of opened, priority_changed/),
    });
  });

  it('falls back to the default support ID for an unknown or empty company, else cannot open', () => {
    const noCompany = fixtureBytes('freshdesk', 'opened').toString().replace('"Customer Inc."', '""');
    const signed = signedRequest('freshdesk', noCompany, TOKEN);
    expect(freshdesk.translate(signed, settings, { receivedAt })).toMatchObject({
      opening: {
        unavailable:
          'a delivery without an organisation is not mapped to a support ID and the connection has no defaultSupportId',
      },
    });
    expect(freshdesk.translate(signed, { ...settings, defaultSupportId: 'S-D' }, { receivedAt })).toMatchObject({
      opening: { snapshot: { supportId: 'S-D' } },
    });
  });

  it('does not take a malformed requester address for an e-mail', () => {
    const body = fixtureBytes('freshdesk', 'opened').toString().replace('admin@customer.example', 'not an address');
    expect(freshdesk.translate(signedRequest('freshdesk', body, TOKEN), settings, { receivedAt })).toMatchObject({
      opening: { snapshot: { requesterEmail: null } },
    });
  });

  it('refuses a ticket id that is not a Freshdesk number, naming the field', () => {
    const body = fixtureBytes('freshdesk', 'opened').toString().replace('"4217"', '"../4217"');
    expect(freshdesk.translate(signedRequest('freshdesk', body, TOKEN), settings, { receivedAt })).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/ticket_id: a Freshdesk ticket number/),
    });
  });
});
