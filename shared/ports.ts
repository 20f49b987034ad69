/**
 * The ports the use cases talk to (DESIGN §7): the domain says what it needs, the adapters in
 * `shared/adapters/` say how DynamoDB, EventBridge Scheduler and SES do it.
 */
import type { Connection } from './connections/connection.ts';
import type { RenderedEmail } from './mail/render.ts';
import type { AggregateRow } from './tickets/aggregates.ts';
import type { Account, HistoryEvent, Partner, Ticket, Timer } from './tickets/ticket.ts';

export class RevisionConflict extends Error {
  override readonly name = 'RevisionConflict';
}

/**
 * What makes two intake requests the same delivery: the sender's external id (kept for good). An exact replay
 * of a signed request is caught before, at the door (every signed write counts once, DESIGN §4.1).
 */
export type DeliveryKey = { externalId: string };

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
  getConnection(connectionId: string): Promise<Connection | undefined>;
  putConnection(connection: Connection): Promise<void>;
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  /** The ticket opened for a sender's external id (`createTicket`'s delivery key), if any. */
  findTicketIdByExternalId(supportId: string, externalId: string): Promise<string | undefined>;
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

/** What became of one webhook delivery (DESIGN §9, `GET /connections/{id}/deliveries`). */
export interface DeliveryRecord {
  connectionId: string;
  deliveryId: string;
  receivedAt: string;
  /** The source's name for the event. */
  event: string;
  outcome: 'applied' | 'duplicate' | 'ignored' | 'refused';
  action?: 'opened' | 'severity_changed' | 'responded' | 'customer_replied' | 'closed' | undefined;
  ticketId?: string | undefined;
  reason?: string | undefined;
}

/**
 * The deliveries of the ticket systems' webhooks: each delivery id is applied at most once (a claim, a
 * conditional write), and every delivery, refused and duplicate ones included, is kept for a while to be listed.
 */
export interface DeliveryLog {
  /**
   * Claims a delivery id until `leaseUntil`; `claimed: false` with the first delivery's record when it was settled
   * already, or without one while another request holds an unexpired claim on it.
   */
  claim(
    connectionId: string,
    deliveryId: string,
    leaseUntil: string,
    now: string,
  ): Promise<{ claimed: true } | { claimed: false; first?: DeliveryRecord }>;
  /** Marks a claimed delivery settled with its outcome, and records it: one transaction. */
  settle(record: DeliveryRecord): Promise<void>;
  /** Gives a claim up (our own fault while applying), so the sender's retry applies the delivery. */
  release(connectionId: string, deliveryId: string): Promise<void>;
  /** Records a delivery that claims nothing: refused, or a duplicate. */
  record(record: DeliveryRecord): Promise<void>;
  /** The latest deliveries of a connection, newest first. */
  list(connectionId: string, limit: number): Promise<DeliveryRecord[]>;
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
