/**
 * Zendesk webhooks subscribed to ticket events (`zen:event-type:ticket.*`, DESIGN §9).
 *
 * Signature: `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(secret, timestamp + body)), where the timestamp
 * is `X-Zendesk-Webhook-Signature-Timestamp`; a timestamp outside the window is refused, bounding replays.
 * The payload names the requester by user id only, never by e-mail: opening a ticket rests on the webhook's
 * signature instead of the case-administrator check.
 */
import * as z from 'zod';
import type { Severity } from '../policy/schema.ts';
import { parseInstant } from '../time/instant.ts';
import {
  accepted,
  cleanText,
  header,
  hmacSha256,
  ignored,
  instantOf,
  isAgent,
  matchesAnySecret,
  parseJsonBody,
  readPayload,
  refused,
  severityOf,
  sha256Hex,
  supportIdFor,
} from './common.ts';
import type { Connector, ConnectorSettings, Step, TicketSnapshot, Translation } from './types.ts';

export const ZENDESK_DEFAULT_TOLERANCE_SECONDS = 600;

/** Zendesk's priorities (DESIGN §9); a ticket without one counts as normal. */
const defaultSeverities: Record<string, Severity> = { urgent: 1, high: 2, normal: 3, low: 4 };
const NO_PRIORITY: Severity = 3;

// Ids arrive as strings in event subscriptions ("5158"); numbers are accepted too, as the REST API uses them.
const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const optionalId = z
  .union([z.string(), z.number().int(), z.null()])
  .optional()
  .transform((value) => {
    if (value === null || value === undefined || value === '' || value === '0' || value === 0) return null;
    return String(value);
  });

const detail = z.object({
  id,
  created_at: z.string(),
  subject: z.string().nullish(),
  description: z.string().nullish(),
  priority: z.string().nullish(),
  status: z.string().nullish(),
  organization_id: optionalId,
  requester_id: optionalId,
  actor_id: optionalId,
  via: z.object({ channel: z.string().nullish() }).nullish(),
});

const payloadSchema = z.object({
  type: z.string().min(1),
  id: z.string().min(1),
  time: z.string(),
  detail,
  event: z.record(z.string(), z.unknown()).nullish(),
});

const changeEvent = z.object({ current: z.string().nullish(), previous: z.string().nullish() });
const commentEvent = z.object({
  comment: z.object({
    id,
    is_public: z.boolean(),
    author: z.object({ id, is_staff: z.boolean().nullish(), name: z.string().nullish() }),
  }),
});

type Payload = z.output<typeof payloadSchema>;

function deliveryId(request: Parameters<Connector['deliveryId']>[0]): string {
  const json = parseJsonBody(request.body);
  if (json.ok && typeof json.value === 'object' && json.value !== null) {
    const bodyId = (json.value as { id?: unknown }).id;
    if (typeof bodyId === 'string' && bodyId !== '') return bodyId;
  }
  return header(request, 'x-zendesk-webhook-invocation-id') || `sha256:${sha256Hex(request.body)}`;
}

function verify(
  request: Parameters<Connector['verify']>[0],
  secrets: readonly string[],
  now: Date,
  options: { toleranceSeconds?: number } = {},
) {
  const signature = header(request, 'x-zendesk-webhook-signature');
  const timestamp = header(request, 'x-zendesk-webhook-signature-timestamp');
  if (!signature || !timestamp) {
    return refused('X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp are required');
  }
  // A SHA-256 digest is 32 bytes: 44 characters of padded base64, nothing else.
  if (!/^[A-Za-z0-9+/]{43}=$/.test(signature)) return refused('X-Zendesk-Webhook-Signature is not a base64 digest');
  const signedAt = parseInstant(timestamp);
  if (signedAt === undefined) return refused('X-Zendesk-Webhook-Signature-Timestamp is not an ISO-8601 instant');
  const tolerance = options.toleranceSeconds ?? ZENDESK_DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now.getTime() - signedAt) > tolerance * 1000) {
    return refused(`X-Zendesk-Webhook-Signature-Timestamp is more than ${tolerance} s from now`);
  }
  const given = Buffer.from(signature, 'base64');
  const ok = matchesAnySecret(secrets, (secret) => hmacSha256(secret, timestamp, request.body), given);
  return ok ? accepted : refused('signature does not match');
}

function snapshotOf(payload: Payload, settings: ConnectorSettings, severity: Severity) {
  const { detail } = payload;
  const mapped = supportIdFor(detail.organization_id, settings);
  if ('unmapped' in mapped) return { unavailable: mapped.unmapped };
  const openedAt = instantOf(detail.created_at);
  if (openedAt === undefined) return { unavailable: 'detail.created_at is not an ISO-8601 instant' };
  const snapshot: TicketSnapshot = {
    supportId: mapped.supportId,
    subject: cleanText(detail.subject, 500) ?? `Zendesk ticket ${detail.id}`,
    description: detail.description ?? undefined,
    severity,
    openedAt,
    requesterEmail: null,
    requester: detail.requester_id ? `zendesk user ${detail.requester_id}` : 'zendesk requester',
    product: 'Zendesk',
    channel: detail.via?.channel === 'email' ? 'email' : 'web',
  };
  return { snapshot };
}

function translate(request: Parameters<Connector['translate']>[0], settings: ConnectorSettings): Translation {
  const read = readPayload(request, payloadSchema);
  if (!read.ok) return ignored('unknown', read.reason);
  const payload = read.payload;
  const { type: event, detail } = payload;
  const ticketId = detail.id;
  const at = instantOf(payload.time);
  if (at === undefined) return ignored(event, 'time is not an ISO-8601 instant', ticketId);
  const current = severityOf(detail.priority, defaultSeverities, settings) ?? NO_PRIORITY;
  const by = detail.actor_id ? `zendesk user ${detail.actor_id}` : 'zendesk';
  const apply = (steps: Step[], snapshotSeverity: Severity = current): Translation => ({
    kind: 'apply',
    event,
    sourceTicketId: ticketId,
    opening: snapshotOf(payload, settings, snapshotSeverity),
    steps,
  });

  switch (event) {
    case 'zen:event-type:ticket.created':
      return apply([{ type: 'open' }]);
    case 'zen:event-type:ticket.priority_changed': {
      // Without an event object (not `{}`, whose fields are all absent) the ticket's own field is the new value.
      const change = changeEvent.safeParse(payload.event);
      const to = change.success ? change.data.current : detail.priority;
      const from = change.success ? change.data.previous : undefined;
      const severity = to ? severityOf(to, defaultSeverities, settings) : NO_PRIORITY;
      if (severity === undefined) {
        return ignored(event, `priority ${JSON.stringify(to)} has no severity: add it to the connection's severities`);
      }
      const before = from ? (severityOf(from, defaultSeverities, settings) ?? NO_PRIORITY) : NO_PRIORITY;
      return apply(
        [{ type: 'severity', severity, at, by, reason: `Zendesk priority ${from ?? 'none'} → ${to ?? 'none'}` }],
        before,
      );
    }
    case 'zen:event-type:ticket.comment_added': {
      const parsed = commentEvent.safeParse(payload.event ?? {});
      if (!parsed.success) return ignored(event, 'event.comment is not of the documented shape', ticketId);
      const { comment } = parsed.data;
      if (!comment.is_public) return ignored(event, 'an internal note (private comment)', ticketId);
      const author = comment.author.id;
      if (comment.author.is_staff === true || isAgent(settings, author)) {
        return apply([{ type: 'respond', at, by: comment.author.name ?? `zendesk user ${author}` }]);
      }
      return apply([{ type: 'customer_reply', at }]);
    }
    case 'zen:event-type:ticket.status_changed': {
      // Without an event object (not `{}`, whose fields are all absent) the ticket's own field is the new value.
      const change = changeEvent.safeParse(payload.event);
      const status = (change.success ? change.data.current : detail.status) ?? '';
      if (!['solved', 'closed'].includes(status.toLowerCase())) {
        return ignored(
          event,
          `status changed to ${status || 'nothing'}: only solved or closed ends the ticket`,
          ticketId,
        );
      }
      return apply([{ type: 'close', at, by, resolution: `Zendesk status ${status.toLowerCase()}` }]);
    }
    default:
      return ignored(event, `the service does not read ${event} events`, ticketId);
  }
}

export const zendesk: Connector = { source: 'zendesk', deliveryId, verify, translate };
