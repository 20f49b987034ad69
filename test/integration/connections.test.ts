/**
 * The connection registry (DESIGN §9, §4.1) through the admin API of a real local stack: a connection is
 * stored with its secrets, shown only with their fingerprints, and bad settings are a 400 naming the field
 * that writes nothing.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../../shared/time/clock.ts';
import { scanTable, signedFetch, useLocalStack } from '../support/local-stack.ts';

const clock = manualClock('2026-12-01T09:00:00Z');
const local = useLocalStack({ clock, env: { POWERTOOLS_LOG_LEVEL: 'DEBUG' } });

const ZENDESK_SECRET = 'zendesk-signing-secret-0001';
const NEXT_SECRET = 'zendesk-signing-secret-0002';
const NATIVE_SECRET = 'native-partner-secret-0001';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Everything the process writes while a test runs (handler logs included: they run in this process). */
let output: string[] = [];
beforeEach(() => {
  output = [];
  const capture = (stream: NodeJS.WriteStream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  capture(process.stdout);
  capture(process.stderr);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const put = (id: string, body: unknown, options = {}) =>
  signedFetch<Record<string, unknown>>(local.stack, 'PUT', `/connections/${id}`, body, options);
const get = (id: string) => signedFetch<Record<string, unknown>>(local.stack, 'GET', `/connections/${id}`);

describe('PUT /connections/{connectionId}', () => {
  it('registers a Zendesk connection and shows it with fingerprints and its webhook path, never its secret', async () => {
    const response = await put('zd-acme', {
      source: 'zendesk',
      secrets: [ZENDESK_SECRET],
      organizations: { '360001': 'S-ACME' },
      severities: { Urgent: 1 },
      agents: ['42'],
    });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toEqual({
      connectionId: 'zd-acme',
      source: 'zendesk',
      secretFingerprints: [sha256(ZENDESK_SECRET)],
      organizations: { '360001': 'S-ACME' },
      defaultSupportId: null,
      severities: { Urgent: 1 },
      agents: ['42'],
      accounts: null,
      access: 'write',
      webhookPath: '/webhooks/zd-acme',
      createdAt: '2026-12-01T09:00:00.000Z',
      updatedAt: '2026-12-01T09:00:00.000Z',
    });
    const read = await get('zd-acme');
    expect(read.status).toBe(200);
    expect(read.json).toEqual(response.json);
    expect(response.text + read.text).not.toContain(ZENDESK_SECRET);
    expect(output.join('')).not.toContain(ZENDESK_SECRET);
  });

  it('rotates with two secrets, keeping the first registration time', async () => {
    await put('zd-rotate', { source: 'zendesk', secrets: [ZENDESK_SECRET] });
    clock.advance(60_000);
    const rotated = await put('zd-rotate', { source: 'zendesk', secrets: [ZENDESK_SECRET, NEXT_SECRET] });
    expect(rotated.status).toBe(200);
    expect(rotated.json).toMatchObject({
      secretFingerprints: [sha256(ZENDESK_SECRET), sha256(NEXT_SECRET)],
      createdAt: '2026-12-01T09:00:00.000Z',
      updatedAt: '2026-12-01T09:01:00.000Z',
    });
    expect(output.join('')).not.toContain(NEXT_SECRET);
  });

  it('registers a native connection scoped to accounts with read access, without a webhook path', async () => {
    const response = await put('partner-read', {
      source: 'native',
      secrets: [NATIVE_SECRET],
      accounts: ['S-ONE', 'S-TWO'],
      access: 'read',
    });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ source: 'native', accounts: ['S-ONE', 'S-TWO'], access: 'read' });
    expect(response.json).not.toHaveProperty('webhookPath');
    expect(response.json).not.toHaveProperty('secrets');
  });

  it.each([
    ['an unknown source', { source: 'servicenow', secrets: [ZENDESK_SECRET] }, 'source'],
    ['no secret', { source: 'github', secrets: [] }, 'secrets'],
    ['three secrets', { source: 'github', secrets: ['a-secret-01', 'a-secret-02', 'a-secret-03'] }, 'secrets'],
    ['an empty secret', { source: 'github', secrets: [''] }, 'secrets.0'],
    ['a secret of 10 000 characters', { source: 'github', secrets: ['x'.repeat(10_000)] }, 'secrets.0'],
    ['the same secret twice', { source: 'github', secrets: [ZENDESK_SECRET, ZENDESK_SECRET] }, 'secrets'],
    ['severity 5', { source: 'jira', secrets: [ZENDESK_SECRET], severities: { Blocker: 5 } }, 'severities.Blocker'],
    ['accounts on a non-native source', { source: 'jira', secrets: [ZENDESK_SECRET], accounts: ['S-1'] }, 'accounts'],
    ['access on a non-native source', { source: 'github', secrets: [ZENDESK_SECRET], access: 'read' }, 'access'],
    ['an unknown access', { source: 'native', secrets: [NATIVE_SECRET], access: 'admin' }, 'access'],
    ['a support ID with a slash', { source: 'native', secrets: [NATIVE_SECRET], accounts: ['S/1'] }, 'accounts.0'],
    ['an unknown field', { source: 'native', secrets: [NATIVE_SECRET], colour: 'red' }, 'colour'],
  ])('refuses %s with a 400 naming the field and writes nothing', async (_case, body, field) => {
    const before = await scanTable(local.stack);
    const response = await put('bad-settings', body);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'invalid_request' });
    expect((response.json.details as { field: string }[]).map((detail) => detail.field)).toContain(field);
    expect(response.text).not.toContain(ZENDESK_SECRET);
    // The refusal is logged (the capture works) without the secret it refused.
    expect(output.join('')).toContain('request refused');
    expect(output.join('')).not.toContain(ZENDESK_SECRET);
    expect(await scanTable(local.stack)).toEqual(before);
  });

  it('refuses ids that are not an id, and the reserved id of the built-in connection', async () => {
    for (const id of ['default', 'has.dot', '-leading']) {
      const response = await put(id, { source: 'native', secrets: [NATIVE_SECRET] });
      expect(response.status, id).toBe(400);
      expect(response.json).toMatchObject({ details: [expect.objectContaining({ field: 'connectionId' })] });
    }
  });

  it('takes only the admin secret (401 with the webhook secret)', async () => {
    const before = await scanTable(local.stack);
    const response = await put(
      'zd-other',
      { source: 'zendesk', secrets: [ZENDESK_SECRET] },
      { secret: local.stack.secrets.webhook },
    );
    expect(response.status).toBe(401);
    expect(await scanTable(local.stack)).toEqual(before);
  });
});

describe('GET /connections/{connectionId}', () => {
  it('answers 404 connection_not_found for a connection never registered', async () => {
    const response = await get('never-registered');
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ error: 'connection_not_found' });
  });
});
