/**
 * The ports the use cases talk to (DESIGN §7): the domain says what it needs, the adapters in
 * `shared/adapters/` say how DynamoDB, EventBridge Scheduler and SES do it.
 */
import type { RenderedEmail } from './mail/render.ts';
import type { Account, HistoryEvent, Partner, Ticket, Timer } from './tickets/ticket.ts';

export class RevisionConflict extends Error {
  override readonly name = 'RevisionConflict';
}

/**
 * What makes two intake requests the same delivery: the sender's external id (kept for good), or, without
 * one, the request's signature (kept for the signature's lifetime, so an exact replay opens nothing).
 */
export type DeliveryKey = { externalId: string } | { signature: string; expiresAt: number };

export type OpenListState = 'running' | 'at_risk' | 'breached';

export interface TicketStore {
  getAccount(supportId: string): Promise<Account | undefined>;
  putAccount(account: Account): Promise<void>;
  getPartner(partnerId: string): Promise<Partner | undefined>;
  putPartner(partner: Partner): Promise<void>;
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  getHistory(ticketId: string): Promise<HistoryEvent[]>;
  /**
   * Writes a new ticket with its history in one transaction; with an external id, a second ticket for the
   * same sender id is refused and the first one's id is returned instead.
   */
  createTicket(
    ticket: Ticket,
    events: HistoryEvent[],
    delivery?: DeliveryKey,
  ): Promise<{ created: true } | { created: false; ticketId: string }>;
  /** One conditional write: succeeds only if the stored ticket is still at `expectedRevision`. */
  saveTicket(ticket: Ticket, expectedRevision: number, events: HistoryEvent[]): Promise<void>;
  /** Open tickets in a state, soonest deadline first, from the state index. */
  listOpen(state: OpenListState, now: string, filter: { program?: string; severity?: number }): Promise<Ticket[]>;
  /** Tickets with work due at or before `now`, from the due index. */
  listDue(now: string, limit: number): Promise<string[]>;
  /** Tickets opened in [from, to), from the opened index. */
  listOpenedBetween(from: string, to: string): Promise<Ticket[]>;
}

export interface TimerScheduler {
  /** Creates the schedules; one that already exists (same name) is left as it is. */
  ensure(ticketId: string, timers: Timer[]): Promise<void>;
  /** Deletes schedules that are no longer wanted; a missing one is fine. */
  cancel(names: string[]): Promise<void>;
}

export interface Mailer {
  send(to: string[], email: RenderedEmail): Promise<void>;
}
