import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../../local/api-server.ts';
import { createInvoker, type Invoker, type LambdaHandler } from '../../local/invoker.ts';
import { sign } from '../../local/sign.ts';

interface Call {
  functionName: string;
  event: APIGatewayProxyEventV2;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request through node:http, which can repeat a header and send bytes that are not UTF-8. */
function send(
  server: ApiServer,
  method: string,
  path: string,
  options: { headers?: Record<string, string | string[]>; body?: Buffer | string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${server.url}${path}`, { method, headers: options.headers ?? {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const json = (response: RawResponse) => JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;

describe('local API server', () => {
  const calls: Call[] = [];
  const errors: unknown[] = [];
  let reply: (event: APIGatewayProxyEventV2) => Promise<unknown> = async () => ({ statusCode: 204 });
  let server: ApiServer;

  beforeAll(async () => {
    const invoker: Pick<Invoker, 'invoke'> = {
      invoke: async (functionName, event) => {
        calls.push({ functionName, event: event as APIGatewayProxyEventV2 });
        return reply(event as APIGatewayProxyEventV2);
      },
    };
    server = await startApiServer({ port: 0, invoker, onError: (error) => errors.push(error) });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    calls.length = 0;
    errors.length = 0;
    reply = async () => ({ statusCode: 204 });
  });

  describe('the payload 2.0 event', () => {
    it('names the route and its function, with URL-decoded path parameters', async () => {
      await send(server, 'POST', '/tickets/T%2F1%20%C3%A9/severity', {
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(calls).toHaveLength(1);
      const [{ functionName, event }] = calls as [Call];
      expect(functionName).toBe('severity-change');
      expect(event.version).toBe('2.0');
      expect(event.routeKey).toBe('POST /tickets/{id}/severity');
      expect(event.rawPath).toBe('/tickets/T%2F1%20%C3%A9/severity');
      expect(event.pathParameters).toEqual({ id: 'T/1 é' });
    });

    it('keeps the raw query string and joins repeated parameters with commas', async () => {
      await send(server, 'GET', '/tickets?state=at_risk&severity=1&severity=2&program=pre%20mier');
      const { event } = calls[0] as Call;
      expect(event.routeKey).toBe('GET /tickets');
      expect(event.rawQueryString).toBe('state=at_risk&severity=1&severity=2&program=pre%20mier');
      expect(event.queryStringParameters).toEqual({ state: 'at_risk', severity: '1,2', program: 'pre mier' });
      expect(event.pathParameters).toBeUndefined();
      expect(event.body).toBeUndefined();
      expect(event.isBase64Encoded).toBe(false);
    });

    it('lower-cases header names, joins repeated headers and moves cookies to their own list', async () => {
      await send(server, 'GET', '/tickets/T-1', {
        headers: {
          'X-Sla-Timestamp': '1767225600',
          'X-Repeated': ['one', 'two'],
          'User-Agent': 'ticket-system/1.0',
          Cookie: 'session=abc; theme=dark',
        },
      });
      const { event } = calls[0] as Call;
      expect(event.headers['x-sla-timestamp']).toBe('1767225600');
      expect(event.headers['x-repeated']).toBe('one,two');
      expect(event.headers['user-agent']).toBe('ticket-system/1.0');
      expect(event.headers.cookie).toBeUndefined();
      expect(event.cookies).toEqual(['session=abc', 'theme=dark']);
      expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
      expect(event.queryStringParameters).toBeUndefined();
    });

    it('fills the request context as API Gateway does', async () => {
      const before = Date.now();
      const response = await send(server, 'GET', '/reports/sla?from=2026-01-01', {
        headers: { 'user-agent': 'probe' },
      });
      const { requestContext } = (calls[0] as Call).event;
      expect(requestContext).toMatchObject({
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1',
        http: { method: 'GET', path: '/reports/sla', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'probe' },
        routeKey: 'GET /reports/sla',
        stage: '$default',
      });
      expect(requestContext.requestId).toBe(response.headers['apigw-requestid']);
      expect(requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
      expect(requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
      expect(requestContext.timeEpoch).toBeLessThanOrEqual(Date.now());
    });

    it('passes a JSON body through byte for byte, unicode included', async () => {
      // Decomposed é, an emoji, a NUL escape and a right-to-left mark: any re-encoding would change them.
      const body = '{"subject":"Cafe\u0301 ☕ 😀 \\u0000 \u200f","n":1.0}';
      await send(server, 'POST', '/tickets', { headers: { 'content-type': 'application/json' }, body });
      const { event } = calls[0] as Call;
      expect(event.isBase64Encoded).toBe(false);
      expect(event.body).toBe(body);
      expect(Buffer.from(event.body as string, 'utf8').equals(Buffer.from(body, 'utf8'))).toBe(true);
    });

    it('base64-encodes a body whose content type is not text, and bytes that are not UTF-8', async () => {
      const bytes = randomBytes(512);
      await send(server, 'POST', '/tickets', { headers: { 'content-type': 'application/octet-stream' }, body: bytes });
      const invalidUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
      await send(server, 'POST', '/tickets', { headers: { 'content-type': 'application/json' }, body: invalidUtf8 });
      const [binary, broken] = calls as [Call, Call];
      expect(binary.event.isBase64Encoded).toBe(true);
      expect(Buffer.from(binary.event.body as string, 'base64').equals(bytes)).toBe(true);
      expect(broken.event.isBase64Encoded).toBe(true);
      expect(Buffer.from(broken.event.body as string, 'base64').equals(invalidUtf8)).toBe(true);
    });

    it('carries what a signature check needs: the timestamp, the signature, method, path and the exact body', async () => {
      const body = '{"severity":1,"changedBy":"agent@example.com"}';
      const signature = sign('secret', 1767225600, 'POST', '/tickets/T-1/severity', body);
      await send(server, 'POST', '/tickets/T-1/severity', {
        headers: { 'Content-Type': 'application/json', 'X-Sla-Timestamp': '1767225600', 'X-Sla-Signature': signature },
        body,
      });
      const { event } = calls[0] as Call;
      expect(
        sign(
          'secret',
          event.headers['x-sla-timestamp'] as string,
          event.requestContext.http.method,
          event.rawPath,
          event.body,
        ),
      ).toBe(event.headers['x-sla-signature']);
    });

    it('passes the path and query through exactly as sent, for the signature to cover them', async () => {
      const target = '/tickets?program=basic&state=at_risk&severity=%32&x=a%20b+c';
      await send(server, 'GET', target);
      const { event } = calls[0] as Call;
      expect(`${event.rawPath}?${event.rawQueryString}`).toBe(target);
    });
  });

  describe('the response', () => {
    it('maps statusCode, headers, cookies and body', async () => {
      reply = async () => ({
        statusCode: 201,
        headers: { 'Content-Type': 'application/json', 'X-Ticket-Id': 'T-1' },
        cookies: ['a=1; Path=/', 'b=2'],
        body: '{"ticketId":"T-1"}',
      });
      const response = await send(server, 'POST', '/tickets', { body: '{}' });
      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.headers['x-ticket-id']).toBe('T-1');
      expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2']);
      expect(response.body.toString()).toBe('{"ticketId":"T-1"}');
    });

    it('decodes a base64 body', async () => {
      const bytes = randomBytes(64);
      reply = async () => ({ statusCode: 200, body: bytes.toString('base64'), isBase64Encoded: true });
      const response = await send(server, 'GET', '/tickets/T-1');
      expect(response.body.equals(bytes)).toBe(true);
    });

    it('sends a result without statusCode as JSON with 200, as API Gateway assumes for payload 2.0', async () => {
      reply = async () => ({ tickets: [], count: 0 });
      const object = await send(server, 'GET', '/tickets');
      expect(object.status).toBe(200);
      expect(object.headers['content-type']).toBe('application/json');
      expect(json(object)).toEqual({ tickets: [], count: 0 });

      reply = async () => 'hello';
      const text = await send(server, 'GET', '/tickets');
      expect(text.status).toBe(200);
      expect(text.body.toString()).toBe('"hello"');
    });

    it('answers 500 JSON when the handler crashes, and reports the error', async () => {
      reply = async () => {
        throw new Error('boom');
      };
      const response = await send(server, 'GET', '/tickets/T-1');
      expect(response.status).toBe(500);
      expect(response.headers['content-type']).toBe('application/json');
      expect(json(response)).toEqual({ error: 'internal_error', message: 'Internal Server Error' });
      expect(errors).toHaveLength(1);
      expect((errors[0] as Error).message).toBe('boom');
    });

    it('answers 500 JSON when the handler returns a malformed response', async () => {
      reply = async () => ({ statusCode: 'ok', body: { not: 'a string' } });
      const response = await send(server, 'GET', '/tickets/T-1');
      expect(response.status).toBe(500);
      expect(json(response).error).toBe('internal_error');
    });
  });

  describe('refusals before any handler runs', () => {
    it('answers 404 JSON for an unknown route', async () => {
      const response = await send(server, 'GET', '/nowhere');
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/json');
      expect(json(response)).toEqual({ error: 'route_not_found', message: 'no route for GET /nowhere' });
      expect(calls).toHaveLength(0);
    });

    it('answers 405 JSON with Allow for a known path and a wrong method', async () => {
      const response = await send(server, 'DELETE', '/tickets/T-1');
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('GET');
      expect(json(response).error).toBe('method_not_allowed');
      expect(calls).toHaveLength(0);
    });

    it('answers 400 JSON for a path that is not valid percent-encoding', async () => {
      const response = await send(server, 'GET', '/tickets/%E0%A4%A');
      expect(response.status).toBe(400);
      expect(json(response).error).toBe('invalid_request');
      expect(calls).toHaveLength(0);
    });

    it('accepts a body of exactly 64 KiB', async () => {
      const body = `"${'x'.repeat(64 * 1024 - 2)}"`;
      const response = await send(server, 'POST', '/tickets', {
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(204);
      expect(calls[0]?.event.body).toBe(body);
    });

    it('answers 413 JSON for a body over 64 KiB, declared by Content-Length or not', async () => {
      const body = Buffer.alloc(64 * 1024 + 1, 0x61);
      const declared = await send(server, 'POST', '/tickets', { body });
      const chunked = await send(server, 'POST', '/tickets', {
        headers: { 'transfer-encoding': 'chunked' },
        body,
      });
      for (const response of [declared, chunked]) {
        expect(response.status).toBe(413);
        expect(json(response)).toMatchObject({ error: 'payload_too_large' });
      }
      expect(calls).toHaveLength(0);
    });

    it('still answers 413 when the client keeps sending megabytes', async () => {
      const response = await fetch(`${server.url}/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.alloc(5 * 1024 * 1024, 0x61),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: string }).error).toBe('payload_too_large');
    });

    it('lists the routes at GET /', async () => {
      const response = await send(server, 'GET', '/');
      expect(response.status).toBe(200);
      expect(json(response).routes).toContainEqual({
        method: 'GET',
        path: '/tickets/{id}',
        function: 'queries',
        secret: 'webhook',
      });
    });
  });
});

describe('local Lambda invoker', () => {
  const seen: { event: unknown; context: Context; remaining: number[] }[] = [];
  const handlers: Partial<Record<string, LambdaHandler>> = {};
  // The invoker resolves each function once, as a warm Lambda keeps its module, so the fake looks up per call.
  const invoker = createInvoker({
    resolve: async (name) => (event, context, callback) => {
      const handler = handlers[name];
      if (!handler) throw new Error(`no fake for ${name}`);
      return handler(event, context, callback);
    },
  });
  beforeEach(() => {
    seen.length = 0;
  });

  /** A handler that records its event, its context and the remaining time before and after a pause. */
  const recording: LambdaHandler = async (event, context) => {
    const remaining = [context.getRemainingTimeInMillis()];
    await sleep(30);
    remaining.push(context.getRemainingTimeInMillis());
    seen.push({ event, context, remaining });
    return { statusCode: 200 };
  };

  it('gives the handler a Lambda context with the function name, ARN, version, memory and log names', async () => {
    handlers.queries = recording;
    await invoker.invoke('queries', { hello: 'world' });
    await invoker.invoke('queries', {});
    const [first, second] = seen as [(typeof seen)[0], (typeof seen)[0]];
    expect(first.event).toEqual({ hello: 'world' });
    expect(first.context).toMatchObject({
      functionName: 'queries',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:queries',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/queries',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(first.context.awsRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.context.awsRequestId).not.toBe(first.context.awsRequestId);
    expect(first.context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('counts the remaining time down from the function timeout of the registry', async () => {
    handlers.sweeper = recording;
    await invoker.invoke('sweeper', {});
    const [before, after] = (seen[0] as (typeof seen)[0]).remaining as [number, number];
    // The sweeper's timeout in functions/registry.ts is 120 s.
    expect(before).toBeLessThanOrEqual(120_000);
    expect(before).toBeGreaterThan(119_000);
    expect(after).toBeLessThanOrEqual(before - 25);
  });

  it('rejects when the handler throws, so a scheduler firing is retried', async () => {
    handlers['sla-timer'] = async () => {
      throw new Error('store unavailable');
    };
    await expect(invoker.invoke('sla-timer', {})).rejects.toThrow('store unavailable');
  });

  it('rejects with Task timed out when the handler outlives its timeout', async () => {
    handlers.intake = () => new Promise(() => {});
    await expect(invoker.invoke('intake', {}, { timeoutMs: 50 })).rejects.toThrow('Task timed out after 0.05 seconds');
  });

  it('supports callback handlers and the deprecated context.succeed', async () => {
    handlers.accounts = (_event, _context, callback) => {
      setTimeout(() => callback(null, { via: 'callback' }), 5);
      return undefined;
    };
    handlers['ticket-activity'] = (_event, context) => {
      context.succeed({ via: 'succeed' });
      return new Promise(() => {});
    };
    await expect(invoker.invoke('accounts', {})).resolves.toEqual({ via: 'callback' });
    await expect(invoker.invoke('ticket-activity', {})).resolves.toEqual({ via: 'succeed' });
  });

  it('sends the event and the result through JSON, as Lambda does', async () => {
    handlers['severity-change'] = async (event) => ({
      got: event,
      at: new Date('2026-01-01T00:00:00Z'),
      gone: undefined,
    });
    const result = await invoker.invoke('severity-change', { when: new Date('2026-02-02T00:00:00Z') });
    expect(result).toEqual({ got: { when: '2026-02-02T00:00:00.000Z' }, at: '2026-01-01T00:00:00.000Z' });
  });

  it('invokes by ARN for the scheduler, with or without a qualifier, with the JSON input as the event', async () => {
    handlers['sla-timer'] = recording;
    await invoker.invokeByArn('arn:aws:lambda:eu-west-1:000000000000:function:sla-timer', '{"ticketId":"T-1"}');
    await invoker.invokeByArn('arn:aws:lambda:eu-west-1:000000000000:function:sla-timer:$LATEST', undefined);
    expect(seen.map((entry) => entry.event)).toEqual([{ ticketId: 'T-1' }, {}]);
    expect(seen[0]?.context.functionName).toBe('sla-timer');
  });

  it('refuses an unknown function and an input that is not JSON', async () => {
    await expect(invoker.invokeByArn('arn:aws:lambda:eu-west-1:000000000000:function:nope', '{}')).rejects.toThrow(
      'Function not found',
    );
    handlers['sla-timer'] = recording;
    await expect(
      invoker.invokeByArn('arn:aws:lambda:eu-west-1:000000000000:function:sla-timer', 'not json'),
    ).rejects.toThrow('Could not parse request body into json');
    expect(seen).toHaveLength(0);
  });

  it('runs behind the API server with a context per request', async () => {
    handlers.queries = async (event, context) => ({
      statusCode: 200,
      body: JSON.stringify({
        routeKey: (event as APIGatewayProxyEventV2).routeKey,
        functionName: context.functionName,
        remaining: context.getRemainingTimeInMillis(),
      }),
    });
    const server = await startApiServer({ port: 0, invoker });
    try {
      const response = await fetch(`${server.url}/tickets/T-9`);
      const body = (await response.json()) as { routeKey: string; functionName: string; remaining: number };
      expect(body).toMatchObject({ routeKey: 'GET /tickets/{id}', functionName: 'queries' });
      expect(body.remaining).toBeGreaterThan(28_000);
      expect(body.remaining).toBeLessThanOrEqual(29_000);
    } finally {
      await server.close();
    }
  });
});
