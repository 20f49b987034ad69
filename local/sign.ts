/**
 * The request signature of DESIGN §4.1 (v2), shared by the test helpers, the bench and the curl helper.
 * Written apart from the verifier (shared/http/signature.ts), so a test signing with it checks the verifier
 * against a second reading of the rule rather than against itself.
 */
import { createHmac } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Sla-Timestamp';
export const SIGNATURE_HEADER = 'X-Sla-Signature';
/** Names the registered `native` connection whose secret signs the request (DESIGN §4.1). */
export const CONNECTION_HEADER = 'X-Sla-Connection';

/**
 * `v2=<lower-case hex HMAC-SHA256(secret, "<timestamp>.<METHOD>.<path and query>.<raw body>")>`, the value of the
 * X-Sla-Signature header. `pathAndQuery` is exactly what goes on the request line: `/tickets?state=running`.
 */
export function sign(
  secret: string,
  timestamp: number | string,
  method: string,
  pathAndQuery: string,
  body: string | Uint8Array = '',
): string {
  const hmac = createHmac('sha256', secret);
  // The method as sent (HTTP methods are case-sensitive): `POST`, not `post`.
  hmac.update(`${timestamp}.${method}.${pathAndQuery}.`);
  // Bytes are hashed as sent, so a body that is not valid UTF-8 can still be signed for fuzzing.
  hmac.update(body);
  return `v2=${hmac.digest('hex')}`;
}

/** The unix-seconds timestamp the signature covers. */
export const unixSeconds = (at: Date = new Date()): number => Math.floor(at.getTime() / 1000);

/** The signature headers for one request, timestamped `timestamp` (default: now), naming `connectionId` if given. */
export function signatureHeaders(
  secret: string,
  method: string,
  pathAndQuery: string,
  body: string | Uint8Array = '',
  timestamp: number = unixSeconds(),
  connectionId?: string,
): Record<string, string> {
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: sign(secret, timestamp, method, pathAndQuery, body),
    ...(connectionId === undefined ? {} : { [CONNECTION_HEADER]: connectionId }),
  };
}
