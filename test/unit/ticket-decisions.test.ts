/**
 * The timer-facing decisions (DESIGN §5) as pure functions: what falls due on a ticket at a given instant,
 * and which schedules the ticket still needs. No I/O: tickets are built with `openTicket` itself.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import {
  contactAttempted,
  type DecisionContext,
  dueWork,
  openTicket,
  pendingTimers,
  responded,
  severityChanged,
} from '#shared/tickets/decisions.ts';
import type { Account, Ticket } from '#shared/tickets/ticket.ts';
import { accountOf } from '../support/domain.ts';

const policy = loadPolicy(undefined);
const MINUTE = 60_000;
const OPENED = '2026-12-01T09:00:00.000Z'; // Tuesday 10:00 in Paris

function contextAt(at: string | number): DecisionContext {
  let n = 0;
  return {
    policy,
    now: new Date(at),
    newId: () => `mail-${++n}`,
    recipients: { supportQueue: 'queue@vendor.example', dutyManager: 'duty@vendor.example' },
  };
}

const account = (program: string): Account => accountOf({ program, updatedAt: OPENED });

/** A production severity-1 ticket: 60 wall minutes, so warned at 45 and due at 10:00Z. */
function production1(): Ticket {
  const request = {
    supportId: 'ACME',
    openedBy: { email: 'admin@acme.example' },
    severity: 1 as const,
    product: 'Agent',
    subject: 'Down',
    channel: 'web' as const,
    openedAt: OPENED,
  };
  // The opening mail is taken as sent: these tests look at what the timers add.
  return { ...openTicket(contextAt(OPENED), account('production'), request, 'T-1').ticket, outbox: [] };
}

const at = (minutes: number, extraMs = 0) => new Date(Date.parse(OPENED) + minutes * MINUTE + extraMs).toISOString();
const templates = (ticket: Ticket) => ticket.outbox.map((mail) => mail.template);

describe('the breach timer', () => {
  it('is set strictly after the deadline, rounded up to the scheduler precision', () => {
    const ticket = production1();
    expect(ticket.sla.deadline).toBe('2026-12-01T10:00:00.000Z');
    const breach = pendingTimers(ticket, 1).find((timer) => timer.kind === 'breach');
    // At the deadline a response still meets the SLA, so the breach timer fires one precision step later.
    expect(breach).toMatchObject({ at: '2026-12-01T10:00:01.000Z', version: 1, name: 'sla-T-1-breach-v1' });
    expect(pendingTimers(ticket, 60).find((timer) => timer.kind === 'breach')?.at).toBe('2026-12-01T10:01:00.000Z');
  });

  it('finds nothing due at the deadline itself, and the breach one millisecond after', () => {
    const ticket = production1();
    expect(dueWork(contextAt(at(60)), { ...ticket, warnedVersion: 1 })).toBeNull();
    const due = dueWork(contextAt(at(60, 1)), { ...ticket, warnedVersion: 1 });
    expect(due?.ticket.sla).toMatchObject({ state: 'breached', breachedAt: '2026-12-01T10:00:00.000Z' });
    expect(templates(due!.ticket)).toEqual(['breach']);
    expect(due?.ticket.outbox[0]?.to).toEqual(['duty@vendor.example', 'queue@vendor.example']);
  });
});

describe('the warning', () => {
  it('sets a warning timer at warnAt and none once this version was warned', () => {
    const ticket = production1();
    expect(pendingTimers(ticket, 1).map((timer) => [timer.kind, timer.at])).toEqual([
      ['warning', '2026-12-01T09:45:00.000Z'],
      ['breach', '2026-12-01T10:00:01.000Z'],
    ]);
    const warned = dueWork(contextAt(at(45)), ticket)!.ticket;
    expect(warned.warnedVersion).toBe(1);
    expect(pendingTimers(warned, 1).map((timer) => timer.kind)).toEqual(['breach']);
  });

  it('is not due one millisecond before warnAt, and is due at it', () => {
    const ticket = production1();
    expect(dueWork(contextAt(at(45, -1)), ticket)).toBeNull();
    const due = dueWork(contextAt(at(45)), ticket);
    expect(templates(due!.ticket)).toEqual(['warning']);
    expect(due?.events).toEqual([
      { at: at(45), type: 'warning_sent', details: { version: 1, deadline: '2026-12-01T10:00:00.000Z' } },
    ]);
    expect(due?.ticket.outbox[0]?.vars).toMatchObject({ timeLeft: '15 minutes' });
  });

  it('is sent once per SLA version: a repeated firing adds nothing, a new version warns again', () => {
    const ticket = production1();
    const warned = dueWork(contextAt(at(45)), ticket)!.ticket;
    expect(dueWork(contextAt(at(46)), { ...warned, outbox: [] })).toBeNull();
    // Severity 1 → 2 at 09:50Z: the later of 10:00Z and 09:00Z + 3 h, so a new version with a new warning.
    const changed = severityChanged(
      contextAt(at(50)),
      { ...warned, outbox: [] },
      {
        severity: 2,
        changedBy: 'admin@acme.example',
        at: at(50),
      },
    )!.ticket;
    expect(changed.sla).toMatchObject({ version: 2, deadline: '2026-12-01T12:00:00.000Z' });
    expect(pendingTimers(changed, 1).map((timer) => [timer.kind, timer.version])).toEqual([
      ['warning', 2],
      ['breach', 2],
    ]);
    expect(dueWork(contextAt('2026-12-01T11:14:59.999Z'), changed)).toBeNull();
    const again = dueWork(contextAt('2026-12-01T11:15:00.000Z'), changed);
    expect(again?.ticket.warnedVersion).toBe(2);
    expect(templates(again!.ticket)).toEqual(['warning']);
  });

  it('is not sent once the first response has met the SLA', () => {
    const answered = responded(contextAt(at(10)), production1(), { by: 'eng@vendor.example', at: at(10) }).ticket;
    expect(pendingTimers(answered, 1)).toEqual([]);
    expect(dueWork(contextAt(at(50)), answered)).toBeNull();
  });
});

describe('the automatic close', () => {
  function pendingClosure(): Ticket {
    let ticket = responded(contextAt(at(10)), production1(), { by: 'eng@vendor.example', at: at(10) }).ticket;
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      const attemptAt = `${day}T12:00:00.000Z`;
      ticket = contactAttempted(contextAt(attemptAt), ticket, { by: 'eng', channel: 'phone', at: attemptAt })!.ticket;
    }
    return { ...ticket, outbox: [] };
  }

  it('is due a grace period after the third attempt, not one millisecond earlier', () => {
    const ticket = pendingClosure();
    expect(ticket).toMatchObject({ status: 'pending_closure', autoCloseAt: '2026-12-04T12:00:00.000Z' });
    expect(pendingTimers(ticket, 1)).toEqual([
      { kind: 'auto_close', at: '2026-12-04T12:00:00.000Z', version: 3, name: 'sla-T-1-auto_close-v3' },
    ]);
    expect(dueWork(contextAt('2026-12-04T11:59:59.999Z'), ticket)).toBeNull();
    const closed = dueWork(contextAt('2026-12-04T12:00:00.000Z'), ticket)!.ticket;
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: '2026-12-04T12:00:00.000Z',
      closedBy: 'sla-monitor',
      resolution: 'no_response',
      autoCloseAt: null,
    });
    expect(templates(closed)).toEqual(['closed_no_response']);
    expect(pendingTimers(closed, 1)).toEqual([]);
  });
});

describe('the breach alert', () => {
  it('is queued once: not again while it waits in the outbox, nor after it was sent', () => {
    const ticket = { ...production1(), warnedVersion: 1 };
    const breached = dueWork(contextAt(at(61)), ticket)!.ticket;
    expect(templates(breached)).toEqual(['breach']);
    expect(dueWork(contextAt(at(62)), breached)).toBeNull();
    expect(dueWork(contextAt(at(62)), { ...breached, outbox: [], breachNotifiedAt: at(61) })).toBeNull();
  });

  it('also goes to the support account manager of a premier account', () => {
    const request = {
      supportId: 'ACME',
      openedBy: { email: 'admin@acme.example' },
      severity: 1 as const,
      product: 'Agent',
      subject: 'Down',
      channel: 'web' as const,
      openedAt: OPENED,
    };
    const premier = { ...account('premier'), supportAccountManager: 'sam@vendor.example' };
    const ticket = openTicket(contextAt(OPENED), premier, request, 'T-2').ticket;
    const due = dueWork(contextAt(at(31)), { ...ticket, outbox: [], warnedVersion: 1 })!.ticket;
    expect(due.outbox[0]?.to).toEqual(['duty@vendor.example', 'queue@vendor.example', 'sam@vendor.example']);
  });
});
