import { describe, expect, it } from 'vitest';
import { github } from '#shared/connectors/github.ts';
import { fixtureBytes, reserialised, settingsFor, signedRequest } from '../../support/connector-fixtures.ts';

const SECRET = 'github-webhook-secret';
const settings = settingsFor({ organizations: { 'octo-org/Hello-World': 'S-OCTO' } });
const receivedAt = new Date('2026-12-03T12:00:00Z');
const eventOf = (name: string) => name.split('.')[0] as string;
const request = (name: string) =>
  signedRequest('github', fixtureBytes('github', name), SECRET, { githubEvent: eventOf(name), deliveryId: 'd-1' });
const translate = (name: string, overrides = {}) =>
  github.translate(request(name), { ...settings, ...overrides }, { receivedAt });

describe('GitHub signature (X-Hub-Signature-256 over the raw body)', () => {
  it("verifies GitHub's published test vector", () => {
    // docs.github.com, "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!".
    const vector = {
      headers: {
        'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      },
      body: Buffer.from('Hello, World!'),
    };
    expect(github.verify(vector, ["It's a Secret to Everybody"], receivedAt)).toEqual({ ok: true });
    expect(github.verify(vector, ["It's a secret to everybody"], receivedAt).ok).toBe(false);
  });

  it('accepts either secret of a rotation and refuses any other', () => {
    const signed = request('issues.opened');
    expect(github.verify(signed, ['old-secret', SECRET], receivedAt).ok).toBe(true);
    expect(github.verify(signed, [SECRET, 'new-secret'], receivedAt).ok).toBe(true);
    expect(github.verify(signed, ['old-secret', 'new-secret'], receivedAt)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it('refuses a missing, SHA-1 only or malformed signature header', () => {
    const body = Buffer.from('{}');
    expect(github.verify({ headers: {}, body }, [SECRET], receivedAt).ok).toBe(false);
    const sha1 = { 'x-hub-signature': 'sha1=0123456789abcdef0123456789abcdef01234567' };
    expect(github.verify({ headers: sha1, body }, [SECRET], receivedAt).ok).toBe(false);
    const short = { 'x-hub-signature-256': 'sha256=abcd' };
    expect(github.verify({ headers: short, body }, [SECRET], receivedAt)).toMatchObject({
      reason: 'X-Hub-Signature-256 must be sha256=<64 hex digits>',
    });
  });

  it('checks the raw bytes of a non-ASCII body with escapes, which re-serialising would change', () => {
    const raw = fixtureBytes('github', 'issue_comment.created-non-ascii');
    const signed = signedRequest('github', raw, SECRET, { githubEvent: 'issue_comment' });
    expect(github.verify(signed, [SECRET], receivedAt).ok).toBe(true);
    const rewritten = reserialised(raw);
    expect(rewritten.equals(raw)).toBe(false);
    expect(github.verify({ ...signed, body: rewritten }, [SECRET], receivedAt).ok).toBe(false);
  });

  it('takes the delivery id from X-GitHub-Delivery, which a redelivery keeps', () => {
    expect(github.deliveryId(request('issues.opened'))).toBe('d-1');
  });
});

describe('GitHub issues and issue comments → our events', () => {
  it('opens an issue from its snapshot, with the severity of its labels', () => {
    expect(translate('issues.opened')).toEqual({
      kind: 'apply',
      event: 'issues.opened',
      sourceTicketId: 'octo-org/Hello-World#1347',
      opening: {
        snapshot: {
          supportId: 'S-OCTO',
          subject: 'Found a bug',
          description: "I'm having a problem with this.",
          severity: 2,
          openedAt: '2026-11-30T09:00:00.000Z',
          requesterEmail: null,
          requester: 'octocat',
          product: 'Hello-World',
          channel: 'web',
          sourceUrl: 'https://github.com/octo-org/Hello-World/issues/1347',
        },
      },
      steps: [{ type: 'open' }],
    });
  });

  it('changes the severity when a severity label is added, at the issue update time', () => {
    expect(translate('issues.labeled')).toMatchObject({
      steps: [
        {
          type: 'severity',
          severity: 1,
          at: '2026-11-30T09:20:00.000Z',
          by: 'support-hubot-human',
          reason: 'GitHub label P1 added',
        },
      ],
      // Opened from the labels before the change, so applying it keeps the §3 rule.
      opening: { snapshot: { severity: 2 } },
    });
  });

  it('ignores a label that is not a severity label', () => {
    expect(translate('issues.labeled-not-severity')).toMatchObject({
      kind: 'ignored',
      reason: 'label "needs-triage" is not a severity label',
    });
  });

  it('reads custom severity labels from the connection, case-insensitively', () => {
    expect(translate('issues.labeled-not-severity', { severities: { 'Needs-Triage': 1 } })).toMatchObject({
      steps: [{ type: 'severity', severity: 1 }],
      opening: { snapshot: { severity: 2 } },
    });
  });

  it('counts a comment by a member of the organisation as the response', () => {
    expect(translate('issue_comment.created-member')).toMatchObject({
      event: 'issue_comment.created',
      steps: [{ type: 'respond', at: '2026-11-30T09:40:00.000Z', by: 'support-hubot-human' }],
    });
  });

  it('counts a comment by the opener as a customer reply', () => {
    expect(translate('issue_comment.created-opener')).toMatchObject({
      steps: [{ type: 'customer_reply', at: '2026-11-30T10:05:00.000Z' }],
    });
  });

  it('counts a listed agent without repository rights as staff', () => {
    const body = fixtureBytes('github', 'issue_comment.created-member').toString().replace('"MEMBER"', '"CONTRIBUTOR"');
    const signed = signedRequest('github', body, SECRET, { githubEvent: 'issue_comment' });
    expect(github.translate(signed, settings, { receivedAt })).toMatchObject({ kind: 'ignored' });
    expect(github.translate(signed, { ...settings, agents: ['support-hubot-human'] }, { receivedAt })).toMatchObject({
      steps: [{ type: 'respond' }],
    });
  });

  it('ignores comments by bots and comments on pull requests, with the reason', () => {
    expect(translate('issue_comment.created-bot')).toMatchObject({
      kind: 'ignored',
      reason: 'a comment by a bot (github-actions[bot])',
    });
    expect(translate('issue_comment.created-pull-request')).toMatchObject({
      kind: 'ignored',
      reason: 'a pull request, not an issue',
    });
  });

  it('closes at the issue close time', () => {
    expect(translate('issues.closed')).toMatchObject({
      steps: [{ type: 'close', at: '2026-11-30T11:45:00.000Z', resolution: 'GitHub issue closed (completed)' }],
    });
  });

  it('cannot open an issue of an unmapped repository, unless the connection has a default support ID', () => {
    expect(translate('issues.opened', { organizations: {} })).toMatchObject({
      opening: { unavailable: expect.stringMatching(/"octo-org\/Hello-World" is not mapped/) },
    });
    expect(translate('issues.opened', { organizations: {}, defaultSupportId: 'S-1' })).toMatchObject({
      opening: { snapshot: { supportId: 'S-1' } },
    });
  });

  it('treats an issue without a severity label as severity 3', () => {
    const body = fixtureBytes('github', 'issues.opened').toString().replace('"name": "P2"', '"name": "question"');
    const result = github.translate(signedRequest('github', body, SECRET), settings, { receivedAt });
    expect(result).toMatchObject({ opening: { snapshot: { severity: 3 } } });
  });

  it('ignores pings, other events and other actions', () => {
    const ping = signedRequest('github', '{"zen":"Keep it logically awesome.","hook_id":1}', SECRET, {
      githubEvent: 'ping',
    });
    expect(github.translate(ping, settings, { receivedAt })).toMatchObject({ kind: 'ignored', event: 'ping' });
    const push = signedRequest('github', '{}', SECRET, { githubEvent: 'push' });
    expect(github.translate(push, settings, { receivedAt })).toMatchObject({ kind: 'ignored', event: 'push' });
    const edited = fixtureBytes('github', 'issues.opened')
      .toString()
      .replace('"action": "opened"', '"action": "edited"');
    expect(github.translate(signedRequest('github', edited, SECRET), settings, { receivedAt })).toMatchObject({
      kind: 'ignored',
      reason: 'the service does not read issues.edited',
    });
  });
});
