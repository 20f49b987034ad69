/**
 * Use cases: handler → TicketService → decisions (pure) → ports (store, timers, mailer).
 *
 * Every state change is one conditional write on the ticket's revision, retried on conflict, so two
 * concurrent events never both win. Timers and e-mail come after the write and may fail: the due index
 * and the outbox keep the work, and the sweeper finishes it (DESIGN §5).
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type Connection,
  type ConnectionView,
  connectionView,
  reachesAccount,
  SYSTEM_ACTOR,
} from '../connections/connection.ts';
import type { Renderer, TemplateVars } from '../mail/render.ts';
import type { Policy, Severity } from '../policy/schema.ts';
import {
  type DeliveryKey,
  type Mailer,
  type OpenListState,
  RevisionConflict,
  type TicketStore,
  type TimerScheduler,
} from '../ports.ts';
import { DomainError } from '../sla/errors.ts';
import type { Clock } from '../time/clock.ts';
import { aggregate, contribution, reportFromRows, splitByDays } from './aggregates.ts';
import {
  type Change,
  closed,
  contactAttempted,
  customerReplied,
  type DecisionContext,
  dueWork,
  escalated,
  type OpenRequest,
  openTicket,
  pendingTimers,
  responded,
  severityChanged,
} from './decisions.ts';
import type { Telemetry } from './telemetry.ts';
import type { Account, HistoryEvent, OutboxMail, Partner, Ticket, Timer } from './ticket.ts';

export interface ServiceDeps {
  store: TicketStore;
  timers: TimerScheduler;
  mailer: Mailer;
  /** Renders an outbox mail before sending: injected, so a function without mail carries no templates. */
  render: Renderer;
  policy: Policy;
  clock: Clock;
  telemetry: Telemetry;
  recipients: { supportQueue: string; dutyManager: string };
  schedulerPrecisionSeconds: number;
  newId?: () => string;
}

// Writers on one ticket are serialised by its revision; under contention each retry waits a random,
// growing time (full jitter), so 50 concurrent events settle in well under a second instead of colliding.
const MAX_ATTEMPTS = 30;
const BACKOFF_BASE_MS = 5;
const BACKOFF_CAP_MS = 250;
const backoff = (attempt: number) =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt)),
  );
const MAIL_CLAIM_MS = 60_000;
/** The sweeper's bounds per run (DESIGN §11), and the back-off of a ticket it failed on. */
export const SWEEP_LIMIT = 200;
export const SWEEP_CONCURRENCY = 8;
const SWEEP_BACKOFF_BASE_MS = 60_000;
const SWEEP_BACKOFF_CAP_MS = 3_600_000;
/** Failures in a row after which a ticket counts as poisoned (the alarm's metric). */
export const SWEEP_POISON_FAILURES = 3;

export interface SweepResult {
  handled: number;
  failed: number;
  /** Due tickets left alone this run because they are backing off. */
  skipped: number;
  poisoned: number;
  resumeAfter: string | null;
}
const MARK_SENT_ATTEMPTS = 5;
/** How many open tickets of one state the board reads at most; it caps its lists far below that. */
const BOARD_TICKETS_READ = 2_000;

export class TicketService {
  private readonly newId: () => string;

  constructor(private readonly deps: ServiceDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  private context(): DecisionContext {
    return { policy: this.deps.policy, now: this.deps.clock(), newId: this.newId, recipients: this.deps.recipients };
  }

  async putAccount(account: Omit<Account, 'updatedAt'>): Promise<Account> {
    const saved = { ...account, updatedAt: this.deps.clock().toISOString() };
    await this.deps.store.putAccount(saved);
    return saved;
  }

  async getAccount(supportId: string): Promise<Account> {
    const account = await this.deps.store.getAccount(supportId);
    if (!account) throw new DomainError('unknown_support_id', `no account with support ID ${supportId}`);
    return account;
  }

  async putPartner(partner: Omit<Partner, 'updatedAt'>): Promise<Partner> {
    const saved = { ...partner, updatedAt: this.deps.clock().toISOString() };
    await this.deps.store.putPartner(saved);
    return saved;
  }

  async getPartner(partnerId: string): Promise<Partner> {
    const partner = await this.deps.store.getPartner(partnerId);
    if (!partner) throw new DomainError('unknown_partner', `no support partner ${partnerId}`);
    return partner;
  }

  /** Registers or updates a connection (DESIGN §9); its first registration's `createdAt` is kept. */
  async putConnection(settings: Omit<Connection, 'createdAt' | 'updatedAt'>): Promise<ConnectionView> {
    const now = this.deps.clock().toISOString();
    const existing = await this.deps.store.getConnection(settings.connectionId);
    const connection: Connection = { ...settings, createdAt: existing?.createdAt ?? now, updatedAt: now };
    await this.deps.store.putConnection(connection);
    return connectionView(connection);
  }

  /** The whole connection, secrets included: for the signature check only, never for a response. */
  signingConnection(connectionId: string): Promise<Connection | undefined> {
    return this.deps.store.getConnection(connectionId);
  }

  /** The connection as the admin API shows it: never its secrets. */
  async getConnection(connectionId: string): Promise<ConnectionView> {
    const connection = await this.deps.store.getConnection(connectionId);
    if (!connection) throw new DomainError('connection_not_found', `no connection ${connectionId}`);
    return connectionView(connection);
  }

  /** Opens a ticket, or returns the first one for a redelivered external id (`created: false`). */
  async open(request: OpenRequest, actor: Actor = SYSTEM_ACTOR): Promise<{ ticket: Ticket; created: boolean }> {
    // An account out of the connection's reach answers as an unknown one, so its support ID does not leak.
    const account = reachesAccount(actor, request.supportId)
      ? await this.deps.store.getAccount(request.supportId)
      : undefined;
    if (!account) throw new DomainError('unknown_support_id', `no account with support ID ${request.supportId}`);
    // A partner's contacts decide whether the opener's address may receive mail (DESIGN §4.1).
    const partner =
      request.openedBy.partnerId !== undefined && account.supportPartners.includes(request.openedBy.partnerId)
        ? await this.deps.store.getPartner(request.openedBy.partnerId)
        : undefined;
    const context = this.context();
    const change = withDueWork(context, openTicket(context, account, request, this.newId(), partner));
    const ticket = { ...claimNewMail(change.ticket, undefined, context.now), revision: 1 };
    // An exact replay of the signed request never gets here (the door answers it from its first answer);
    // the sender's external id also catches a redelivery signed anew.
    const key: DeliveryKey | undefined = request.externalId ? { externalId: request.externalId } : undefined;
    const result = await this.deps.store.createTicket(ticket, stamped(change.events, actor), key);
    if (!result.created) {
      const first = await this.deps.store.getTicket(result.ticketId);
      if (!first) throw new Error(`external id points at missing ticket ${result.ticketId}`);
      return { ticket: first, created: false };
    }
    this.deps.telemetry.count('ticketsOpened', 1, { Program: ticket.program, Severity: String(ticket.severity) });
    return { ticket: await this.afterWrite(undefined, ticket, true, ownedMail(undefined, ticket)), created: true };
  }

  changeSeverity(
    ticketId: string,
    change: { severity: Severity; changedBy: string; reason?: string; at: string },
    actor: Actor = SYSTEM_ACTOR,
  ) {
    return this.mutate(ticketId, actor, (context, ticket) => severityChanged(context, ticket, change));
  }

  respond(ticketId: string, response: { by: string; at: string }, actor: Actor = SYSTEM_ACTOR) {
    return this.mutate(ticketId, actor, (context, current) => responded(context, current, response));
  }

  contactAttempt(ticketId: string, attempt: { by: string; channel: string; at: string }, actor: Actor = SYSTEM_ACTOR) {
    return this.mutate(ticketId, actor, (context, ticket) => contactAttempted(context, ticket, attempt));
  }

  customerReply(ticketId: string, reply: { at: string }, actor: Actor = SYSTEM_ACTOR) {
    return this.mutate(ticketId, actor, (context, ticket) => customerReplied(context, ticket, reply));
  }

  escalate(ticketId: string, escalation: { by: string; message: string }, actor: Actor = SYSTEM_ACTOR) {
    return this.mutate(ticketId, actor, (context, ticket) => escalated(context, ticket, escalation));
  }

  close(ticketId: string, close: { by: string; resolution: string; at: string }, actor: Actor = SYSTEM_ACTOR) {
    return this.mutate(ticketId, actor, (context, ticket) => closed(context, ticket, close));
  }

  /**
   * A schedule fired (DESIGN §5): do whatever is due on the ticket now. A stale, repeated or early firing
   * finds nothing due and is a logged no-op; an early one re-arms its timer. Throws while an alert is
   * unsent, so the scheduler retries.
   */
  async handleTimer(input: { ticketId: string; kind: string; version: number }): Promise<'acted' | 'noop'> {
    const found = await this.changeIfExists(input.ticketId, (context, ticket) => dueWork(context, ticket));
    if (!found) {
      this.deps.telemetry.count('timerNoOps');
      this.deps.telemetry.warn('timer for an unknown ticket', input);
      return 'noop';
    }
    const { ticket: after, changed: acted } = found;
    if (!acted) {
      this.deps.telemetry.count('timerNoOps');
      this.deps.telemetry.info('timer no-op', { ...input, slaVersion: after.sla.version, state: after.sla.state });
      // An early firing: its timer is still pending, so set it again (Scheduler deleted it after firing).
      // A stale or repeated firing matches no pending timer and costs no Scheduler call.
      const early = pendingTimers(after, this.deps.schedulerPrecisionSeconds).filter(
        (timer) => timer.kind === input.kind && timer.version === input.version,
      );
      if (early.length > 0) await this.deps.timers.ensure(after.ticketId, early);
    }
    if (after.outbox.some((mail) => mail.template === 'breach' || mail.template === 'warning')) {
      throw new Error(`alert for ticket ${input.ticketId} not sent yet; retrying`);
    }
    return acted ? 'acted' : 'noop';
  }

  /**
   * The sweeper (DESIGN §5, §11): finds tickets with work due that no timer handled, and handles them, at
   * most `limit` a run, `concurrency` at a time. It resumes after the last ticket the previous run reached,
   * and starts over from the oldest once it reaches the end, so a backlog larger than one run is worked
   * through rather than re-read from its head. A ticket that fails is skipped for a growing time (one
   * minute, doubled per failure, at most an hour), so it never takes a slot in every run; one that keeps
   * failing is counted as poisoned, which raises an alarm.
   */
  async sweep(options: { limit?: number; concurrency?: number } = {}): Promise<SweepResult> {
    const limit = options.limit ?? SWEEP_LIMIT;
    const concurrency = options.concurrency ?? SWEEP_CONCURRENCY;
    const now = this.deps.clock();
    const state = await this.deps.store.getSweepState();
    const due = await this.deps.store.listDue(now.toISOString(), limit, state.after ?? undefined);
    const failing = { ...state.failing };
    const ready = due.filter((entry) => {
      const backoff = failing[entry.ticketId];
      return backoff === undefined || Date.parse(backoff.retryAfter) <= now.getTime();
    });
    let handled = 0;
    let failed = 0;
    const work = async (ticketId: string) => {
      try {
        const found = await this.changeIfExists(ticketId, (context, ticket) => dueWork(context, ticket));
        // Found work: something fell due, or an e-mail left the outbox.
        if (found && found.ticket.revision !== found.revisionBefore) handled += 1;
        delete failing[ticketId];
      } catch (error) {
        // One ticket's failure must not stop the sweep of the others; it backs off and stays due.
        failed += 1;
        const failures = (failing[ticketId]?.failures ?? 0) + 1;
        const waitMs = Math.min(SWEEP_BACKOFF_CAP_MS, SWEEP_BACKOFF_BASE_MS * 2 ** (failures - 1));
        failing[ticketId] = { failures, retryAfter: new Date(now.getTime() + waitMs).toISOString() };
        this.deps.telemetry.error('sweep failed for a ticket; backing off', {
          ticketId,
          failures,
          error: String(error),
        });
      }
    };
    const queue = ready.map((entry) => entry.ticketId);
    await Promise.all(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) await work(next);
      }),
    );
    // A full run resumes after its last ticket; a short one reached the end, so the next starts over.
    const after = due.length === limit ? (due.at(-1)?.key ?? null) : null;
    // A ticket not seen failing for two back-off caps has left the due index or recovered: forget it.
    for (const [ticketId, entry] of Object.entries(failing)) {
      if (Date.parse(entry.retryAfter) + 2 * SWEEP_BACKOFF_CAP_MS < now.getTime()) delete failing[ticketId];
    }
    await this.deps.store.putSweepState({ after, failing });
    const poisoned = Object.values(failing).filter((entry) => entry.failures >= SWEEP_POISON_FAILURES).length;
    if (handled > 0) this.deps.telemetry.count('sweeperFoundWork', handled);
    if (failed > 0) this.deps.telemetry.count('sweeperTicketFailures', failed);
    if (poisoned > 0) this.deps.telemetry.count('sweeperPoisonedTickets', poisoned);
    return { handled, failed, skipped: due.length - ready.length, poisoned, resumeAfter: after };
  }

  async view(ticketId: string, actor: Actor = SYSTEM_ACTOR) {
    const ticket = await this.deps.store.getTicket(ticketId);
    if (!ticket || !reachesAccount(actor, ticket.supportId))
      throw new DomainError('ticket_not_found', `no ticket ${ticketId}`);
    const history = await this.deps.store.getHistory(ticketId);
    return { ...ticketView(ticket, this.deps.schedulerPrecisionSeconds), history };
  }

  /** The aggregator (DESIGN §11): folds a ticket's stored revision into the report's rows, once. */
  async aggregate(ticket: Ticket): Promise<'applied' | 'stale'> {
    const outcome = await this.deps.store.applyToAggregates(ticket);
    if (outcome === 'applied') this.deps.telemetry.count('aggregatedRecords');
    return outcome;
  }

  /** One batched read of what the aggregates already hold, so a batch skips what is counted (redeliveries, seeds). */
  appliedRevisions(ticketIds: readonly string[]): Promise<Map<string, number>> {
    return this.deps.store.appliedRevisions(ticketIds);
  }

  /** A page of open tickets by state; `after` is the previous page's `next` (the caller keeps it signed). */
  async listOpen(
    state: OpenListState,
    filter: { program?: string; severity?: number },
    page: { limit: number; after?: string | undefined },
    actor: Actor = SYSTEM_ACTOR,
  ) {
    const found = await this.deps.store.listOpen(state, this.deps.clock().toISOString(), filter, page);
    // A connection scoped to some accounts sees only theirs: its pages may hold fewer than `limit` tickets.
    return {
      tickets: found.items
        .filter((ticket) => reachesAccount(actor, ticket.supportId))
        .map((ticket) => ticketView(ticket, this.deps.schedulerPrecisionSeconds)),
      next: found.next,
    };
  }

  /**
   * `GET /reports/sla` from the aggregates (DESIGN §11): the rows of the whole UTC days in the range, the
   * tickets of the partial days at its ends, and the running tickets already past their deadline, which
   * count as breached as the clock says.
   */
  /** The board's lists (DESIGN §10): open tickets in a state as stored, with the calendar their clock counts on. */
  async openTickets(state: OpenListState): Promise<Ticket[]> {
    const now = this.deps.clock().toISOString();
    const tickets: Ticket[] = [];
    let after: string | undefined;
    // Bounded like every read of the index (DESIGN §11): the board shows the first ones and counts the rest.
    do {
      const page = await this.deps.store.listOpen(state, now, {}, { limit: 500, after });
      tickets.push(...page.items);
      after = page.next ?? undefined;
    } while (after !== undefined && tickets.length < BOARD_TICKETS_READ);
    return tickets;
  }

  /** The board's drill-down (DESIGN §10): one ticket as stored, with its history; undefined when unknown. */
  async ticketWithHistory(ticketId: string): Promise<{ ticket: Ticket; history: HistoryEvent[] } | undefined> {
    const ticket = await this.deps.store.getTicket(ticketId);
    if (!ticket) return undefined;
    return { ticket, history: await this.deps.store.getHistory(ticketId) };
  }

  async report(from: string, to: string) {
    const now = this.deps.clock().toISOString();
    const { days, edges } = splitByDays(from, to);
    const [rows, edgeTickets, overdue] = await Promise.all([
      this.deps.store.readAggregates(days),
      Promise.all(edges.map(([start, end]) => this.deps.store.listOpenedBetween(start, end))),
      this.deps.store.overdueRunning(now, from, to),
    ]);
    const edgeRows = aggregate(edgeTickets.flat().map(contribution));
    return reportFromRows([...rows, ...edgeRows], overdue);
  }

  /**
   * Reads, decides and writes conditionally on the revision read, retrying on a concurrent write.
   * Unless told otherwise, whatever falls due by now is folded into the same write (DESIGN §5: a timer
   * whose instant has passed is handled at once).
   */
  private async mutate(
    ticketId: string,
    actor: Actor,
    decide: (context: DecisionContext, ticket: Ticket) => Change | null,
  ): Promise<Ticket> {
    return (
      await this.change(ticketId, (context, ticket) => {
        // Another account's ticket is, to this connection, a ticket that does not exist (no id leaks).
        if (!reachesAccount(actor, ticket.supportId)) {
          throw new DomainError('ticket_not_found', `no ticket ${ticketId}`);
        }
        const decided = decide(context, ticket);
        if (!decided) return null;
        const change = withDueWork(context, decided);
        return { ticket: change.ticket, events: stamped(change.events, actor) };
      })
    ).ticket;
  }

  /** `change` for timers and sweeps: a ticket that does not exist (any more) is nothing to do. */
  private async changeIfExists(
    ticketId: string,
    decide: (context: DecisionContext, ticket: Ticket) => Change | null,
  ): Promise<{ ticket: Ticket; changed: boolean; revisionBefore: number } | undefined> {
    try {
      return await this.change(ticketId, decide);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'ticket_not_found') return undefined;
      throw error;
    }
  }

  private async change(
    ticketId: string,
    decide: (context: DecisionContext, ticket: Ticket) => Change | null,
  ): Promise<{ ticket: Ticket; changed: boolean; revisionBefore: number }> {
    let revisionBefore: number | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const ticket = await this.deps.store.getTicket(ticketId);
      if (!ticket) throw new DomainError('ticket_not_found', `no ticket ${ticketId}`);
      revisionBefore ??= ticket.revision;
      const context = this.context();
      const change = decide(context, ticket);
      if (!change) return { ticket: await this.afterWrite(ticket, ticket, false), changed: false, revisionBefore };
      const next = {
        ...claimNewMail(boundedOutbox(change.ticket), ticket, context.now),
        revision: ticket.revision + 1,
        updatedAt: context.now.toISOString(),
      };
      try {
        await this.deps.store.saveTicket(next, ticket.revision, change.events);
      } catch (error) {
        if (!(error instanceof RevisionConflict)) throw error;
        await backoff(attempt);
        continue;
      }
      this.countOutcome(ticket, next);
      return {
        ticket: await this.afterWrite(ticket, next, true, ownedMail(ticket, next)),
        changed: true,
        revisionBefore,
      };
    }
    throw new Error(`ticket ${ticketId} is changing too fast to update (${MAX_ATTEMPTS} conflicts)`);
  }

  private countOutcome(before: Ticket, after: Ticket): void {
    const program = { Program: after.program };
    if (before.sla.respondedAt === null && after.sla.respondedAt !== null && after.sla.elapsedMinutes !== null) {
      this.deps.telemetry.count('firstResponseMinutes', after.sla.elapsedMinutes, program);
      if (after.sla.state === 'met') this.deps.telemetry.count('slaMet', 1, program);
    }
    if (before.sla.state !== 'breached' && after.sla.state === 'breached')
      this.deps.telemetry.count('slaBreached', 1, program);
  }

  /** After a write: set or cancel schedules, then send the outbox. Neither may undo the write. */
  private async afterWrite(
    before: Ticket | undefined,
    after: Ticket,
    changed = true,
    owned: ReadonlySet<string> = new Set(),
  ): Promise<Ticket> {
    // Independent of each other, so they overlap: schedules go to Scheduler while e-mail goes to SES.
    const [, delivered] = await Promise.all([
      changed ? this.syncTimers(before, after) : undefined,
      this.deliver(after, owned),
    ]);
    return delivered;
  }

  private async syncTimers(before: Ticket | undefined, after: Ticket): Promise<void> {
    const precision = this.deps.schedulerPrecisionSeconds;
    const wanted = pendingTimers(after, precision);
    const previous = before ? pendingTimers(before, precision) : [];
    const wantedNames = new Set(wanted.map((timer) => timer.name));
    const previousNames = new Set(previous.map((timer) => timer.name));
    try {
      const created = wanted.filter((timer) => !previousNames.has(timer.name) || before === undefined);
      await this.deps.timers.ensure(after.ticketId, created);
      // Deleting is an optimisation: a stale firing is a no-op anyway (DESIGN §5).
      await this.deps.timers.cancel(
        previous.filter((timer) => !wantedNames.has(timer.name)).map((timer) => timer.name),
      );
      if (created.length > 0 && before !== undefined) await this.dropOvertakenTimers(after, created);
    } catch (error) {
      this.deps.telemetry.error('scheduling timers failed; the sweeper will catch them', {
        ticketId: after.ticketId,
        error: String(error),
      });
    }
  }

  /**
   * A later writer may have deleted its predecessors' schedules before this one created its own: if the
   * ticket moved on meanwhile, delete what this writer created and the ticket no longer wants.
   */
  private async dropOvertakenTimers(written: Ticket, created: Timer[]): Promise<void> {
    const latest = await this.deps.store.getTicket(written.ticketId);
    if (!latest || latest.revision === written.revision) return;
    const stillWanted = new Set(pendingTimers(latest, this.deps.schedulerPrecisionSeconds).map((timer) => timer.name));
    await this.deps.timers.cancel(created.filter((timer) => !stillWanted.has(timer.name)).map((timer) => timer.name));
  }

  /** Sends each e-mail of the outbox once: claim it in a conditional write, send, then remove it. */
  private async deliver(ticket: Ticket, owned: ReadonlySet<string>): Promise<Ticket> {
    let current = ticket;
    for (const mail of ticket.outbox) {
      try {
        current = await this.deliverOne(current, mail, owned.has(mail.id));
      } catch (error) {
        // Bookkeeping failed (a throttled write, say): the mail stays in the outbox, due for the sweeper,
        // and the request that wrote the ticket still succeeds.
        this.deps.telemetry.error('e-mail delivery interrupted; the sweeper will retry it', {
          ticketId: ticket.ticketId,
          template: mail.template,
          error: String(error),
        });
      }
    }
    return current;
  }

  /**
   * Claim (a conditional write with a lease), send, then remove: a mail another sender holds is left alone.
   * A mail this writer queued was claimed in the very write that queued it (`owned`), so it skips the claim.
   */
  private async deliverOne(ticket: Ticket, mail: OutboxMail, owned: boolean): Promise<Ticket> {
    const now = this.deps.clock();
    let claimed = { ticket, changed: owned };
    if (!owned) {
      if (mail.claimUntil !== undefined && Date.parse(mail.claimUntil) > now.getTime()) return ticket;
      const claimUntil = new Date(now.getTime() + MAIL_CLAIM_MS).toISOString();
      claimed = await this.update(
        ticket.ticketId,
        (t) => {
          const entry = t.outbox.find((m) => m.id === mail.id);
          if (!entry || (entry.claimUntil !== undefined && Date.parse(entry.claimUntil) > now.getTime())) return null;
          return {
            ticket: { ...t, outbox: t.outbox.map((m) => (m.id === mail.id ? { ...m, claimUntil } : m)) },
            events: [],
          };
        },
        ticket,
      );
      if (!claimed.changed) return claimed.ticket;
    }
    try {
      await this.deps.mailer.send(
        mail.to,
        this.deps.render(mail.template, mail.language, mail.vars as TemplateVars<typeof mail.template>),
      );
    } catch (error) {
      this.deps.telemetry.count('mailSendFailures');
      this.deps.telemetry.error('sending e-mail failed; it stays in the outbox', {
        ticketId: ticket.ticketId,
        template: mail.template,
        error: String(error),
      });
      return claimed.ticket;
    }
    const sentAt = this.deps.clock().toISOString();
    if (mail.template === 'warning') this.deps.telemetry.count('warningsSent');
    if (mail.template === 'breach') this.deps.telemetry.count('breachAlertsSent');
    const markSent = () =>
      this.update(
        ticket.ticketId,
        (t) => ({
          ticket: {
            ...t,
            outbox: t.outbox.filter((m) => m.id !== mail.id),
            ...(mail.marks === 'breachNotifiedAt' ? { breachNotifiedAt: sentAt } : {}),
          },
          events: [{ at: sentAt, type: 'mail_sent', details: { template: mail.template, to: mail.to } }],
        }),
        claimed.ticket,
      );
    // SES has the mail now: if this write were lost, the lease would expire and the mail go out again,
    // so a failed write is retried here rather than left to the sweeper.
    for (let attempt = 1; ; attempt++) {
      try {
        return (await markSent()).ticket;
      } catch (error) {
        if (attempt >= MARK_SENT_ATTEMPTS) throw error;
        await backoff(attempt + 3);
      }
    }
  }

  /** A conditional write without due-work folding or side effects: the outbox's own bookkeeping. */
  private async update(
    ticketId: string,
    decide: (ticket: Ticket) => Change | null,
    known?: Ticket,
  ): Promise<{ ticket: Ticket; changed: boolean }> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // The ticket just written is tried first; only a conflict costs a fresh read.
      const ticket = attempt === 1 && known ? known : await this.deps.store.getTicket(ticketId);
      if (!ticket) throw new DomainError('ticket_not_found', `no ticket ${ticketId}`);
      const change = decide(ticket);
      if (!change) return { ticket, changed: false };
      const next = { ...change.ticket, revision: ticket.revision + 1, updatedAt: this.deps.clock().toISOString() };
      try {
        await this.deps.store.saveTicket(next, ticket.revision, change.events);
        return { ticket: next, changed: true };
      } catch (error) {
        if (!(error instanceof RevisionConflict)) throw error;
        await backoff(attempt);
      }
    }
    throw new Error(`ticket ${ticketId} is changing too fast to update (${MAX_ATTEMPTS} conflicts)`);
  }
}

/** Unsent mail other than alerts a ticket holds at most: SES down for a day must not grow the item without bound. */
const MAX_QUEUED_MAIL = 10;

/**
 * Bounded rows (DESIGN §4.1): alerts (warning, breach) always stay queued; of the other mail, the newest
 * `MAX_QUEUED_MAIL` do, and older ones are given up (their events are in the history).
 */
export function boundedOutbox(ticket: Ticket): Ticket {
  const alerts = (mail: OutboxMail) => mail.template === 'breach' || mail.template === 'warning';
  const others = ticket.outbox.filter((mail) => !alerts(mail));
  if (others.length <= MAX_QUEUED_MAIL) return ticket;
  const kept = new Set(others.slice(-MAX_QUEUED_MAIL));
  return { ...ticket, outbox: ticket.outbox.filter((mail) => alerts(mail) || kept.has(mail)) };
}

/** Mail a decision has just queued is claimed by the writer in the same write, saving a claim per e-mail. */
function claimNewMail(next: Ticket, before: Ticket | undefined, now: Date): Ticket {
  const known = new Set(before?.outbox.map((mail) => mail.id));
  const claimUntil = new Date(now.getTime() + MAIL_CLAIM_MS).toISOString();
  return {
    ...next,
    outbox: next.outbox.map((mail) => (known.has(mail.id) ? mail : { ...mail, claimUntil })),
  };
}

function ownedMail(before: Ticket | undefined, after: Ticket): ReadonlySet<string> {
  const known = new Set(before?.outbox.map((mail) => mail.id));
  return new Set(after.outbox.filter((mail) => !known.has(mail.id)).map((mail) => mail.id));
}

/** The history names the connection whose request made each change (DESIGN §4.1). */
function stamped(events: HistoryEvent[], actor: Actor): HistoryEvent[] {
  return events.map((event) => ({ ...event, connectionId: actor.connectionId }));
}

function withDueWork(context: DecisionContext, change: Change): Change {
  const due = dueWork(context, change.ticket);
  return due ? { ticket: due.ticket, events: [...change.events, ...due.events] } : change;
}

/** A ticket as the API shows it (DESIGN §4): the documented fields first, in order, then the rest. */
export function ticketView(ticket: Ticket, precisionSeconds: number) {
  const { sla } = ticket;
  return {
    ticketId: ticket.ticketId,
    supportId: ticket.supportId,
    program: ticket.program,
    severity: ticket.severity,
    status: ticket.status,
    openedAt: ticket.openedAt,
    channel: ticket.channel,
    subject: ticket.subject,
    sla: {
      clock: sla.clock,
      targetMinutes: sla.targetMinutes,
      deadline: sla.deadline,
      warnAt: sla.warnAt,
      state: sla.state,
      respondedAt: sla.respondedAt,
      breachedAt: sla.breachedAt,
      elapsedMinutes: sla.elapsedMinutes,
      version: sla.version,
    },
    timers: pendingTimers(ticket, precisionSeconds),
    openedBy: ticket.openedBy,
    product: ticket.product,
    productVersion: ticket.productVersion,
    description: ticket.description,
    externalId: ticket.externalId,
    relatedTicketId: ticket.relatedTicketId,
    accountName: ticket.account.name,
    timezone: ticket.calendar.timezone,
    contactAttemptCount: ticket.contactAttemptCount,
    contactDays: ticket.contactDays.map((day) => day.date),
    lastCustomerReplyAt: ticket.lastCustomerReplyAt,
    autoCloseAt: ticket.autoCloseAt,
    closedAt: ticket.closedAt,
    closedBy: ticket.closedBy,
    resolution: ticket.resolution,
    breachNotifiedAt: ticket.breachNotifiedAt,
    pendingEmails: ticket.outbox.map((mail) => ({ template: mail.template, to: mail.to, since: mail.createdAt })),
    updatedAt: ticket.updatedAt,
  };
}
