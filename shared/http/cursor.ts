/**
 * The opaque cursor of `GET /tickets?state=` (DESIGN §11): the position after a page's last ticket and the
 * query it belongs to, signed with a key derived from the webhook secret. A cursor that was altered, forged,
 * or made for another state or filter is a 400 naming `cursor`, never a silent wrong page.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from './errors.ts';

export interface CursorQuery {
  state: string;
  program?: string | undefined;
  severity?: number | undefined;
}

interface CursorBody extends CursorQuery {
  after: string;
}

/** A key for cursors only, so a cursor's MAC can never be replayed as a request signature. */
export function cursorKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('sla-monitor list cursor v1').digest();
}

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest();

export function encodeCursor(key: Buffer, query: CursorQuery, after: string): string {
  const body: CursorBody = { state: query.state, program: query.program, severity: query.severity, after };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

const refuse = (message: string) =>
  new HttpError(400, 'invalid_request', `invalid cursor: ${message}`, [{ field: 'cursor', message }]);

/** The position a cursor carries, after checking its MAC (in constant time) and that it fits `query`. */
export function decodeCursor(key: Buffer, query: CursorQuery, cursor: string): string {
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) throw refuse('not a cursor this API returned');
  const expected = mac(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw refuse('its signature does not match (it was altered or not issued by this API)');
  }
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    throw refuse('not a cursor this API returned');
  }
  if (body.state !== query.state || body.program !== query.program || body.severity !== query.severity) {
    throw refuse('it belongs to another state or filter; use it with the query that returned it');
  }
  if (typeof body.after !== 'string') throw refuse('not a cursor this API returned');
  return body.after;
}
