/**
 * Small in-memory implementations of our ports (shared/ports.ts), for unit tests of the use cases that must run
 * fast (under Stryker, each mutant re-runs them). They keep only the semantics the service relies on: the
 * revision-conditional write, the external-id refusal, the delivery claim. What a port merely passes through
 * (index queries, aggregates) is answered from what the test put there, and every call is recorded.
 */
import type { Connection } from '../../shared/connections/connection.ts';
import type { RenderedEmail } from '../../shared/mail/render.ts';
import {
  type Cell,
  type DeliveryKey,
  type DeliveryLog,
  type DeliveryRecord,
  type DueEntry,
  type Mailer,
  type OpenListState,
  type Page,
  RevisionConflict,
  type SweepState,
  type TicketStore,
  type TimerScheduler,
} from '../../shared/ports.ts';
import type { AggregateRow } from '../../shared/tickets/aggregates.ts';
import type { Telemetry } from '../../shared/tickets/telemetry.ts';
import type { Account, HistoryEvent, Partner, Ticket, Timer } from '../../shared/tickets/ticket.ts';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryStore implements TicketStore {
  readonly accounts = new Map<string, Account>();
  readonly partners = new Map<string, Partner>();
  readonly connections = new Map<string, Connection>();
  readonly tickets = new Map<string, Ticket>();
  readonly history = new Map<string, HistoryEvent[]>();
  readonly externalIds = new Map<string, string>();
  /** Called before each conditional write: a test changes the stored ticket here to play a concurrent writer. */
  beforeSave: ((ticket: Ticket, expectedRevision: number) => void) | undefined;
  /** What listDue, listOpen, listOpenedBetween, readAggregates and overdueRunning answer. */
  due: DueEntry[] = [];
  open: Page<Ticket>[] = [];
  openedBetween: Ticket[] = [];
  aggregates: AggregateRow[] = [];
  overdue: Cell[] = [];
  applied = new Map<string, number>();
  sweepState: SweepState = { after: null, failing: {} };
  readonly calls: { method: string; args: unknown[] }[] = [];
  saves = 0;
  reads = 0;

  private record(method: string, ...args: unknown[]) {
    this.calls.push({ method, args: copy(args) });
  }

  callsOf(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  async getAccount(supportId: string) {
    return copy(this.accounts.get(supportId));
  }
  async putAccount(account: Account) {
    this.accounts.set(account.supportId, copy(account));
  }
  async getPartner(partnerId: string) {
    this.record('getPartner', partnerId);
    return copy(this.partners.get(partnerId));
  }
  async putPartner(partner: Partner) {
    this.partners.set(partner.partnerId, copy(partner));
  }
  async getConnection(connectionId: string) {
    return copy(this.connections.get(connectionId));
  }
  async putConnection(connection: Connection) {
    this.connections.set(connection.connectionId, copy(connection));
  }
  async getTicket(ticketId: string) {
    this.reads += 1;
    return copy(this.tickets.get(ticketId));
  }
  async findTicketIdByExternalId(supportId: string, externalId: string) {
    const ticketId = this.externalIds.get(externalId);
    return ticketId !== undefined && this.tickets.get(ticketId)?.supportId === supportId ? ticketId : undefined;
  }
  async getHistory(ticketId: string) {
    return copy(this.history.get(ticketId) ?? []);
  }
  async createTicket(ticket: Ticket, events: HistoryEvent[], delivery?: DeliveryKey) {
    const first = delivery ? this.externalIds.get(delivery.externalId) : undefined;
    if (first !== undefined) return { created: false as const, ticketId: first };
    if (this.tickets.has(ticket.ticketId)) throw new Error(`ticket ${ticket.ticketId} exists`);
    this.tickets.set(ticket.ticketId, copy(ticket));
    this.history.set(ticket.ticketId, copy(events));
    if (delivery) this.externalIds.set(delivery.externalId, ticket.ticketId);
    return { created: true as const };
  }
  async saveTicket(ticket: Ticket, expectedRevision: number, events: HistoryEvent[]) {
    this.beforeSave?.(copy(ticket), expectedRevision);
    const stored = this.tickets.get(ticket.ticketId);
    if (!stored || stored.revision !== expectedRevision) {
      throw new RevisionConflict(`ticket ${ticket.ticketId} changed since revision ${expectedRevision}`);
    }
    this.saves += 1;
    this.tickets.set(ticket.ticketId, copy(ticket));
    this.history.set(ticket.ticketId, [...(this.history.get(ticket.ticketId) ?? []), ...copy(events)]);
  }
  async listOpen(
    state: OpenListState,
    now: string,
    filter: { program?: string; severity?: number },
    page: { limit: number; after?: string | undefined },
  ) {
    this.record('listOpen', state, now, filter, page);
    const index = page.after === undefined ? 0 : Number(page.after);
    return copy(this.open[index] ?? { items: [], next: null });
  }
  async listDue(now: string, limit: number, after?: string) {
    this.record('listDue', now, limit, after);
    return copy(this.due.slice(0, limit));
  }
  async listOpenedBetween(from: string, to: string) {
    this.record('listOpenedBetween', from, to);
    return copy(this.openedBetween.filter((ticket) => ticket.openedAt >= from && ticket.openedAt < to));
  }
  async readAggregates(days: readonly string[]) {
    this.record('readAggregates', days);
    return copy(this.aggregates.filter((row) => days.includes(row.day)));
  }
  async overdueRunning(now: string, from: string, to: string) {
    this.record('overdueRunning', now, from, to);
    return copy(this.overdue);
  }
  async applyToAggregates(ticket: Ticket) {
    if ((this.applied.get(ticket.ticketId) ?? 0) >= ticket.revision) return 'stale' as const;
    this.applied.set(ticket.ticketId, ticket.revision);
    return 'applied' as const;
  }
  async appliedRevisions(ticketIds: readonly string[]) {
    return new Map(ticketIds.flatMap((id) => (this.applied.has(id) ? [[id, this.applied.get(id) as number]] : [])));
  }
  async getSweepState() {
    return copy(this.sweepState);
  }
  async putSweepState(state: SweepState) {
    this.sweepState = copy(state);
  }
}

export class MemoryTimers implements TimerScheduler {
  readonly scheduled = new Map<string, Timer>();
  readonly ensured: string[][] = [];
  readonly cancelled: string[][] = [];
  fail = false;
  /** Called inside ensure: a test plays a concurrent writer there. */
  onEnsure: (() => void) | undefined;

  async ensure(_ticketId: string, timers: Timer[]) {
    if (this.fail) throw new Error('scheduler unavailable');
    this.onEnsure?.();
    this.ensured.push(timers.map((timer) => timer.name));
    for (const timer of timers) if (!this.scheduled.has(timer.name)) this.scheduled.set(timer.name, timer);
  }
  async cancel(names: string[]) {
    if (this.fail) throw new Error('scheduler unavailable');
    this.cancelled.push([...names]);
    for (const name of names) this.scheduled.delete(name);
  }
  names(): string[] {
    return [...this.scheduled.keys()].sort();
  }
}

export class MemoryMailer implements Mailer {
  readonly sent: { to: string[]; email: RenderedEmail }[] = [];
  /** How many sends fail from now on (Infinity: all). */
  failures = 0;
  /** Recipients whose mail fails, whatever `failures` says. */
  readonly failFor = new Set<string>();

  async send(to: string[], email: RenderedEmail) {
    if (to.some((address) => this.failFor.has(address))) throw new Error('SES refused the recipient');
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('SES unavailable');
    }
    this.sent.push({ to: [...to], email });
  }
}

export class MemoryTelemetry implements Telemetry {
  readonly counts: { metric: string; value: number | undefined; dimensions: Record<string, string> | undefined }[] = [];
  readonly logs: { level: 'info' | 'warn' | 'error'; message: string; attributes: Record<string, unknown> }[] = [];

  count(metric: string, value?: number, dimensions?: Record<string, string>) {
    this.counts.push({ metric, value, dimensions });
  }
  info(message: string, attributes: Record<string, unknown> = {}) {
    this.logs.push({ level: 'info', message, attributes });
  }
  warn(message: string, attributes: Record<string, unknown> = {}) {
    this.logs.push({ level: 'warn', message, attributes });
  }
  error(message: string, attributes: Record<string, unknown> = {}) {
    this.logs.push({ level: 'error', message, attributes });
  }
  total(metric: string): number {
    return this.counts.filter((count) => count.metric === metric).reduce((sum, count) => sum + (count.value ?? 1), 0);
  }
}

/** A delivery log with the port's claim semantics: one unexpired claim per id, settled ids answer their record. */
export class MemoryDeliveryLog implements DeliveryLog {
  readonly claims = new Map<string, { leaseUntil: string; settled?: DeliveryRecord }>();
  readonly records: DeliveryRecord[] = [];
  readonly released: string[] = [];
  failRelease = false;

  async claim(connectionId: string, deliveryId: string, leaseUntil: string, now: string) {
    const key = `${connectionId}|${deliveryId}`;
    const existing = this.claims.get(key);
    if (existing?.settled) return { claimed: false as const, first: copy(existing.settled) };
    if (existing && existing.leaseUntil > now) return { claimed: false as const };
    this.claims.set(key, { leaseUntil });
    return { claimed: true as const };
  }
  async settle(record: DeliveryRecord) {
    this.claims.set(`${record.connectionId}|${record.deliveryId}`, { leaseUntil: '', settled: copy(record) });
    this.records.push(copy(record));
  }
  async release(connectionId: string, deliveryId: string) {
    if (this.failRelease) throw new Error('release failed');
    this.released.push(`${connectionId}|${deliveryId}`);
    this.claims.delete(`${connectionId}|${deliveryId}`);
  }
  async record(record: DeliveryRecord) {
    this.records.push(copy(record));
  }
  async list(connectionId: string, limit: number) {
    return copy(
      this.records
        .filter((record) => record.connectionId === connectionId)
        .reverse()
        .slice(0, limit),
    );
  }
}
