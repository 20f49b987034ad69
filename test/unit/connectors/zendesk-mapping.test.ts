import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { zendesk } from '#shared/connectors/zendesk.ts';
import { fixtureBytes, settingsFor, signedRequest } from '../../support/connector-fixtures.ts';

// Edge cases of DESIGN §9's Zendesk mapping, each built from a documented fixture with one field changed.
const SECRET = 'zendesk-secret';
const now = new Date('2026-11-30T09:00:05Z');
const settings = settingsFor({ organizations: { '8447346622462': 'S-ACME' } });
const receivedAt = new Date('2026-11-30T12:00:00Z');

type Json = Record<string, unknown>;
const fixture = (name: string): Json => JSON.parse(fixtureBytes('zendesk', name).toString('utf8'));
const translateJson = (body: Json, overrides = {}) =>
  zendesk.translate(
    signedRequest('zendesk', JSON.stringify(body), SECRET),
    { ...settings, ...overrides },
    {
      receivedAt,
    },
  );
const withDetail = (name: string, detail: Json): Json => {
  const body = fixture(name);
  return { ...body, detail: { ...(body.detail as Json), ...detail } };
};

describe('Zendesk delivery id fallbacks', () => {
  it('uses the invocation id when the body id is empty or not a string', () => {
    expect(zendesk.deliveryId(signedRequest('zendesk', '{"id":""}', SECRET, { deliveryId: 'inv-3' }))).toBe('inv-3');
    expect(zendesk.deliveryId(signedRequest('zendesk', '{"id":42}', SECRET, { deliveryId: 'inv-4' }))).toBe('inv-4');
    expect(zendesk.deliveryId(signedRequest('zendesk', 'null', SECRET, { deliveryId: 'inv-5' }))).toBe('inv-5');
  });

  it('falls back to the SHA-256 of the body without an id or an invocation header', () => {
    const request = signedRequest('zendesk', '{"ticket":"5158"}', SECRET);
    const { 'x-zendesk-webhook-invocation-id': _id, ...headers } = request.headers;
    const digest = createHash('sha256').update('{"ticket":"5158"}').digest('hex');
    expect(zendesk.deliveryId({ ...request, headers })).toBe(`sha256:${digest}`);
  });
});

describe('Zendesk bodies that are not the documented shape', () => {
  it('identifies a body that is not JSON by the invocation id', () => {
    expect(zendesk.deliveryId(signedRequest('zendesk', 'not json', SECRET, { deliveryId: 'inv-6' }))).toBe('inv-6');
  });

  it('ignores one under the event "unknown", with the reason', () => {
    expect(zendesk.translate(signedRequest('zendesk', 'not json', SECRET), settings, { receivedAt })).toEqual({
      kind: 'ignored',
      event: 'unknown',
      reason: 'the body is not JSON',
      sourceTicketId: undefined,
    });
  });
});

describe('Zendesk signature window and header checks', () => {
  const body = fixtureBytes('zendesk', 'ticket-created');

  it('accepts a timestamp exactly 600 s old or 600 s ahead, refuses one a second beyond either way', () => {
    const at = (offsetSeconds: number) =>
      signedRequest('zendesk', body, SECRET, { now: new Date(now.getTime() + offsetSeconds * 1000) });
    expect(zendesk.verify(at(-600), [SECRET], now).ok).toBe(true);
    expect(zendesk.verify(at(600), [SECRET], now).ok).toBe(true);
    expect(zendesk.verify(at(601), [SECRET], now)).toEqual({
      ok: false,
      reason: 'X-Zendesk-Webhook-Signature-Timestamp is more than 600 s from now',
    });
    expect(zendesk.verify(at(-601), [SECRET], now).ok).toBe(false);
  });

  it('requires the timestamp header as well as the signature', () => {
    const request = signedRequest('zendesk', body, SECRET, { now });
    const { 'x-zendesk-webhook-signature-timestamp': _t, ...headers } = request.headers;
    expect(zendesk.verify({ ...request, headers }, [SECRET], now)).toEqual({
      ok: false,
      reason: 'X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp are required',
    });
  });

  it('refuses a signature with anything before or after the 44 base64 characters', () => {
    const request = signedRequest('zendesk', body, SECRET, { now });
    const signature = request.headers['x-zendesk-webhook-signature'] as string;
    for (const garbled of [`x${signature}`, `${signature}x`, `${signature.slice(0, 43)}==`]) {
      const headers = { ...request.headers, 'x-zendesk-webhook-signature': garbled };
      expect(zendesk.verify({ ...request, headers }, [SECRET], now)).toEqual({
        ok: false,
        reason: 'X-Zendesk-Webhook-Signature is not a base64 digest',
      });
    }
  });
});

describe('Zendesk snapshot fields', () => {
  it('names a ticket without a subject by its id, keeps no description, and reads the e-mail channel', () => {
    const result = translateJson(
      withDetail('ticket-created', { subject: null, description: null, via: { channel: 'email' } }),
    );
    expect(result).toMatchObject({
      opening: { snapshot: { subject: 'Zendesk ticket 5158', channel: 'email', description: undefined } },
    });
  });

  it('names an unknown requester generically when requester_id is absent, empty or zero', () => {
    const { requester_id: _r, ...noRequester } = fixture('ticket-created').detail as Json;
    expect(translateJson({ ...fixture('ticket-created'), detail: noRequester })).toMatchObject({
      opening: { snapshot: { requester: 'zendesk requester' } },
    });
    for (const requester_id of [null, '', '0', 0]) {
      expect(translateJson(withDetail('ticket-created', { requester_id }))).toMatchObject({
        opening: { snapshot: { requester: 'zendesk requester' } },
      });
    }
  });

  it('reads the web channel without a via', () => {
    expect(translateJson(withDetail('ticket-created', { via: null }))).toMatchObject({
      opening: { snapshot: { channel: 'web' } },
    });
  });

  it('accepts numeric ids as the REST API sends them', () => {
    expect(translateJson(withDetail('ticket-created', { id: 5158, requester_id: 8447388090494 }))).toMatchObject({
      sourceTicketId: '5158',
      opening: { snapshot: { requester: 'zendesk user 8447388090494' } },
    });
  });

  it('cannot open from a snapshot whose created_at is not an instant', () => {
    expect(translateJson(withDetail('ticket-created', { created_at: 'yesterday' }))).toMatchObject({
      kind: 'apply',
      opening: { unavailable: 'detail.created_at is not an ISO-8601 instant' },
    });
  });

  it('ignores an event whose time is not an instant', () => {
    expect(translateJson({ ...fixture('ticket-created'), time: 'soon' })).toEqual({
      kind: 'ignored',
      event: 'zen:event-type:ticket.created',
      reason: 'time is not an ISO-8601 instant',
      sourceTicketId: '5158',
    });
  });
});

describe('Zendesk priority changes', () => {
  it('credits the change to "zendesk" without an actor', () => {
    expect(translateJson(withDetail('ticket-priority-changed', { actor_id: null }))).toMatchObject({
      steps: [{ by: 'zendesk' }],
    });
  });

  it('falls back to detail.priority without an event, the previous priority then counting as none (3)', () => {
    const { event: _event, ...body } = fixture('ticket-priority-changed');
    expect(translateJson(body)).toMatchObject({
      steps: [{ type: 'severity', severity: 1, reason: 'Zendesk priority none → URGENT' }],
      opening: { snapshot: { severity: 3 } },
    });
  });

  it('treats a change to no priority as normal (3), and an unknown previous priority as 3', () => {
    const body = { ...fixture('ticket-priority-changed'), event: { current: null, previous: 'weird' } };
    expect(translateJson(body)).toMatchObject({
      steps: [{ severity: 3, reason: 'Zendesk priority weird → none' }],
      opening: { snapshot: { severity: 3 } },
    });
  });

  it('ignores a change to a priority without a severity, saying how to map it', () => {
    const body = { ...fixture('ticket-priority-changed'), event: { current: 'blocker', previous: 'HIGH' } };
    expect(translateJson(body)).toEqual({
      kind: 'ignored',
      event: 'zen:event-type:ticket.priority_changed',
      reason: `priority "blocker" has no severity: add it to the connection's severities`,
    });
  });
});

describe('Zendesk comments', () => {
  it('ignores a comment that is not of the documented shape', () => {
    expect(translateJson({ ...fixture('ticket-comment-added-agent'), event: { comment: { id: '1' } } })).toEqual({
      kind: 'ignored',
      event: 'zen:event-type:ticket.comment_added',
      reason: 'event.comment is not of the documented shape',
      sourceTicketId: '5158',
    });
    const { event: _event, ...noEvent } = fixture('ticket-comment-added-agent');
    expect(translateJson(noEvent)).toMatchObject({
      kind: 'ignored',
      reason: 'event.comment is not of the documented shape',
    });
  });

  it('names a staff author without a name by user id', () => {
    const body = fixture('ticket-comment-added-agent');
    const event = { comment: { id: '1', is_public: true, author: { id: '8447388090495', is_staff: true } } };
    expect(translateJson({ ...body, event })).toMatchObject({
      steps: [{ type: 'respond', by: 'zendesk user 8447388090495' }],
    });
  });

  it('counts an author whose is_staff is unknown as the customer unless listed as an agent', () => {
    const body = fixture('ticket-comment-added-agent');
    const event = { comment: { id: '1', is_public: true, author: { id: '77', is_staff: null } } };
    expect(translateJson({ ...body, event })).toMatchObject({ steps: [{ type: 'customer_reply' }] });
    expect(translateJson({ ...body, event }, { agents: ['77'] })).toMatchObject({
      steps: [{ type: 'respond', by: 'zendesk user 77' }],
    });
  });
});

describe('Zendesk status changes', () => {
  it('closes on closed, in any case, credited to the actor', () => {
    const body = { ...fixture('ticket-status-changed-solved'), event: { current: 'Closed', previous: 'SOLVED' } };
    expect(translateJson(body)).toMatchObject({
      steps: [{ type: 'close', by: 'zendesk user 8447388090495', resolution: 'Zendesk status closed' }],
    });
  });

  it('falls back to detail.status without an event, and says "nothing" for no status', () => {
    const { event: _event, ...body } = fixture('ticket-status-changed-solved');
    expect(translateJson({ ...body, detail: { ...(body.detail as Json), status: 'solved' } })).toMatchObject({
      steps: [{ type: 'close', resolution: 'Zendesk status solved' }],
    });
    expect(translateJson({ ...body, detail: { ...(body.detail as Json), status: null } })).toEqual({
      kind: 'ignored',
      event: 'zen:event-type:ticket.status_changed',
      reason: 'status changed to nothing: only solved or closed ends the ticket',
      sourceTicketId: '5158',
    });
  });
});
