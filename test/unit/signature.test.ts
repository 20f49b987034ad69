/**
 * The request signature (DESIGN §4.1, v2) piece by piece, without the middy chain: fast enough to run against
 * every mutant of shared/http/signature.ts. The digests here are never computed with the verifier's HMAC:
 * the test vectors were computed once with openssl, e.g.
 *   printf '%s' '1764669600.POST./tickets/T-1/severity?dry=1.{"severity":2}' | openssl dgst -sha256 -hmac 'test-secret-v2'
 * so a verifier that changed the signed string (a separator dropped, the method's case, the query left out,
 * the body decoded differently) refuses them.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '#shared/config.ts';
import type { Connection } from '#shared/connections/connection.ts';
import { HttpError } from '#shared/http/errors.ts';
import {
  CONNECTION_CACHE_SECONDS,
  cachedConnections,
  checkDigest,
  MAX_CLOCK_SKEW_SECONDS,
  type Principal,
  readSignatureHeaders,
  requestSignature,
  resolveSecret,
  type SignatureHeaders,
  secretNameFor,
  signedRequestOf,
} from '#shared/http/signature.ts';
import { manualClock } from '#shared/time/clock.ts';

const SECRET = 'test-secret-v2';
const ADMIN = 'admin-secret-v2';
const TIMESTAMP = '1764669600'; // 2025-12-02T10:00:00Z
const NOW = new Date('2025-12-02T10:00:00Z');

/** openssl: `1764669600.POST./tickets/T-1/severity?dry=1.{"severity":2}` with `test-secret-v2`. */
const POST_VECTOR = 'f0ab3cafae2de6250f1fa2a05ec1fdaa4b5f4554af96ca36cb87e84b7ab9ed50';
/** openssl: `1764669600.GET./tickets?state=running.` (empty body) with `test-secret-v2`. */
const GET_VECTOR = '40bbd13622d67736e7fc32ac40a6b2044a18a5b3d9d9e0e858789c9133073e32';
/** openssl: `1764669600.PUT./accounts/ACME.{"name":"Acme"}` with `admin-secret-v2`. */
const ADMIN_VECTOR = '021b5775a493ed950bd99738c71df49b72d1da103b295f7bb7cb7db48612a8ee';

const postRequest = {
  method: 'POST',
  pathAndQuery: '/tickets/T-1/severity?dry=1',
  body: Buffer.from('{"severity":2}'),
};
const headersOf = (hex: string, timestamp = TIMESTAMP): SignatureHeaders => ({
  timestamp,
  digest: Buffer.from(hex, 'hex'),
  connectionId: undefined,
});

/** The refusal a call throws, as `{ status, code }`, or a failure when it does not throw an HttpError. */
function refusal(run: () => unknown): { status: number; code: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('expected an HttpError');
}

async function asyncRefusal(run: () => Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an HttpError');
}

describe('the digest, against test vectors computed with openssl', () => {
  it('accepts the POST vector over timestamp, method, path with query and body, joined by dots', () => {
    expect(() => checkDigest([SECRET], headersOf(POST_VECTOR), postRequest)).not.toThrow();
  });

  it('accepts the GET vector over an empty body', () => {
    const get = { method: 'GET', pathAndQuery: '/tickets?state=running', body: Buffer.alloc(0) };
    expect(() => checkDigest([SECRET], headersOf(GET_VECTOR), get)).not.toThrow();
  });

  it.each([
    ['another secret', { secrets: ['test-secret-v3'] }],
    ['another timestamp', { timestamp: '1764669601' }],
    ['a lower-case method', { request: { ...postRequest, method: 'post' } }],
    ['the query left out', { request: { ...postRequest, pathAndQuery: '/tickets/T-1/severity' } }],
    ['another path', { request: { ...postRequest, pathAndQuery: '/tickets/T-2/severity?dry=1' } }],
    ['another body', { request: { ...postRequest, body: Buffer.from('{"severity":3}') } }],
    ['an empty body', { request: { ...postRequest, body: Buffer.alloc(0) } }],
  ])(
    'refuses the POST vector with %s',
    (_what, change: { secrets?: string[]; timestamp?: string; request?: object }) => {
      const request = { ...postRequest, ...change.request };
      expect(
        refusal(() => checkDigest(change.secrets ?? [SECRET], headersOf(POST_VECTOR, change.timestamp), request)),
      ).toEqual({ status: 401, code: 'invalid_signature' });
    },
  );

  it('passes when any of two secrets matches (a rotation), in either order', () => {
    expect(() => checkDigest(['old-secret', SECRET], headersOf(POST_VECTOR), postRequest)).not.toThrow();
    expect(() => checkDigest([SECRET, 'old-secret'], headersOf(POST_VECTOR), postRequest)).not.toThrow();
  });

  it('refuses when there is no secret at all', () => {
    expect(refusal(() => checkDigest([], headersOf(POST_VECTOR), postRequest))).toEqual({
      status: 401,
      code: 'invalid_signature',
    });
  });

  it('refuses a digest of the wrong length as a signature mismatch, not a crash', () => {
    expect(refusal(() => checkDigest([SECRET], headersOf(POST_VECTOR.slice(0, 32)), postRequest))).toEqual({
      status: 401,
      code: 'invalid_signature',
    });
  });
});

describe('the signed request of an API Gateway event', () => {
  const base = (overrides: Partial<APIGatewayProxyEventV2>): APIGatewayProxyEventV2 =>
    ({
      rawPath: '/tickets/T-1/severity',
      rawQueryString: '',
      requestContext: { http: { method: 'POST' } },
      isBase64Encoded: false,
      ...overrides,
    }) as APIGatewayProxyEventV2;

  it('is the path alone when there is no query string', () => {
    expect(signedRequestOf(base({ body: 'x' }))).toEqual({
      method: 'POST',
      pathAndQuery: '/tickets/T-1/severity',
      body: Buffer.from('x'),
    });
  });

  it('is the path, "?" and the raw query string when there is one', () => {
    expect(signedRequestOf(base({ rawQueryString: 'dry=1' })).pathAndQuery).toBe('/tickets/T-1/severity?dry=1');
  });

  it('covers the decoded bytes of a base64 body, and verifies against the openssl vector', () => {
    const event = base({ rawQueryString: 'dry=1', body: Buffer.from('{"severity":2}').toString('base64') });
    const request = signedRequestOf({ ...event, isBase64Encoded: true });
    expect(() => checkDigest([SECRET], headersOf(POST_VECTOR), request)).not.toThrow();
  });
});

describe('the signature headers', () => {
  const now = NOW;
  const valid = { 'x-sla-timestamp': TIMESTAMP, 'x-sla-signature': `v2=${POST_VECTOR}` };
  const read = (headers: Record<string, string | undefined> | undefined, at = now) => readSignatureHeaders(headers, at);

  it('gives the timestamp, the 32 digest bytes and no connection', () => {
    const headers = read(valid);
    expect(headers.timestamp).toBe(TIMESTAMP);
    expect(headers.digest.toString('hex')).toBe(POST_VECTOR);
    expect(headers.connectionId).toBeUndefined();
  });

  it('trims surrounding spaces of each header', () => {
    const headers = read({
      'x-sla-timestamp': ` ${TIMESTAMP} `,
      'x-sla-signature': ` v2=${POST_VECTOR}\t`,
      'x-sla-connection': ' crm-1 ',
    });
    expect(headers.timestamp).toBe(TIMESTAMP);
    expect(headers.digest.toString('hex')).toBe(POST_VECTOR);
    expect(headers.connectionId).toBe('crm-1');
  });

  it.each([
    ['no headers at all', undefined],
    ['no timestamp', { 'x-sla-signature': valid['x-sla-signature'] }],
    ['no signature', { 'x-sla-timestamp': TIMESTAMP }],
    ['a blank timestamp', { ...valid, 'x-sla-timestamp': '  ' }],
    ['a blank signature', { ...valid, 'x-sla-signature': ' ' }],
  ])('refuses %s as 401 missing_signature', (_what, headers) => {
    expect(refusal(() => read(headers))).toEqual({ status: 401, code: 'missing_signature' });
  });

  it.each([
    ['letters', 'abc'],
    ['a decimal point', `${TIMESTAMP}.5`],
    ['a sign', `-${TIMESTAMP}`],
    ['digits after letters', `x${TIMESTAMP}`],
    ['letters after digits', `${TIMESTAMP}x`],
    ['13 digits', '1234567890123'],
  ])('refuses a timestamp with %s as invalid_signature', (_what, timestamp) => {
    expect(refusal(() => read({ ...valid, 'x-sla-timestamp': timestamp }))).toEqual({
      status: 401,
      code: 'invalid_signature',
    });
  });

  it('reads a timestamp of 12 digits as unix seconds (then too far from now)', () => {
    expect(refusal(() => read({ ...valid, 'x-sla-timestamp': '123456789012' }))).toEqual({
      status: 401,
      code: 'signature_expired',
    });
  });

  it.each([
    ['v1=', `v1=${POST_VECTOR}`],
    ['no scheme', POST_VECTOR],
    ['upper-case hex', `v2=${POST_VECTOR.toUpperCase()}`],
    ['63 digits', `v2=${POST_VECTOR.slice(1)}`],
    ['65 digits', `v2=${POST_VECTOR}0`],
    ['text before the scheme', `xv2=${POST_VECTOR}`],
    ['a second signature', `v2=${POST_VECTOR},v2=${POST_VECTOR}`],
  ])('refuses a signature with %s as invalid_signature', (_what, signature) => {
    expect(refusal(() => read({ ...valid, 'x-sla-signature': signature }))).toEqual({
      status: 401,
      code: 'invalid_signature',
    });
  });

  it.each([
    ['one character', 'a'],
    ['64 characters', `a${'-'.repeat(62)}9`],
    ['dashes and underscores after the first', 'A9_b-c'],
  ])('takes a connection id of %s', (_what, id) => {
    expect(read({ ...valid, 'x-sla-connection': id }).connectionId).toBe(id);
  });

  it.each([
    ['65 characters', 'a'.repeat(65)],
    ['a leading dash', '-crm'],
    ['a leading underscore', '_crm'],
    ['a slash', 'crm/1'],
    ['a dot', 'crm.1'],
    ['an empty value', ''],
    ['a trailing newline inside', 'crm\nx'],
  ])('refuses a connection id with %s as invalid_signature', (_what, id) => {
    expect(refusal(() => read({ ...valid, 'x-sla-connection': id }))).toEqual({
      status: 401,
      code: 'invalid_signature',
    });
  });

  it(`accepts a timestamp exactly ${MAX_CLOCK_SKEW_SECONDS} s either side of now, refuses one second more`, () => {
    const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
    expect(MAX_CLOCK_SKEW_SECONDS).toBe(300);
    expect(read(valid, at(300)).timestamp).toBe(TIMESTAMP);
    expect(read(valid, at(-300)).timestamp).toBe(TIMESTAMP);
    // 300.999 s later is still 300 whole seconds: the clock's seconds are floored.
    expect(read(valid, at(300.999)).timestamp).toBe(TIMESTAMP);
    expect(refusal(() => read(valid, at(301)))).toEqual({ status: 401, code: 'signature_expired' });
    expect(refusal(() => read(valid, at(-301)))).toEqual({ status: 401, code: 'signature_expired' });
    expect(refusal(() => read(valid, at(-300.001)))).toEqual({ status: 401, code: 'signature_expired' });
  });
});

describe('the refusals’ words', () => {
  const message = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };
  const valid = { 'x-sla-timestamp': TIMESTAMP, 'x-sla-signature': `v2=${POST_VECTOR}` };

  it('say which header is missing or malformed, and why', () => {
    expect(message(() => readSignatureHeaders({}, NOW))).toBe(
      'X-Sla-Timestamp and X-Sla-Signature headers are required',
    );
    expect(message(() => readSignatureHeaders({ ...valid, 'x-sla-timestamp': 'x' }, NOW))).toBe(
      'X-Sla-Timestamp must be unix seconds',
    );
    expect(message(() => readSignatureHeaders({ ...valid, 'x-sla-signature': 'v1=00' }, NOW))).toBe(
      'X-Sla-Signature must be v2=<64 lower-case hex digits>',
    );
    expect(message(() => readSignatureHeaders({ ...valid, 'x-sla-connection': '-' }, NOW))).toBe(
      'X-Sla-Connection must be a connection id',
    );
    expect(message(() => readSignatureHeaders(valid, new Date(NOW.getTime() + 301_000)))).toBe(
      'X-Sla-Timestamp is more than 300 s from now',
    );
    expect(message(() => checkDigest(['other'], headersOf(POST_VECTOR), postRequest))).toBe('signature does not match');
  });
});

describe('the secrets', () => {
  it('are the environment variables of the local stack, one per secret name', async () => {
    const env = { SLA_WEBHOOK_SECRET: 'w', SLA_ADMIN_SECRET: 'a' };
    expect(await resolveSecret('webhook', env)).toBe('w');
    expect(await resolveSecret('admin', env)).toBe('a');
  });

  it('are a configuration error naming both variables when neither is set', async () => {
    await expect(resolveSecret('webhook', {})).rejects.toThrow(ConfigError);
    await expect(resolveSecret('webhook', { SLA_WEBHOOK_SECRET: '' })).rejects.toThrow(
      'neither SLA_WEBHOOK_SECRET nor SLA_WEBHOOK_SECRET_ARN is set: cannot check webhook signatures',
    );
    await expect(resolveSecret('admin', { SLA_WEBHOOK_SECRET: 'w' })).rejects.toThrow(
      'neither SLA_ADMIN_SECRET nor SLA_ADMIN_SECRET_ARN is set: cannot check admin signatures',
    );
  });

  it('sign the routes of the route table: admin, webhook or the connection’s own scheme', () => {
    expect(secretNameFor('PUT /accounts/{supportId}')).toBe('admin');
    expect(secretNameFor('POST /tickets/{id}/severity')).toBe('webhook');
    expect(secretNameFor('POST /webhooks/{connectionId}')).toBe('connection');
    expect(secretNameFor('DELETE /tickets/{id}')).toBeUndefined();
  });
});

const connection = (overrides: Partial<Connection> = {}): Connection => ({
  connectionId: 'crm-1',
  source: 'native',
  secrets: [SECRET],
  organizations: {},
  defaultSupportId: null,
  severities: {},
  agents: [],
  accounts: ['ACME'],
  access: 'write',
  createdAt: '2025-12-01T00:00:00.000Z',
  updatedAt: '2025-12-01T00:00:00.000Z',
  ...overrides,
});

describe('the connection cache', () => {
  it(`reuses an answer, found or not, for ${CONNECTION_CACHE_SECONDS} s of the given clock, then reads again`, async () => {
    const clock = manualClock(NOW);
    const asked: string[] = [];
    const lookup = cachedConnections(async (id) => {
      asked.push(id);
      return id === 'crm-1' ? connection() : undefined;
    }, clock);
    expect((await lookup('crm-1'))?.connectionId).toBe('crm-1');
    expect(await lookup('nobody')).toBeUndefined();
    clock.advance(CONNECTION_CACHE_SECONDS * 1000 - 1);
    expect((await lookup('crm-1'))?.connectionId).toBe('crm-1');
    expect(await lookup('nobody')).toBeUndefined();
    expect(asked).toEqual(['crm-1', 'nobody']);
    clock.advance(1);
    await lookup('crm-1');
    expect(asked).toEqual(['crm-1', 'nobody', 'crm-1']);
  });

  it('forgets everything once it holds 1000 ids, so made-up ids cannot grow it without bound', async () => {
    const asked: string[] = [];
    const lookup = cachedConnections(async (id) => {
      asked.push(id);
      return undefined;
    }, manualClock(NOW));
    for (let i = 0; i < 1000; i++) await lookup(`id-${i}`);
    await lookup('id-0');
    expect(asked).toHaveLength(1000);
    await lookup('id-1000'); // the 1001st id clears the cache
    await lookup('id-0');
    expect(asked.slice(-2)).toEqual(['id-1000', 'id-0']);
    await lookup('id-1000');
    expect(asked).toHaveLength(1002);
  });
});

describe('the signature middleware', () => {
  const context = {} as Context;
  type MiddyRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>;
  const eventOf = (
    routeKey: string,
    rawPath: string,
    headers: Record<string, string>,
    body?: string,
    rawQueryString = '',
  ): APIGatewayProxyEventV2 =>
    ({
      routeKey,
      rawPath,
      rawQueryString,
      headers,
      ...(body === undefined ? {} : { body }),
      isBase64Encoded: false,
      requestContext: { http: { method: routeKey.split(' ')[0] } },
    }) as unknown as APIGatewayProxyEventV2;

  const postEvent = (extra: Record<string, string> = {}) =>
    eventOf(
      'POST /tickets/{id}/severity',
      '/tickets/T-1/severity',
      { 'x-sla-timestamp': TIMESTAMP, 'x-sla-signature': `v2=${POST_VECTOR}`, ...extra },
      '{"severity":2}',
      'dry=1',
    );
  const getEvent = (extra: Record<string, string> = {}) =>
    eventOf(
      'GET /tickets',
      '/tickets',
      { 'x-sla-timestamp': TIMESTAMP, 'x-sla-signature': `v2=${GET_VECTOR}`, ...extra },
      undefined,
      'state=running',
    );

  async function run(
    event: APIGatewayProxyEventV2,
    options: { connections?: (id: string) => Promise<Connection | undefined> } = {},
  ): Promise<{ principal: Principal | undefined; secretsAsked: string[] }> {
    let principal: Principal | undefined;
    const secretsAsked: string[] = [];
    const middleware = requestSignature({
      clock: manualClock(NOW),
      secret: async (name) => {
        secretsAsked.push(name);
        return name === 'admin' ? ADMIN : SECRET;
      },
      ...(options.connections ? { connections: options.connections } : {}),
      onPrincipal: (seen, p) => {
        expect(seen).toBe(event);
        principal = p;
      },
    });
    await middleware.before?.({ event, context, response: null, error: null, internal: {} } as MiddyRequest);
    return { principal, secretsAsked };
  }

  it('passes a request signed with the webhook secret as the default connection, every account, write', async () => {
    expect(await run(postEvent())).toEqual({
      principal: { connectionId: 'default', accounts: null, access: 'write' },
      secretsAsked: ['webhook'],
    });
  });

  it('passes an admin route signed with the admin secret as the admin', async () => {
    const event = eventOf('PUT /accounts/{supportId}', '/accounts/ACME', {
      'x-sla-timestamp': TIMESTAMP,
      'x-sla-signature': `v2=${ADMIN_VECTOR}`,
    });
    event.body = '{"name":"Acme"}';
    expect(await run(event)).toEqual({
      principal: { connectionId: 'admin', accounts: null, access: 'write' },
      secretsAsked: ['admin'],
    });
  });

  it('refuses a ticket route signed with the right digest under another path', async () => {
    const event = postEvent();
    event.rawPath = '/tickets/T-2/severity';
    expect(await asyncRefusal(() => run(event))).toMatchObject({ status: 401, code: 'invalid_signature' });
  });

  it('answers 404 route_not_found, before reading any header, for a route without a secret', async () => {
    const event = eventOf('DELETE /tickets/{id}', '/tickets/T-1', {});
    expect(await asyncRefusal(() => run(event))).toEqual({
      status: 404,
      code: 'route_not_found',
      message: 'no route DELETE /tickets/{id}',
    });
  });

  it('leaves a connection webhook to its function, with the path’s connection as the principal', async () => {
    const event = eventOf('POST /webhooks/{connectionId}', '/webhooks/zd-1', {}, '{}');
    event.pathParameters = { connectionId: 'zd-1' };
    expect(await run(event)).toEqual({
      principal: { connectionId: 'zd-1', accounts: null, access: 'write' },
      secretsAsked: [],
    });
  });

  it('gives an empty connection id to a webhook event without path parameters', async () => {
    const event = eventOf('POST /webhooks/{connectionId}', '/webhooks/', {}, '{}');
    expect((await run(event)).principal).toEqual({ connectionId: '', accounts: null, access: 'write' });
  });

  it('passes a request signed with a native connection’s secret as that connection, with its scope', async () => {
    const result = await run(postEvent({ 'x-sla-connection': 'crm-1' }), {
      connections: async (id) => (id === 'crm-1' ? connection({ secrets: ['other', SECRET] }) : undefined),
    });
    expect(result).toEqual({
      principal: { connectionId: 'crm-1', accounts: ['ACME'], access: 'write' },
      secretsAsked: [],
    });
  });

  it('refuses a connection that is unknown, not native, or looked up nowhere, alike', async () => {
    const headers = { 'x-sla-connection': 'crm-1' };
    for (const connections of [
      async () => undefined,
      async () => connection({ source: 'zendesk' }),
      undefined,
    ] as const) {
      expect(
        await asyncRefusal(() => run(postEvent(headers), connections === undefined ? {} : { connections })),
      ).toEqual({ status: 401, code: 'invalid_signature', message: 'signature does not match' });
    }
  });

  it('refuses a native connection’s request signed with the webhook secret it does not hold', async () => {
    const connections = async () => connection({ secrets: ['crm-secret'] });
    expect(await asyncRefusal(() => run(postEvent({ 'x-sla-connection': 'crm-1' }), { connections }))).toMatchObject({
      status: 401,
      code: 'invalid_signature',
    });
  });

  it('refuses X-Sla-Connection on an admin route', async () => {
    const event = eventOf('PUT /accounts/{supportId}', '/accounts/ACME', {
      'x-sla-timestamp': TIMESTAMP,
      'x-sla-signature': `v2=${ADMIN_VECTOR}`,
      'x-sla-connection': 'crm-1',
    });
    event.body = '{"name":"Acme"}';
    const connections = async () => connection({ secrets: [ADMIN] });
    expect(await asyncRefusal(() => run(event, { connections }))).toEqual({
      status: 401,
      code: 'invalid_signature',
      message: 'admin routes take the admin secret, not X-Sla-Connection',
    });
  });

  it('lets a read-only connection GET, and refuses its writes with 403 not_authorized', async () => {
    const connections = async () => connection({ access: 'read' });
    expect((await run(getEvent({ 'x-sla-connection': 'crm-1' }), { connections })).principal).toEqual({
      connectionId: 'crm-1',
      accounts: ['ACME'],
      access: 'read',
    });
    expect(await asyncRefusal(() => run(postEvent({ 'x-sla-connection': 'crm-1' }), { connections }))).toEqual({
      status: 403,
      code: 'not_authorized',
      message: 'connection crm-1 may only read',
    });
  });

  it('needs no onPrincipal to pass a request, signed or a connection webhook', async () => {
    const middleware = requestSignature({ clock: manualClock(NOW), secret: async () => SECRET });
    const webhook = eventOf('POST /webhooks/{connectionId}', '/webhooks/zd-1', {}, '{}');
    for (const event of [postEvent(), webhook]) {
      const request = { event, context, response: null, error: null, internal: {} };
      await expect(middleware.before?.(request as MiddyRequest)).resolves.toBeUndefined();
    }
  });

  it('checks the timestamp against the injected clock', async () => {
    const middleware = requestSignature({ clock: manualClock('2025-12-02T10:05:01Z'), secret: async () => SECRET });
    const request = { event: postEvent(), context, response: null, error: null, internal: {} };
    expect(await asyncRefusal(async () => middleware.before?.(request as MiddyRequest))).toMatchObject({
      status: 401,
      code: 'signature_expired',
    });
  });
});

describe('the secrets in AWS, read from Secrets Manager by ARN', () => {
  // The SDK client's answers are replaced (no local Secrets Manager exists); Powertools and our code run as deployed.
  const secretsManager = mockClient(SecretsManagerClient);
  afterEach(() => {
    secretsManager.reset();
    vi.useRealTimers();
  });
  const arnOf = (name: string) => `arn:aws:secretsmanager:eu-west-1:000000000000:secret:${name}-${Math.random()}`;

  it('reads the secret string and reuses it for five minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'from-secrets-manager' });
    const env = { SLA_WEBHOOK_SECRET_ARN: arnOf('webhook') };
    expect(await resolveSecret('webhook', env)).toBe('from-secrets-manager');
    vi.setSystemTime(NOW.getTime() + 299_000);
    expect(await resolveSecret('webhook', env)).toBe('from-secrets-manager');
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    vi.setSystemTime(NOW.getTime() + 301_000);
    await resolveSecret('webhook', env);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('is a configuration error when the secret has no string value, or an empty one', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    const binary = arnOf('admin');
    await expect(resolveSecret('admin', { SLA_ADMIN_SECRET_ARN: binary })).rejects.toThrow(
      new ConfigError(`secret ${binary} (SLA_ADMIN_SECRET_ARN) has no string value`),
    );
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: '' });
    const empty = arnOf('admin');
    await expect(resolveSecret('admin', { SLA_ADMIN_SECRET_ARN: empty })).rejects.toThrow(ConfigError);
  });

  it('is what the middleware checks against when it is given no secret reader', async () => {
    const before = process.env.SLA_WEBHOOK_SECRET;
    process.env.SLA_WEBHOOK_SECRET = SECRET;
    try {
      const middleware = requestSignature({ clock: manualClock(NOW) });
      const event = {
        routeKey: 'POST /tickets/{id}/severity',
        rawPath: '/tickets/T-1/severity',
        rawQueryString: 'dry=1',
        headers: { 'x-sla-timestamp': TIMESTAMP, 'x-sla-signature': `v2=${POST_VECTOR}` },
        body: '{"severity":2}',
        isBase64Encoded: false,
        requestContext: { http: { method: 'POST' } },
      } as unknown as APIGatewayProxyEventV2;
      const request = { event, context: {}, response: null, error: null, internal: {} };
      await expect(
        middleware.before?.(request as unknown as Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>),
      ).resolves.toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.SLA_WEBHOOK_SECRET;
      else process.env.SLA_WEBHOOK_SECRET = before;
    }
  });
});
