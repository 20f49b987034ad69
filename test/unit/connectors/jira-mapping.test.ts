import { describe, expect, it } from 'vitest';
import { jira } from '#shared/connectors/jira.ts';
import { fixtureBytes, settingsFor, signedRequest } from '../../support/connector-fixtures.ts';

// Edge cases of DESIGN §9's Jira mapping, each from a documented fixture with one field changed.
const SECRET = 'jira-webhook-secret';
const settings = settingsFor({ organizations: { SUP: 'S-SUP' } });
const receivedAt = new Date('2026-12-03T12:00:00Z');
type Json = Record<string, unknown>;
const fixture = (name: string): Json => JSON.parse(fixtureBytes('jira', name).toString('utf8'));
const translateJson = (body: Json, overrides = {}) =>
  jira.translate(signedRequest('jira', JSON.stringify(body), SECRET), { ...settings, ...overrides }, { receivedAt });
const fieldsOf = (body: Json) => (body.issue as Json).fields as Json;
const withFields = (name: string, fields: Json): Json => {
  const body = fixture(name);
  return { ...body, issue: { ...(body.issue as Json), fields: { ...fieldsOf(body), ...fields } } };
};
const item = (field: string, fromName: string | null, toName: string | null, to: string | null = toName) => ({
  field,
  fieldId: field,
  from: fromName,
  fromString: fromName,
  to,
  toString: toName,
});
const updated = (items: Json[], fields: Json = {}) => ({
  ...withFields('issue-updated-priority', fields),
  changelog: { id: '10100', items },
});
const noDeliveryHeader = (body: string) => ({ headers: {}, body: Buffer.from(body) });

describe('Jira delivery id without X-Atlassian-Webhook-Identifier', () => {
  it('is event, issue id and changelog id, else comment id, else timestamp', () => {
    expect(
      jira.deliveryId(
        noDeliveryHeader('{"webhookEvent":"jira:issue_updated","issue":{"id":"7"},"changelog":{"id":"9"}}'),
      ),
    ).toBe('jira:issue_updated:7:9');
    expect(
      jira.deliveryId(noDeliveryHeader('{"webhookEvent":"comment_created","issue":{"id":7},"comment":{"id":"11"}}')),
    ).toBe('comment_created:7:11');
    expect(
      jira.deliveryId(noDeliveryHeader('{"webhookEvent":"jira:issue_created","issue":{"id":"7"},"timestamp":5}')),
    ).toBe('jira:issue_created:7:5');
    expect(jira.deliveryId(noDeliveryHeader('{"issue":null}'))).toBe('::');
    expect(jira.deliveryId(noDeliveryHeader('not json'))).toBe('::');
  });
});

describe('Jira signature header', () => {
  it('names the missing and the malformed header', () => {
    const body = Buffer.from('{}');
    expect(jira.verify({ headers: {}, body }, [SECRET], receivedAt)).toEqual({
      ok: false,
      reason: 'X-Hub-Signature is required (set a secret on the Jira webhook)',
    });
    expect(jira.verify({ headers: { 'x-hub-signature': 'sha1=abc' }, body }, [SECRET], receivedAt)).toEqual({
      ok: false,
      reason: 'X-Hub-Signature must be sha256=<64 hex digits>',
    });
  });
});

describe('Jira snapshot', () => {
  it('opens jira:issue_created with the whole snapshot, at the creation time in UTC', () => {
    expect(translateJson(fixture('issue-created'))).toMatchObject({
      kind: 'apply',
      event: 'jira:issue_created',
      sourceTicketId: 'SUP-10',
      opening: {
        snapshot: {
          supportId: 'S-SUP',
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

  it('falls back to the key, the issue key prefix as project, and a generic reporter', () => {
    const result = translateJson(
      withFields('issue-created', { summary: null, project: null, reporter: null, description: { type: 'doc' } }),
    );
    expect(result).toMatchObject({
      opening: {
        snapshot: {
          subject: 'SUP-10',
          product: 'SUP',
          supportId: 'S-SUP',
          requester: 'jira reporter',
          requesterEmail: null,
          description: undefined,
        },
      },
    });
    const notAnAddress = withFields('issue-created', {
      reporter: { displayName: 'Pat', emailAddress: 'pat at example' },
    });
    expect(translateJson(notAnAddress)).toMatchObject({
      opening: { snapshot: { requester: 'Pat', requesterEmail: null } },
    });
    const padded = withFields('issue-created', {
      reporter: { displayName: 'Pat', emailAddress: ' pat@cust.example ' },
    });
    expect(translateJson(padded)).toMatchObject({ opening: { snapshot: { requesterEmail: 'pat@cust.example' } } });
    const byAccount = withFields('issue-created', { reporter: { accountId: 'acc-1', emailAddress: '' } });
    expect(translateJson(byAccount)).toMatchObject({
      opening: { snapshot: { requester: 'acc-1', requesterEmail: null } },
    });
    expect(translateJson(withFields('issue-created', { description: 'Plain text' }))).toMatchObject({
      opening: { snapshot: { description: 'Plain text' } },
    });
  });

  it('keeps the support ID of a delivery without a creation time, to find a ticket opened earlier', () => {
    expect(translateJson(fixture('comment-created-agent'))).toMatchObject({
      opening: { unavailable: 'the delivery does not say when SUP-10 was created', supportId: 'S-SUP' },
    });
  });

  it('counts an issue without priority as Medium (3) and an unknown priority as 3 too', () => {
    expect(translateJson(withFields('issue-created', { priority: null }))).toMatchObject({
      opening: { snapshot: { severity: 3 } },
    });
    expect(translateJson(withFields('issue-created', { priority: { name: 'Whenever' } }))).toMatchObject({
      opening: { snapshot: { severity: 3 } },
    });
  });
});

describe('Jira default priorities', () => {
  it('maps every default priority name (DESIGN §9)', () => {
    const table: [string, number][] = [
      ['Highest', 1],
      ['Blocker', 1],
      ['Critical', 1],
      ['High', 2],
      ['Major', 2],
      ['Medium', 3],
      ['Low', 4],
      ['Lowest', 4],
      ['Minor', 4],
      ['Trivial', 4],
    ];
    for (const [name, severity] of table) {
      expect(translateJson(updated([item('priority', 'Medium', name)]))).toMatchObject({
        steps: [{ type: 'severity', severity, reason: `Jira priority Medium → ${name}` }],
        opening: { snapshot: { severity: 3 } },
      });
    }
  });
});

describe('Jira issue updates', () => {
  it('reads a priority item by its field name in any case, at the timestamp (date -u -d @1796030400), by the user', () => {
    const byName = { field: 'Priority', fromString: 'High', toString: 'Low', from: '2', to: '4' };
    expect(translateJson(updated([byName]))).toMatchObject({
      steps: [{ type: 'severity', severity: 4, at: '2026-11-30T09:20:00.000Z', by: 'Sam Agent' }],
      opening: { snapshot: { severity: 2 } },
    });
  });

  it('reads a changelog item without its toString key as a change to none, not as an invalid payload', () => {
    const { toString: _absent, ...withoutTo } = item('priority', 'High', null);
    expect(Object.hasOwn(withoutTo, 'toString')).toBe(false);
    expect(translateJson(updated([withoutTo]))).toMatchObject({
      kind: 'apply',
      steps: [{ type: 'severity', severity: 3, reason: 'Jira priority High → none' }],
      opening: { snapshot: { severity: 2 } },
    });
  });

  it('closes on a resolution item with an id but no toString key, named "done" rather than by an inherited function', () => {
    const { toString: _absent, ...resolution } = item('resolution', null, null, '10000');
    expect(translateJson(updated([resolution]))).toMatchObject({
      kind: 'apply',
      steps: [{ type: 'close', resolution: 'Jira done' }],
    });
  });

  it('reads a priority removed or set from none as 3, and refuses an unmapped one', () => {
    expect(translateJson(updated([item('priority', null, 'Low')]))).toMatchObject({
      steps: [{ severity: 4, reason: 'Jira priority none → Low' }],
      opening: { snapshot: { severity: 3 } },
    });
    expect(translateJson(updated([item('priority', 'Highest', null)]))).toMatchObject({
      steps: [{ severity: 3, reason: 'Jira priority Highest → none' }],
      opening: { snapshot: { severity: 1 } },
    });
    expect(translateJson(updated([item('priority', 'High', 'P9')]))).toEqual({
      kind: 'ignored',
      event: 'jira:issue_updated',
      reason: `priority "P9" has no severity: add it to the connection's severities`,
      sourceTicketId: 'SUP-10',
    });
  });

  it('credits a change to the account id or user name without a display name, else to "jira"', () => {
    const body = (user: Json | null) => ({ ...updated([item('priority', 'High', 'Low')]), user });
    expect(translateJson(body({ accountId: 'acc-2' }))).toMatchObject({ steps: [{ by: 'acc-2' }] });
    expect(translateJson(body({ name: 'sam' }))).toMatchObject({ steps: [{ by: 'sam' }] });
    expect(translateJson(body(null))).toMatchObject({ steps: [{ by: 'jira' }] });
  });

  it('closes when a resolution is set, by name or by id alone, and not when it is cleared', () => {
    expect(translateJson(updated([item('Resolution', null, "Won't Do")]))).toMatchObject({
      steps: [{ type: 'close', by: 'Sam Agent', resolution: "Jira Won't Do" }],
    });
    expect(translateJson(updated([item('resolution', null, null, '10000')]))).toMatchObject({
      steps: [{ type: 'close', resolution: 'Jira done' }],
    });
    expect(translateJson(updated([item('resolution', 'Done', null, null)]))).toEqual({
      kind: 'ignored',
      event: 'jira:issue_updated',
      reason: 'no change of priority, resolution or status category done',
      sourceTicketId: 'SUP-10',
    });
  });

  it('closes on a status change into the done category, naming the status; not on another category', () => {
    const done = { status: { name: 'Closed', statusCategory: { key: 'done' } } };
    expect(translateJson(updated([item('Status', 'Open', 'Closed')], done))).toMatchObject({
      steps: [{ type: 'close', resolution: 'Jira Closed' }],
    });
    expect(
      translateJson(updated([item('status', 'Open', 'Closed')], { status: { statusCategory: { key: 'done' } } })),
    ).toMatchObject({ steps: [{ type: 'close', resolution: 'Jira done' }] });
    const progress = { status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } } };
    expect(translateJson(updated([item('status', 'Open', 'In Progress')], progress))).toMatchObject({
      kind: 'ignored',
    });
    // A done status without a status item in the changelog is not a close (the edit was elsewhere).
    expect(translateJson(updated([item('summary', 'a', 'b')], done))).toMatchObject({ kind: 'ignored' });
  });

  it('changes the severity and closes in one delivery, the snapshot at the previous priority', () => {
    expect(translateJson(updated([item('priority', 'Low', 'High'), item('resolution', null, 'Done')]))).toMatchObject({
      steps: [
        { type: 'severity', severity: 2 },
        { type: 'close', resolution: 'Jira Done' },
      ],
      opening: { snapshot: { severity: 4 } },
    });
  });

  it('ignores an update without a changelog, and events it does not read', () => {
    const { changelog: _c, ...noChangelog } = fixture('issue-updated-priority');
    expect(translateJson(noChangelog)).toMatchObject({ kind: 'ignored' });
    expect(translateJson({ ...fixture('issue-created'), webhookEvent: 'jira:issue_deleted' })).toEqual({
      kind: 'ignored',
      event: 'jira:issue_deleted',
      reason: 'the service does not read jira:issue_deleted events',
      sourceTicketId: 'SUP-10',
    });
  });
});

describe('Jira changelog items by field id, and status edges', () => {
  it('finds priority and resolution items by fieldId when the field name is localised', () => {
    const priority = {
      field: 'Priorität',
      fieldId: 'priority',
      fromString: 'High',
      toString: 'Low',
      from: '2',
      to: '4',
    };
    expect(translateJson(updated([priority]))).toMatchObject({ steps: [{ type: 'severity', severity: 4 }] });
    const resolution = {
      field: 'Lösung',
      fieldId: 'resolution',
      fromString: null,
      toString: 'Done',
      from: null,
      to: '1',
    };
    expect(translateJson(updated([resolution]))).toMatchObject({ steps: [{ type: 'close', resolution: 'Jira Done' }] });
  });

  it('closes on a done status item among other items', () => {
    const done = { status: { name: 'Closed', statusCategory: { key: 'done' } } };
    expect(translateJson(updated([item('summary', 'a', 'b'), item('status', 'Open', 'Closed')], done))).toMatchObject({
      steps: [{ type: 'close', resolution: 'Jira Closed' }],
    });
  });

  it('does not close on a status item when the issue has no status or no category', () => {
    const reason = 'no change of priority, resolution or status category done';
    expect(translateJson(updated([item('status', 'Open', 'Closed')], { status: null }))).toMatchObject({ reason });
    expect(
      translateJson(updated([item('status', 'Open', 'Closed')], { status: { name: 'Closed', statusCategory: null } })),
    ).toMatchObject({ reason });
  });

  it('ignores a body that is not JSON under the event "unknown"', () => {
    expect(jira.translate(signedRequest('jira', '{', SECRET), settings, { receivedAt })).toEqual({
      kind: 'ignored',
      event: 'unknown',
      reason: 'the body is not JSON',
      sourceTicketId: undefined,
    });
  });
});

describe('Jira comments', () => {
  const agent = 'comment-created-agent';
  const withComment = (comment: Json, fields: Json = {}): Json => {
    const body = withFields(agent, fields);
    return { ...body, comment: { ...(body.comment as Json), ...comment } };
  };

  it('needs the comment, and ignores one restricted by visibility or by an app', () => {
    const { comment: _comment, ...noComment } = fixture(agent);
    expect(translateJson(noComment)).toMatchObject({ reason: 'comment_created without a comment' });
    expect(translateJson(withComment({ visibility: { type: 'role', value: 'Developers' } }))).toMatchObject({
      kind: 'ignored',
      reason: 'an internal comment (not shared with the customer)',
    });
    expect(translateJson(withComment({ author: { accountId: 'app-1', accountType: 'app' } }))).toEqual({
      kind: 'ignored',
      event: 'comment_created',
      reason: 'a comment by an app (bot)',
      sourceTicketId: 'SUP-10',
    });
  });

  it('counts the reporter as the customer even without accountType customer', () => {
    const reporter = { accountId: 'rep-1', accountType: 'atlassian' };
    expect(translateJson(withComment({ author: reporter }, { reporter: { accountId: 'rep-1' } }))).toMatchObject({
      steps: [{ type: 'customer_reply', at: '2026-11-30T09:40:00.000Z' }],
    });
  });

  it('counts a non-reporter, non-customer author as the response, named by display name, id or "jira agent"', () => {
    expect(
      translateJson(withComment({ author: { accountId: 'a-9' } }, { reporter: { accountId: 'rep-1' } })),
    ).toMatchObject({
      steps: [{ type: 'respond', by: 'a-9' }],
    });
    expect(translateJson(withComment({ author: {} }))).toMatchObject({
      steps: [{ type: 'respond', by: 'jira agent' }],
    });
  });

  it('does not take an author without an account id for the reporter of an issue without one', () => {
    const body = withComment({ author: { displayName: 'Sam' } });
    const { reporter: _reporter, ...fields } = fieldsOf(body);
    expect(translateJson({ ...body, issue: { ...(body.issue as Json), fields } })).toMatchObject({
      steps: [{ type: 'respond', by: 'Sam' }],
    });
  });

  it('does not take an author with a null account id for a reporter whose account id is null', () => {
    const body = withComment({ author: { accountId: null, displayName: 'Sam' } }, { reporter: { accountId: null } });
    expect(translateJson(body)).toMatchObject({ steps: [{ type: 'respond', by: 'Sam' }] });
  });

  it('counts a listed agent as the response even from a customer account', () => {
    const customer = { accountId: 'c-1', accountType: 'customer', emailAddress: 'helper@vendor.example' };
    expect(translateJson(withComment({ author: customer }))).toMatchObject({ steps: [{ type: 'customer_reply' }] });
    expect(translateJson(withComment({ author: customer }), { agents: ['helper@vendor.example'] })).toMatchObject({
      steps: [{ type: 'respond' }],
    });
  });
});
