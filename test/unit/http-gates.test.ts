/**
 * The HTTP layer's pure parts, called directly (issue 14): body decoding and JSON parsing, the request
 * validation's messages and field paths, the media type scan, the list cursor, the route table's matcher and
 * the error mapping. The middleware stack around them is in http-middleware.test.ts.
 */
import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { cursorKey, decodeCursor, encodeCursor } from '#shared/http/cursor.ts';
import { errorMapper, errorResponse, HttpError, toHttpError } from '#shared/http/errors.ts';
import { jsonResponse } from '#shared/http/http-handler.ts';
import { checkLimits, mediaTypeOf } from '#shared/http/limits.ts';
import { rawBody } from '#shared/http/raw-body.ts';
import { localSecretOf, matchRoute, routeAuthOf } from '#shared/http/routes.ts';
import { bodyText, malformedTextField, parseJsonObject, validateRequest } from '#shared/http/validation.ts';

/** The 400 a call throws, as plain data. */
function refusal(call: () => unknown): { status: number; code: string; message: string; details?: unknown } {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    const { status, code, message, details } = error as HttpError;
    return { status, code, message, ...(details ? { details } : {}) };
  }
  throw new Error('expected a refusal');
}

async function asyncRefusal(call: () => Promise<unknown>) {
  const error = await call().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HttpError);
  const { status, code, message, details } = error as HttpError;
  return { status, code, message, details };
}

const event = (over: Partial<APIGatewayProxyEventV2> & { method?: string } = {}): APIGatewayProxyEventV2 =>
  ({
    routeKey: 'POST /tickets',
    headers: {},
    requestContext: { http: { method: over.method ?? 'POST' }, requestId: 'req-1' },
    isBase64Encoded: false,
    ...over,
  }) as unknown as APIGatewayProxyEventV2;

describe('rawBody', () => {
  it('is empty for a missing or null body, the UTF-8 bytes of text, and the decoded bytes of base64', () => {
    expect(rawBody({ isBase64Encoded: false } as never)).toEqual(Buffer.alloc(0));
    expect(rawBody({ body: null, isBase64Encoded: true } as never)).toEqual(Buffer.alloc(0));
    expect(rawBody({ body: 'é', isBase64Encoded: false })).toEqual(Buffer.from([0xc3, 0xa9]));
    expect(rawBody({ body: 'AAE=', isBase64Encoded: true })).toEqual(Buffer.from([0, 1]));
  });
});

describe('bodyText', () => {
  it('decodes UTF-8, keeping a leading BOM, and refuses bytes that are not UTF-8', () => {
    expect(bodyText(Buffer.from('\uFEFF{"a":"é"}'))).toBe('\uFEFF{"a":"é"}');
    expect(refusal(() => bodyText(Buffer.from([0x7b, 0xff, 0x7d])))).toEqual({
      status: 400,
      code: 'invalid_request',
      message: 'the body is not valid UTF-8',
      details: [{ field: 'body', message: 'must be UTF-8 text' }],
    });
  });
});

describe('malformedTextField', () => {
  it('finds a lone surrogate in a value or a key, at any depth, by its dotted path', () => {
    expect(malformedTextField({ a: 'ok', b: [1, null, 'fine'] })).toBeUndefined();
    expect(malformedTextField('\uD800')).toBe('body');
    expect(malformedTextField({ subject: 'x\uDC00' })).toBe('subject');
    expect(malformedTextField({ openedBy: { name: '\uD83D' } })).toBe('openedBy.name');
    expect(malformedTextField({ tags: ['a', '\uD800'] })).toBe('tags.1');
    expect(malformedTextField({ '\uD800': 1 })).toBe('body');
    expect(malformedTextField({ outer: { 'k\uDFFF': 'v' } })).toBe('outer');
    // A well-formed pair is not a lone surrogate.
    expect(malformedTextField({ emoji: '\uD83D\uDE00' })).toBeUndefined();
  });
});

describe('parseJsonObject', () => {
  it('returns the object', () => {
    expect(parseJsonObject('{"a":[1,{"b":"c"}]}')).toEqual({ a: [1, { b: 'c' }] });
  });

  it('names an empty body, and otherwise gives the parser\u2019s reason', () => {
    const details = [{ field: 'body', message: 'must be a JSON object' }];
    expect(refusal(() => parseJsonObject(' \n'))).toEqual({
      status: 400,
      code: 'invalid_request',
      message: 'malformed JSON: the body is empty',
      details,
    });
    const broken = refusal(() => parseJsonObject('{"a":'));
    expect(broken.message).toMatch(/^malformed JSON: /);
    expect(broken.message).not.toContain('the body is empty');
    expect(broken.details).toEqual(details);
  });

  it.each([
    ['null', 'null'],
    ['[1]', 'an array'],
    ['"text"', 'a string'],
    ['42', 'a number'],
    ['true', 'a boolean'],
  ])('refuses %s as not an object but %s', (text, got) => {
    expect(refusal(() => parseJsonObject(text))).toEqual({
      status: 400,
      code: 'invalid_request',
      message: `the body must be a JSON object, not ${got}`,
      details: [{ field: 'body', message: 'must be a JSON object' }],
    });
  });

  it('refuses an escaped lone surrogate, naming its field', () => {
    expect(refusal(() => parseJsonObject('{"openedBy":{"name":"\\ud800"}}'))).toEqual({
      status: 400,
      code: 'invalid_request',
      message: 'the body holds text that is not well-formed Unicode',
      details: [{ field: 'openedBy.name', message: 'contains a lone surrogate' }],
    });
  });
});

describe('validateRequest', () => {
  const schemas = {
    params: z.strictObject({ id: z.string().length(3) }),
    query: z.strictObject({ limit: z.coerce.number().int().max(10).optional() }),
    body: z.strictObject({ subject: z.string() }),
  };

  it('hands over each part as its schema parsed it, and undefined for a part without a schema', async () => {
    const input = await validateRequest(
      event({ pathParameters: { id: 'abc' }, queryStringParameters: { limit: '7' }, body: '{"subject":"s"}' }),
      schemas,
    );
    expect(input).toEqual({ params: { id: 'abc' }, query: { limit: 7 }, body: { subject: 's' } });
    expect(Object.keys(input).sort()).toEqual(['body', 'params', 'query']);
    const none = await validateRequest(event({ body: 'not even json' }), {});
    expect(none).toEqual({ body: undefined, params: undefined, query: undefined });
    expect(Object.keys(none).sort()).toEqual(['body', 'params', 'query']);
  });

  it('reads missing path parameters and query string as empty objects', async () => {
    const input = await validateRequest(event(), {
      params: z.strictObject({}),
      query: z.strictObject({ limit: z.string().optional() }),
    });
    expect(input).toEqual({ body: undefined, params: {}, query: {} });
  });

  it('reports every failing field of every part in one 400, a whole-part failure under the part name', async () => {
    const error = await asyncRefusal(() =>
      validateRequest(
        event({ pathParameters: { id: 'toolong' }, queryStringParameters: { limit: '99', x: '1' }, body: '{}' }),
        { ...schemas, params: z.string() },
      ),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('the request is invalid');
    expect((error.details as readonly { field: string }[]).map((detail) => detail.field)).toEqual([
      'params',
      'limit',
      'x',
      'subject',
    ]);
  });

  it('names a whole-query failure after the query', async () => {
    const error = await asyncRefusal(() => validateRequest(event(), { query: z.string() }));
    expect((error.details as readonly { field: string }[]).map((detail) => detail.field)).toEqual(['query']);
  });

  it('keeps a zod error thrown inside a refinement a 400, and lets any other error through', async () => {
    const zodThrows = z.string().transform(() => {
      throw new z.ZodError([{ code: 'custom', path: ['deep'], message: 'thrown', input: undefined }]);
    });
    const error = await asyncRefusal(() =>
      validateRequest(event({ pathParameters: { id: 'x' } }), { params: z.object({ id: zodThrows }) }),
    );
    expect(error.details).toEqual([{ field: 'deep', message: 'thrown' }]);
    const bug = z.string().transform(() => {
      throw new TypeError('a bug');
    });
    await expect(
      validateRequest(event({ pathParameters: { id: 'x' } }), { params: z.object({ id: bug }) }),
    ).rejects.toThrow(new TypeError('a bug'));
  });
});

describe('mediaTypeOf and checkLimits', () => {
  it('trims spaces and tabs around the media type, before and after its parameters', () => {
    expect(mediaTypeOf(' \tApplication/JSON \t; charset=utf-8')).toBe('application/json');
    expect(mediaTypeOf('application/json \t')).toBe('application/json');
    expect(mediaTypeOf(';charset=utf-8')).toBe('');
    expect(mediaTypeOf('   ')).toBe('');
    expect(mediaTypeOf('\t')).toBe('');
    expect(mediaTypeOf('a;')).toBe('a');
    expect(mediaTypeOf(undefined)).toBeUndefined();
  });

  it('refuses a body-carrying method without a JSON type (415), and a body over 64 KiB on any method (413)', () => {
    expect(refusal(() => checkLimits(event({ headers: undefined as never, body: '{}' })))).toEqual({
      status: 415,
      code: 'unsupported_media_type',
      message: 'Content-Type must be application/json',
    });
    expect(() => checkLimits(event({ method: 'GET', headers: undefined as never }))).not.toThrow();
    expect(refusal(() => checkLimits(event({ method: 'GET', headers: {}, body: 'x'.repeat(64 * 1024 + 1) })))).toEqual({
      status: 413,
      code: 'payload_too_large',
      message: 'request body is larger than 65536 bytes',
    });
  });
});

describe('the list cursor', () => {
  const query = { state: 'running', program: 'gold', severity: 2 };

  it('is derived from the secret and its own label, and round-trips the position', () => {
    const key = cursorKey('webhook-secret');
    // printf 'sla-monitor list cursor v1' | openssl dgst -sha256 -hmac webhook-secret
    expect(key.toString('hex')).toBe('9e5c13e4559d5e5e78d76d5a99ee3bf05a58147b2b129fdb7c3ab82aead1cdc4');
    const cursor = encodeCursor(key, query, 'T#42');
    const [payload, mac] = cursor.split('.');
    expect(JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8'))).toEqual({
      ...query,
      after: 'T#42',
    });
    expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodeCursor(key, query, cursor)).toBe('T#42');
  });

  const invalid = (message: string) => ({
    status: 400,
    code: 'invalid_request',
    message: `invalid cursor: ${message}`,
    details: [{ field: 'cursor', message }],
  });

  it('refuses what is not a payload and a MAC', () => {
    const key = cursorKey('webhook-secret');
    const cursor = encodeCursor(key, query, 'T#42');
    for (const bad of ['', 'abc', `.${cursor.split('.')[1]}`, `${cursor.split('.')[0]}.`, `${cursor}.x`]) {
      expect(refusal(() => decodeCursor(key, query, bad))).toEqual(invalid('not a cursor this API returned'));
    }
  });

  it('refuses a cursor altered, cut short, or made with another key', () => {
    const key = cursorKey('webhook-secret');
    const cursor = encodeCursor(key, query, 'T#42');
    const mismatch = invalid('its signature does not match (it was altered or not issued by this API)');
    expect(refusal(() => decodeCursor(cursorKey('other'), query, cursor))).toEqual(mismatch);
    expect(refusal(() => decodeCursor(key, query, cursor.slice(0, -2)))).toEqual(mismatch);
    const forged = encodeCursor(key, query, 'T#43').split('.')[0];
    expect(refusal(() => decodeCursor(key, query, `${forged}.${cursor.split('.')[1]}`))).toEqual(mismatch);
  });

  it('refuses a correctly signed payload that is not a cursor', () => {
    const key = cursorKey('webhook-secret');
    const sign = (payload: string) => `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
    const notJson = Buffer.from('not json').toString('base64url');
    expect(refusal(() => decodeCursor(key, query, sign(notJson)))).toEqual(invalid('not a cursor this API returned'));
    const noAfter = Buffer.from(JSON.stringify({ ...query, after: 7 })).toString('base64url');
    expect(refusal(() => decodeCursor(key, query, sign(noAfter)))).toEqual(invalid('not a cursor this API returned'));
  });

  it.each([
    { state: 'breached', program: 'gold', severity: 2 },
    { state: 'running', program: 'silver', severity: 2 },
    { state: 'running', program: 'gold', severity: 3 },
    { state: 'running', program: undefined, severity: 2 },
  ])('refuses a cursor used with another query: %o', (other) => {
    const key = cursorKey('webhook-secret');
    const cursor = encodeCursor(key, query, 'T#42');
    expect(refusal(() => decodeCursor(key, other, cursor))).toEqual(
      invalid('it belongs to another state or filter; use it with the query that returned it'),
    );
  });
});

describe('the route table', () => {
  it('matches a concrete path to its route, with decoded path parameters', () => {
    expect(matchRoute('POST', '/tickets/a%2Fb/severity')).toEqual({
      route: { method: 'POST', path: '/tickets/{id}/severity', function: 'severity-change', secret: 'webhook' },
      pathParameters: { id: 'a/b' },
    });
    expect(matchRoute('GET', '/tickets')).toEqual({
      route: { method: 'GET', path: '/tickets', function: 'queries', secret: 'webhook' },
      pathParameters: {},
    });
  });

  it('lists the methods a known path allows, and knows nothing of other paths', () => {
    expect(matchRoute('DELETE', '/accounts/S1')).toEqual({ allowed: ['PUT', 'GET'] });
    expect(matchRoute('GET', '/tickets/x/severity')).toEqual({ allowed: ['POST'] });
    expect(matchRoute('GET', '/nope')).toBeUndefined();
    expect(matchRoute('GET', '/tickets/a/b')).toBeUndefined();
    expect(matchRoute('GET', 'x/tickets')).toBeUndefined();
    expect(matchRoute('GET', '/ticketsx')).toBeUndefined();
  });

  it('says how a request is signed, reading the path without its query, and picks the local secret', () => {
    expect(routeAuthOf('put', '/accounts/S1?x=1')).toBe('admin');
    expect(routeAuthOf('GET', '/tickets?state=running')).toBe('webhook');
    expect(routeAuthOf('POST', '/webhooks/c1')).toBe('connection');
    expect(routeAuthOf('DELETE', '/tickets')).toBeUndefined();
    expect(routeAuthOf('GET', '/nope')).toBeUndefined();
    const secrets = { admin: 'A', webhook: 'W' };
    expect(localSecretOf(secrets, 'GET', '/connections/c1/deliveries')).toBe('A');
    expect(localSecretOf(secrets, 'POST', '/tickets')).toBe('W');
    expect(localSecretOf(secrets, 'GET', '/nope')).toBe('W');
  });
});

describe('jsonResponse', () => {
  it('keeps the headers of a result without a body', () => {
    expect(jsonResponse({ status: 204, body: undefined, headers: { etag: '"1"' } } as never)).toEqual({
      statusCode: 204,
      headers: { etag: '"1"' },
    });
  });
});

describe('the error mapping', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('names its error class, and turns an idempotency race into 409 request_in_progress', () => {
    expect(new HttpError(400, 'invalid_request', 'm').name).toBe('HttpError');
    const race = Object.assign(new Error('busy'), { name: 'IdempotencyAlreadyInProgressError' });
    expect(toHttpError(race)).toMatchObject({
      status: 409,
      code: 'request_in_progress',
      message: 'this signed request is being applied; retry for its answer',
    });
    expect(toHttpError(new Error('IdempotencyAlreadyInProgressError'))).toBeUndefined();
  });

  it('writes details only when there are some', () => {
    expect(JSON.parse(errorResponse(new HttpError(409, 'ticket_closed', 'closed', [])).body as string)).toEqual({
      error: 'ticket_closed',
      message: 'closed',
    });
    expect(
      JSON.parse(
        errorResponse(new HttpError(400, 'invalid_request', 'bad', [{ field: 'f', message: 'm' }])).body as string,
      ),
    ).toEqual({ error: 'invalid_request', message: 'bad', details: [{ field: 'f', message: 'm' }] });
  });

  it('without a logger, prints an unexpected error with its stack, or its message, route and request id', () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const request = (error: unknown, requestContext: unknown) =>
      ({ event: { routeKey: 'GET /tickets', requestContext }, error }) as never;
    const failing = new Error('boom');
    const first = request(failing, { requestId: 'req-9' });
    errorMapper().onError?.(first);
    expect(printed).toHaveBeenLastCalledWith(
      'unhandled error',
      { routeKey: 'GET /tickets', requestId: 'req-9' },
      failing.stack,
    );
    expect((first as { response: { statusCode: number } }).response.statusCode).toBe(500);
    const stackless = new Error('no stack');
    stackless.stack = undefined;
    errorMapper().onError?.(request(stackless, undefined));
    expect(printed).toHaveBeenLastCalledWith(
      'unhandled error',
      { routeKey: 'GET /tickets', requestId: undefined },
      'no stack',
    );
    errorMapper().onError?.(request('a string', { requestId: 'req-9' }));
    expect(printed).toHaveBeenLastCalledWith('unhandled error', expect.anything(), 'a string');
  });
});
