/**
 * The one shape every connector has (DESIGN §9): a ticket system's own webhook in, our events out.
 *
 *   webhook request ──verify──▶ authentic? ──translate──▶ Translation (open / severity / respond / … / ignored)
 *                                                          └──▶ the webhooks door applies it through TicketService
 *
 * Everything here is pure: no AWS, no I/O, time from the caller. A connector reads the raw bytes the sender
 * signed, never a re-serialised body.
 */
import type { Severity } from '../policy/schema.ts';

/** The ticket systems we read natively; `native` (our own JSON API) has no connector module. */
export type ConnectorSource = 'zendesk' | 'jira' | 'github' | 'freshdesk';

/** One HTTP delivery as the sender made it. */
export interface WebhookRequest {
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The exact bytes of the body (API Gateway's base64 already decoded). */
  body: Uint8Array;
}

/**
 * The connection settings a connector reads (DESIGN §9, `PUT /connections/{id}`), narrowed from the
 * registry's `Connection` so the pure modules depend on nothing else of it.
 */
export interface ConnectorSettings {
  connectionId: string;
  /** `{"<the source's organisation>": "<supportId>"}`. */
  organizations: Readonly<Record<string, string>>;
  defaultSupportId: string | null;
  /** `{"<priority name or label>": 1–4}`: overrides the source's default map, compared case-insensitively. */
  severities: Readonly<Record<string, Severity>>;
  /** Source user ids or logins that count as support staff where the source cannot say. */
  agents: readonly string[];
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface VerifyOptions {
  /** Zendesk's replay window around its signature timestamp (DESIGN §9: configuration, default 600 s). */
  toleranceSeconds?: number;
}

/** What the delivery tells us about the ticket, enough to open it here if it is not open yet. */
export interface TicketSnapshot {
  supportId: string;
  subject: string;
  description?: string | undefined;
  /** The severity before this delivery's own change, so opening from it and then applying the change keeps §3. */
  severity: Severity;
  /** The source ticket's creation time (ISO-8601, UTC). */
  openedAt: string;
  /** The requester's e-mail where the payload names it (Jira, Freshdesk); `null` where it cannot (Zendesk, GitHub). */
  requesterEmail: string | null;
  /** The requester as the source knows them (user id or login), for the history. */
  requester: string;
  product: string;
  channel: 'web' | 'email';
  /** Where the source shows the ticket, for people reading our view. */
  sourceUrl?: string | undefined;
}

/** One change to apply, in our words, dated by the source's event time (DESIGN §9), not by arrival. */
export type Step =
  | { type: 'open' }
  | { type: 'severity'; severity: Severity; at: string; by: string; reason: string }
  | { type: 'respond'; at: string; by: string }
  | { type: 'customer_reply'; at: string }
  | { type: 'close'; at: string; by: string; resolution: string };

export type Translation =
  | {
      kind: 'apply';
      /** The source's name for the event (`zen:event-type:ticket.created`, `issue_comment.created`…). */
      event: string;
      /** The source's ticket id: with the connection id, the ticket's `externalId`. */
      sourceTicketId: string;
      /** How to open the ticket if it is not open here yet, or why it cannot be opened from this delivery. */
      opening: { snapshot: TicketSnapshot } | { unavailable: string; supportId?: string | undefined };
      steps: Step[];
    }
  | { kind: 'ignored'; event: string; reason: string; sourceTicketId?: string | undefined };

export interface TranslateContext {
  /** When the delivery arrived: the event time only where the source sends none (Freshdesk). */
  receivedAt: Date;
}

/** A ticket system's webhook, as one object of one shape (STYLE: one folder of pure modules per integration). */
export interface Connector {
  source: ConnectorSource;
  /** What makes two deliveries the same one (DESIGN §9 table), read from headers or body. */
  deliveryId(request: WebhookRequest): string;
  /** The sender's own authentication, over the raw bytes, against each secret, in constant time. */
  verify(request: WebhookRequest, secrets: readonly string[], now: Date, options?: VerifyOptions): VerifyResult;
  translate(request: WebhookRequest, settings: ConnectorSettings, context: TranslateContext): Translation;
}
