/**
 * The local API Gateway (HTTP API, payload format 2.0): HTTP request → route table → Lambda event →
 * handler through the invoker → Lambda result → HTTP response, as API Gateway maps them in AWS.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mediaTypeOf } from '../shared/http/limits.ts';
import { matchRoute, type Route, routeKey, routes } from '../shared/http/routes.ts';
import { SERVICE_NAME } from '../shared/observability/catalog.ts';
import { type Invoker, LOCAL_ACCOUNT_ID } from './invoker.ts';
import { listen } from './listen.ts';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** After a 413 the rest of the body is read and thrown away up to this much, so the client sees the answer. */
const DISCARD_LIMIT_BYTES = 10 * 1024 * 1024;
/** How long close() lets requests in progress finish before cutting their connections. */
const CLOSE_GRACE_MS = 5_000;

export interface ApiServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  invoker: Pick<Invoker, 'invoke'>;
  maxBodyBytes?: number;
  /** Told about every handler failure that became a 500; defaults to printing it on stderr. */
  onError?: (error: unknown, request: { routeKey: string; requestId: string }) => void;
}

export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface HttpResult {
  statusCode: number;
  headers: [string, string][];
  body: Buffer;
}

const TEXT_MEDIA_TYPES = new Set(['application/json', 'application/xml', 'application/javascript']);

/**
 * API Gateway passes these content types to the function as text and base64-encodes every other body: `text/*`,
 * JSON, XML, JavaScript and any `+json` / `+xml` suffix. Read with string tests, not a regex: it runs on every
 * request before the signature is checked, so its cost must stay linear in the header's length.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === undefined) return false;
  return (
    mediaType.startsWith('text/') ||
    TEXT_MEDIA_TYPES.has(mediaType) ||
    mediaType.endsWith('+json') ||
    mediaType.endsWith('+xml')
  );
}
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const jsonResult = (statusCode: number, body: unknown, headers: [string, string][] = []): HttpResult => ({
  statusCode,
  headers: [['content-type', 'application/json'], ...headers],
  body: Buffer.from(JSON.stringify(body)),
});

const errorResult = (statusCode: number, error: string, message: string, headers: [string, string][] = []) =>
  jsonResult(statusCode, { error, message }, headers);

/** `12/Mar/2026:19:03:58 +0000`, API Gateway's requestContext.time. */
function requestTime(at: Date): string {
  const month = at.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(at.getUTCDate())}/${month}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

/** Lower-cased names, repeated headers joined with commas, cookies taken out into their own list. */
function splitHeaders(rawHeaders: string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers = new Map<string, string>();
  const cookies: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase();
    const value = rawHeaders[index + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return { headers: Object.fromEntries(headers), cookies };
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  // A Map, not an object: `__proto__` or `constructor` in a query string must stay ordinary keys.
  const parameters = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const previous = parameters.get(name);
    parameters.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return Object.fromEntries(parameters);
}

function encodeBody(raw: Buffer, contentType: string | undefined): { body?: string; isBase64Encoded: boolean } {
  if (raw.length === 0) return { isBase64Encoded: false };
  if (isTextContentType(contentType)) {
    try {
      return { body: strictUtf8.decode(raw), isBase64Encoded: false };
    } catch {
      // Bytes that are not UTF-8 would be altered by decoding, and the signature covers the bytes as sent.
    }
  }
  return { body: raw.toString('base64'), isBase64Encoded: true };
}

interface RequestLine {
  method: string;
  rawPath: string;
  rawQueryString: string;
}

function buildEvent(
  message: IncomingMessage,
  line: RequestLine,
  route: Route,
  pathParameters: Record<string, string>,
  rawBody: Buffer,
  requestId: string,
): APIGatewayProxyEventV2 {
  const { headers, cookies } = splitHeaders(message.rawHeaders);
  const now = new Date();
  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const key = routeKey(route);
  const sourceIp = (message.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const queryStringParameters = queryParameters(line.rawQueryString);
  return {
    version: '2.0',
    routeKey: key,
    rawPath: line.rawPath,
    rawQueryString: line.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: line.method,
        path: line.rawPath,
        protocol: `HTTP/${message.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: key,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...encodeBody(rawBody, headers['content-type']),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Maps a function's result as API Gateway does for payload 2.0: an object with `statusCode` is a response;
 * anything else is JSON sent with 200; a response that breaks the format is a 500.
 */
export function toHttpResult(result: unknown): HttpResult {
  if (!isRecord(result) || !('statusCode' in result)) {
    return {
      statusCode: 200,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(JSON.stringify(result ?? null)),
    };
  }
  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded = false } = result;
  const malformed =
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599 ||
    !isRecord(headers) ||
    !Array.isArray(cookies) ||
    (body !== undefined && body !== null && typeof body !== 'string') ||
    typeof isBase64Encoded !== 'boolean';
  if (malformed) throw new Error('the function returned a response that is not in the payload 2.0 format');
  const pairs: [string, string][] = Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]);
  for (const cookie of cookies) pairs.push(['set-cookie', String(cookie)]);
  const text = typeof body === 'string' ? body : '';
  return { statusCode, headers: pairs, body: isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text) };
}

type BodyRead = { kind: 'complete'; body: Buffer } | { kind: 'too_large' } | { kind: 'aborted' };

/** Reads the body up to `limit` bytes and stops there, so an oversized body is never held in memory. */
function readBody(message: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(message.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too_large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: BodyRead) => {
      message.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish({ kind: 'too_large' });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'complete', body: Buffer.concat(chunks) });
    const onClose = () => finish({ kind: 'aborted' });
    message.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
  });
}

/** Throws the rest of a refused body away, so the client reads the answer instead of a reset connection. */
function discardRest(message: IncomingMessage): void {
  let discarded = 0;
  message.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) message.destroy();
  });
  message.resume();
}

function send(response: ServerResponse, result: HttpResult, requestId: string): void {
  response.statusCode = result.statusCode;
  for (const [name, value] of result.headers) response.appendHeader(name, value);
  response.setHeader('apigw-requestid', requestId);
  // HTTP forbids a body on 204 and 304, so whatever the function returned there is dropped.
  if (result.statusCode === 204 || result.statusCode === 304) {
    response.removeHeader('content-length');
    response.end();
    return;
  }
  response.setHeader('content-length', result.body.length);
  response.end(result.body);
}

function parseRequestLine(message: IncomingMessage): RequestLine {
  const target = message.url ?? '/';
  const queryAt = target.indexOf('?');
  return {
    method: message.method ?? 'GET',
    rawPath: queryAt < 0 ? target : target.slice(0, queryAt),
    rawQueryString: queryAt < 0 ? '' : target.slice(queryAt + 1),
  };
}

const routeIndex = () => ({
  service: SERVICE_NAME,
  routes: routes.map((route) => ({
    method: route.method,
    path: route.path,
    function: route.function,
    secret: route.secret,
  })),
});

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onError =
    options.onError ??
    ((error: unknown, request: { routeKey: string; requestId: string }) => {
      console.error(`api: ${request.routeKey} (request ${request.requestId}) failed:`, error);
    });

  const handle = async (message: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const line = parseRequestLine(message);
    if (line.method === 'GET' && line.rawPath === '/') return send(response, jsonResult(200, routeIndex()), requestId);

    let match: ReturnType<typeof matchRoute>;
    try {
      match = matchRoute(line.method, line.rawPath);
    } catch {
      return send(response, errorResult(400, 'invalid_request', 'the path is not valid percent-encoding'), requestId);
    }
    if (match === undefined) {
      const text = `no route for ${line.method} ${line.rawPath}`;
      return send(response, errorResult(404, 'route_not_found', text), requestId);
    }
    if ('allowed' in match) {
      const allow = match.allowed.join(', ');
      const text = `${line.method} is not allowed on ${line.rawPath}; use ${allow}`;
      return send(response, errorResult(405, 'method_not_allowed', text, [['allow', allow]]), requestId);
    }

    const read = await readBody(message, maxBodyBytes);
    if (read.kind === 'aborted') return;
    if (read.kind === 'too_large') {
      discardRest(message);
      const text = `the request body is larger than ${maxBodyBytes} bytes`;
      return send(response, errorResult(413, 'payload_too_large', text, [['connection', 'close']]), requestId);
    }

    const event = buildEvent(message, line, match.route, match.pathParameters, read.body, requestId);
    let result: HttpResult;
    try {
      result = toHttpResult(await options.invoker.invoke(match.route.function, event));
    } catch (error) {
      onError(error, { routeKey: event.routeKey, requestId });
      result = errorResult(500, 'internal_error', 'Internal Server Error');
    }
    send(response, result, requestId);
  };

  const inFlight = new Set<Promise<void>>();
  const server = createServer((message, response) => {
    const done = handle(message, response).catch((error: unknown) => {
      // Reached only when the response itself could not be written, e.g. a header value with a newline.
      onError(error, { routeKey: `${message.method} ${message.url}`, requestId: 'none' });
      if (!response.headersSent) send(response, errorResult(500, 'internal_error', 'Internal Server Error'), 'none');
      else response.destroy();
    });
    inFlight.add(done);
    done.finally(() => inFlight.delete(done));
  });

  const port = await listen(server, options.port, host);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, CLOSE_GRACE_MS);
        });
        await Promise.race([Promise.allSettled([...inFlight]), grace]);
        clearTimeout(timer);
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
