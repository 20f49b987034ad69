/**
 * Bad input to the webhook routes never gets in (DESIGN §9, §4): fast-check runs through the local API server
 * and the real webhooks function. A delivery that fails its source's check is a 401 that writes nothing but its
 * `refused` record; a correctly signed delivery of any bytes is answered 200 (applied or ignored), never a 5xx;
 * a bad connection id or `limit` is a 4xx JSON error that writes nothing.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { webhookHeaders } from '../../local/webhook-sign.ts';
import type { ConnectorSource } from '../../shared/connectors/types.ts';
import { manualClock } from '../../shared/time/clock.ts';
import { fixtureBytes } from '../support/connector-fixtures.ts';
import { putAccount } from '../support/fixtures.ts';
import { scanTable, signedFetch, type TableItem, useLocalStack } from '../support/local-stack.ts';

const clock = manualClock('2026-11-30T09:00:30Z');
const local = useLocalStack({ clock });
const SECRET = 'fuzz-connection-secret-0001';
const RUNS = 25;

const sources: ConnectorSource[] = ['zendesk', 'jira', 'github', 'freshdesk'];
const fixtureOf: Record<ConnectorSource, string> = {
  zendesk: 'ticket-created',
  jira: 'issue-created',
  github: 'issues.opened',
  freshdesk: 'opened',
};

const withoutLog = (items: TableItem[]) => items.filter((item) => !item.pk?.S?.startsWith('DELIVERIES#'));

async function post(connectionId: string, headers: Record<string, string>, body: Uint8Array) {
  const response = await fetch(`${local.stack.urls.api}/webhooks/${connectionId}`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

/** Bytes a sender might post: a fixture, a fixture with one byte changed, any JSON, or any bytes. */
const bodies = (source: ConnectorSource) => {
  const fixture = fixtureBytes(source, fixtureOf[source]);
  return fc.oneof(
    fc.constant(fixture),
    fc.tuple(fc.nat(fixture.length - 1), fc.integer({ min: 1, max: 255 })).map(([at, delta]) => {
      const changed = Buffer.from(fixture);
      changed[at] = ((changed[at] as number) + delta) % 256;
      return changed;
    }),
    fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  );
};

/** A delivery's headers broken in one way: none, another secret, a signature header garbled or dropped. */
const brokenHeaders = (source: ConnectorSource, body: Uint8Array) =>
  fc.oneof(
    fc.constant({ 'Content-Type': 'application/json' }),
    fc.constant(webhookHeaders(source, 'another-secret-entirely', body, { now: clock() })),
    fc.string({ maxLength: 80 }).map((garbage) => {
      const headers = webhookHeaders(source, SECRET, body, { now: clock() });
      const name = Object.keys(headers).find((key) => /signature|authorization/i.test(key) && !/timestamp/i.test(key));
      return { ...headers, [name as string]: garbage.replace(/[^\x20-\x7e]/g, '') };
    }),
    ...(source === 'zendesk'
      ? [fc.constant(webhookHeaders(source, SECRET, body, { now: new Date(clock().getTime() - 3_600_000) }))]
      : []),
  );

describe('webhook routes under fuzzing', () => {
  beforeAll(async () => {
    await putAccount(local.stack, 'S-FUZZ', 'production');
    for (const source of sources) {
      const response = await signedFetch(local.stack, 'PUT', `/connections/fuzz-${source}`, {
        source,
        secrets: [SECRET],
        defaultSupportId: 'S-FUZZ',
      });
      expect(response.status, response.text).toBe(200);
    }
  });

  it.each(sources)(
    'refuses every %s delivery that fails its check with 401, writing only its refused record',
    async (source) => {
      const before = withoutLog(await scanTable(local.stack));
      await fc.assert(
        fc.asyncProperty(
          bodies(source).chain((body) => fc.tuple(fc.constant(body), brokenHeaders(source, body))),
          async ([body, headers]) => {
            const answer = await post(`fuzz-${source}`, headers, body);
            // No content type is a 415 before any check; everything else that fails the check is a 401.
            const expected = headers['Content-Type'] === undefined ? 415 : 401;
            expect(answer.status, answer.text).toBe(expected);
            expect(answer.json.error).toBe(expected === 401 ? 'invalid_signature' : 'unsupported_media_type');
          },
        ),
        { numRuns: RUNS },
      );
      expect(withoutLog(await scanTable(local.stack))).toEqual(before);
    },
  );

  it.each(sources)(
    'answers every correctly signed %s delivery of any bytes with a 200, never a 5xx',
    async (source) => {
      await fc.assert(
        fc.asyncProperty(bodies(source), fc.uuid(), async (body, deliveryId) => {
          const headers = webhookHeaders(source, SECRET, body, { now: clock(), deliveryId });
          const answer = await post(`fuzz-${source}`, headers, body);
          expect(answer.status, answer.text).toBe(200);
          expect(['applied', 'ignored', 'duplicate']).toContain(answer.json.outcome);
          if (answer.json.outcome === 'ignored') expect(answer.json.reason).toEqual(expect.any(String));
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('refuses a malformed connection id with 400 and an unknown one with 404, writing nothing', async () => {
    const before = await scanTable(local.stack);
    await fc.assert(
      // Dot segments are excluded: a URL client resolves them away before sending.
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 80 }).filter((id) => !/^\.+$/.test(id)),
        async (id) => {
          const valid = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id) && id !== 'default';
          const body = fixtureBytes('github', 'issues.opened');
          const response = await fetch(`${local.stack.urls.api}/webhooks/${encodeURIComponent(id)}`, {
            method: 'POST',
            headers: webhookHeaders('github', SECRET, body),
            body,
          });
          if (!id.startsWith('fuzz-')) expect(response.status).toBe(valid ? 404 : 400);
        },
      ),
      { numRuns: 60 },
    );
    expect(await scanTable(local.stack)).toEqual(before);
  });

  it('refuses a bad limit on the deliveries list with 400 naming it, and an unknown connection with 404', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 5000 }).map(String)),
        async (limit) => {
          const valid = /^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 200;
          const response = await signedFetch<{ error?: string; details?: { field: string }[] }>(
            local.stack,
            'GET',
            `/connections/fuzz-github/deliveries?limit=${encodeURIComponent(limit)}`,
          );
          expect(response.status, response.text).toBe(valid ? 200 : 400);
          if (!valid) expect(response.json.details?.[0]?.field).toBe('limit');
        },
      ),
      { numRuns: 40 },
    );
    const unknown = await signedFetch(local.stack, 'GET', '/connections/nobody-here/deliveries');
    expect(unknown.status).toBe(404);
    const unsigned = await fetch(`${local.stack.urls.api}/connections/fuzz-github/deliveries`);
    expect(unsigned.status).toBe(401);
  });
});
