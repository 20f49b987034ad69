/**
 * What every connector needs and no connector should write twice: constant-time checks over the raw bytes,
 * strict body decoding, the severity and organisation maps of DESIGN §9.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { Severity } from '../policy/schema.ts';
import { normalizeInstant } from '../time/instant.ts';
import type { ConnectorSettings, Translation, VerifyResult, WebhookRequest } from './types.ts';

export const header = (request: WebhookRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return value === undefined ? undefined : value.trim();
};

export function hmacSha256(secret: string, ...parts: (string | Uint8Array)[]): Buffer {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Whether `given` equals the expected digest under any of the secrets. Every secret is tried, whatever the
 * outcome, and each comparison is constant-time, so the answer time says nothing about which secret matched
 * or how close a guess came (DESIGN §9: two secrets during a rotation).
 */
export function matchesAnySecret(
  secrets: readonly string[],
  expected: (secret: string) => Buffer,
  given: Buffer,
): boolean {
  let matched = false;
  for (const secret of secrets) {
    const digest = expected(secret);
    const equal = digest.length === given.length && timingSafeEqual(digest, given);
    matched = matched || equal;
  }
  return matched;
}

export const refused = (reason: string): VerifyResult => ({ ok: false, reason });
export const accepted: VerifyResult = { ok: true };

/** `sha256=<64 hex>` (GitHub's and Jira's header) → the 32 digest bytes, or undefined when malformed. */
export function sha256HexSignature(value: string | undefined): Buffer | undefined {
  const hex = value === undefined ? undefined : /^sha256=([0-9a-f]{64})$/i.exec(value)?.[1];
  return hex === undefined ? undefined : Buffer.from(hex, 'hex');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as JSON, decoded strictly: bytes that are not UTF-8 are refused rather than replaced. */
export function parseJsonBody(body: Uint8Array): { ok: true; value: unknown } | { ok: false; reason: string } {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return { ok: false, reason: 'the body is not UTF-8' };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
}

/** The first problem zod found, as a sentence naming the field: what the deliveries list shows the admin. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'the payload is not of the documented shape';
  const path = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `the payload is not of the documented shape: ${path}: ${issue.message}`;
}

/** Parses the body with a connector's schema, or says why the delivery is ignored. */
export function readPayload<S extends z.ZodType>(
  request: WebhookRequest,
  schema: S,
): { ok: true; payload: z.output<S> } | { ok: false; reason: string } {
  const json = parseJsonBody(request.body);
  if (!json.ok) return json;
  const parsed = schema.safeParse(json.value);
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, reason: describeIssue(parsed.error) };
}

/**
 * A priority name or label → severity (DESIGN §9): the connection's `severities` first, then the source's
 * defaults, both case-insensitively; `undefined` when neither knows the name.
 */
export function severityOf(
  name: string | null | undefined,
  defaults: Readonly<Record<string, Severity>>,
  settings: Pick<ConnectorSettings, 'severities'>,
): Severity | undefined {
  if (name === null || name === undefined) return undefined;
  const key = name.trim().toLowerCase();
  for (const [override, severity] of Object.entries(settings.severities)) {
    if (override.trim().toLowerCase() === key) return severity;
  }
  return Object.hasOwn(defaults, key) ? defaults[key] : undefined;
}

/** The source's organisation → our support ID: the connection's map, then its default, else none (DESIGN §9). */
export function supportIdFor(
  organization: string | null | undefined,
  settings: Pick<ConnectorSettings, 'organizations' | 'defaultSupportId'>,
): { supportId: string } | { unmapped: string } {
  if (organization !== null && organization !== undefined && organization !== '') {
    if (Object.hasOwn(settings.organizations, organization)) {
      return { supportId: settings.organizations[organization] as string };
    }
  }
  if (settings.defaultSupportId !== null) return { supportId: settings.defaultSupportId };
  const named = organization ? `organisation ${JSON.stringify(organization)}` : 'a delivery without an organisation';
  return { unmapped: `${named} is not mapped to a support ID and the connection has no defaultSupportId` };
}

export const isAgent = (settings: Pick<ConnectorSettings, 'agents'>, ...ids: (string | null | undefined)[]) =>
  ids.some((id) => id !== null && id !== undefined && settings.agents.includes(id));

/** An instant as the source wrote it → our canonical UTC form, or undefined when it is not one. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A requester's address as the ticket system gives it, trimmed, or null when it is absent or no address. */
export function emailOrNull(text: string | null | undefined): string | null {
  const email = text?.trim();
  return email && EMAIL.test(email) ? email : null;
}

/**
 * An object's own fields on a prototype-free copy, for schemas with keys that objects inherit (`toString`):
 * zod reads `input[key]`, so an absent own `toString` would read Object.prototype's function and fail the parse.
 */
export const ownFields = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.assign(Object.create(null) as object, value)
    : value;

export const instantOf = (text: string | null | undefined): string | undefined =>
  text === null || text === undefined ? undefined : normalizeInstant(text);

export const ignored = (event: string, reason: string, sourceTicketId?: string): Translation => ({
  kind: 'ignored',
  event,
  reason,
  sourceTicketId,
});

// C0, C1 and the Unicode line separators (DESIGN §4.1).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Subjects refuse control characters (DESIGN §4.1): the source's own text is cleaned rather than refused. */
export function cleanText(text: string | null | undefined, max: number): string | undefined {
  if (text === null || text === undefined) return undefined;
  const cleaned = text.replace(CONTROL_CHARACTERS, ' ').replace(/ {2,}/g, ' ').trim();
  return cleaned === '' ? undefined : cleaned.slice(0, max);
}
