/**
 * Use case: a ticket system's webhook delivery → its connector (verify, translate) → TicketService (DESIGN §9).
 *
 *   webhooks door → WebhookDeliveries.receive → connectors[source].verify / translate (pure)
 *                                              → DeliveryLog.claim (at most once per delivery id)
 *                                              → TicketService.open / changeSeverity / respond / … (the rules)
 *                                              → DeliveryLog.settle (outcome, readable by the admin)
 *
 * No rule is written here: whatever the policy refuses becomes an `ignored` delivery with the refusal as its
 * reason, since a sender cannot fix it by retrying; only our own faults propagate, so the sender retries them.
 */
import type { Connection } from '../connections/connection.ts';
import { sha256Hex } from '../connectors/common.ts';
import { connectors } from '../connectors/index.ts';
import type { ConnectorSettings, Step, TicketSnapshot, Translation, WebhookRequest } from '../connectors/types.ts';
import type { DeliveryLog, DeliveryRecord, TicketStore } from '../ports.ts';
import { DomainError, isDomainError } from '../sla/errors.ts';
import type { Clock } from '../time/clock.ts';
import type { TicketService } from './service.ts';
import type { Telemetry } from './telemetry.ts';

/** How long a delivery being applied holds its claim: a crashed attempt's claim is taken over after it. */
const CLAIM_LEASE_MS = 60_000;
/** The bounds our own API puts on event times (DESIGN §4), so a backdated delivery cannot page at once. */
const FUTURE_LEEWAY_MS = 5 * 60_000;
const PAST_LIMIT_MS = 90 * 86_400_000;

export type WebhookAnswer =
  | { kind: 'refused'; deliveryId: string; reason: string }
  | { kind: 'answered'; body: Omit<DeliveryRecord, 'connectionId' | 'receivedAt' | 'event'> };

export interface WebhookDeps {
  store: TicketStore;
  deliveries: DeliveryLog;
  service: TicketService;
  clock: Clock;
  telemetry: Telemetry;
  /** Zendesk's signature window (DESIGN §9: configuration, default 600 s). */
  toleranceSeconds?: number | undefined;
}

type Applied = Pick<DeliveryRecord, 'outcome' | 'action' | 'ticketId' | 'reason'>;

const actions = {
  open: 'opened',
  severity: 'severity_changed',
  respond: 'responded',
  customer_reply: 'customer_replied',
  close: 'closed',
} as const;

/** A sender's id as a key: printable and short, or its digest (an unauthenticated sender chooses it). */
const safeDeliveryId = (id: string) => (/^[\x21-\x7e]{1,128}$/.test(id) ? id : `sha256:${sha256Hex(id)}`);

export class WebhookDeliveries {
  constructor(private readonly deps: WebhookDeps) {}

  /** The connection a webhook names; only ticket-system connections have one (native signs our own way). */
  async connection(connectionId: string): Promise<Connection> {
    const connection = await this.deps.store.getConnection(connectionId);
    if (!connection || connection.source === 'native') {
      throw new DomainError('connection_not_found', `no ticket-system connection ${connectionId}`);
    }
    return connection;
  }

  async receive(connectionId: string, request: WebhookRequest): Promise<WebhookAnswer> {
    const connection = await this.connection(connectionId);
    const connector = connectors[connection.source as keyof typeof connectors];
    const now = this.deps.clock();
    const receivedAt = now.toISOString();
    const deliveryId = safeDeliveryId(connector.deliveryId(request));
    const base = { connectionId, deliveryId, receivedAt };

    const verified = connector.verify(request, connection.secrets, now, {
      ...(this.deps.toleranceSeconds !== undefined ? { toleranceSeconds: this.deps.toleranceSeconds } : {}),
    });
    if (!verified.ok) {
      // Recorded so the admin sees it; the body is never read, so the event is not named.
      await this.deps.deliveries.record({ ...base, event: 'unverified', outcome: 'refused', reason: verified.reason });
      return { kind: 'refused', deliveryId, reason: verified.reason };
    }

    const translation = connector.translate(request, settingsOf(connection), { receivedAt: now });
    const event = translation.event;
    const claim = await this.deps.deliveries.claim(
      connectionId,
      deliveryId,
      new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(),
      receivedAt,
    );
    if (!claim.claimed) {
      const first = claim.first;
      const duplicate: DeliveryRecord = {
        ...base,
        event,
        outcome: 'duplicate',
        action: first?.action,
        ticketId: first?.ticketId,
        reason: first
          ? `first received ${first.receivedAt}: ${first.outcome}${first.reason ? ` (${first.reason})` : ''}`
          : 'the same delivery is being applied right now',
      };
      await this.deps.deliveries.record(duplicate);
      return answer(duplicate);
    }

    let applied: Applied;
    try {
      applied = await this.apply(connection, translation, now);
    } catch (error) {
      if (!isDomainError(error)) {
        // Ours to fix, so the sender must retry: give the claim up for the retry to apply the delivery.
        await this.deps.deliveries.release(connectionId, deliveryId).catch((releaseError: unknown) => {
          this.deps.telemetry.error('releasing a webhook claim failed; its lease will expire', {
            connectionId,
            deliveryId,
            error: String(releaseError),
          });
        });
        throw error;
      }
      applied = { outcome: 'ignored', reason: `${error.code}: ${error.message}` };
    }
    const record: DeliveryRecord = { ...base, event, ...applied };
    await this.deps.deliveries.settle(record);
    return answer(record);
  }

  async list(connectionId: string, limit: number): Promise<DeliveryRecord[]> {
    await this.connection(connectionId);
    return this.deps.deliveries.list(connectionId, limit);
  }

  private async apply(connection: Connection, translation: Translation, now: Date): Promise<Applied> {
    if (translation.kind === 'ignored') return { outcome: 'ignored', reason: translation.reason };
    const { opening, steps, sourceTicketId } = translation;
    const snapshot = 'snapshot' in opening ? opening.snapshot : undefined;
    const supportId = snapshot?.supportId ?? ('supportId' in opening ? opening.supportId : undefined);
    if (supportId === undefined)
      return { outcome: 'ignored', reason: (opening as { unavailable: string }).unavailable };
    const outOfRange = steps.map((step) => ('at' in step ? timeProblem(step.at, now) : undefined)).find(Boolean);
    if (outOfRange) return { outcome: 'ignored', reason: outOfRange };

    const externalId = `${connection.connectionId}:${sourceTicketId}`;
    let ticketId = await this.deps.store.findTicketIdByExternalId(supportId, externalId);
    let action: DeliveryRecord['action'];
    if (ticketId === undefined) {
      if (!snapshot) {
        const why = (opening as { unavailable: string }).unavailable;
        return { outcome: 'ignored', reason: `ticket ${sourceTicketId} is not open here, and ${why}` };
      }
      const problem = timeProblem(snapshot.openedAt, now, 'the source ticket was created');
      if (problem) return { outcome: 'ignored', reason: problem };
      const opened = await this.deps.service.open(openRequest(connection, snapshot, externalId));
      ticketId = opened.ticket.ticketId;
      if (opened.created) action = 'opened';
    }
    for (const step of steps) {
      if (step.type === 'open') continue;
      await this.applyStep(ticketId, step);
      action = actions[step.type];
    }
    if (action === undefined)
      return { outcome: 'ignored', ticketId, reason: `ticket ${sourceTicketId} is open here already` };
    return { outcome: 'applied', action, ticketId };
  }

  private async applyStep(ticketId: string, step: Exclude<Step, { type: 'open' }>): Promise<void> {
    const { service } = this.deps;
    switch (step.type) {
      case 'severity':
        await service.changeSeverity(ticketId, {
          severity: step.severity,
          changedBy: step.by,
          reason: step.reason,
          at: step.at,
        });
        return;
      case 'respond':
        await service.respond(ticketId, { by: step.by, at: step.at });
        return;
      case 'customer_reply':
        await service.customerReply(ticketId, { at: step.at });
        return;
      case 'close':
        await service.close(ticketId, { by: step.by, resolution: step.resolution, at: step.at });
        return;
    }
  }
}

const settingsOf = (connection: Connection): ConnectorSettings => ({
  connectionId: connection.connectionId,
  organizations: connection.organizations,
  defaultSupportId: connection.defaultSupportId,
  severities: connection.severities,
  agents: connection.agents,
});

function timeProblem(at: string, now: Date, what = 'the event is dated'): string | undefined {
  const instant = Date.parse(at);
  if (instant > now.getTime() + FUTURE_LEEWAY_MS) return `${what} ${at}, more than 5 minutes in the future`;
  if (instant < now.getTime() - PAST_LIMIT_MS) return `${what} ${at}, more than 90 days ago`;
  return undefined;
}

/**
 * Where the delivery names the requester's e-mail (Jira, Freshdesk) the §2 rule holds as for any opener;
 * where it cannot (Zendesk, GitHub), the sender's signature stands in for it and the history says so.
 */
function openRequest(connection: Connection, snapshot: TicketSnapshot, externalId: string) {
  return {
    supportId: snapshot.supportId,
    openedBy: { email: snapshot.requesterEmail ?? '' },
    severity: snapshot.severity,
    product: snapshot.product,
    subject: snapshot.subject,
    description: snapshot.description?.slice(0, 20_000),
    channel: snapshot.channel,
    openedAt: snapshot.openedAt,
    externalId,
    vouchedBy:
      snapshot.requesterEmail === null
        ? { connectionId: connection.connectionId, source: connection.source, requester: snapshot.requester }
        : undefined,
  };
}

const answer = (record: DeliveryRecord): WebhookAnswer => {
  const { connectionId: _c, receivedAt: _r, event: _e, ...body } = record;
  return { kind: 'answered', body };
};
