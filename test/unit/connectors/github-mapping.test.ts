import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { github } from '#shared/connectors/github.ts';
import { fixtureBytes, settingsFor, signedRequest } from '../../support/connector-fixtures.ts';

// Edge cases of DESIGN §9's GitHub mapping, each from a documented fixture with one field changed.
const SECRET = 'github-webhook-secret';
const settings = settingsFor({ organizations: { 'octo-org/Hello-World': 'S-OCTO' } });
const receivedAt = new Date('2026-12-03T12:00:00Z');
type Json = Record<string, unknown>;
const fixture = (name: string): Json => JSON.parse(fixtureBytes('github', name).toString('utf8'));
const translateJson = (githubEvent: string, body: Json, overrides = {}) =>
  github.translate(
    signedRequest('github', JSON.stringify(body), SECRET, { githubEvent }),
    { ...settings, ...overrides },
    {
      receivedAt,
    },
  );
const withIssue = (name: string, fields: Json): Json => {
  const body = fixture(name);
  return { ...body, issue: { ...(body.issue as Json), ...fields } };
};
const withComment = (name: string, fields: Json): Json => {
  const body = fixture(name);
  return { ...body, comment: { ...(body.comment as Json), ...fields } };
};
const labelled = (action: 'labeled' | 'unlabeled', label: string, labels: string[]): Json => ({
  ...withIssue('issues.labeled', { labels: labels.map((name) => ({ name })) }),
  action,
  label: { name: label },
});

describe('GitHub delivery id and signature header', () => {
  it('falls back to the SHA-256 of the body without X-GitHub-Delivery', () => {
    const digest = createHash('sha256').update('{"a":1}').digest('hex');
    expect(github.deliveryId({ headers: {}, body: Buffer.from('{"a":1}') })).toBe(`sha256:${digest}`);
  });

  it('names the missing and the malformed header', () => {
    const body = Buffer.from('{}');
    expect(github.verify({ headers: {}, body }, [SECRET], receivedAt)).toEqual({
      ok: false,
      reason: 'X-Hub-Signature-256 is required (set a secret on the GitHub webhook)',
    });
    expect(github.verify({ headers: { 'x-hub-signature-256': 'sha256=abc' }, body }, [SECRET], receivedAt)).toEqual({
      ok: false,
      reason: 'X-Hub-Signature-256 must be sha256=<64 hex digits>',
    });
  });
});

describe('GitHub event kinds', () => {
  it('answers a ping, and ignores other or missing event kinds by name', () => {
    expect(translateJson('ping', {})).toEqual({
      kind: 'ignored',
      event: 'ping',
      reason: 'GitHub checks the webhook: nothing to apply',
    });
    expect(translateJson('push', {})).toEqual({
      kind: 'ignored',
      event: 'push',
      reason: 'the service does not read push events',
    });
    const request = signedRequest('github', '{}', SECRET);
    const { 'x-github-event': _kind, ...headers } = request.headers;
    expect(github.translate({ ...request, headers }, settings, { receivedAt })).toEqual({
      kind: 'ignored',
      event: 'unknown',
      reason: 'the service does not read untyped events',
    });
  });

  it('ignores a body not of the documented shape under its kind', () => {
    expect(translateJson('issues', { action: 'opened' })).toMatchObject({ kind: 'ignored', event: 'issues' });
  });

  it('ignores issue actions it does not read, and issues opened by a bot', () => {
    expect(translateJson('issues', { ...fixture('issues.opened'), action: 'assigned' })).toEqual({
      kind: 'ignored',
      event: 'issues.assigned',
      reason: 'the service does not read issues.assigned',
      sourceTicketId: 'octo-org/Hello-World#1347',
    });
    const bot = withIssue('issues.opened', { user: { login: 'dependabot[bot]', type: 'Bot' } });
    expect(translateJson('issues', bot)).toMatchObject({
      kind: 'ignored',
      reason: 'an issue opened by a bot (dependabot[bot])',
    });
  });
});

describe('GitHub snapshot', () => {
  it('opens with the whole snapshot of issues.opened', () => {
    const body = fixture('issues.opened');
    const issue = body.issue as Json;
    expect(translateJson('issues', body)).toMatchObject({
      kind: 'apply',
      event: 'issues.opened',
      sourceTicketId: 'octo-org/Hello-World#1347',
      opening: {
        snapshot: {
          supportId: 'S-OCTO',
          subject: issue.title,
          description: issue.body ?? undefined,
          openedAt: new Date(issue.created_at as string).toISOString(),
          requesterEmail: null,
          requester: (issue.user as Json).login,
          product: 'Hello-World',
          channel: 'web',
          sourceUrl: 'https://github.com/octo-org/Hello-World/issues/1347',
        },
      },
      steps: [{ type: 'open' }],
    });
  });

  it('names an untitled issue by repository and number, and the product by full name without a name', () => {
    const body = withIssue('issues.opened', { title: null, body: null, html_url: null });
    const result = translateJson('issues', { ...body, repository: { full_name: 'octo-org/Hello-World' } });
    expect(result).toMatchObject({
      opening: {
        snapshot: {
          subject: 'octo-org/Hello-World#1347',
          product: 'octo-org/Hello-World',
          description: undefined,
          sourceUrl: undefined,
        },
      },
    });
  });

  it('cannot open from an issue whose created_at is not an instant', () => {
    expect(translateJson('issues', withIssue('issues.opened', { created_at: 'then' }))).toMatchObject({
      opening: { unavailable: 'issue.created_at is not an ISO-8601 instant' },
    });
  });
});

describe('GitHub severity labels', () => {
  const severityStep = (body: Json, overrides = {}) => translateJson('issues', body, overrides);

  it('reads every default label, case-insensitively, the most severe winning', () => {
    const table: [string, number][] = [
      ['P0', 1],
      ['P1', 1],
      ['sev1', 1],
      ['severity:1', 1],
      ['P2', 2],
      ['sev2', 2],
      ['severity:2', 2],
      ['P3', 3],
      ['sev3', 3],
      ['severity:3', 3],
      ['P4', 4],
      ['sev4', 4],
      ['SEVERITY:4', 4],
    ];
    for (const [label, severity] of table) {
      expect(severityStep(labelled('labeled', label, ['bug', label]))).toMatchObject({
        steps: [{ type: 'severity', severity }],
        opening: { snapshot: { severity: 3 } },
      });
    }
    expect(severityStep(labelled('labeled', 'P4', ['P4', 'P2']))).toMatchObject({
      steps: [{ severity: 2, reason: 'GitHub label P4 added', by: 'support-hubot-human' }],
      opening: { snapshot: { severity: 2 } },
    });
  });

  it('undoes an unlabel to know the severity before: removing P1 from P1+P3 goes 1 → 3', () => {
    expect(severityStep(labelled('unlabeled', 'P1', ['P3']))).toMatchObject({
      steps: [{ severity: 3, reason: 'GitHub label P1 removed', at: '2026-11-30T09:20:00.000Z' }],
      opening: { snapshot: { severity: 1 } },
    });
    expect(severityStep(labelled('unlabeled', 'P1', []))).toMatchObject({
      steps: [{ severity: 3 }],
      opening: { snapshot: { severity: 1 } },
    });
  });

  it('ignores a label change without a label, and credits one without a sender to "github"', () => {
    const { label: _label, ...noLabel } = labelled('labeled', 'P1', ['P1']);
    expect(severityStep(noLabel)).toEqual({
      kind: 'ignored',
      event: 'issues.labeled',
      reason: 'label "" is not a severity label',
      sourceTicketId: 'octo-org/Hello-World#1347',
    });
    const { sender: _sender, ...noSender } = labelled('labeled', 'P1', ['P1']);
    expect(severityStep(noSender)).toMatchObject({ steps: [{ by: 'github' }] });
  });

  it('ignores a label change without a usable updated_at', () => {
    const body = { ...labelled('labeled', 'P1', ['P1']) };
    const bad = { ...body, issue: { ...(body.issue as Json), updated_at: 'later' } };
    expect(severityStep(bad)).toMatchObject({ kind: 'ignored', reason: 'issue.updated_at is not an ISO-8601 instant' });
  });
});

describe('GitHub closing', () => {
  it('closes at closed_at, naming the state reason, and without one', () => {
    expect(translateJson('issues', fixture('issues.closed'))).toMatchObject({
      steps: [{ type: 'close', at: '2026-11-30T11:45:00.000Z', resolution: 'GitHub issue closed (completed)' }],
    });
    expect(translateJson('issues', withIssue('issues.closed', { state_reason: null }))).toMatchObject({
      steps: [{ type: 'close', resolution: 'GitHub issue closed' }],
    });
  });

  it('falls back to updated_at without closed_at, and ignores a close with neither', () => {
    const body = withIssue('issues.closed', { closed_at: null, updated_at: '2026-11-30T11:46:00Z' });
    expect(translateJson('issues', body)).toMatchObject({ steps: [{ at: '2026-11-30T11:46:00.000Z' }] });
    expect(translateJson('issues', withIssue('issues.closed', { closed_at: null, updated_at: null }))).toMatchObject({
      kind: 'ignored',
      reason: 'issue.closed_at is not an ISO-8601 instant',
    });
  });
});

describe('GitHub comments', () => {
  const member = 'issue_comment.created-member';

  it('reads only new comments, and needs the comment', () => {
    expect(translateJson('issue_comment', { ...fixture(member), action: 'edited' })).toEqual({
      kind: 'ignored',
      event: 'issue_comment.edited',
      reason: 'the service reads new comments, not edited ones',
      sourceTicketId: 'octo-org/Hello-World#1347',
    });
    const { comment: _comment, ...noComment } = fixture(member);
    expect(translateJson('issue_comment', noComment)).toMatchObject({
      kind: 'ignored',
      reason: 'issue_comment without a comment',
    });
  });

  it('counts OWNER, MEMBER and COLLABORATOR as staff, and not CONTRIBUTOR or none', () => {
    for (const author_association of ['OWNER', 'MEMBER', 'COLLABORATOR']) {
      expect(translateJson('issue_comment', withComment(member, { author_association }))).toMatchObject({
        steps: [{ type: 'respond', at: '2026-11-30T09:40:00.000Z', by: 'support-hubot-human' }],
      });
    }
    for (const author_association of ['CONTRIBUTOR', null]) {
      expect(translateJson('issue_comment', withComment(member, { author_association }))).toEqual({
        kind: 'ignored',
        event: 'issue_comment.created',
        reason: 'a comment by support-hubot-human, neither the opener nor support staff',
        sourceTicketId: 'octo-org/Hello-World#1347',
      });
    }
    expect(
      translateJson('issue_comment', withComment(member, { author_association: 'NONE' }), {
        agents: ['support-hubot-human'],
      }),
    ).toMatchObject({ steps: [{ type: 'respond' }] });
  });

  it('ignores a comment whose created_at is not an instant', () => {
    expect(translateJson('issue_comment', withComment(member, { created_at: 'now' }))).toMatchObject({
      kind: 'ignored',
      reason: 'comment.created_at is not an ISO-8601 instant',
    });
  });
});
