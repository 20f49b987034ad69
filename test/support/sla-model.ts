/**
 * A pure model of the support policy (DESIGN §2, §3, §5, §6) for the model-based test: what the service must
 * show for a ticket after any sequence of events, written from the policy's words alone. It imports nothing
 * from the service, so a rule broken in the service cannot be broken the same way here.
 *
 * It covers every program: the wall clock (premier, production) is plain arithmetic, the business clock
 * (basic, evaluation) is counted minute by minute by the naive clock of `naive-clock.ts` (Intl, not luxon),
 * to the millisecond inside a minute, in the account's zone and without its holidays. Instants are epoch
 * milliseconds; every `process*` call is "a timer or the sweeper handled the ticket at this instant", and
 * `dueTimers` says when the model itself expects those timers, so a timer the service sets at the wrong
 * instant shows as a missing or early action.
 */
import { isBusinessMinute, type NaiveWindow } from './naive-clock.ts';

export type Program = 'premier' | 'production' | 'basic' | 'evaluation' | 'free';
export type Severity = 1 | 2 | 3 | 4;

/** Initial-response objectives of DESIGN §2, in minutes, for the programs the model covers. */
const OBJECTIVES: Record<Program, Record<Severity, number | 'best_effort' | 'not_offered'>> = {
  premier: { 1: 30, 2: 30, 3: 30, 4: 30 },
  production: { 1: 60, 2: 180, 3: 360, 4: 480 },
  basic: { 1: 120, 2: 480, 3: 720, 4: 1440 },
  evaluation: { 1: 'not_offered', 2: 480, 3: 720, 4: 1440 },
  free: { 1: 'not_offered', 2: 'best_effort', 3: 'best_effort', 4: 'best_effort' },
};

/** Coverage hours of DESIGN §2: Monday to Friday, in the account's local time. */
const WINDOWS: Partial<Record<Program, NaiveWindow>> = {
  basic: { days: [1, 2, 3, 4, 5], open: 8 * 60, close: 20 * 60 },
  evaluation: { days: [1, 2, 3, 4, 5], open: 8 * 60, close: 17 * 60 },
};

/** The default policy's configuration (DESIGN §3): warning at 25% of the target left, closure after 3 dates, 24 h grace. */
export const MODEL_CONFIG = {
  warningRatio: 0.25,
  contactAttemptsBeforeClosure: 3,
  autoCloseGraceMs: 24 * 60 * 60_000,
  /** The scheduler emulator's precision: timers are set at their instant rounded up to it (DESIGN §5). */
  schedulerPrecisionMs: 1000,
} as const;

const MINUTE = 60_000;

/** The account's calendar: its IANA zone and its holidays (local dates). */
export interface ModelCalendar {
  zone: string;
  holidays: ReadonlySet<string>;
}

const floorMinute = (instant: number) => Math.floor(instant / MINUTE) * MINUTE;

/** The instant at which `minutes` business minutes have been counted from `start` (DESIGN §3, earliest instant). */
export function businessAdd(start: number, minutes: number, window: NaiveWindow, calendar: ModelCalendar): number {
  let cursor = start;
  let remaining = minutes * MINUTE;
  for (;;) {
    const minute = floorMinute(cursor);
    if (isBusinessMinute(minute, window, calendar.zone, calendar.holidays)) {
      const available = minute + MINUTE - cursor;
      if (remaining <= available) return cursor + remaining;
      remaining -= available;
    }
    cursor = minute + MINUTE;
  }
}

/** The latest instant from which `minutes` business minutes are counted up to `end`. */
export function businessSubtract(end: number, minutes: number, window: NaiveWindow, calendar: ModelCalendar): number {
  let cursor = end;
  let remaining = minutes * MINUTE;
  for (;;) {
    const minute = floorMinute(cursor - 1);
    if (isBusinessMinute(minute, window, calendar.zone, calendar.holidays)) {
      const available = cursor - minute;
      if (remaining <= available) return cursor - remaining;
      remaining -= available;
    }
    cursor = minute;
  }
}

/** Business minutes between two instants. */
export function businessBetween(from: number, to: number, window: NaiveWindow, calendar: ModelCalendar): number {
  let counted = 0;
  for (let cursor = from; cursor < to; ) {
    const minute = floorMinute(cursor);
    const end = Math.min(minute + MINUTE, to);
    if (isBusinessMinute(minute, window, calendar.zone, calendar.holidays)) counted += end - cursor;
    cursor = end;
  }
  return counted / MINUTE;
}

/** `minutes` on the ticket's clock after `from`. */
function later(ticket: Pick<ModelTicket, 'program' | 'calendar'>, from: number, minutes: number): number {
  const window = WINDOWS[ticket.program];
  return window ? businessAdd(from, minutes, window, ticket.calendar) : from + minutes * MINUTE;
}

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
  calendar: ModelCalendar;
  clock: 'wall' | 'business' | 'none';
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

/** Warning instant: the deadline minus `warningRatio` of the target, counted back on the ticket's clock (DESIGN §3). */
function warningFor(
  ticket: Pick<ModelTicket, 'program' | 'calendar'>,
  deadline: number,
  targetMinutes: number,
): number {
  const back = targetMinutes * MODEL_CONFIG.warningRatio;
  const window = WINDOWS[ticket.program];
  return window ? businessSubtract(deadline, back, window, ticket.calendar) : deadline - back * MINUTE;
}

/** A new ticket (DESIGN §2, §3): refused when the severity is not offered; acknowledged by e-mail. */
export function open(
  program: Program,
  severity: Severity,
  openedAt: number,
  openedBy: string,
  calendar: ModelCalendar,
): Outcome {
  const target = objective(program, severity);
  if (target === 'not_offered') return { refused: 'severity_not_offered' };
  const timed = typeof target === 'number';
  const deadline = timed ? later({ program, calendar }, openedAt, target) : null;
  const ticket: ModelTicket = {
    program,
    severity,
    openedAt,
    openedBy,
    calendar,
    clock: timed ? (WINDOWS[program] ? 'business' : 'wall') : 'none',
    targetMinutes: timed ? target : null,
    deadline,
    warnAt: timed && deadline !== null ? warningFor({ program, calendar }, deadline, target) : null,
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
        ? Math.min(next.deadline, later(next, now, target))
        : Math.max(next.deadline, later(next, next.openedAt, target));
    next = {
      ...next,
      targetMinutes: target,
      deadline,
      warnAt: warningFor(next, deadline, target),
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
    const window = WINDOWS[next.program];
    const elapsed = window
      ? businessBetween(next.openedAt, now, window, next.calendar)
      : (now - next.openedAt) / MINUTE;
    next = {
      ...next,
      state: next.state === 'running' ? 'met' : next.state,
      respondedAt: now,
      elapsedMinutes: Math.round(elapsed * 100) / 100,
      status: next.status === 'awaiting_response' ? 'responded' : next.status,
    };
  }
  return { ticket: process(next, now) };
}

const localDates = new Map<string, Intl.DateTimeFormat>();
/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: number, zone: string): string {
  let format = localDates.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    localDates.set(zone, format);
  }
  return format.format(instant);
}

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
    const dates = new Set(since.map((a) => localDate(a.at, next.calendar.zone)));
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

/** A timer the model expects the service to have set: what it is for, and when it must fire (DESIGN §5). */
export interface DueTimer {
  kind: 'warning' | 'breach' | 'auto_close';
  at: number;
}

const roundUp = (instant: number) =>
  Math.ceil(instant / MODEL_CONFIG.schedulerPrecisionMs) * MODEL_CONFIG.schedulerPrecisionMs;

/**
 * The timers the ticket needs now, at the model's own instants: the warning (once per version), the breach
 * strictly after the deadline, the automatic close; each rounded up to the scheduler's precision.
 */
export function dueTimers(ticket: ModelTicket): DueTimer[] {
  if (ticket.status === 'closed') return [];
  const timers: DueTimer[] = [];
  if (ticket.state === 'running' && ticket.deadline !== null) {
    if (ticket.warnAt !== null && !ticket.warnedThisVersion)
      timers.push({ kind: 'warning', at: roundUp(ticket.warnAt) });
    timers.push({ kind: 'breach', at: roundUp(ticket.deadline + 1) });
  }
  if (ticket.status === 'pending_closure' && ticket.autoCloseAt !== null) {
    timers.push({ kind: 'auto_close', at: roundUp(ticket.autoCloseAt) });
  }
  return timers;
}
