import { describe, expect, it } from 'vitest';
import { jira } from '#shared/connectors/jira.ts';
import { fixtureBytes, reserialised, settingsFor, signedRequest } from '../../support/connector-fixtures.ts';

const SECRET = 'jira-webhook-secret';
const settings = settingsFor({ organizations: { SUP: 'S-SUP' } });
const receivedAt = new Date('2026-12-03T12:00:00Z');
const request = (name: string) => signedRequest('jira', fixtureBytes('jira', name), SECRET, { deliveryId: 'jira-1' });
const translate = (name: string, overrides = {}) =>
  jira.translate(request(name), { ...settings, ...overrides }, { receivedAt });

describe('Jira signature (X-Hub-Signature over the raw body)', () => {
  it('accepts either secret of a rotation and refuses any other', () => {
    const signed = request('issue-created');
    expect(jira.verify(signed, [SECRET], receivedAt)).toEqual({ ok: true });
    expect(jira.verify(signed, ['next-secret', SECRET], receivedAt).ok).toBe(true);
    expect(jira.verify(signed, ['next-secret'], receivedAt)).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a webhook configured without a secret', () => {
    const { 'x-hub-signature': _signature, ...headers } = request('issue-created').headers;
    expect(jira.verify({ headers, body: Buffer.from('{}') }, [SECRET], receivedAt)).toMatchObject({
      reason: expect.stringMatching(/X-Hub-Signature is required/),
    });
  });

  it('checks the raw bytes of a non-ASCII body with escapes, which re-serialising would change', () => {
    const raw = fixtureBytes('jira', 'comment-created-non-ascii');
    const signed = signedRequest('jira', raw, SECRET);
    expect(jira.verify(signed, [SECRET], receivedAt).ok).toBe(true);
    const rewritten = reserialised(raw);
    expect(rewritten.equals(raw)).toBe(false);
    expect(jira.verify({ ...signed, body: rewritten }, [SECRET], receivedAt).ok).toBe(false);
  });
});

describe('Jira delivery id', () => {
  it('is X-Atlassian-Webhook-Identifier, which Jira keeps across retries', () => {
    expect(jira.deliveryId(request('issue-created'))).toBe('jira-1');
  });

  it('without the header, is the event, the issue and the changelog or comment id', () => {
    const body = fixtureBytes('jira', 'issue-updated-priority');
    expect(jira.deliveryId({ headers: {}, body })).toBe('jira:issue_updated:10073:10100');
    expect(jira.deliveryId({ headers: {}, body: fixtureBytes('jira', 'comment-created-agent') })).toBe(
      'comment_created:10073:10016',
    );
  });
});

describe('Jira and JSM webhooks → our events', () => {
  it('opens jira:issue_created from its snapshot, with the reporter e-mail for the §2 check', () => {
    expect(translate('issue-created')).toEqual({
      kind: 'apply',
      event: 'jira:issue_created',
      sourceTicketId: 'SUP-10',
      opening: {
        snapshot: {
          supportId: 'S-SUP',
          subject: 'Portal login fails with error 500',
          description: 'Every login to the portal fails with error 500 since this morning.',
          severity: 2,
          openedAt: '2026-11-30T09:00:00.000Z',
          requesterEmail: 'admin@customer.example',
          requester: 'Alex Customer',
          product: 'Customer Support',
          channel: 'web',
          sourceUrl: 'https://customer-support.atlassian.net/rest/api/2/10073',
        },
      },
      steps: [{ type: 'open' }],
    });
  });

  it('changes the severity from the changelog, at the webhook timestamp', () => {
    expect(translate('issue-updated-priority')).toMatchObject({
      steps: [
        {
          type: 'severity',
          severity: 1,
          at: '2026-11-30T09:20:00.000Z',
          by: 'Sam Agent',
          reason: 'Jira priority High → Highest',
        },
      ],
      opening: { snapshot: { severity: 2 } },
    });
  });

  it('ignores an internal JSM comment (jsdPublic false)', () => {
    expect(translate('comment-created-internal')).toEqual({
      kind: 'ignored',
      event: 'comment_created',
      reason: 'an internal comment (not shared with the customer)',
      sourceTicketId: 'SUP-10',
    });
  });

  it('counts a public comment by a licensed agent as the response', () => {
    expect(translate('comment-created-agent')).toMatchObject({
      steps: [{ type: 'respond', at: '2026-11-30T09:40:00.000Z', by: 'Sam Agent' }],
      // Comment deliveries carry no creation time: a ticket never opened here cannot be opened from them.
      opening: { unavailable: 'the delivery does not say when SUP-10 was created', supportId: 'S-SUP' },
    });
  });

  it('counts a public comment by a customer account as a customer reply', () => {
    expect(translate('comment-created-customer')).toMatchObject({
      steps: [{ type: 'customer_reply', at: '2026-11-30T10:05:00.000Z' }],
    });
  });

  it('counts a comment by the reporter as a customer reply, whatever the account type', () => {
    const comment = JSON.parse(fixtureBytes('jira', 'comment-created-agent').toString());
    // An internal (atlassian) account that reported the issue itself and now comments on it.
    comment.issue.fields.reporter = comment.comment.author;
    const signed = signedRequest('jira', JSON.stringify(comment), SECRET);
    expect(jira.translate(signed, settings, { receivedAt })).toMatchObject({ steps: [{ type: 'customer_reply' }] });
  });

  it('ignores a comment by an app (a bot)', () => {
    const body = fixtureBytes('jira', 'comment-created-agent')
      .toString()
      .replace('"accountType": "atlassian"', '"accountType": "app"');
    expect(jira.translate(signedRequest('jira', body, SECRET), settings, { receivedAt })).toMatchObject({
      kind: 'ignored',
      reason: 'a comment by an app (bot)',
    });
  });

  it('closes when the resolution is set', () => {
    expect(translate('issue-updated-resolved')).toMatchObject({
      steps: [{ type: 'close', at: '2026-11-30T11:45:00.000Z', by: 'Sam Agent', resolution: 'Jira Done' }],
    });
  });

  it('closes when the status moves to the done category without a resolution', () => {
    const payload = JSON.parse(fixtureBytes('jira', 'issue-updated-resolved').toString());
    payload.changelog.items = payload.changelog.items.filter((item: { field: string }) => item.field === 'status');
    payload.issue.fields.resolution = null;
    const signed = signedRequest('jira', JSON.stringify(payload), SECRET);
    expect(jira.translate(signed, settings, { receivedAt })).toMatchObject({
      steps: [{ type: 'close', resolution: 'Jira Resolved' }],
    });
  });

  it('ignores an update that touches neither priority, resolution nor a done status', () => {
    const payload = JSON.parse(fixtureBytes('jira', 'issue-updated-priority').toString());
    payload.changelog.items = [{ field: 'labels', fieldtype: 'jira', fromString: '', toString: 'vip' }];
    const signed = signedRequest('jira', JSON.stringify(payload), SECRET);
    expect(jira.translate(signed, settings, { receivedAt })).toMatchObject({ kind: 'ignored' });
  });

  it("maps priorities through the connection's severities first, case-insensitively", () => {
    expect(translate('issue-updated-priority', { severities: { HIGHEST: 2, high: 4 } })).toMatchObject({
      steps: [{ severity: 2 }],
      opening: { snapshot: { severity: 4 } },
    });
    const custom = fixtureBytes('jira', 'issue-updated-priority').toString().replaceAll('Highest', 'P0 - Outage');
    const signed = signedRequest('jira', custom, SECRET);
    expect(jira.translate(signed, settings, { receivedAt })).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/"P0 - Outage" has no severity/),
    });
  });

  it('cannot open an issue of an unmapped project, unless the connection has a default support ID', () => {
    expect(translate('issue-created', { organizations: {} })).toMatchObject({
      opening: { unavailable: expect.stringMatching(/organisation "SUP" is not mapped/) },
    });
    expect(translate('issue-created', { organizations: { OTHER: 'S-2' }, defaultSupportId: 'S-D' })).toMatchObject({
      opening: { snapshot: { supportId: 'S-D' } },
    });
  });
});
