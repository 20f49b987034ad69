import { describe, expect, it } from 'vitest';
import { zendesk } from '#shared/connectors/zendesk.ts';
import { zendeskSignature } from '../../../local/webhook-sign.ts';
import { fixtureBytes, reserialised, settingsFor, signedRequest } from '../../support/connector-fixtures.ts';

const SECRET = 'dGhpcyBpcyBhIHplbmRlc2sgc2lnbmluZyBzZWNyZXQ=';
const OLD_SECRET = 'the-secret-being-rotated-out';
const now = new Date('2026-11-30T09:00:05Z');
const settings = settingsFor({ organizations: { '8447346622462': 'S-ACME' } });
const receivedAt = new Date('2026-11-30T12:00:00Z');
const translate = (name: string, overrides = {}) =>
  zendesk.translate(
    signedRequest('zendesk', fixtureBytes('zendesk', name), SECRET, { now }),
    { ...settings, ...overrides },
    {
      receivedAt,
    },
  );

describe('Zendesk signature (X-Zendesk-Webhook-Signature over timestamp + raw body)', () => {
  const body = fixtureBytes('zendesk', 'ticket-created');

  it('accepts a delivery signed with the connection secret', () => {
    expect(zendesk.verify(signedRequest('zendesk', body, SECRET, { now }), [SECRET], now)).toEqual({ ok: true });
  });

  it('accepts the old and the new secret during a rotation', () => {
    const secrets = [OLD_SECRET, SECRET];
    expect(zendesk.verify(signedRequest('zendesk', body, OLD_SECRET, { now }), secrets, now).ok).toBe(true);
    expect(zendesk.verify(signedRequest('zendesk', body, SECRET, { now }), secrets, now).ok).toBe(true);
  });

  it('refuses a delivery signed with another secret', () => {
    expect(zendesk.verify(signedRequest('zendesk', body, 'not-the-secret', { now }), [SECRET], now)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it('refuses a body changed after signing', () => {
    const request = signedRequest('zendesk', body, SECRET, { now });
    const tampered = Buffer.from(body.toString('utf8').replace('HIGH', 'LOW'));
    expect(zendesk.verify({ ...request, body: tampered }, [SECRET], now).ok).toBe(false);
  });

  it('refuses a timestamp more than 600 s from now, and honours a configured window', () => {
    const signedAt = new Date(now.getTime() - 601_000);
    const request = signedRequest('zendesk', body, SECRET, { now: signedAt });
    expect(zendesk.verify(request, [SECRET], now)).toMatchObject({ ok: false, reason: expect.stringMatching(/600 s/) });
    expect(zendesk.verify(request, [SECRET], new Date(now.getTime() - 2000)).ok).toBe(true);
    expect(zendesk.verify(request, [SECRET], now, { toleranceSeconds: 900 }).ok).toBe(true);
  });

  it('refuses a signature whose timestamp header was changed to look fresh', () => {
    const old = signedRequest('zendesk', body, SECRET, { now: new Date(now.getTime() - 3_600_000) });
    const headers = { ...old.headers, 'x-zendesk-webhook-signature-timestamp': '2026-11-30T09:00:00Z' };
    expect(zendesk.verify({ ...old, headers }, [SECRET], now).ok).toBe(false);
  });

  it('refuses missing or malformed headers before computing anything', () => {
    const request = signedRequest('zendesk', body, SECRET, { now });
    const { 'x-zendesk-webhook-signature': _signature, ...unsigned } = request.headers;
    expect(zendesk.verify({ ...request, headers: unsigned }, [SECRET], now).ok).toBe(false);
    const garbled = { ...request.headers, 'x-zendesk-webhook-signature': 'abc' };
    expect(zendesk.verify({ ...request, headers: garbled }, [SECRET], now)).toMatchObject({
      reason: expect.stringMatching(/base64/),
    });
    const badTime = { ...request.headers, 'x-zendesk-webhook-signature-timestamp': 'yesterday' };
    expect(zendesk.verify({ ...request, headers: badTime }, [SECRET], now)).toMatchObject({
      reason: expect.stringMatching(/ISO-8601/),
    });
  });

  it('checks the raw bytes of a non-ASCII body with escapes, which re-serialising would change', () => {
    const raw = fixtureBytes('zendesk', 'ticket-comment-added-non-ascii');
    const request = signedRequest('zendesk', raw, SECRET, { now });
    expect(zendesk.verify(request, [SECRET], now).ok).toBe(true);
    const parsedAndRewritten = reserialised(raw);
    expect(parsedAndRewritten.equals(raw)).toBe(false);
    expect(zendesk.verify({ ...request, body: parsedAndRewritten }, [SECRET], now).ok).toBe(false);
  });

  it('matches the documented recipe: base64 HMAC-SHA256 of timestamp then body', () => {
    // Computed independently with: printf '%s' '2026-11-30T09:00:00Z{"a":1}' | openssl dgst -sha256 -hmac secret -binary | base64
    expect(zendeskSignature('secret', '2026-11-30T09:00:00Z', '{"a":1}')).toBe(
      'oqCTmDXzdGX/7fNR/kI6nJ//vwfIKDwr+1jpckxkf2Y=',
    );
  });
});

describe('Zendesk delivery id', () => {
  it('is the event id of the body (event subscriptions)', () => {
    const request = signedRequest('zendesk', fixtureBytes('zendesk', 'ticket-created'), SECRET, {
      deliveryId: 'inv-1',
    });
    expect(zendesk.deliveryId(request)).toBe('cbe4028c-7239-495d-b020-f22348516046');
  });

  it('falls back to the invocation id header for a body without one', () => {
    const request = signedRequest('zendesk', '{"ticket":"5158"}', SECRET, { deliveryId: 'inv-2' });
    expect(zendesk.deliveryId(request)).toBe('inv-2');
  });
});

describe('Zendesk ticket events → our events', () => {
  it('opens ticket.created from its snapshot, at the ticket creation time', () => {
    expect(translate('ticket-created')).toEqual({
      kind: 'apply',
      event: 'zen:event-type:ticket.created',
      sourceTicketId: '5158',
      opening: {
        snapshot: {
          supportId: 'S-ACME',
          subject: 'Cannot log in to the mobile app',
          description: 'The mobile app refuses every login since the 2.3 update.',
          severity: 2,
          openedAt: '2026-11-30T09:00:00.000Z',
          requesterEmail: null,
          requester: 'zendesk user 8447388090494',
          product: 'Zendesk',
          channel: 'web',
        },
      },
      steps: [{ type: 'open' }],
    });
  });

  it('changes the severity at the event time (not the arrival), opening from the previous priority if needed', () => {
    const translation = translate('ticket-priority-changed');
    expect(translation).toMatchObject({
      kind: 'apply',
      steps: [
        {
          type: 'severity',
          severity: 1,
          at: '2026-11-30T09:20:00.456Z',
          by: 'zendesk user 8447388090495',
          reason: 'Zendesk priority HIGH → URGENT',
        },
      ],
      opening: { snapshot: { severity: 2 } },
    });
  });

  it('counts a public comment by staff as the response', () => {
    expect(translate('ticket-comment-added-agent')).toMatchObject({
      kind: 'apply',
      steps: [{ type: 'respond', at: '2026-11-30T09:40:00.123Z', by: 'Support Agent' }],
    });
  });

  it('ignores an internal note, with the reason', () => {
    expect(translate('ticket-comment-added-internal')).toEqual({
      kind: 'ignored',
      event: 'zen:event-type:ticket.comment_added',
      reason: 'an internal note (private comment)',
      sourceTicketId: '5158',
    });
  });

  it('counts a public comment by a non-staff author as a customer reply', () => {
    expect(translate('ticket-comment-added-customer')).toMatchObject({
      steps: [{ type: 'customer_reply', at: '2026-11-30T10:05:00.123Z' }],
    });
  });

  it('counts a comment by a listed agent as the response even when Zendesk does not flag staff', () => {
    expect(translate('ticket-comment-added-customer', { agents: ['8447388090494'] })).toMatchObject({
      steps: [{ type: 'respond' }],
    });
  });

  it('closes on a status change to solved', () => {
    expect(translate('ticket-status-changed-solved')).toMatchObject({
      steps: [{ type: 'close', at: '2026-11-30T11:45:00.456Z', resolution: 'Zendesk status solved' }],
    });
  });

  it('ignores a status change to anything but solved or closed', () => {
    const body = fixtureBytes('zendesk', 'ticket-status-changed-solved').toString().replaceAll('SOLVED', 'PENDING');
    const result = zendesk.translate(signedRequest('zendesk', body, SECRET), settings, { receivedAt });
    expect(result).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/PENDING/) });
  });

  it('cannot open a ticket of an unmapped organisation, unless the connection has a default support ID', () => {
    const unmapped = translate('ticket-created', { organizations: {} });
    expect(unmapped).toMatchObject({
      opening: { unavailable: expect.stringMatching(/organisation "8447346622462" is not mapped/) },
    });
    expect(translate('ticket-created', { organizations: {}, defaultSupportId: 'S-DEFAULT' })).toMatchObject({
      opening: { snapshot: { supportId: 'S-DEFAULT' } },
    });
  });

  it("lets the connection's severities override the default map, case-insensitively", () => {
    expect(translate('ticket-priority-changed', { severities: { Urgent: 2, high: 3 } })).toMatchObject({
      steps: [{ severity: 2 }],
      opening: { snapshot: { severity: 3 } },
    });
  });

  it('treats a ticket without a priority as normal (3)', () => {
    const body = fixtureBytes('zendesk', 'ticket-created').toString().replace('"priority": "HIGH"', '"priority": null');
    const result = zendesk.translate(signedRequest('zendesk', body, SECRET), settings, { receivedAt });
    expect(result).toMatchObject({ opening: { snapshot: { severity: 3 } } });
  });

  it('ignores events the service does not read, and bodies that are not the documented shape', () => {
    const tags = fixtureBytes('zendesk', 'ticket-created').toString().replace('ticket.created', 'ticket.tags_changed');
    expect(zendesk.translate(signedRequest('zendesk', tags, SECRET), settings, { receivedAt })).toMatchObject({
      kind: 'ignored',
      reason: 'the service does not read zen:event-type:ticket.tags_changed events',
    });
    expect(zendesk.translate(signedRequest('zendesk', 'not json', SECRET), settings, { receivedAt })).toMatchObject({
      kind: 'ignored',
      reason: 'the body is not JSON',
    });
    expect(zendesk.translate(signedRequest('zendesk', '{"type":"x"}', SECRET), settings, { receivedAt })).toMatchObject(
      { kind: 'ignored', reason: expect.stringMatching(/documented shape: id/) },
    );
  });
});
