/**
 * The ticket's state changes as pure functions: a decision takes the ticket as stored and the event,
 * and returns the next ticket, the history to append and the e-mails to send. No I/O here.
 */
import { formatInstant, formatObjective } from '../mail/render.ts';
import type { Policy, Severity } from '../policy/schema.ts';
import { closureDue } from '../sla/contact-attempts.ts';
import { type SlaContext, settle, startSla } from '../sla/deadline.ts';
import { DomainError } from '../sla/errors.ts';
import { recordFirstResponse } from '../sla/first-response.ts';
import { assertSeverityOffered, programPolicy } from '../sla/objective.ts';
import { changeSeverity } from '../sla/severity-change.ts';
import { ms } from '../sla/types.ts';
import { localDay, zoneOf } from '../time/local-days.ts';
import type { Account, HistoryEvent, OutboxMail, Partner, Ticket, Timer, TimerKind } from './ticket.ts';

/** The same escalation (same person, same words) again within this window is a redelivery. */
const ESCALATION_REDELIVERY_MS = 10 * 60_000;
/** DESIGN §4.1: at most one escalation mailing (duty manager + acknowledgement) per ticket in this window. */
export const ESCALATION_MAIL_INTERVAL_MS = 10 * 60_000;

export interface DecisionContext {
  policy: Policy;
  now: Date;
  newId: () => string;
  recipients: { supportQueue: string; dutyManager: string };
}

export interface Change {
  ticket: Ticket;
  events: HistoryEvent[];
}

const slaContext = (context: DecisionContext, ticket: Ticket): SlaContext => ({
  policy: context.policy,
  program: ticket.program,
  calendar: ticket.calendar,
});

export interface OpenRequest {
  supportId: string;
  openedBy: { email: string; partnerId?: string | undefined };
  severity: Severity;
  product: string;
  productVersion?: string | undefined;
  subject: string;
  description?: string | undefined;
  channel: 'web' | 'email' | 'phone';
  openedAt: string;
  externalId?: string | undefined;
  relatedTicketId?: string | undefined;
}

/** Whether the opener may open tickets for the account: a case administrator or a support partner (DESIGN §2). */
export function isAuthorizedOpener(account: Account, openedBy: OpenRequest['openedBy']): boolean {
  if (openedBy.partnerId !== undefined) return account.supportPartners.includes(openedBy.partnerId);
  const email = openedBy.email.toLowerCase();
  return account.caseAdministrators.some((admin) => admin.toLowerCase() === email);
}

/**
 * The opener's address as we know it (DESIGN §4.1), or null when it is unknown and gets no mail: one of the
 * account's case administrators, or a registered contact of the partner the opener acts for (that partner only,
 * and only if the account lists it). Compared case-insensitively; the registered spelling is the one mailed.
 */
export function knownOpenerAddress(
  account: Account,
  partner: Partner | undefined,
  openedBy: OpenRequest['openedBy'],
): string | null {
  const email = openedBy.email.toLowerCase();
  const partnerContacts =
    openedBy.partnerId !== undefined &&
    partner?.partnerId === openedBy.partnerId &&
    account.supportPartners.includes(openedBy.partnerId)
      ? partner.contacts
      : [];
  return [...account.caseAdministrators, ...partnerContacts].find((known) => known.toLowerCase() === email) ?? null;
}

/** A contract is valid through the end of its expiry date in the account's time zone (DESIGN §2). */
export function isContractValid(policy: Policy, account: Account, at: string): boolean {
  if (!programPolicy(policy, account.program).requiresContract) return true;
  if (account.contractExpiresAt === null) return false;
  const zone = zoneOf(account.timezone);
  if (!zone) return false;
  const expiryDay = Date.parse(`${account.contractExpiresAt}T00:00:00Z`) / 86_400_000;
  return localDay(zone, ms(at)) <= expiryDay;
}

export function openTicket(
  context: DecisionContext,
  account: Account,
  request: OpenRequest,
  ticketId: string,
  partner?: Partner,
): Change {
  if (request.channel === 'phone') {
    throw new DomainError(
      'phone_requires_ticket',
      'phone support needs an existing ticket: open it on the web or by e-mail first',
    );
  }
  if (!isAuthorizedOpener(account, request.openedBy)) {
    throw new DomainError(
      'not_authorized_opener',
      'only the account\u2019s case administrators or its support partners may open tickets',
    );
  }
  if (!isContractValid(context.policy, account, request.openedAt)) {
    throw new DomainError(
      'contract_expired',
      `the support contract of ${account.supportId} has expired: no SLA applies`,
    );
  }
  const calendar = { timezone: account.timezone, holidays: account.holidays };
  const sla = startSla(
    { policy: context.policy, program: account.program, calendar },
    request.severity,
    request.openedAt,
  );
  const now = context.now.toISOString();
  const ticket: Ticket = {
    ticketId,
    supportId: account.supportId,
    externalId: request.externalId ?? null,
    relatedTicketId: request.relatedTicketId ?? null,
    program: account.program,
    severity: request.severity,
    status: 'awaiting_response',
    openedAt: request.openedAt,
    openedBy: request.openedBy,
    customerEmail: knownOpenerAddress(account, partner, request.openedBy),
    channel: request.channel,
    product: request.product,
    productVersion: request.productVersion ?? null,
    subject: request.subject,
    description: request.description ?? null,
    sla,
    calendar,
    account: { name: account.name, language: account.language, supportAccountManager: account.supportAccountManager },
    contactAttempts: [],
    lastCustomerReplyAt: null,
    autoCloseAt: null,
    closedAt: null,
    closedBy: null,
    resolution: null,
    warnedVersion: null,
    breachNotifiedAt: null,
    outbox: [],
    revision: 0,
    updatedAt: now,
  };
  const language = account.language;
  const common = { ticketId, subject: ticket.subject, severity: String(ticket.severity), program: ticket.program };
  const mail =
    sla.deadline !== null && sla.targetMinutes !== null
      ? mailCustomer(context, ticket, 'ticket_opened', language, {
          ...common,
          objective: formatObjective(sla.targetMinutes, sla.clock === 'business' ? 'business' : 'wall', language),
          deadline: formatInstant(sla.deadline, account.timezone, language),
        })
      : mailCustomer(context, ticket, 'ticket_opened_best_effort', language, common);
  return {
    ticket: { ...ticket, outbox: mail.outbox },
    events: [
      {
        at: request.openedAt,
        type: 'opened',
        by: request.openedBy.email,
        details: { severity: request.severity, deadline: sla.deadline, channel: request.channel },
      },
      ...mail.events,
    ],
  };
}

function assertOpen(ticket: Ticket): void {
  if (ticket.status === 'closed') throw new DomainError('ticket_closed', `ticket ${ticket.ticketId} is closed`);
}

function assertNotBeforeOpening(ticket: Ticket, at: string): void {
  if (ms(at) < ms(ticket.openedAt)) {
    throw new DomainError('invalid_request', 'the event is dated before the ticket was opened', [
      { field: 'at', message: `must not be before the ticket's openedAt ${ticket.openedAt}` },
    ]);
  }
}

export function severityChanged(
  context: DecisionContext,
  ticket: Ticket,
  change: { severity: Severity; changedBy: string; reason?: string | undefined; at: string },
): Change | null {
  assertOpen(ticket);
  assertNotBeforeOpening(ticket, change.at);
  assertSeverityOffered(context.policy, ticket.program, change.severity);
  // Already at that severity: nothing changes, so nothing is recorded (a redelivery, typically).
  if (change.severity === ticket.severity) return null;
  const sla = changeSeverity(slaContext(context, ticket), ticket.sla, {
    from: ticket.severity,
    to: change.severity,
    at: change.at,
    openedAt: ticket.openedAt,
  });
  return {
    ticket: { ...ticket, severity: change.severity, sla },
    events: [
      {
        at: change.at,
        type: 'severity_changed',
        by: change.changedBy,
        details: {
          from: ticket.severity,
          to: change.severity,
          reason: change.reason ?? null,
          deadlineBefore: ticket.sla.deadline,
          deadlineAfter: sla.deadline,
        },
      },
    ],
  };
}

export function responded(context: DecisionContext, ticket: Ticket, response: { by: string; at: string }): Change {
  assertOpen(ticket);
  assertNotBeforeOpening(ticket, response.at);
  const first = ticket.sla.respondedAt === null;
  const sla = recordFirstResponse(slaContext(context, ticket), ticket.sla, ticket.openedAt, response.at);
  const status = ticket.status === 'awaiting_response' ? 'responded' : ticket.status;
  return {
    ticket: { ...ticket, sla, status },
    events: [
      {
        at: response.at,
        type: 'responded',
        by: response.by,
        details: first ? { first: true, outcome: sla.state, elapsedMinutes: sla.elapsedMinutes } : { first: false },
      },
    ],
  };
}

export function contactAttempted(
  context: DecisionContext,
  ticket: Ticket,
  attempt: { by: string; channel: string; at: string },
): Change | null {
  assertOpen(ticket);
  assertNotBeforeOpening(ticket, attempt.at);
  // A redelivered attempt (same instant, person and channel) is the same attempt.
  if (ticket.contactAttempts.some((a) => a.at === attempt.at && a.by === attempt.by && a.channel === attempt.channel)) {
    return null;
  }
  const contactAttempts = [...ticket.contactAttempts, attempt];
  const events: HistoryEvent[] = [
    { at: attempt.at, type: 'contact_attempt', by: attempt.by, details: { channel: attempt.channel } },
  ];
  let next: Ticket = { ...ticket, contactAttempts };
  const autoCloseAt =
    ticket.status === 'pending_closure'
      ? ticket.autoCloseAt
      : closureDue(context.policy, ticket.calendar.timezone, contactAttempts, ticket.lastCustomerReplyAt);
  if (ticket.status !== 'pending_closure' && autoCloseAt !== null) {
    const language = ticket.account.language;
    const mail = mailCustomer(context, ticket, 'pending_closure', language, {
      ticketId: ticket.ticketId,
      subject: ticket.subject,
      closesAt: formatInstant(autoCloseAt, ticket.calendar.timezone, language),
    });
    next = { ...next, status: 'pending_closure', autoCloseAt, outbox: [...next.outbox, ...mail.outbox] };
    events.push({ at: attempt.at, type: 'pending_closure', details: { autoCloseAt } }, ...mail.events);
  }
  return { ticket: next, events };
}

export function customerReplied(_context: DecisionContext, ticket: Ticket, reply: { at: string }): Change | null {
  assertOpen(ticket);
  assertNotBeforeOpening(ticket, reply.at);
  if (ticket.lastCustomerReplyAt !== null && ms(ticket.lastCustomerReplyAt) >= ms(reply.at)) return null;
  const events: HistoryEvent[] = [{ at: reply.at, type: 'customer_reply' }];
  let next: Ticket = { ...ticket, lastCustomerReplyAt: reply.at };
  if (ticket.status === 'pending_closure') {
    next = { ...next, status: ticket.sla.respondedAt === null ? 'awaiting_response' : 'responded', autoCloseAt: null };
    events.push({ at: reply.at, type: 'closure_cancelled' });
  }
  return { ticket: next, events };
}

/**
 * Talk to a manager (DESIGN §2, §6). The same words from the same person within 10 minutes are a redelivery and
 * change nothing. Otherwise the escalation is history, and it pages the duty manager (and acknowledges the
 * customer) only if no escalation mail went out in the last 10 minutes (DESIGN §4.1): a burst is one page.
 */
export function escalated(
  context: DecisionContext,
  ticket: Ticket,
  escalation: { by: string; message: string },
): Change | null {
  assertOpen(ticket);
  const at = context.now.toISOString();
  const last = ticket.lastEscalation;
  if (
    last &&
    last.by === escalation.by &&
    last.message === escalation.message &&
    ms(at) - ms(last.at) < ESCALATION_REDELIVERY_MS
  ) {
    return null;
  }
  const lastEscalation = { by: escalation.by, message: escalation.message, at };
  const mailedAt = ticket.escalationMailedAt;
  if (mailedAt !== undefined && ms(at) - ms(mailedAt) < ESCALATION_MAIL_INTERVAL_MS) {
    return {
      ticket: { ...ticket, lastEscalation },
      events: [
        {
          at,
          type: 'escalated',
          by: escalation.by,
          details: { message: escalation.message, mailed: false, lastMailedAt: mailedAt },
        },
      ],
    };
  }
  const common = { ticketId: ticket.ticketId, subject: ticket.subject };
  const ack = mailCustomer(context, ticket, 'escalation_ack', ticket.account.language, common);
  return {
    ticket: {
      ...ticket,
      lastEscalation,
      escalationMailedAt: at,
      outbox: [
        ...ticket.outbox,
        enqueue(context, 'escalation_manager', [context.recipients.dutyManager], 'en', {
          ...common,
          supportId: ticket.supportId,
          accountName: ticket.account.name,
          by: escalation.by,
          message: escalation.message,
        }),
        ...ack.outbox,
      ],
    },
    events: [
      { at, type: 'escalated', by: escalation.by, details: { message: escalation.message, mailed: true } },
      ...ack.events,
    ],
  };
}

export function closed(
  _context: DecisionContext,
  ticket: Ticket,
  close: { by: string; resolution: string; at: string },
): Change {
  assertOpen(ticket);
  assertNotBeforeOpening(ticket, close.at);
  // Closing settles the clock: a ticket closed past its deadline without a response was breached.
  const sla = settle(ticket.sla, close.at);
  return {
    ticket: {
      ...ticket,
      sla,
      status: 'closed',
      closedAt: close.at,
      closedBy: close.by,
      resolution: close.resolution,
      autoCloseAt: null,
    },
    events: [{ at: close.at, type: 'closed', by: close.by, details: { resolution: close.resolution } }],
  };
}

/**
 * What is due on the ticket at `now` (DESIGN §5): the warning once per SLA version, the breach once,
 * the automatic close. Timers and the sweeper both come here, so a late, repeated or lost firing
 * changes nothing: a ticket with nothing due is a no-op.
 */
export function dueWork(context: DecisionContext, ticket: Ticket): Change | null {
  const now = context.now.toISOString();
  const events: HistoryEvent[] = [];
  let next = ticket;
  const internal = (extra: string[]) =>
    ticket.program === 'premier' && ticket.account.supportAccountManager
      ? [...extra, ticket.account.supportAccountManager]
      : extra;
  const alertVars = {
    ticketId: ticket.ticketId,
    subject: ticket.subject,
    supportId: ticket.supportId,
    accountName: ticket.account.name,
    program: ticket.program,
    severity: String(ticket.severity),
  };

  if (next.status !== 'closed') {
    next = { ...next, sla: settle(next.sla, now) };
    if (
      next.sla.state === 'running' &&
      next.sla.warnAt !== null &&
      ms(next.sla.warnAt) <= ms(now) &&
      next.warnedVersion !== next.sla.version
    ) {
      const left = Math.max(0, Math.round((ms(next.sla.deadline as string) - ms(now)) / 60_000));
      next = {
        ...next,
        warnedVersion: next.sla.version,
        outbox: [
          ...next.outbox,
          enqueue(context, 'warning', internal([context.recipients.supportQueue]), 'en', {
            ...alertVars,
            deadline: formatInstant(next.sla.deadline as string, 'UTC', 'en'),
            timeLeft: formatObjective(left, 'wall', 'en'),
          }),
        ],
      };
      events.push({
        at: now,
        type: 'warning_sent',
        details: { version: next.sla.version, deadline: next.sla.deadline },
      });
    }
    if (next.status === 'pending_closure' && next.autoCloseAt !== null && ms(next.autoCloseAt) <= ms(now)) {
      const language = next.account.language;
      const mail = mailCustomer(context, next, 'closed_no_response', language, {
        ticketId: next.ticketId,
        subject: next.subject,
      });
      next = {
        ...next,
        sla: settle(next.sla, next.autoCloseAt),
        status: 'closed',
        closedAt: next.autoCloseAt,
        closedBy: 'sla-monitor',
        resolution: 'no_response',
        autoCloseAt: null,
        outbox: [...next.outbox, ...mail.outbox],
      };
      events.push(
        { at: next.closedAt as string, type: 'closed', by: 'sla-monitor', details: { resolution: 'no_response' } },
        ...mail.events,
      );
    }
  }

  // One breach alert per ticket, whoever found the breach: a timer, the sweeper, or an event that came
  // after the deadline (a late response, a severity change, a close).
  const { sla } = next;
  if (sla.state === 'breached' && next.breachNotifiedAt === null && !next.outbox.some((mail) => mail.marks)) {
    next = {
      ...next,
      outbox: [
        ...next.outbox,
        {
          ...enqueue(
            context,
            'breach',
            internal([context.recipients.dutyManager, context.recipients.supportQueue]),
            'en',
            {
              ...alertVars,
              deadline: formatInstant(sla.deadline as string, 'UTC', 'en'),
              breachedAt: formatInstant(sla.breachedAt as string, 'UTC', 'en'),
            },
          ),
          marks: 'breachNotifiedAt',
        },
      ],
    };
    events.push({ at: sla.breachedAt as string, type: 'breached', details: { deadline: sla.deadline } });
  }
  return events.length > 0 ? { ticket: next, events } : null;
}

/**
 * The timers the ticket needs now (DESIGN §5), set at the instant rounded up to the scheduler's precision
 * and strictly after a deadline, so the breach timer never fires at the very instant a response still meets it.
 */
export function pendingTimers(ticket: Ticket, precisionSeconds: number): Timer[] {
  if (ticket.status === 'closed') return [];
  const timers: Timer[] = [];
  const add = (kind: TimerKind, instant: string, version: number, after = false) => {
    const step = precisionSeconds * 1000;
    const at = Math.ceil((ms(instant) + (after ? 1 : 0)) / step) * step;
    timers.push({ kind, at: new Date(at).toISOString(), version, name: timerName(ticket.ticketId, kind, version) });
  };
  const { sla } = ticket;
  if (sla.state === 'running' && sla.deadline !== null) {
    if (sla.warnAt !== null && ticket.warnedVersion !== sla.version) add('warning', sla.warnAt, sla.version);
    add('breach', sla.deadline, sla.version, true);
  }
  if (ticket.status === 'pending_closure' && ticket.autoCloseAt !== null) {
    add('auto_close', ticket.autoCloseAt, ticket.contactAttempts.length);
  }
  return timers;
}

/** ≤ 64 characters of `[0-9A-Za-z_.-]`, as EventBridge Scheduler requires (DESIGN §5). */
export function timerName(ticketId: string, kind: TimerKind, version: number): string {
  return `sla-${ticketId}-${kind}-v${version}`;
}

function enqueue(
  context: DecisionContext,
  template: OutboxMail['template'],
  to: string[],
  language: OutboxMail['language'],
  vars: Record<string, string>,
): OutboxMail {
  return { id: context.newId(), template, language, to: [...new Set(to)], vars, createdAt: context.now.toISOString() };
}

/**
 * The ticket's known customer address. A ticket written before the rule has no `customerEmail`: a direct
 * opener there was checked against the case administrators when it opened, a partner's contact never was.
 */
export function customerAddress(ticket: Ticket): string | null {
  if (ticket.customerEmail !== undefined) return ticket.customerEmail;
  return ticket.openedBy.partnerId === undefined ? ticket.openedBy.email : null;
}

/**
 * Mail for the customer goes to the ticket's known opener address only (DESIGN §4.1). Without one, nothing is
 * sent and the history says which mail was withheld and why, so support can see the customer was not told.
 */
function mailCustomer(
  context: DecisionContext,
  ticket: Ticket,
  template: OutboxMail['template'],
  language: OutboxMail['language'],
  vars: Record<string, string>,
): { outbox: OutboxMail[]; events: HistoryEvent[] } {
  const to = customerAddress(ticket);
  if (to !== null) return { outbox: [enqueue(context, template, [to], language, vars)], events: [] };
  const reason =
    ticket.openedBy.partnerId !== undefined
      ? `the opener's address is not a registered contact of partner ${ticket.openedBy.partnerId}`
      : "the opener's address is not a case administrator's";
  return {
    outbox: [],
    events: [{ at: context.now.toISOString(), type: 'mail_withheld', details: { template, reason } }],
  };
}
