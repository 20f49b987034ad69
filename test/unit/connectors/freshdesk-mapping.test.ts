import { describe, expect, it } from 'vitest';
import { freshdesk } from '#shared/connectors/freshdesk.ts';
import { fixtureBytes, settingsFor, signedRequest } from '../../support/connector-fixtures.ts';

// Edge cases of DESIGN §9's Freshdesk body template, each from a documented fixture with one field changed.
const TOKEN = 'fd-bearer-token-0123456789';
const settings = settingsFor({ organizations: { 'Customer Inc.': 'S-CUST' } });
const receivedAt = new Date('2026-11-30T09:00:02Z');
type Json = Record<string, unknown>;
const fixture = (name: string): Json => JSON.parse(fixtureBytes('freshdesk', name).toString('utf8'));
const translateJson = (body: Json, overrides = {}) =>
  freshdesk.translate(
    signedRequest('freshdesk', JSON.stringify(body), TOKEN),
    { ...settings, ...overrides },
    {
      receivedAt,
    },
  );
const body = fixtureBytes('freshdesk', 'opened');
const verify = (authorization: string) => freshdesk.verify({ headers: { authorization }, body }, [TOKEN], receivedAt);

describe('Freshdesk bearer token', () => {
  it('accepts any case of the scheme and any run of spaces before the token', () => {
    expect(verify(`bearer ${TOKEN}`)).toEqual({ ok: true });
    expect(verify(`Bearer   ${TOKEN}`)).toEqual({ ok: true });
  });

  it('says which header is required, and refuses other schemes or a token with trailing words', () => {
    expect(freshdesk.verify({ headers: {}, body }, [TOKEN], receivedAt)).toEqual({
      ok: false,
      reason: 'Authorization: Bearer <secret> is required (a custom header on the Freshdesk rule)',
    });
    for (const value of [`Basic ${TOKEN}`, `Bearer ${TOKEN} extra`, `xBearer ${TOKEN}`, 'Bearer', `Bearer${TOKEN}`]) {
      expect(verify(value)).toEqual({ ok: false, reason: 'Authorization must be Bearer <secret>' });
    }
  });

  it('refuses a token that only starts like the secret', () => {
    expect(verify(`Bearer ${TOKEN}x`)).toEqual({ ok: false, reason: 'bearer token does not match' });
    expect(verify(`Bearer ${TOKEN.slice(0, -1)}`)).toEqual({ ok: false, reason: 'bearer token does not match' });
  });
});

describe('Freshdesk snapshot and events', () => {
  it('ignores a body that is not JSON under the event "unknown"', () => {
    expect(freshdesk.translate(signedRequest('freshdesk', '{', TOKEN), settings, { receivedAt })).toEqual({
      kind: 'ignored',
      event: 'unknown',
      reason: 'the body is not JSON',
      sourceTicketId: undefined,
    });
  });

  it('opens a ticket without a company under the default support ID', () => {
    expect(translateJson({ ...fixture('opened'), company: null }, { defaultSupportId: 'S-DEFAULT' })).toMatchObject({
      opening: { snapshot: { supportId: 'S-DEFAULT' } },
    });
  });

  it('trims the company and the requester e-mail, and accepts a numeric ticket id', () => {
    const result = translateJson({
      ...fixture('opened'),
      ticket_id: 4217,
      company: '  Customer Inc. ',
      requester_email: ' admin@customer.example ',
    });
    expect(result).toMatchObject({
      sourceTicketId: '4217',
      opening: { snapshot: { supportId: 'S-CUST', requesterEmail: 'admin@customer.example' } },
    });
  });

  it('names a ticket without subject or requester generically', () => {
    expect(translateJson({ ...fixture('opened'), subject: null, requester_email: null })).toMatchObject({
      opening: {
        snapshot: { subject: 'Freshdesk ticket 4217', requesterEmail: null, requester: 'freshdesk requester' },
      },
    });
    expect(translateJson({ ...fixture('opened'), requester_email: '  ' })).toMatchObject({
      opening: { snapshot: { requesterEmail: null, requester: 'freshdesk requester' } },
    });
  });

  it('takes only a whole address for an e-mail', () => {
    for (const address of [
      'x admin@customer.example',
      'admin@customer.example x',
      'admin@customer',
      '@customer.example',
    ]) {
      expect(translateJson({ ...fixture('opened'), requester_email: address })).toMatchObject({
        opening: { snapshot: { requesterEmail: null, requester: address.trim() } },
      });
    }
  });

  it('maps the default priorities, treats none or blank as Medium (3), and ignores an unmapped one', () => {
    const severity = (priority: unknown) => {
      const result = translateJson({ ...fixture('priority-changed'), priority });
      return result.kind === 'apply' ? result.steps[0] : result;
    };
    expect(severity('Urgent')).toMatchObject({ severity: 1, by: 'freshdesk', reason: 'Freshdesk priority Urgent' });
    expect(severity('High')).toMatchObject({ severity: 2 });
    expect(severity('Medium')).toMatchObject({ severity: 3 });
    expect(severity('Low')).toMatchObject({ severity: 4 });
    expect(severity(null)).toMatchObject({ severity: 3, reason: 'Freshdesk priority none' });
    expect(severity(' ')).toMatchObject({ severity: 3, reason: 'Freshdesk priority none' });
    expect(severity('Whenever')).toEqual({
      kind: 'ignored',
      event: 'priority_changed',
      reason: `priority "Whenever" has no severity: add it to the connection's severities`,
      sourceTicketId: '4217',
    });
  });

  it('closes on Closed as well as Resolved, and names an empty status "nothing"', () => {
    expect(translateJson({ ...fixture('status-changed-resolved'), status: ' Closed ' })).toMatchObject({
      steps: [{ type: 'close', at: '2026-11-30T09:00:02.000Z', by: 'freshdesk', resolution: 'Freshdesk Closed' }],
    });
    expect(translateJson({ ...fixture('status-changed-resolved'), status: null })).toEqual({
      kind: 'ignored',
      event: 'status_changed',
      reason: 'status changed to nothing: only Resolved or Closed ends the ticket',
      sourceTicketId: '4217',
    });
  });

  it('lists the five events when ignoring another, and calls an empty event unknown', () => {
    const reason = 'event must be one of opened, priority_changed, agent_replied, customer_replied, status_changed';
    expect(translateJson({ ...fixture('opened'), event: '' })).toEqual({
      kind: 'ignored',
      event: 'unknown',
      reason,
      sourceTicketId: '4217',
    });
  });

  it('replies at the arrival time', () => {
    expect(translateJson(fixture('agent-replied'))).toMatchObject({
      steps: [{ type: 'respond', at: '2026-11-30T09:00:02.000Z', by: 'freshdesk agent' }],
    });
    expect(translateJson(fixture('customer-replied'))).toMatchObject({
      steps: [{ type: 'customer_reply', at: '2026-11-30T09:00:02.000Z' }],
    });
  });
});
