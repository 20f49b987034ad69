/**
 * Freshdesk automation rules that "Trigger webhook" with the body template of DESIGN §9 (published in the
 * README): `{"event", "ticket_id", "subject", "priority", "status", "requester_email", "company"}`.
 *
 * Freshdesk signs nothing: the rule sends `Authorization: Bearer <secret>`, compared in constant time. Its
 * placeholders carry no event time, so the arrival time stands in for it (an automation rule fires within
 * seconds); the delivery id is the SHA-256 of the body.
 */
import * as z from 'zod';
import type { Severity } from '../policy/schema.ts';
import {
  accepted,
  cleanText,
  emailOrNull,
  header,
  ignored,
  matchesAnySecret,
  readPayload,
  refused,
  severityOf,
  sha256Hex,
  supportIdFor,
} from './common.ts';
import type { Connector, ConnectorSettings, Step, TicketSnapshot, Translation } from './types.ts';

/** Freshdesk's priorities (DESIGN §9). */
const defaultSeverities: Record<string, Severity> = { urgent: 1, high: 2, medium: 3, low: 4 };
const NO_PRIORITY: Severity = 3;

export const freshdeskEvents = [
  'opened',
  'priority_changed',
  'agent_replied',
  'customer_replied',
  'status_changed',
] as const;

// A placeholder inside quotes renders as a string, an unquoted `{{ticket.id}}` as a number: both are fine.
const text = z.union([z.string(), z.number()]).transform(String);

const payloadSchema = z.object({
  event: z.string(),
  ticket_id: text.pipe(z.string().regex(/^\d{1,20}$/, 'a Freshdesk ticket number')),
  subject: z.string().nullish(),
  priority: text.nullish(),
  status: text.nullish(),
  requester_email: z.string().nullish(),
  company: z.string().nullish(),
});

type Payload = z.output<typeof payloadSchema>;

const deliveryId = (request: Parameters<Connector['deliveryId']>[0]) => `sha256:${sha256Hex(request.body)}`;

function verify(request: Parameters<Connector['verify']>[0], secrets: readonly string[]) {
  const value = header(request, 'authorization');
  if (!value) return refused('Authorization: Bearer <secret> is required (a custom header on the Freshdesk rule)');
  const token = /^Bearer\s+(\S+)$/i.exec(value)?.[1];
  if (token === undefined) return refused('Authorization must be Bearer <secret>');
  // Digests first, so the comparison is constant-time whatever the token's length.
  const digest = (secret: string) => Buffer.from(sha256Hex(secret), 'hex');
  return matchesAnySecret(secrets, digest, digest(token)) ? accepted : refused('bearer token does not match');
}

function snapshotOf(payload: Payload, settings: ConnectorSettings, severity: Severity, openedAt: string) {
  const mapped = supportIdFor(payload.company?.trim() || null, settings);
  if ('unmapped' in mapped) return { unavailable: mapped.unmapped };
  const email = payload.requester_email?.trim();
  const snapshot: TicketSnapshot = {
    supportId: mapped.supportId,
    subject: cleanText(payload.subject, 500) ?? `Freshdesk ticket ${payload.ticket_id}`,
    severity,
    openedAt,
    requesterEmail: emailOrNull(email),
    requester: email || 'freshdesk requester',
    product: 'Freshdesk',
    channel: 'web',
  };
  return { snapshot };
}

function translate(
  request: Parameters<Connector['translate']>[0],
  settings: ConnectorSettings,
  context: Parameters<Connector['translate']>[2],
): Translation {
  const read = readPayload(request, payloadSchema);
  if (!read.ok) return ignored('unknown', read.reason);
  const payload = read.payload;
  const { event, ticket_id: ticketId } = payload;
  const at = context.receivedAt.toISOString();
  const priority = payload.priority?.trim() || null;
  const current = priority ? severityOf(priority, defaultSeverities, settings) : NO_PRIORITY;
  if (current === undefined) {
    return ignored(
      event,
      `priority ${JSON.stringify(priority)} has no severity: add it to the connection's severities`,
      ticketId,
    );
  }
  const apply = (steps: Step[]): Translation => ({
    kind: 'apply',
    event,
    sourceTicketId: ticketId,
    // Freshdesk sends no creation time: a ticket first seen through a later event opens at its arrival.
    opening: snapshotOf(payload, settings, current, at),
    steps,
  });

  switch (event) {
    case 'opened':
      return apply([{ type: 'open' }]);
    case 'priority_changed':
      return apply([
        {
          type: 'severity',
          severity: current,
          at,
          by: 'freshdesk',
          reason: `Freshdesk priority ${priority ?? 'none'}`,
        },
      ]);
    case 'agent_replied':
      return apply([{ type: 'respond', at, by: 'freshdesk agent' }]);
    case 'customer_replied':
      return apply([{ type: 'customer_reply', at }]);
    case 'status_changed': {
      const status = payload.status?.trim() ?? '';
      if (!['resolved', 'closed'].includes(status.toLowerCase())) {
        return ignored(
          event,
          `status changed to ${status || 'nothing'}: only Resolved or Closed ends the ticket`,
          ticketId,
        );
      }
      return apply([{ type: 'close', at, by: 'freshdesk', resolution: `Freshdesk ${status}` }]);
    }
    default:
      return ignored(event || 'unknown', `event must be one of ${freshdeskEvents.join(', ')}`, ticketId);
  }
}

export const freshdesk: Connector = { source: 'freshdesk', deliveryId, verify, translate };
