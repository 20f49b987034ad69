/**
 * Bad input never gets in (DESIGN §4): a fast-check fuzz run over every route of the route table, through the
 * local API server and the real handlers. Every request is broken in exactly one way (see fuzz-requests.ts), and
 * every answer must be the 4xx JSON error that breakage calls for, never a 5xx; the table, the sent mail and the
 * schedules must be exactly as they were before the run.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { signatureHeaders, unixSeconds } from '../../local/sign.ts';
import { routes as allRoutes, localSecretOf, routeKey } from '../../shared/http/routes.ts';
import { manualClock } from '../../shared/time/clock.ts';
import { accountBody, openTicket, putAccount, ticketBody } from '../support/fixtures.ts';
import {
  type Answer,
  breakagesFor,
  type FuzzCase,
  type FuzzTargets,
  freeTextFields,
  fuzzRoutes,
  IllFormed,
  requestWithField,
  sendRaw,
  wrongTypeInEveryField,
} from '../support/fuzz-requests.ts';
import { scanTable, signedFetch, type TableItem, useLocalStack } from '../support/local-stack.ts';

// The webhooks function's routes have their own fuzz suite (webhooks-fuzz.test.ts): their senders sign their own way.
const routes = allRoutes.filter((route) => route.function !== 'webhooks');

// Tuesday 1 December 2026, 10:00 in Paris. The clock stands still: no timer falls due during the run.
const clock = manualClock('2026-12-01T09:00:00Z');
const local = useLocalStack({ clock });

/** Two fast-check runs per way of breaking each route: about 480 requests in all, plus 40 in the sweep. */
const RUNS_PER_BREAKAGE = 2;

/** DESIGN §4's error codes, and the local server's own for a route or method it does not serve. */
const ERROR_CODES = new Set([
  'invalid_request',
  'missing_signature',
  'invalid_signature',
  'signature_expired',
  'not_authorized_opener',
  'contract_expired',
  'unknown_support_id',
  'unknown_partner',
  'ticket_not_found',
  'ticket_closed',
  'payload_too_large',
  'unsupported_media_type',
  'severity_not_offered',
  'phone_requires_ticket',
  'route_not_found',
  'method_not_allowed',
  'not_authorized',
  'request_in_progress',
  'connection_not_found',
]);

const OPENED_AT = '2026-12-01T08:30:00Z';

/** Accounts and tickets for the breakages to aim at: an open, an evaluation and a closed ticket. */
async function setUpTargets(): Promise<FuzzTargets> {
  const { stack } = local;
  await putAccount(stack, 'FUZZ-PROD', 'production');
  await putAccount(stack, 'FUZZ-EVAL', 'evaluation');
  // Expired at the end of 30 November in Paris: before now.
  await putAccount(stack, 'FUZZ-EXPIRED', 'basic', { contractExpiresAt: '2026-11-30' });
  const open = await openTicket(stack, 'FUZZ-PROD', { openedAt: OPENED_AT });
  const evaluation = await openTicket(stack, 'FUZZ-EVAL', { openedAt: OPENED_AT });
  const closed = await openTicket(stack, 'FUZZ-PROD', { openedAt: OPENED_AT });
  const closing = await signedFetch(stack, 'POST', `/tickets/${closed.ticketId}/close`, {
    by: 'eng',
    resolution: 'done',
  });
  expect(closing.status, closing.text).toBe(200);
  return {
    now: clock(),
    secrets: stack.secrets,
    accounts: { production: 'FUZZ-PROD', evaluation: 'FUZZ-EVAL', expired: 'FUZZ-EXPIRED' },
    tickets: { open: open.ticketId, evaluation: evaluation.ticketId, closed: closed.ticketId, openedAt: OPENED_AT },
  };
}

interface Snapshot {
  table: TableItem[];
  mail: number;
  schedules: string[];
}

async function snapshot(): Promise<Snapshot> {
  return {
    table: await scanTable(local.stack),
    mail: (await local.stack.sentMail()).length,
    schedules: local.stack.emulator
      .schedules()
      .map((schedule) => schedule.name)
      .sort(),
  };
}

const describeCase = (fuzz: FuzzCase, answer: Answer) =>
  `${fuzz.breakage}\n${fuzz.method} ${fuzz.target.slice(0, 200)}\n` +
  `expected ${fuzz.expected.status} ${fuzz.expected.error}, got ${answer.status} ${answer.text.slice(0, 300)}`;

/** Sends the case and checks the refusal: a 4xx, the JSON error shape of DESIGN §4, its code and the field it names. */
async function expectRefused(fuzz: FuzzCase): Promise<void> {
  const answer = await sendRaw(local.stack.urls.api, fuzz);
  const context = describeCase(fuzz, answer);
  expect(answer.status, context).toBeGreaterThanOrEqual(400);
  expect(answer.status, context).toBeLessThan(500);
  expect(answer.contentType, context).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as { error: string; message: string; details?: { field: string }[] };
  expect(
    Object.keys(body).filter((key) => !['error', 'message', 'details'].includes(key)),
    context,
  ).toEqual([]);
  expect(ERROR_CODES.has(body.error), context).toBe(true);
  expect(typeof body.message === 'string' && body.message.length > 0, context).toBe(true);
  expect({ status: answer.status, error: body.error }, context).toEqual({
    status: fuzz.expected.status,
    error: fuzz.expected.error,
  });
  if (fuzz.expected.field !== undefined) {
    const named = (body.details ?? []).map((detail) => detail.field.split('.')[0]);
    expect(named, context).toContain(fuzz.expected.field.split('.')[0]);
  }
}

describe('bad input never gets in: a fuzz run over every route', () => {
  let targets: FuzzTargets;
  let before: Snapshot;

  beforeAll(async () => {
    targets = await setUpTargets();
    // After the set-up, before the first bad request: the last test compares the whole run with it.
    before = await snapshot();
  });

  it('describes a way of breaking every route of the route table', () => {
    const described = fuzzRoutes(targets);
    expect([...described.keys()]).toEqual(routes.map(routeKey));
    for (const spec of described.values()) expect(breakagesFor(targets, spec).length).toBeGreaterThan(8);
  });

  it.each(routes.map(routeKey))(
    'refuses every broken %s request with its 4xx JSON error and changes nothing',
    async (key) => {
      const spec = fuzzRoutes(targets).get(key);
      if (!spec) throw new Error(`no fuzz description for ${key}`);
      // Compared per route as well as for the whole run, so that a refusal that writes is blamed on its route.
      const beforeRoute = await snapshot();
      for (const breakage of breakagesFor(targets, spec)) {
        await fc.assert(fc.asyncProperty(breakage.arbitrary, expectRefused), { numRuns: RUNS_PER_BREAKAGE });
      }
      expect(await snapshot()).toEqual(beforeRoute);
    },
  );

  it('refuses a value of the wrong JSON type in every field of every body, naming the field', async () => {
    const beforeSweep = await snapshot();
    const cases = wrongTypeInEveryField(targets);
    expect(cases.length).toBeGreaterThan(35);
    for (const fuzz of cases) await expectRefused(fuzz);
    expect(await snapshot()).toEqual(beforeSweep);
  });

  it('refuses a query parameter named __proto__ like any other unknown parameter (400)', async () => {
    const { stack } = local;
    for (const path of [
      '/tickets?state=running&__proto__=x',
      '/reports/sla?from=2026-11-01&to=2026-12-01&__proto__=x',
    ]) {
      const answer = await signedFetch<{ error: string; details?: { field: string }[] }>(stack, 'GET', path);
      expect(answer.status, `${path}: ${answer.text.slice(0, 200)}`).toBe(400);
      expect(answer.json.details?.map((detail) => detail.field)).toContain('__proto__');
    }
  });

  it('leaves the table byte for byte, the sent mail and the schedules as they were before the whole run', async () => {
    expect(await snapshot()).toEqual(before);
  });
});

describe('text that is not well-formed Unicode', () => {
  let targets: FuzzTargets;

  beforeAll(async () => {
    const { stack } = local;
    await putAccount(stack, 'FUZZ-UNICODE', 'production');
    const open = await openTicket(stack, 'FUZZ-UNICODE', { openedAt: OPENED_AT });
    const other = await openTicket(stack, 'FUZZ-UNICODE', { openedAt: OPENED_AT });
    targets = {
      now: clock(),
      secrets: stack.secrets,
      accounts: { production: 'FUZZ-UNICODE', evaluation: 'FUZZ-UNICODE', expired: 'FUZZ-UNICODE' },
      tickets: { open: open.ticketId, evaluation: other.ticketId, closed: other.ticketId, openedAt: OPENED_AT },
    };
  });

  it('is refused (400) in every free-text field: a lone surrogate, or bytes that are not UTF-8', async () => {
    const before = await scanTable(local.stack);
    const fields = freeTextFields(targets);
    expect(fields.length).toBeGreaterThan(10);
    const illFormed = fc.sample(
      fc.tuple(
        fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800'),
        fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]),
      ),
      fields.length,
    );
    const accepted: string[] = [];
    // Closing comes last, so that a close wrongly accepted does not turn the other refusals into 409s.
    for (const [index, field] of fields.entries()) {
      const [surrogate, bytes] = illFormed[index] ?? ['\ud800', [0xff]];
      for (const value of [`Backups ${surrogate} fail`, new IllFormed('Backups ', bytes, ' fail')]) {
        const answer = await sendRaw(local.stack.urls.api, requestWithField(targets, field.key, field.path, value));
        if (answer.status !== 400) {
          const form = typeof value === 'string' ? 'lone surrogate' : `bytes ${Buffer.from(bytes).toString('hex')}`;
          accepted.push(`${field.key} ${field.path.join('.')} (${form}): ${answer.status}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(await scanTable(local.stack)).toEqual(before);
  });
});

describe('an exact replay of a valid signed request, within the 300 s window', () => {
  let ticketId: string;

  beforeAll(async () => {
    await putAccount(local.stack, 'FUZZ-REPLAY', 'production');
    ticketId = (await openTicket(local.stack, 'FUZZ-REPLAY', { openedAt: OPENED_AT })).ticketId;
  });

  /** Sends the same bytes and headers twice; the second delivery must leave table, mail and schedules as the first did. */
  async function deliverTwice(method: string, path: string, body: unknown, statuses: [number, number]) {
    const { stack } = local;
    const raw = Buffer.from(JSON.stringify(body));
    const secret = localSecretOf(stack.secrets, method, path);
    const captured = {
      method,
      target: path,
      headers: {
        'content-type': 'application/json',
        ...signatureHeaders(secret, method, path, raw, unixSeconds(clock())),
      },
      body: raw,
    };
    const first = await sendRaw(stack.urls.api, captured);
    expect(first.status, first.text).toBe(statuses[0]);
    const afterFirst = await snapshot();
    const again = await sendRaw(stack.urls.api, captured);
    expect(again.status, again.text).toBe(statuses[1]);
    expect(await snapshot()).toEqual(afterFirst);
    return {
      first: JSON.parse(first.text) as Record<string, unknown>,
      again: JSON.parse(again.text) as Record<string, unknown>,
    };
  }

  it('re-registers the same account: 200 both times, the first answer, nothing new written', async () => {
    const { first, again } = await deliverTwice('PUT', '/accounts/FUZZ-REPLAY', accountBody('production'), [200, 200]);
    expect(again).toEqual(first);
  });

  it('answers a replayed POST /tickets with an externalId with its first answer: 201 and the same ticket', async () => {
    const { first, again } = await deliverTwice(
      'POST',
      '/tickets',
      ticketBody('FUZZ-REPLAY', { externalId: 'ZD-REPLAY-1' }),
      [201, 201],
    );
    expect(again).toEqual(first);
  });

  it('answers a replayed POST /tickets without an externalId with its first answer, opening one ticket', async () => {
    const { first, again } = await deliverTwice('POST', '/tickets', ticketBody('FUZZ-REPLAY'), [201, 201]);
    expect(again).toEqual(first);
  });

  it('keeps a contact attempt once: same instant, person and channel', async () => {
    const attempt = { by: 'engineer@vendor.example', channel: 'phone', at: '2026-12-01T08:45:00Z' };
    await deliverTwice('POST', `/tickets/${ticketId}/contact-attempts`, attempt, [200, 200]);
  });

  it('keeps a customer reply once: same instant', async () => {
    await deliverTwice('POST', `/tickets/${ticketId}/customer-replies`, { at: '2026-12-01T08:50:00Z' }, [200, 200]);
  });

  it('applies a replayed severity change, response and escalation once, answering the first answer', async () => {
    for (const [path, body] of [
      [`/tickets/${ticketId}/severity`, { severity: 3, changedBy: 'eng@vendor.example' }],
      [`/tickets/${ticketId}/responses`, { by: 'eng@vendor.example' }],
      [`/tickets/${ticketId}/escalations`, { by: 'eng@vendor.example', message: 'customer is down' }],
    ] as const) {
      const { first, again } = await deliverTwice('POST', path, body, [200, 200]);
      expect(again, path).toEqual(first);
    }
  });

  it('answers a replayed close with the first answer (200), not a 409: the replay is not a second close', async () => {
    const { first, again } = await deliverTwice(
      'POST',
      `/tickets/${ticketId}/close`,
      { by: 'eng', resolution: 'fixed' },
      [200, 200],
    );
    expect(again).toEqual(first);
  });
});
