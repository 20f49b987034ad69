/**
 * The ports the use cases talk to (DESIGN §7): the domain says what it needs, the adapters in
 * `shared/adapters/` say how DynamoDB, EventBridge Scheduler and SES do it.
 */
import type { RenderedEmail } from './mail/render.ts';
import type { AggregateRow } from './tickets/aggregates.ts';
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

/** A program × severity cell of the policy. */
export interface Cell {
  program: string;
  severity: number;
}

/** One page of a list: `next` is the position after its last item, `null` on the last page. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** A ticket with work due, and its position in the due index (where a later sweep resumes). */
export interface DueEntry {
  ticketId: string;
  key: string;
}

/** What the sweeper keeps between runs (DESIGN §11): where to resume, and the tickets it is backing off. */
export interface SweepState {
  after: string | null;
  failing: Record<string, { failures: number; retryAfter: string }>;
}

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
  /** Open tickets in a state, soonest deadline first, from the state index: a page after `after`. */
  listOpen(
    state: OpenListState,
    now: string,
    filter: { program?: string; severity?: number },
    page: { limit: number; after?: string | undefined },
  ): Promise<Page<Ticket>>;
  /** Tickets with work due at or before `now`, from the due index, in due order after `after`. */
  listDue(now: string, limit: number, after?: string): Promise<DueEntry[]>;
  /** Tickets opened in [from, to), from the opened index. */
  listOpenedBetween(from: string, to: string): Promise<Ticket[]>;
  /** The report's pre-aggregated rows of these UTC days (DESIGN §11). */
  readAggregates(days: readonly string[]): Promise<AggregateRow[]>;
  /** The cells of running tickets opened in [from, to) whose deadline has passed by `now`. */
  overdueRunning(now: string, from: string, to: string): Promise<Cell[]>;
  /** Folds a ticket's revision into the aggregates once (the aggregator). */
  applyToAggregates(ticket: Ticket): Promise<'applied' | 'stale'>;
  /** The revision each ticket's contribution was last applied at (absent: never). */
  appliedRevisions(ticketIds: readonly string[]): Promise<Map<string, number>>;
  getSweepState(): Promise<SweepState>;
  putSweepState(state: SweepState): Promise<void>;
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
