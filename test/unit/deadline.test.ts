import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import type { Severity } from '#shared/policy/schema.ts';
import { startSla } from '#shared/sla/deadline.ts';
import type { HolidaySpec } from '#shared/time/holidays.ts';

const policy = loadPolicy(undefined);

function due(program: string, severity: Severity, openedAt: string, timezone: string, holidays?: HolidaySpec) {
  const sla = startSla({ policy, program, calendar: { timezone, holidays } }, severity, openedAt);
  return { deadline: sla.deadline, warnAt: sla.warnAt, clock: sla.clock, state: sla.state, target: sla.targetMinutes };
}

describe('wall clock (premier, production)', () => {
  it('gives premier 30 minutes and warns 7.5 minutes before, at any hour', () => {
    expect(due('premier', 3, '2026-12-05T23:50:00Z', 'Europe/Paris')).toMatchObject({
      clock: 'wall',
      deadline: '2026-12-06T00:20:00.000Z',
      warnAt: '2026-12-06T00:12:30.000Z',
    });
  });

  it('counts production severity 4 as 8 absolute hours across the spring DST change', () => {
    // 22:00 CET on Saturday 27 March 2027; the clocks jump at 02:00, so local reading is 07:00 CEST, 8 real hours later.
    expect(due('production', 4, '2027-03-27T22:00:00+01:00', 'Europe/Paris')).toMatchObject({
      deadline: '2027-03-28T05:00:00.000Z',
      warnAt: '2027-03-28T03:00:00.000Z',
    });
  });
});

describe('business clock (basic 08:00–20:00, evaluation 08:00–17:00, Monday–Friday, local time)', () => {
  it('counts 8 business hours from Wednesday noon to 20:00 the same day', () => {
    expect(due('basic', 2, '2026-12-02T12:00:00+01:00', 'Europe/Paris')).toMatchObject({
      deadline: '2026-12-02T19:00:00.000Z',
      warnAt: '2026-12-02T17:00:00.000Z',
    });
  });

  it('ends exactly at closing rather than at the next opening (evaluation 09:00 + 8 h = 17:00)', () => {
    expect(due('evaluation', 2, '2026-12-02T09:00:00+01:00', 'Europe/Paris').deadline).toBe('2026-12-02T16:00:00.000Z');
  });

  it('starts counting at the next opening when opened before it, after it, or at the weekend', () => {
    expect(due('basic', 1, '2026-12-01T06:30:00+01:00', 'Europe/Paris').deadline).toBe('2026-12-01T09:00:00.000Z');
    expect(due('basic', 1, '2026-12-01T21:00:00+01:00', 'Europe/Paris').deadline).toBe('2026-12-02T09:00:00.000Z');
    expect(due('basic', 1, '2026-12-05T11:00:00+01:00', 'Europe/Paris').deadline).toBe('2026-12-07T09:00:00.000Z');
  });

  it('carries Friday evening to Monday and warns in business hours (DESIGN §3 example)', () => {
    expect(due('basic', 2, '2026-12-04T14:00:00+01:00', 'Europe/Paris')).toMatchObject({
      deadline: '2026-12-07T09:00:00.000Z', // Monday 10:00
      warnAt: '2026-12-07T07:00:00.000Z', // Monday 08:00, not Friday 20:00
    });
    // Severity 1 opened Friday 19:00: one hour on Friday, one on Monday; warned 30 minutes before.
    expect(due('basic', 1, '2026-12-04T19:00:00+01:00', 'Europe/Paris')).toMatchObject({
      deadline: '2026-12-07T08:00:00.000Z',
      warnAt: '2026-12-07T07:30:00.000Z',
    });
  });

  it('skips Christmas in Europe/Paris with the FR calendar, and explicit dates', () => {
    // Thursday 24 December 14:00: 6 h that day; Friday 25 is Noël, then the weekend; 2 h on Monday 28.
    expect(due('basic', 2, '2026-12-24T14:00:00+01:00', 'Europe/Paris', { calendar: 'FR' })).toMatchObject({
      deadline: '2026-12-28T09:00:00.000Z',
      warnAt: '2026-12-28T07:00:00.000Z',
    });
    expect(
      due('basic', 2, '2026-12-24T14:00:00+01:00', 'Europe/Paris', { calendar: 'FR', dates: ['2026-12-28'] }).deadline,
    ).toBe('2026-12-29T09:00:00.000Z');
    // Without a calendar, Christmas Day is an ordinary Friday.
    expect(due('basic', 2, '2026-12-24T14:00:00+01:00', 'Europe/Paris').deadline).toBe('2026-12-25T09:00:00.000Z');
  });

  it('follows local time across both European DST changes', () => {
    // Spring: Friday 26 March 2027 18:00 CET; 2 h on Friday, 6 h on Monday from 08:00 CEST → 14:00 CEST.
    expect(due('basic', 2, '2027-03-26T18:00:00+01:00', 'Europe/Paris').deadline).toBe('2027-03-29T12:00:00.000Z');
    // Autumn: Friday 23 October 2026 18:00 CEST → Monday 26 October 14:00 CET.
    expect(due('basic', 2, '2026-10-23T18:00:00+02:00', 'Europe/Paris').deadline).toBe('2026-10-26T13:00:00.000Z');
  });

  it('follows local time across both North American DST changes', () => {
    // Spring: Friday 12 March 2027 18:00 EST → Monday 15 March 14:00 EDT.
    expect(due('basic', 2, '2027-03-12T18:00:00-05:00', 'America/New_York').deadline).toBe('2027-03-15T18:00:00.000Z');
    // Autumn: Friday 30 October 2026 18:00 EDT → Monday 2 November 14:00 EST.
    expect(due('basic', 2, '2026-10-30T18:00:00-04:00', 'America/New_York').deadline).toBe('2026-11-02T19:00:00.000Z');
  });

  it('uses the southern-hemisphere calendar of Australia/Sydney', () => {
    // Summer (AEDT, +11): Monday 7 December 09:00 + 12 h = Tuesday 09:00.
    expect(due('basic', 3, '2026-12-07T09:00:00+11:00', 'Australia/Sydney').deadline).toBe('2026-12-07T22:00:00.000Z');
    // DST ends Sunday 4 April 2027: Friday 18:00 AEDT → Monday 14:00 AEST (+10).
    expect(due('basic', 2, '2027-04-02T18:00:00+11:00', 'Australia/Sydney').deadline).toBe('2027-04-05T04:00:00.000Z');
  });

  it('works in a fixed half-hour offset zone, UTC+05:30, as in Asia/Kolkata', () => {
    // 07:30 local: the clock starts at 08:00 local (02:30Z) and runs 2 hours.
    for (const zone of ['UTC+05:30', 'Asia/Kolkata']) {
      expect(due('basic', 1, '2026-12-02T02:00:00Z', zone)).toMatchObject({
        deadline: '2026-12-02T04:30:00.000Z',
        warnAt: '2026-12-02T04:00:00.000Z',
      });
    }
  });

  it('counts 24 business hours over several days (basic severity 4 from Monday 08:00 ends Tuesday 20:00)', () => {
    expect(due('basic', 4, '2026-11-30T08:00:00+01:00', 'Europe/Paris')).toMatchObject({
      deadline: '2026-12-01T19:00:00.000Z',
      warnAt: '2026-12-01T13:00:00.000Z',
    });
  });
});

describe('best effort and refusals', () => {
  it('tracks free severities 2–4 with no deadline', () => {
    expect(due('free', 2, '2026-12-02T12:00:00Z', 'Europe/Paris')).toEqual({
      clock: 'none',
      state: 'best_effort',
      deadline: null,
      warnAt: null,
      target: null,
    });
  });

  it('refuses severity 1 on evaluation', () => {
    expect(() => due('evaluation', 1, '2026-12-02T12:00:00Z', 'Europe/Paris')).toThrow(
      expect.objectContaining({ code: 'severity_not_offered' }),
    );
  });
});
