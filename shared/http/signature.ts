/**
 * Request signing, v2 (DESIGN §4.1): `X-Sla-Timestamp: <unix seconds>` and
 * `X-Sla-Signature: v2=<lower-case hex HMAC-SHA256(secret, "<timestamp>.<METHOD>.<path and query>.<raw body>")>`.
 * The path and query are the request's as sent (API Gateway's `rawPath`, then `?rawQueryString` when there is
 * one), so a signature made for one ticket, route or query is worthless on another.
 *
 * Whose secret: with `X-Sla-Connection: <id>`, the secrets of that registered `native` connection (scoped to
 * its accounts and access); without it, the built-in connection `default` (`SLA_WEBHOOK_SECRET`, every account,
 * write) for ticket routes and the admin secret for admin routes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConfigError } from '../config.ts';
import { type Actor, type Connection, DEFAULT_CONNECTION_ID } from '../connections/connection.ts';
import type { Clock } from '../time/clock.ts';
import { HttpError } from './errors.ts';
import { rawBody } from './raw-body.ts';
import { type RouteAuth, routeKey, routes, type SecretName } from './routes.ts';

/** A timestamp further than this from now, in either direction, is refused: it bounds replays of a captured request. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** How long a secret fetched from Secrets Manager is reused across invocations before it is read again. */
const SECRET_MAX_AGE_SECONDS = 300;

/**
 * How long a looked-up connection (or its absence) is reused by a warm function: a rotation or a change of
 * scope takes effect within this time, and a flood of unknown connection ids costs one read per id per period.
 */
export const CONNECTION_CACHE_SECONDS = 30;
const CONNECTION_CACHE_MAX_ENTRIES = 1000;

const secretEnv: Record<SecretName, { value: string; arn: string }> = {
  webhook: { value: 'SLA_WEBHOOK_SECRET', arn: 'SLA_WEBHOOK_SECRET_ARN' },
  admin: { value: 'SLA_ADMIN_SECRET', arn: 'SLA_ADMIN_SECRET_ARN' },
};

/** What the signature covers besides the timestamp. */
export interface SignedRequest {
  method: string;
  /** The path, then `?` and the query string when there is one, exactly as sent. */
  pathAndQuery: string;
  body: Uint8Array;
}

export const signedRequestOf = (event: APIGatewayProxyEventV2): SignedRequest => ({
  method: event.requestContext.http.method,
  pathAndQuery: event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath,
  body: rawBody(event),
});

function hmac(secret: string, timestamp: string, request: SignedRequest): Buffer {
  return createHmac('sha256', secret)
    .update(`${timestamp}.${request.method}.${request.pathAndQuery}.`)
    .update(request.body)
    .digest();
}

export interface SignatureHeaders {
  timestamp: string;
  /** The 32 bytes of the `v2=` digest. */
  digest: Buffer;
  /** `X-Sla-Connection`, when the request names a registered connection. */
  connectionId: string | undefined;
}

const connectionIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Checks the headers' presence, shape and freshness, all before any secret is read or HMAC spent.
 * Header names are lower-case (after `@middy/http-header-normalizer`).
 */
export function readSignatureHeaders(
  headers: Record<string, string | undefined> | undefined,
  now: Date,
): SignatureHeaders {
  const timestamp = headers?.['x-sla-timestamp']?.trim();
  const signature = headers?.['x-sla-signature']?.trim();
  if (!timestamp || !signature) {
    throw new HttpError(401, 'missing_signature', 'X-Sla-Timestamp and X-Sla-Signature headers are required');
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new HttpError(401, 'invalid_signature', 'X-Sla-Timestamp must be unix seconds');
  }
  // One spelling only: exactly 64 lower-case hex digits. A second spelling of the same digest (upper case, two
  // signatures, v1) would be a second key for "seen before" and let one captured write apply twice.
  const hex = /^v2=([0-9a-f]{64})$/.exec(signature)?.[1];
  if (hex === undefined) {
    throw new HttpError(401, 'invalid_signature', 'X-Sla-Signature must be v2=<64 lower-case hex digits>');
  }
  const connectionId = headers?.['x-sla-connection']?.trim();
  if (connectionId !== undefined && !connectionIdPattern.test(connectionId)) {
    throw new HttpError(401, 'invalid_signature', 'X-Sla-Connection must be a connection id');
  }
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) {
    throw new HttpError(401, 'signature_expired', `X-Sla-Timestamp is more than ${MAX_CLOCK_SKEW_SECONDS} s from now`);
  }
  return { timestamp, digest: Buffer.from(hex, 'hex'), connectionId };
}

/**
 * Passes if the digest is any of the secrets' (two during a rotation). Each comparison takes constant time, and
 * every secret is tried, so the response time leaks neither how much of a guess was right nor which secret matched.
 */
export function checkDigest(secrets: readonly string[], signed: SignatureHeaders, request: SignedRequest): void {
  let matched = false;
  for (const secret of secrets) {
    const expected = hmac(secret, signed.timestamp, request);
    if (signed.digest.length === expected.length && timingSafeEqual(signed.digest, expected)) matched = true;
  }
  if (!matched) throw new HttpError(401, 'invalid_signature', 'signature does not match');
}

/**
 * The secret's value: the environment variable on the local stack; otherwise Secrets Manager through
 * Powertools Parameters, cached for 5 minutes so a warm function does not call the API per request.
 */
export async function resolveSecret(name: SecretName, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { value, arn } = secretEnv[name];
  const local = env[value];
  if (local) return local;
  const secretArn = env[arn];
  if (!secretArn) throw new ConfigError(`neither ${value} nor ${arn} is set: cannot check ${name} signatures`);
  const secret = await getSecret(secretArn, { maxAge: SECRET_MAX_AGE_SECONDS });
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new ConfigError(`secret ${secretArn} (${arn}) has no string value`);
  }
  return secret;
}

const secretByRouteKey = new Map(routes.map((route) => [routeKey(route), route.secret]));

/** Which secret signs a route (DESIGN §4), from the one route table; `undefined` for a route we do not serve. */
export const secretNameFor = (key: string): RouteAuth | undefined => secretByRouteKey.get(key);

/** Reads a registered connection, secrets included: only the signature check may see them. */
export type ConnectionLookup = (connectionId: string) => Promise<Connection | undefined>;

/** A lookup that reuses each answer, found or not, for `CONNECTION_CACHE_SECONDS` of the given clock. */
export function cachedConnections(lookup: ConnectionLookup, clock: Clock): ConnectionLookup {
  const cache = new Map<string, { connection: Connection | undefined; until: number }>();
  return async (connectionId) => {
    const now = clock().getTime();
    const hit = cache.get(connectionId);
    if (hit && hit.until > now) return hit.connection;
    const connection = await lookup(connectionId);
    // Bounded: ids an attacker makes up cannot grow a warm function's memory without limit.
    if (cache.size >= CONNECTION_CACHE_MAX_ENTRIES) cache.clear();
    cache.set(connectionId, { connection, until: now + CONNECTION_CACHE_SECONDS * 1000 });
    return connection;
  };
}

/** The acting connection of a signed request, with what it may do. */
export interface Principal extends Actor {
  access: 'read' | 'write';
}

/** Second gate, after the limits and before any parsing: an unsigned request is never read. */
export function requestSignature(options: {
  clock: Clock;
  secret?: (name: SecretName) => Promise<string>;
  /** Where `X-Sla-Connection` is looked up; without it, a request naming a connection is refused. */
  connections?: ConnectionLookup;
  /** Receives the acting connection of each request that passed. */
  onPrincipal?: (event: APIGatewayProxyEventV2, principal: Principal) => void;
}): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const secretOf = options.secret ?? ((name: SecretName) => resolveSecret(name));
  const connections = options.connections ? cachedConnections(options.connections, options.clock) : undefined;
  return {
    before: async (request) => {
      const { event } = request;
      const name = secretNameFor(event.routeKey);
      // Fail closed: a route without a known secret is not served rather than served unsigned.
      if (name === undefined) throw new HttpError(404, 'route_not_found', `no route ${event.routeKey}`);
      // A connection's own scheme (DESIGN §9) is checked by its function, which holds the connection's secrets.
      // Its principal is the connection the path names, vouched for only once the function has verified it.
      if (name === 'connection') {
        const connectionId = event.pathParameters?.connectionId ?? '';
        options.onPrincipal?.(event, { connectionId, accounts: null, access: 'write' });
        return;
      }
      const signed = readSignatureHeaders(event.headers, options.clock());
      const signedRequest = signedRequestOf(event);
      let principal: Principal;
      if (signed.connectionId === undefined) {
        checkDigest([await secretOf(name)], signed, signedRequest);
        principal = {
          connectionId: name === 'admin' ? 'admin' : DEFAULT_CONNECTION_ID,
          accounts: null,
          access: 'write',
        };
      } else {
        if (name === 'admin') {
          throw new HttpError(401, 'invalid_signature', 'admin routes take the admin secret, not X-Sla-Connection');
        }
        const connection = await connections?.(signed.connectionId);
        // An unknown id and a wrong secret answer alike, so the header cannot probe which connections exist.
        if (connection?.source !== 'native') {
          throw new HttpError(401, 'invalid_signature', 'signature does not match');
        }
        checkDigest(connection.secrets, signed, signedRequest);
        principal = { connectionId: connection.connectionId, accounts: connection.accounts, access: connection.access };
      }
      if (principal.access === 'read' && signedRequest.method !== 'GET') {
        throw new HttpError(403, 'not_authorized', `connection ${principal.connectionId} may only read`);
      }
      options.onPrincipal?.(event, principal);
    },
  };
}
