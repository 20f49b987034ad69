/**
 * `GET /reports/sla` counted from the tickets themselves (shared/tickets/report.ts, DESIGN §4): the exact recount
 * the aggregates are checked against. Many tickets per row, so p50 and p90 differ and met % has both terms.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import type { Severity } from '#shared/policy/schema.ts';
import { aggregate, contribution, reportFromRows } from '#shared/tickets/aggregates.ts';
import { closed, type DecisionContext, openTicket, responded } from '#shared/tickets/decisions.ts';
import { percentile, slaReport } from '#shared/tickets/report.ts';
import type { Account, Ticket } from '#shared/tickets/ticket.ts';

const policy = loadPolicy(undefined);
const DAY = '2026-12-01T09:00:00.000Z';
const minutesAfter = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

const context = (now: string): DecisionContext => ({
  policy,
  now: new Date(now),
  newId: () => 'mail',
  recipients: { supportQueue: 'q@vendor.example', dutyManager: 'd@vendor.example' },
});

const account = (program: string): Account => ({
  supportId: program,
  name: program,
  program,
  contractExpiresAt: program === 'free' ? null : '2030-12-31',
  timezone: 'UTC',
  region: 'emea',
  language: 'en',
  holidays: {},
  caseAdministrators: ['admin@example.com'],
  supportPartners: [],
  supportAccountManager: null,
  updatedAt: DAY,
});

let sequence = 0;
function ticket(program: string, severity: Severity, respondedAfter?: number, openedAt = DAY): Ticket {
  sequence += 1;
  const request = {
    supportId: program,
    openedBy: { email: 'admin@example.com' },
    severity,
    product: 'P',
    subject: 'S',
    channel: 'web' as const,
    openedAt,
  };
  const opened = openTicket(context(openedAt), account(program), request, `T-${sequence}`).ticket;
  if (respondedAfter === undefined) return opened;
  const at = minutesAfter(openedAt, respondedAfter);
  return responded(context(at), opened, { by: 'eng', at }).ticket;
}

describe('nearest-rank percentile', () => {
  it('is the smallest value with at least p% of the values at or below it', () => {
    const tens = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(tens, 50)).toBe(5);
    expect(percentile(tens, 90)).toBe(9);
    expect(percentile(tens, 91)).toBe(10);
    expect(percentile(tens, 100)).toBe(10);
    expect(percentile(tens, 0)).toBe(1);
    expect(percentile([1, 2], 50)).toBe(1);
    expect(percentile([1, 2], 51)).toBe(2);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('the SLA report from tickets', () => {
  it('counts each state per program × severity, met % over met and breached only', () => {
    const now = minutesAfter(DAY, 24 * 60);
    const tickets = [
      // Production severity 1 (60 wall minutes): ten met, three breached by a late response, one past its
      // deadline with no response yet (breached as the clock says, before any timer fired), one still running.
      ...[5, 10, 15, 20, 25, 30, 35, 40, 45, 60].map((minutes) => ticket('production', 1, minutes)),
      ...[61, 90, 120].map((minutes) => ticket('production', 1, minutes)),
      ticket('production', 1),
      ticket('production', 1, undefined, minutesAfter(now, -30)),
      // Production severity 2, opened later: one met.
      ticket('production', 2, 100),
      // Free severity 2: best effort, answered after 300 minutes.
      ticket('free', 2, 300),
      ticket('free', 2),
    ];
    expect(slaReport(tickets, now)).toEqual([
      {
        program: 'free',
        severity: 2,
        opened: 2,
        met: 0,
        breached: 0,
        running: 0,
        bestEffort: 2,
        metPercent: null,
        p50ResponseMinutes: 300,
        p90ResponseMinutes: 300,
      },
      {
        program: 'production',
        severity: 1,
        opened: 15,
        met: 10,
        breached: 4,
        running: 1,
        bestEffort: 0,
        metPercent: 71.4,
        p50ResponseMinutes: 35,
        p90ResponseMinutes: 90,
      },
      {
        program: 'production',
        severity: 2,
        opened: 1,
        met: 1,
        breached: 0,
        running: 0,
        bestEffort: 0,
        metPercent: 100,
        p50ResponseMinutes: 100,
        p90ResponseMinutes: 100,
      },
    ]);
  });

  it('is empty without tickets, and rounds met % to one decimal', () => {
    expect(slaReport([], DAY)).toEqual([]);
    const now = minutesAfter(DAY, 24 * 60);
    // In no particular order: the percentiles sort the minutes first.
    const row = slaReport([ticket('production', 1, 90), ticket('production', 1, 10), ticket('production', 1, 20)], now);
    expect(row[0]).toMatchObject({
      met: 2,
      breached: 1,
      metPercent: 66.7,
      p50ResponseMinutes: 20,
      p90ResponseMinutes: 90,
    });
    const even = slaReport([ticket('production', 1, 10), ticket('production', 1, 90)], now);
    expect(even[0]).toMatchObject({ met: 1, breached: 1, metPercent: 50 });
  });

  it('sorts severities as numbers within a program', () => {
    const now = minutesAfter(DAY, 24 * 60);
    const rows = slaReport([ticket('production', 4, 1), ticket('production', 1, 1), ticket('basic', 3, 1)], now);
    expect(rows.map((row) => [row.program, row.severity])).toEqual([
      ['basic', 3],
      ['production', 1],
      ['production', 4],
    ]);
  });
});

describe('a ticket closed unanswered before its deadline', () => {
  it('counts as the aggregates count it: its clock stopped at the close, so no breach comes later', () => {
    const opened = ticket('production', 1);
    const closedAt = minutesAfter(DAY, 30);
    const done = closed(context(closedAt), opened, { by: 'eng', resolution: 'duplicate', at: closedAt }).ticket;
    const now = minutesAfter(DAY, 24 * 60);
    // The report served by the API: rows from contributions, overdue running tickets from the open ones only.
    const served = reportFromRows(aggregate([contribution(done)]), []);
    expect(served[0]).toMatchObject({ running: 1, breached: 0 });
    expect(slaReport([done], now)).toEqual(served);
    // An open ticket past its deadline is still breached as the clock says.
    expect(slaReport([opened], now)[0]).toMatchObject({ running: 0, breached: 1 });
  });
});
