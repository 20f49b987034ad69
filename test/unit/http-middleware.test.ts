import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import * as z from 'zod';
import { ConfigError } from '#shared/config.ts';
import { type HttpHandler, type HttpHandlerOptions, httpHandler, route } from '#shared/http/http-handler.ts';
import { MAX_BODY_BYTES } from '#shared/http/limits.ts';
import { resolveSecret } from '#shared/http/signature.ts';
import { DomainError, type DomainErrorCode } from '#shared/sla/errors.ts';
import { manualClock } from '#shared/time/clock.ts';
// The sender's side of the rule, written apart from the verifier: the tests never sign with the verifier's own HMAC.
import { sign } from '../../local/sign.ts';

vi.mock('@aws-lambda-powertools/parameters/secrets', () => ({ getSecret: vi.fn() }));

const WEBHOOK_SECRET = 'webhook-secret-for-unit-tests';
const ADMIN_SECRET = 'admin-secret-for-unit-tests';
const NOW = new Date('2026-03-02T10:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;

const SEVERITY = 'POST /tickets/{id}/severity';
const LIST = 'GET /tickets';
const ACCOUNT = 'PUT /accounts/{supportId}';

const severityBody = z.strictObject({
  severity: z.number().int().min(1).max(4),
  changedBy: z.strictObject({ email: z.email() }),
  reason: z.string().optional(),
});
const ticketParams = z.strictObject({ id: z.string().regex(/^T-\d+$/) });
const listQuery = z.strictObject({
  state: z.enum(['running', 'at_risk', 'breached']),
  severity: z.coerce.number().int().min(1).max(4).optional(),
});
const accountBody = z.strictObject({ name: z.string().min(1) });

const validSeverity = { severity: 2, changedBy: { email: 'ana@example.com' }, reason: 'customer is down' };

const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'sla-unit-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:sla-unit-test',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-request-1',
  logGroupName: '/aws/lambda/sla-unit-test',
  logStreamName: 'stream-1',
  getRemainingTimeInMillis: () => 30_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
};

interface Request {
  routeKey: string;
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
}

function event(request: Request): APIGatewayProxyEventV2 {
  const [method = 'GET', path = '/'] = request.routeKey.split(' ');
  const rawPath = path.replace(/\{(\w+)\}/g, (_m, name: string) => request.pathParameters?.[name] ?? name);
  return {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(request.query).toString(),
    headers: { host: 'api.example.com', ...request.headers },
    ...(request.query ? { queryStringParameters: request.query } : {}),
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
    isBase64Encoded: request.isBase64Encoded ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'unit-test' },
      requestId: 'request-1',
      routeKey: request.routeKey,
      stage: '$default',
      time: '02/Mar/2026:10:00:00 +0000',
      timeEpoch: NOW.getTime(),
    },
  };
}

/** A request as a well-behaved sender makes it: JSON content type when there is a body, signed over the exact bytes. */
function signed(
  request: Request & { secret?: string; timestamp?: number | string; signedBody?: string | Buffer },
): APIGatewayProxyEventV2 {
  const timestamp = request.timestamp ?? NOW_SECONDS;
  const signedBody = request.signedBody ?? request.body ?? '';
  const unsigned = event(request);
  const pathAndQuery = unsigned.rawQueryString ? `${unsigned.rawPath}?${unsigned.rawQueryString}` : unsigned.rawPath;
  return event({
    ...request,
    headers: {
      ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      'X-Sla-Timestamp': String(timestamp),
      'X-Sla-Signature': sign(
        request.secret ?? WEBHOOK_SECRET,
        timestamp,
        unsigned.requestContext.http.method,
        pathAndQuery,
        signedBody,
      ),
      ...request.headers,
    },
  });
}

const severityRequest = (body: unknown = validSeverity, id = 'T-1') => ({
  routeKey: SEVERITY,
  pathParameters: { id },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Where each route's `handle` reports what it received: a refusal must leave these untouched. */
let seen: { severity: Mock; list: Mock; account: Mock };
let behaviour: () => Promise<void>;
let handler: HttpHandler;

function build(options: HttpHandlerOptions = {}): HttpHandler {
  return httpHandler(
    {
      [SEVERITY]: route({
        body: severityBody,
        params: ticketParams,
        handle: async ({ body, params, query, now }) => {
          // Typed from the schemas: these assignments are the compile-time half of the test.
          const severity: number = body.severity;
          const id: string = params.id;
          const noQuery: undefined = query;
          seen.severity({ body, params, query: noQuery, now });
          await behaviour();
          return { status: 201, body: { id, severity }, headers: { location: `/tickets/${id}` } };
        },
      }),
      [LIST]: route({
        query: listQuery,
        handle: async ({ body, params, query }) => {
          seen.list({ body, params, query });
          return { status: 200, body: { items: [], state: query.state } };
        },
      }),
      [ACCOUNT]: route({
        body: accountBody,
        handle: async ({ body }) => {
          seen.account(body);
          return { status: 200, body: { name: body.name } };
        },
      }),
    },
    { clock: manualClock(NOW), ...options },
  );
}

const invoke = (e: APIGatewayProxyEventV2, h: HttpHandler = handler) =>
  h(e, context) as Promise<APIGatewayProxyStructuredResultV2>;

const parsed = (response: APIGatewayProxyStructuredResultV2) =>
  JSON.parse(response.body ?? 'null') as { error?: string; message?: string; details?: unknown[] };

const noHandlerCalled = () => {
  expect(seen.severity).not.toHaveBeenCalled();
  expect(seen.list).not.toHaveBeenCalled();
  expect(seen.account).not.toHaveBeenCalled();
};

async function expectRefused(e: APIGatewayProxyEventV2, status: number, code: string) {
  const response = await invoke(e);
  expect(response.statusCode).toBe(status);
  expect(response.headers?.['content-type']).toBe('application/json');
  expect(parsed(response).error).toBe(code);
  noHandlerCalled();
  return parsed(response);
}

beforeEach(() => {
  vi.stubEnv('SLA_WEBHOOK_SECRET', WEBHOOK_SECRET);
  vi.stubEnv('SLA_ADMIN_SECRET', ADMIN_SECRET);
  vi.stubEnv('SLA_WEBHOOK_SECRET_ARN', '');
  vi.stubEnv('SLA_ADMIN_SECRET_ARN', '');
  seen = { severity: vi.fn(), list: vi.fn(), account: vi.fn() };
  behaviour = async () => {};
  handler = build();
  vi.mocked(getSecret).mockReset();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('a valid signed request', () => {
  it('reaches its handler with the parsed body, path parameters and the clock, and gets its status and headers', async () => {
    const response = await invoke(signed(severityRequest()));
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'application/json', location: '/tickets/T-1' });
    expect(JSON.parse(response.body ?? '')).toEqual({ id: 'T-1', severity: 2 });
    expect(seen.severity).toHaveBeenCalledExactlyOnceWith({
      body: validSeverity,
      params: { id: 'T-1' },
      query: undefined,
      now: NOW,
    });
  });

  it('gets its query string parsed by the route schema on a GET signed over the empty body', async () => {
    const response = await invoke(signed({ routeKey: LIST, query: { state: 'at_risk', severity: '2' } }));
    expect(response.statusCode).toBe(200);
    expect(seen.list).toHaveBeenCalledExactlyOnceWith({
      body: undefined,
      params: undefined,
      query: { state: 'at_risk', severity: 2 },
    });
  });

  it('is accepted whatever the case of its header names', async () => {
    const body = JSON.stringify(validSeverity);
    const timestamp = String(NOW_SECONDS);
    const e = event({
      ...severityRequest(),
      headers: {
        'CONTENT-TYPE': 'Application/JSON; charset=UTF-8',
        'x-SLA-timestamp': timestamp,
        'X-SLA-SIGNATURE': sign(WEBHOOK_SECRET, timestamp, 'POST', '/tickets/T-1/severity', body),
      },
    });
    expect((await invoke(e)).statusCode).toBe(201);
  });

  it('is verified on the decoded bytes of a base64-encoded body', async () => {
    const json = JSON.stringify({ ...validSeverity, reason: 'panne générale' });
    const base64 = Buffer.from(json, 'utf8').toString('base64');
    const response = await invoke(
      signed({ ...severityRequest(), body: base64, isBase64Encoded: true, signedBody: Buffer.from(json, 'utf8') }),
    );
    expect(response.statusCode).toBe(201);
    expect(seen.severity).toHaveBeenCalledWith(
      expect.objectContaining({ body: { ...validSeverity, reason: 'panne générale' } }),
    );
  });

  it('is refused when the sender signed the base64 text rather than the bytes it encodes', async () => {
    const base64 = Buffer.from(JSON.stringify(validSeverity)).toString('base64');
    await expectRefused(
      signed({ ...severityRequest(), body: base64, isBase64Encoded: true, signedBody: base64 }),
      401,
      'invalid_signature',
    );
  });
});

describe('the signature (DESIGN §4)', () => {
  it('refuses a request without the signature headers with 401 missing_signature', async () => {
    await expectRefused(
      event({ ...severityRequest(), headers: { 'content-type': 'application/json' } }),
      401,
      'missing_signature',
    );
  });

  it.each([
    ['the timestamp', 'X-Sla-Timestamp'],
    ['the signature', 'X-Sla-Signature'],
  ])('refuses a request missing only %s with 401 missing_signature', async (_what, header) => {
    const e = signed(severityRequest());
    delete e.headers[header];
    await expectRefused(e, 401, 'missing_signature');
  });

  it('refuses a signature made with another secret', async () => {
    await expectRefused(signed({ ...severityRequest(), secret: 'not-the-secret' }), 401, 'invalid_signature');
  });

  it('refuses a body changed after signing', async () => {
    const e = signed({ ...severityRequest(), signedBody: JSON.stringify({ ...validSeverity, severity: 4 }) });
    await expectRefused(e, 401, 'invalid_signature');
  });

  it('refuses a timestamp changed after signing, as the timestamp is part of what is signed', async () => {
    const e = signed(severityRequest());
    e.headers['X-Sla-Timestamp'] = String(NOW_SECONDS - 1);
    await expectRefused(e, 401, 'invalid_signature');
  });

  /**
   * An independent test vector, computed once outside this code base:
   *   printf '%s' '1772445600.POST./tickets/T-1/severity.{"severity":2,"changedBy":{"email":"ana@example.com"},"reason":"customer is down"}' \
   *     | openssl dgst -sha256 -hmac 'webhook-secret-for-unit-tests'
   * A verifier that dropped a separator, the method or the path would not accept it.
   */
  const OPENSSL_VECTOR = 'fbbc82cf26d1dcb300fab58149a44910bd6c3a4bd04b82458420160c7f20b94c';
  /** Same, for a GET with a query: `'1772445600.GET./tickets?state=at_risk&severity=2.'`. */
  const OPENSSL_GET_VECTOR = '7d63631ce97b697797006c89211b805e9d83c82d3fcc7c696bb86c5d304a189f';

  it('accepts the openssl test vector for a POST, and the same digest nowhere else', async () => {
    const withDigest = (request: Request, value: string) => {
      const e = signed(request);
      e.headers['X-Sla-Signature'] = value;
      return e;
    };
    expect(NOW_SECONDS).toBe(1772445600);
    expect(JSON.stringify(validSeverity)).toBe(
      '{"severity":2,"changedBy":{"email":"ana@example.com"},"reason":"customer is down"}',
    );
    expect((await invoke(withDigest(severityRequest(), `v2=${OPENSSL_VECTOR}`))).statusCode).toBe(201);
    seen.severity.mockClear();
    // The same signed bytes sent to another ticket: worthless.
    await expectRefused(
      withDigest(severityRequest(validSeverity, 'T-2'), `v2=${OPENSSL_VECTOR}`),
      401,
      'invalid_signature',
    );
  });

  it('accepts the openssl test vector for a GET with its query, and refuses it with another query', async () => {
    const list = (query: Record<string, string>) => {
      const e = event({ routeKey: LIST, query });
      e.headers['X-Sla-Timestamp'] = String(NOW_SECONDS);
      e.headers['X-Sla-Signature'] = `v2=${OPENSSL_GET_VECTOR}`;
      return e;
    };
    expect((await invoke(list({ state: 'at_risk', severity: '2' }))).statusCode).toBe(200);
    seen.list.mockClear();
    await expectRefused(list({ state: 'breached', severity: '2' }), 401, 'invalid_signature');
  });

  it.each([
    ['another method', { method: 'PUT' }],
    ['another path', { path: '/tickets/T-2/severity' }],
    ['a query added', { path: '/tickets/T-1/severity?x=1' }],
    ['a lower-case method', { method: 'post' }],
  ])('refuses a signature made for %s', async (_what, change: { method?: string; path?: string }) => {
    const e = signed(severityRequest());
    e.headers['X-Sla-Signature'] = sign(
      WEBHOOK_SECRET,
      NOW_SECONDS,
      change.method ?? 'POST',
      change.path ?? '/tickets/T-1/severity',
      JSON.stringify(validSeverity),
    );
    await expectRefused(e, 401, 'invalid_signature');
  });

  const digest = OPENSSL_VECTOR;
  it.each([
    ['the old v1= scheme', `v1=${digest}`],
    ['no scheme', digest],
    ['upper-case hex', `v2=${digest.toUpperCase()}`],
    ['mixed-case hex', `v2=${digest.slice(0, 32)}${digest.slice(32).toUpperCase()}`],
    ['an upper-case scheme', `V2=${digest}`],
    ['non-hex digits', `v2=${'z'.repeat(64)}`],
    ['an odd number of hex digits', `v2=${digest.slice(0, 63)}`],
    ['a short digest', 'v2=abcd'],
    ['a digest with extra bytes', `v2=${digest}00`],
    ['two signatures', `v2=${digest},v2=${digest}`],
    ['a v1 and a v2 signature', `v1=${digest},v2=${digest}`],
  ])('refuses a signature with %s as invalid_signature, without throwing', async (_what, value) => {
    const e = signed(severityRequest());
    e.headers['X-Sla-Signature'] = value;
    await expectRefused(e, 401, 'invalid_signature');
  });

  it.each([['abc'], ['1.772e9'], ['-5'], ['2026-03-02T10:00:00Z'], [`${NOW_SECONDS}.5`]])(
    'refuses the non-numeric timestamp %s as invalid_signature, even when correctly signed',
    async (timestamp) => {
      await expectRefused(signed({ ...severityRequest(), timestamp }), 401, 'invalid_signature');
    },
  );

  it.each([
    ['301 s old', -301],
    ['301 s in the future', 301],
    ['a day old', -86_400],
  ])('refuses a correctly signed request timestamped %s as signature_expired', async (_what, offset) => {
    await expectRefused(signed({ ...severityRequest(), timestamp: NOW_SECONDS + offset }), 401, 'signature_expired');
  });

  it.each([
    ['299 s old', -299],
    ['299 s in the future', 299],
    ['exactly 300 s old', -300],
    ['exactly 300 s in the future', 300],
  ])('accepts a request timestamped %s', async (_what, offset) => {
    expect((await invoke(signed({ ...severityRequest(), timestamp: NOW_SECONDS + offset }))).statusCode).toBe(201);
  });

  it('measures the age against the injected clock, not the system clock', async () => {
    const clock = manualClock(NOW);
    const h = build({ clock });
    const e = signed(severityRequest());
    clock.advance(301_000);
    const response = await invoke(e, h);
    expect(parsed(response).error).toBe('signature_expired');
  });
});

describe('the admin routes', () => {
  const accountRequest = { routeKey: ACCOUNT, pathParameters: { supportId: 'S-1' }, body: '{"name":"Acme"}' };

  it('accept the admin secret', async () => {
    const response = await invoke(signed({ ...accountRequest, secret: ADMIN_SECRET }));
    expect(response.statusCode).toBe(200);
    expect(seen.account).toHaveBeenCalledExactlyOnceWith({ name: 'Acme' });
  });

  it('refuse the webhook secret', async () => {
    await expectRefused(signed({ ...accountRequest, secret: WEBHOOK_SECRET }), 401, 'invalid_signature');
  });

  it('do not lend the admin secret to the ticket routes', async () => {
    await expectRefused(signed({ ...severityRequest(), secret: ADMIN_SECRET }), 401, 'invalid_signature');
  });
});

describe('the limits', () => {
  it.each([
    ['no content type', undefined],
    ['text/plain', 'text/plain'],
    ['application/jsonp', 'application/jsonp'],
    ['application/json-patch+json', 'application/json-patch+json'],
    ['form data', 'application/x-www-form-urlencoded'],
  ])('refuse a POST with %s as 415 unsupported_media_type', async (_what, contentType) => {
    const e = signed(severityRequest());
    delete e.headers['Content-Type'];
    if (contentType) e.headers['Content-Type'] = contentType;
    await expectRefused(e, 415, 'unsupported_media_type');
  });

  it('accept application/json with a charset parameter', async () => {
    const e = signed({ ...severityRequest(), headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect((await invoke(e)).statusCode).toBe(201);
  });

  /** A valid severity change padded through `reason` to exactly `bytes` bytes of UTF-8. */
  const bodyOfBytes = (bytes: number, pad = 'x') => {
    const base = Buffer.byteLength(JSON.stringify({ ...validSeverity, reason: '' }));
    const body = JSON.stringify({ ...validSeverity, reason: pad.repeat((bytes - base) / Buffer.byteLength(pad)) });
    expect(Buffer.byteLength(body)).toBe(bytes);
    return body;
  };

  it('let a body of exactly 64 KiB through to the next checks and the handler', async () => {
    const body = bodyOfBytes(MAX_BODY_BYTES);
    expect(MAX_BODY_BYTES).toBe(65_536);
    expect((await invoke(signed({ ...severityRequest(), body }))).statusCode).toBe(201);
  });

  it('pass an unsigned body of exactly 64 KiB on to the signature check', async () => {
    const e = event({
      ...severityRequest(),
      body: bodyOfBytes(MAX_BODY_BYTES),
      headers: { 'content-type': 'application/json' },
    });
    await expectRefused(e, 401, 'missing_signature');
  });

  it('refuse a correctly signed body of 64 KiB + 1 byte as 413 payload_too_large', async () => {
    await expectRefused(
      signed({ ...severityRequest(), body: bodyOfBytes(MAX_BODY_BYTES + 1) }),
      413,
      'payload_too_large',
    );
  });

  it('count bytes, not characters', async () => {
    // 2-byte characters: fewer than 64 Ki characters, more than 64 KiB.
    const body = bodyOfBytes(MAX_BODY_BYTES + 2, 'é');
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    await expectRefused(signed({ ...severityRequest(), body }), 413, 'payload_too_large');
  });

  it('count the decoded bytes of a base64 body, whose encoding is a third longer', async () => {
    const json = bodyOfBytes(MAX_BODY_BYTES);
    const base64 = Buffer.from(json).toString('base64');
    expect(base64.length).toBeGreaterThan(MAX_BODY_BYTES);
    const e = signed({ ...severityRequest(), body: base64, isBase64Encoded: true, signedBody: json });
    expect((await invoke(e)).statusCode).toBe(201);
  });
});

describe('the order of the checks', () => {
  it('never parses the JSON of an unsigned request', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    const body = JSON.stringify(validSeverity);
    await expectRefused(
      event({ ...severityRequest(), headers: { 'content-type': 'application/json' } }),
      401,
      'missing_signature',
    );
    expect(parse.mock.calls.some(([text]) => text === body)).toBe(false);
  });

  it('refuses an unsigned request with malformed JSON for its signature, not its JSON', async () => {
    const e = event({ ...severityRequest('{"severity":'), headers: { 'content-type': 'application/json' } });
    await expectRefused(e, 401, 'missing_signature');
  });

  it('checks size and type before the signature', async () => {
    const e = event({ ...severityRequest(), headers: { 'content-type': 'text/plain' } });
    await expectRefused(e, 415, 'unsupported_media_type');
    const big = event({
      ...severityRequest('x'.repeat(MAX_BODY_BYTES + 1)),
      headers: { 'content-type': 'application/json' },
    });
    await expectRefused(big, 413, 'payload_too_large');
  });

  it('checks the signature before the schema', async () => {
    await expectRefused(signed({ ...severityRequest({ nonsense: true }), secret: 'wrong' }), 401, 'invalid_signature');
  });
});

describe('parsing and validation', () => {
  it('refuses malformed JSON with 400 invalid_request naming the problem', async () => {
    const body = await expectRefused(signed(severityRequest('{"severity": 2,')), 400, 'invalid_request');
    expect(body.message).toMatch(/^malformed JSON: /);
  });

  it('refuses an empty body on a route that takes one', async () => {
    const body = await expectRefused(signed(severityRequest('')), 400, 'invalid_request');
    expect(body.message).toBe('malformed JSON: the body is empty');
  });

  it.each([['[]'], ['null'], ['"text"'], ['42']])('refuses the non-object JSON body %s with 400', async (json) => {
    const body = await expectRefused(signed(severityRequest(json)), 400, 'invalid_request');
    expect(body.message).toMatch(/must be a JSON object/);
  });

  it('refuses an unknown field, naming it', async () => {
    const body = await expectRefused(
      signed(severityRequest({ ...validSeverity, priority: 'high' })),
      400,
      'invalid_request',
    );
    expect(body.details).toEqual([{ field: 'priority', message: 'unknown field' }]);
  });

  it('names each unknown field of a nested object by its dotted path', async () => {
    const changedBy = { email: 'ana@example.com', phone: '+33', name: 'Ana' };
    const body = await expectRefused(signed(severityRequest({ ...validSeverity, changedBy })), 400, 'invalid_request');
    expect(body.details).toEqual([
      { field: 'changedBy.phone', message: 'unknown field' },
      { field: 'changedBy.name', message: 'unknown field' },
    ]);
  });

  it('refuses a wrong type with the dotted path of the field', async () => {
    const wrong = { ...validSeverity, severity: '2', changedBy: { email: 42 } };
    const body = await expectRefused(signed(severityRequest(wrong)), 400, 'invalid_request');
    expect(body.details).toEqual([
      { field: 'severity', message: expect.any(String) },
      { field: 'changedBy.email', message: expect.any(String) },
    ]);
  });

  it('refuses a missing required field', async () => {
    const body = await expectRefused(signed(severityRequest({ severity: 2 })), 400, 'invalid_request');
    expect(body.details).toEqual([{ field: 'changedBy', message: expect.any(String) }]);
  });

  it('validates path parameters and reports them with the body in one 400', async () => {
    const body = await expectRefused(
      signed(severityRequest({ ...validSeverity, severity: 9 }, 'not-a-ticket')),
      400,
      'invalid_request',
    );
    expect(body.details).toEqual([
      { field: 'id', message: expect.any(String) },
      { field: 'severity', message: expect.any(String) },
    ]);
  });

  it('validates the query string, refusing unknown and invalid parameters', async () => {
    const body = await expectRefused(
      signed({ routeKey: LIST, query: { state: 'sleeping', page: '2' } }),
      400,
      'invalid_request',
    );
    expect(body.details).toEqual(
      expect.arrayContaining([
        { field: 'state', message: expect.any(String) },
        { field: 'page', message: 'unknown field' },
      ]),
    );
  });

  it('reports a required query string that is absent', async () => {
    const body = await expectRefused(signed({ routeKey: LIST }), 400, 'invalid_request');
    expect(body.details).toEqual([{ field: 'state', message: expect.any(String) }]);
  });

  it('names a refusal about the whole body after its location', async () => {
    const notRoot = z.strictObject({ name: z.string() }).refine((v) => v.name !== 'root', 'name must not be root');
    const h = httpHandler(
      { [ACCOUNT]: route({ body: notRoot, handle: async () => ({ status: 200, body: {} }) }) },
      { clock: manualClock(NOW) },
    );
    const response = await invoke(
      signed({
        routeKey: ACCOUNT,
        pathParameters: { supportId: 'S-1' },
        body: '{"name":"root"}',
        secret: ADMIN_SECRET,
      }),
      h,
    );
    expect(response.statusCode).toBe(400);
    expect(parsed(response).details).toEqual([{ field: 'body', message: 'name must not be root' }]);
  });

  it('keeps a zod error thrown by a schema refinement a 400', async () => {
    const throwing = z.strictObject({ n: z.number() }).transform(() => z.string().parse(1));
    const h = httpHandler(
      { [ACCOUNT]: route({ body: throwing, handle: async () => ({ status: 200, body: {} }) }) },
      { clock: manualClock(NOW) },
    );
    const response = await invoke(
      signed({ routeKey: ACCOUNT, pathParameters: { supportId: 'S-1' }, body: '{"n":1}', secret: ADMIN_SECRET }),
      h,
    );
    expect(response.statusCode).toBe(400);
    expect(parsed(response).error).toBe('invalid_request');
  });
});

describe('errors from the handler', () => {
  it('maps DomainError ticket_not_found to 404 with its code and message', async () => {
    behaviour = async () => {
      throw new DomainError('ticket_not_found', 'no ticket T-1');
    };
    const response = await invoke(signed(severityRequest()));
    expect(response.statusCode).toBe(404);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(response.body ?? '')).toEqual({ error: 'ticket_not_found', message: 'no ticket T-1' });
  });

  it.each<[DomainErrorCode, number]>([
    ['invalid_request', 400],
    ['not_authorized_opener', 403],
    ['contract_expired', 403],
    ['unknown_support_id', 404],
    ['ticket_not_found', 404],
    ['ticket_closed', 409],
    ['severity_not_offered', 422],
    ['phone_requires_ticket', 422],
  ])('maps DomainError %s to %i', async (code, status) => {
    behaviour = async () => {
      throw new DomainError(code, `refused: ${code}`, [{ field: 'severity', message: 'why' }]);
    };
    const response = await invoke(signed(severityRequest()));
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body ?? '')).toEqual({
      error: code,
      message: `refused: ${code}`,
      details: [{ field: 'severity', message: 'why' }],
    });
  });

  it('reports unknown_program as a 400 invalid_request on the program field', async () => {
    behaviour = async () => {
      throw new DomainError('unknown_program', 'no program "gold"');
    };
    const response = await invoke(signed(severityRequest()));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '')).toEqual({
      error: 'invalid_request',
      message: 'no program "gold"',
      details: [{ field: 'program', message: 'no program "gold"' }],
    });
  });

  it('turns an unexpected Error into a bare 500 internal_error, with no stack or message in the body', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    behaviour = async () => {
      throw new TypeError('cannot read properties of undefined (reading "pk")');
    };
    const response = await invoke(signed(severityRequest()));
    expect(response.statusCode).toBe(500);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(response.body).toBe('{"error":"internal_error","message":"internal error"}');
    // Logged without a logger too, but never with the body.
    expect(consoleError).toHaveBeenCalledOnce();
    expect(JSON.stringify(consoleError.mock.calls)).toContain('cannot read properties');
    expect(JSON.stringify(consoleError.mock.calls)).not.toContain('ana@example.com');
  });

  it('turns a thrown non-Error into a 500 too', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    behaviour = async () => {
      throw 'a string';
    };
    expect((await invoke(signed(severityRequest()))).statusCode).toBe(500);
  });
});

describe('routes', () => {
  it('answers a route key this function does not serve with 404 route_not_found', async () => {
    const refused = await expectRefused(signed({ routeKey: 'GET /reports/sla' }), 404, 'route_not_found');
    expect(refused.message).toBe('no route GET /reports/sla');
    await expectRefused(
      signed({ routeKey: 'DELETE /tickets/{id}', pathParameters: { id: 'T-1' } }),
      404,
      'route_not_found',
    );
  });

  it('refuses at construction a route that is not in the route table', () => {
    expect(() =>
      httpHandler({ 'DELETE /tickets/{id}': route({ handle: async () => ({ status: 204, body: undefined }) }) }),
    ).toThrow(/DELETE \/tickets\/\{id\} is not in shared\/http\/routes.ts/);
  });

  it('sends no body and no JSON content type for a handler result without a body', async () => {
    const h = httpHandler(
      { [LIST]: route({ handle: async () => ({ status: 204, body: undefined }) }) },
      { clock: manualClock(NOW) },
    );
    const response = await invoke(signed({ routeKey: LIST }), h);
    expect(response).toEqual({ statusCode: 204, headers: {} });
  });
});

describe('secrets', () => {
  it('prefer the environment variable of the local stack', async () => {
    await expect(resolveSecret('admin', { SLA_ADMIN_SECRET: 'local', SLA_ADMIN_SECRET_ARN: 'arn:x' })).resolves.toBe(
      'local',
    );
    expect(getSecret).not.toHaveBeenCalled();
  });

  it('are otherwise read from Secrets Manager by ARN, cached for 300 s', async () => {
    vi.mocked(getSecret).mockResolvedValue('from-secrets-manager' as never);
    const arn = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:sla-webhook';
    await expect(resolveSecret('webhook', { SLA_WEBHOOK_SECRET_ARN: arn })).resolves.toBe('from-secrets-manager');
    expect(getSecret).toHaveBeenCalledExactlyOnceWith(arn, { maxAge: 300 });
  });

  it('are a configuration error when neither is set', async () => {
    await expect(resolveSecret('webhook', {})).rejects.toThrow(ConfigError);
  });

  it('are a configuration error when the Secrets Manager secret has no string value', async () => {
    vi.mocked(getSecret).mockResolvedValue(undefined as never);
    await expect(resolveSecret('admin', { SLA_ADMIN_SECRET_ARN: 'arn:x' })).rejects.toThrow(ConfigError);
  });

  it('answer 500 internal_error, not a 401, when the server has no secret configured', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.stubEnv('SLA_WEBHOOK_SECRET', '');
    const response = await invoke(signed(severityRequest()));
    expect(response.statusCode).toBe(500);
    expect(parsed(response).error).toBe('internal_error');
    noHandlerCalled();
  });

  it('are used from Secrets Manager by the middleware when only the ARN is set', async () => {
    vi.stubEnv('SLA_WEBHOOK_SECRET', '');
    vi.stubEnv('SLA_WEBHOOK_SECRET_ARN', 'arn:webhook');
    vi.mocked(getSecret).mockResolvedValue('rotated-secret' as never);
    expect((await invoke(signed({ ...severityRequest(), secret: 'rotated-secret' }))).statusCode).toBe(201);
    seen.severity.mockClear();
    await expectRefused(signed(severityRequest()), 401, 'invalid_signature');
  });
});

describe('with Powertools', () => {
  const powertools = () => {
    const logger = new Logger({ serviceName: 'sla-test', logLevel: 'SILENT' });
    const metrics = new Metrics({ namespace: 'SlaTest', serviceName: 'sla-test' });
    const tracer = new Tracer({ serviceName: 'sla-test', enabled: false });
    return { logger, metrics, tracer };
  };

  it('adds the Lambda context to the logger and flushes metrics on every request', async () => {
    const { logger, metrics, tracer } = powertools();
    const addContext = vi.spyOn(logger, 'addContext');
    const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockReturnValue(metrics);
    vi.spyOn(metrics, 'hasStoredMetrics').mockReturnValue(true);
    const h = build({ logger, metrics, tracer });
    expect((await invoke(signed(severityRequest()), h)).statusCode).toBe(201);
    await invoke(event(severityRequest()), h);
    expect(addContext).toHaveBeenCalledTimes(2);
    expect(addContext).toHaveBeenCalledWith(context);
    expect(publish).toHaveBeenCalledTimes(2);
  });

  it('publishes nothing, and warns about nothing, when a request stored no metrics', async () => {
    const { logger, metrics, tracer } = powertools();
    const publish = vi.spyOn(metrics, 'publishStoredMetrics');
    const h = build({ logger, metrics, tracer });
    expect((await invoke(signed(severityRequest()), h)).statusCode).toBe(201);
    expect(publish).not.toHaveBeenCalled();
  });

  it('logs an unexpected error with the logger, naming the route but not the body or the secret', async () => {
    const { logger, metrics, tracer } = powertools();
    vi.spyOn(metrics, 'publishStoredMetrics').mockReturnValue(metrics);
    const logError = vi.spyOn(logger, 'error');
    const consoleError = vi.spyOn(console, 'error');
    const failure = new Error('store unavailable');
    behaviour = async () => {
      throw failure;
    };
    const response = await invoke(signed(severityRequest()), build({ logger, metrics, tracer }));
    expect(response.body).toBe('{"error":"internal_error","message":"internal error"}');
    expect(logError).toHaveBeenCalledExactlyOnceWith('unhandled error', {
      routeKey: SEVERITY,
      requestId: 'request-1',
      error: failure,
    });
    expect(JSON.stringify(logError.mock.calls)).not.toContain(WEBHOOK_SECRET);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('logs a refusal as info with its code only', async () => {
    const { logger, metrics } = powertools();
    vi.spyOn(metrics, 'publishStoredMetrics').mockReturnValue(metrics);
    const logInfo = vi.spyOn(logger, 'info');
    const response = await invoke(signed({ ...severityRequest(), secret: 'wrong' }), build({ logger, metrics }));
    expect(response.statusCode).toBe(401);
    expect(logInfo).toHaveBeenCalledExactlyOnceWith('request refused', {
      routeKey: SEVERITY,
      requestId: 'request-1',
      status: 401,
      code: 'invalid_signature',
    });
  });
});
