/**
 * A pure model of the support policy (DESIGN §2, §3, §5, §6) for the model-based test: what the service must
 * show for a ticket after any sequence of events, written from the policy's words alone. It imports nothing
 * from the service, so a rule broken in the service cannot be broken the same way here.
 *
 * It covers the programs that count on the wall clock (premier, production) and the best-effort one (free):
 * their deadlines are plain arithmetic, so the model needs no business calendar of its own. Instants are
 * epoch milliseconds; every `process*` call is "a timer or the sweeper handled the ticket at this instant".
 */

export type Program = 'premier' | 'production' | 'free';
export type Severity = 1 | 2 | 3 | 4;

/** Initial-response objectives of DESIGN §2, in minutes, for the programs the model covers. */
const OBJECTIVES: Record<Program, Record<Severity, number | 'best_effort' | 'not_offered'>> = {
  premier: { 1: 30, 2: 30, 3: 30, 4: 30 },
  production: { 1: 60, 2: 180, 3: 360, 4: 480 },
  free: { 1: 'not_offered', 2: 'best_effort', 3: 'best_effort', 4: 'best_effort' },
};

/** The default policy's configuration (DESIGN §3): warning at 25% of the target left, closure after 3 dates, 24 h grace. */
export const MODEL_CONFIG = {
  warningRatio: 0.25,
  contactAttemptsBeforeClosure: 3,
  autoCloseGraceMs: 24 * 60 * 60_000,
  timezone: 'Europe/Paris',
} as const;

const MINUTE = 60_000;

export type MailKind = 'ack' | 'warning' | 'breach' | 'pending_closure' | 'closed_no_response';

export interface ModelEvent {
  type: string;
  at: number;
  by: string | null;
}

export interface ModelTicket {
  program: Program;
  severity: Severity;
  openedAt: number;
  openedBy: string;
  clock: 'wall' | 'none';
  targetMinutes: number | null;
  deadline: number | null;
  warnAt: number | null;
  state: 'running' | 'met' | 'breached' | 'best_effort';
  respondedAt: number | null;
  breachedAt: number | null;
  elapsedMinutes: number | null;
  /** Clock versions (DESIGN §5): a new one starts whenever a severity change moves a running clock. */
  versions: number;
  warnedThisVersion: boolean;
  status: 'awaiting_response' | 'responded' | 'pending_closure' | 'closed';
  contactAttempts: { at: number; by: string; channel: string }[];
  lastCustomerReplyAt: number | null;
  autoCloseAt: number | null;
  closedAt: number | null;
  /** Every event the ticket's history must hold, in any order. */
  history: ModelEvent[];
  /** Every e-mail that must have been sent about the ticket. */
  mails: { kind: MailKind; at: number }[];
}

export type Refusal = 'ticket_closed' | 'severity_not_offered';
export type Outcome = { ticket: ModelTicket } | { refused: Refusal };

export function objective(program: Program, severity: Severity) {
  return OBJECTIVES[program][severity];
}

function sent(ticket: ModelTicket, kind: MailKind, at: number): ModelTicket {
  return {
    ...ticket,
    mails: [...ticket.mails, { kind, at }],
    history: [...ticket.history, { type: 'mail_sent', at, by: null }],
  };
}

function withEvent(ticket: ModelTicket, type: string, at: number, by: string | null = null): ModelTicket {
  return { ...ticket, history: [...ticket.history, { type, at, by }] };
}

/** Warning instant: the deadline minus `warningRatio` of the target, on the wall clock (DESIGN §3). */
function warningFor(deadline: number, targetMinutes: number): number {
  return deadline - targetMinutes * MODEL_CONFIG.warningRatio * MINUTE;
}

/** A new ticket (DESIGN §2, §3): refused when the severity is not offered; acknowledged by e-mail. */
export function open(program: Program, severity: Severity, openedAt: number, openedBy: string): Outcome {
  const target = objective(program, severity);
  if (target === 'not_offered') return { refused: 'severity_not_offered' };
  const timed = typeof target === 'number';
  const deadline = timed ? openedAt + target * MINUTE : null;
  const ticket: ModelTicket = {
    program,
    severity,
    openedAt,
    openedBy,
    clock: timed ? 'wall' : 'none',
    targetMinutes: timed ? target : null,
    deadline,
    warnAt: timed && deadline !== null ? warningFor(deadline, target) : null,
    state: timed ? 'running' : 'best_effort',
    respondedAt: null,
    breachedAt: null,
    elapsedMinutes: null,
    versions: 1,
    warnedThisVersion: false,
    status: 'awaiting_response',
    contactAttempts: [],
    lastCustomerReplyAt: null,
    autoCloseAt: null,
    closedAt: null,
    history: [{ type: 'opened', at: openedAt, by: openedBy }],
    mails: [],
  };
  return { ticket: sent(ticket, 'ack', openedAt) };
}

/**
 * A running clock whose deadline has passed by `at` is breached, whatever noticed it first, and every
 * breach is recorded once and alerted once (DESIGN §5: "written first and notified second … sent once").
 */
function settle(ticket: ModelTicket, at: number, now: number): ModelTicket {
  if (ticket.state !== 'running' || ticket.deadline === null || !(ticket.deadline < at)) return ticket;
  const breached = withEvent(
    { ...ticket, state: 'breached', breachedAt: ticket.deadline },
    'breached',
    ticket.deadline,
  );
  return sent(breached, 'breach', now);
}

/** What a timer firing or a sweep at `now` must do (DESIGN §5): the breach, else the warning once per version; the automatic close. */
export function process(ticket: ModelTicket, now: number): ModelTicket {
  if (ticket.status === 'closed') return ticket;
  // A clock breached now is past its warning: the breach alert replaces it.
  let next = settle(ticket, now, now);
  if (next.state === 'running' && next.warnAt !== null && next.warnAt <= now && !next.warnedThisVersion) {
    next = sent(withEvent({ ...next, warnedThisVersion: true }, 'warning_sent', now), 'warning', now);
  }
  if (next.status === 'pending_closure' && next.autoCloseAt !== null && next.autoCloseAt <= now) {
    const closedAt = next.autoCloseAt;
    next = withEvent(
      { ...settle(next, closedAt, now), status: 'closed', closedAt, autoCloseAt: null },
      'closed',
      closedAt,
      'sla-monitor',
    );
    next = sent(next, 'closed_no_response', now);
  }
  return next;
}

/** Severity change at `now` (DESIGN §3): more severe → min(deadline, now + target); less → max(deadline, openedAt + target). */
export function changeSeverity(ticket: ModelTicket, to: Severity, by: string, now: number): Outcome {
  if (ticket.status === 'closed') return { refused: 'ticket_closed' };
  const target = objective(ticket.program, to);
  if (target === 'not_offered') return { refused: 'severity_not_offered' };
  const from = ticket.severity;
  // Already at that severity: nothing changes, so nothing is recorded (a redelivered change, typically).
  if (to === from) return { ticket };
  let next = withEvent(settle(ticket, now, now), 'severity_changed', now, by);
  next = { ...next, severity: to };
  if (next.state === 'running' && next.deadline !== null && typeof target === 'number') {
    const deadline =
      to < from
        ? Math.min(next.deadline, now + target * MINUTE)
        : Math.max(next.deadline, next.openedAt + target * MINUTE);
    next = {
      ...next,
      targetMinutes: target,
      deadline,
      warnAt: warningFor(deadline, target),
      versions: next.versions + 1,
      warnedThisVersion: false,
    };
  }
  return { ticket: process(next, now) };
}

/** The first response stops the clock (DESIGN §3): met when at or before the deadline; later ones are history. */
export function respond(ticket: ModelTicket, by: string, now: number): Outcome {
  if (ticket.status === 'closed') return { refused: 'ticket_closed' };
  let next = withEvent(ticket, 'responded', now, by);
  if (next.respondedAt === null) {
    next = settle(next, now, now);
    next = {
      ...next,
      state: next.state === 'running' ? 'met' : next.state,
      respondedAt: now,
      elapsedMinutes: Math.round(((now - next.openedAt) / MINUTE) * 100) / 100,
      status: next.status === 'awaiting_response' ? 'responded' : next.status,
    };
  }
  return { ticket: process(next, now) };
}

const localDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: MODEL_CONFIG.timezone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * A contact attempt (DESIGN §3): the attempt that makes three distinct local dates since the customer last
 * replied starts `pending_closure` and the automatic close after the grace period. A redelivered attempt
 * (same instant, person and channel) is the same attempt.
 */
export function contactAttempt(ticket: ModelTicket, by: string, channel: string, now: number): Outcome {
  if (ticket.status === 'closed') return { refused: 'ticket_closed' };
  if (ticket.contactAttempts.some((a) => a.at === now && a.by === by && a.channel === channel)) return { ticket };
  let next = withEvent(
    { ...ticket, contactAttempts: [...ticket.contactAttempts, { at: now, by, channel }] },
    'contact_attempt',
    now,
    by,
  );
  if (next.status !== 'pending_closure') {
    const since = next.contactAttempts.filter(
      (a) => next.lastCustomerReplyAt === null || a.at > next.lastCustomerReplyAt,
    );
    const dates = new Set(since.map((a) => localDate.format(a.at)));
    if (dates.size >= MODEL_CONFIG.contactAttemptsBeforeClosure) {
      const autoCloseAt = now + MODEL_CONFIG.autoCloseGraceMs;
      next = withEvent({ ...next, status: 'pending_closure', autoCloseAt }, 'pending_closure', now);
      next = sent(next, 'pending_closure', now);
    }
  }
  return { ticket: process(next, now) };
}

/** A customer reply (DESIGN §3) cancels a pending closure; one no newer than the last is the same reply. */
export function customerReply(ticket: ModelTicket, now: number): Outcome {
  if (ticket.status === 'closed') return { refused: 'ticket_closed' };
  if (ticket.lastCustomerReplyAt !== null && ticket.lastCustomerReplyAt >= now) return { ticket };
  let next = withEvent({ ...ticket, lastCustomerReplyAt: now }, 'customer_reply', now);
  if (next.status === 'pending_closure') {
    next = withEvent(
      { ...next, status: next.respondedAt === null ? 'awaiting_response' : 'responded', autoCloseAt: null },
      'closure_cancelled',
      now,
    );
  }
  return { ticket: process(next, now) };
}

/** Closing settles the clock: closed past its deadline without a response, the ticket was breached. */
export function close(ticket: ModelTicket, by: string, now: number): Outcome {
  if (ticket.status === 'closed') return { refused: 'ticket_closed' };
  const settled = settle(ticket, now, now);
  return {
    ticket: withEvent({ ...settled, status: 'closed', closedAt: now, autoCloseAt: null }, 'closed', now, by),
  };
}

/** How many e-mails of a kind the ticket must have had. */
export function mailCount(ticket: ModelTicket, kind: MailKind): number {
  return ticket.mails.filter((mail) => mail.kind === kind).length;
}
