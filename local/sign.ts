/** The request signature of DESIGN §4, shared by the test helpers and the curl helper. */
import { createHmac } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Sla-Timestamp';
export const SIGNATURE_HEADER = 'X-Sla-Signature';

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, the value of the X-Sla-Signature header. */
export function sign(secret: string, timestamp: number | string, body: string | Uint8Array = ''): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  // Bytes are hashed as sent, so a body that is not valid UTF-8 can still be signed for fuzzing.
  hmac.update(body);
  return `v1=${hmac.digest('hex')}`;
}

/** The unix-seconds timestamp the signature covers. */
export const unixSeconds = (at: Date = new Date()): number => Math.floor(at.getTime() / 1000);

/** The two signature headers for `body`, timestamped `timestamp` (default: now). */
export function signatureHeaders(
  secret: string,
  body: string | Uint8Array = '',
  timestamp: number = unixSeconds(),
): Record<string, string> {
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: sign(secret, timestamp, body) };
}
