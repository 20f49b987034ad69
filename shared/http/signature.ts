/**
 * Request signing (DESIGN §4): `X-Sla-Timestamp: <unix seconds>` and `X-Sla-Signature: v1=<hex>`, where hex is
 * HMAC-SHA256(secret, `<timestamp>.<raw body>`). The webhook secret signs ticket routes, the admin secret `/accounts`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConfigError } from '../config.ts';
import type { Clock } from '../time/clock.ts';
import { HttpError } from './errors.ts';
import { rawBody } from './raw-body.ts';
import { type RouteAuth, routeKey, routes, type SecretName } from './routes.ts';

/** A timestamp further than this from now, in either direction, is refused: it bounds replays of a captured request. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** How long a secret fetched from Secrets Manager is reused across invocations before it is read again. */
const SECRET_MAX_AGE_SECONDS = 300;

const secretEnv: Record<SecretName, { value: string; arn: string }> = {
  webhook: { value: 'SLA_WEBHOOK_SECRET', arn: 'SLA_WEBHOOK_SECRET_ARN' },
  admin: { value: 'SLA_ADMIN_SECRET', arn: 'SLA_ADMIN_SECRET_ARN' },
};

/** The `X-Sla-Signature` value a sender puts on a request: `v1=<hex>`. */
export function sign(secret: string, timestamp: number | string, body: string | Uint8Array = ''): string {
  return `v1=${hmac(secret, String(timestamp), body).toString('hex')}`;
}

function hmac(secret: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

export interface SignatureHeaders {
  timestamp: string;
  /** The 32 bytes of the `v1=` digest. */
  digest: Buffer;
}

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
  // Exactly 64 hex digits, so the decoded digest always has the HMAC's 32 bytes and odd lengths never reach the compare.
  const hex = /^v1=([0-9a-fA-F]{64})$/.exec(signature)?.[1];
  if (hex === undefined) {
    throw new HttpError(401, 'invalid_signature', 'X-Sla-Signature must be v1=<64 hex digits>');
  }
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) {
    throw new HttpError(401, 'signature_expired', `X-Sla-Timestamp is more than ${MAX_CLOCK_SKEW_SECONDS} s from now`);
  }
  return { timestamp, digest: Buffer.from(hex, 'hex') };
}

/** Compares in constant time, so the response time leaks nothing about how much of a guess was right. */
export function checkDigest(secret: string, signed: SignatureHeaders, body: Uint8Array): void {
  const expected = hmac(secret, signed.timestamp, body);
  if (signed.digest.length !== expected.length || !timingSafeEqual(signed.digest, expected)) {
    throw new HttpError(401, 'invalid_signature', 'signature does not match');
  }
}

/** The whole check, for callers that already hold the secret. Throws the 401 `HttpError`. */
export function verifySignature(input: {
  headers: Record<string, string | undefined> | undefined;
  body: Uint8Array;
  secret: string;
  now: Date;
}): void {
  checkDigest(input.secret, readSignatureHeaders(input.headers, input.now), input.body);
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

/** Second gate, after the limits and before any parsing: an unsigned request is never read. */
export function requestSignature(options: {
  clock: Clock;
  secret?: (name: SecretName) => Promise<string>;
}): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const secretOf = options.secret ?? ((name: SecretName) => resolveSecret(name));
  return {
    before: async (request) => {
      const { event } = request;
      const name = secretNameFor(event.routeKey);
      // Fail closed: a route without a known secret is not served rather than served unsigned.
      if (name === undefined) throw new HttpError(404, 'route_not_found', `no route ${event.routeKey}`);
      // A connection's own scheme (DESIGN §9) is checked by its function, which holds the connection's secrets.
      if (name === 'connection') return;
      const signed = readSignatureHeaders(event.headers, options.clock());
      checkDigest(await secretOf(name), signed, rawBody(event));
    },
  };
}
