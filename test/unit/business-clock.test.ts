/**
 * The business clock at its edges (DESIGN §3): the local day of an instant is the account's, not UTC's,
 * and a window whose opening falls in a skipped DST hour opens at the change itself.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import { startSla } from '#shared/sla/deadline.ts';
import { businessClock, wallClock } from '#shared/time/business-clock.ts';
import { holidayCheck } from '#shared/time/holidays.ts';
import { zoneOf } from '#shared/time/local-days.ts';

const weekdays = [1, 2, 3, 4, 5];
const clockIn = (zone: string, open: string, close: string, days = weekdays) => {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  return businessClock({ days, open: minutes(open), close: minutes(close) }, zoneOf(zone)!, holidayCheck(undefined));
};
const iso = (instant: number) => new Date(instant).toISOString();

describe('the first and last day are taken in the account’s zone', () => {
  // Monday 30 November 2026, 20:00 in Los Angeles, is already Tuesday 04:00 in UTC.
  const laEvening = Date.parse('2026-12-01T04:00:00Z');
  const la = clockIn('America/Los_Angeles', '08:00', '22:00');

  it('counts the rest of a western zone’s local evening: 60 minutes from Monday 20:00 end at 21:00', () => {
    expect(iso(la.addMinutes(laEvening, 60))).toBe('2026-12-01T05:00:00.000Z');
    expect(iso(la.addMinutes(laEvening, 150))).toBe('2026-12-01T16:30:00.000Z'); // 2 h Monday, 30 min Tuesday 08:00
    expect(la.minutesBetween(laEvening, Date.parse('2026-12-01T06:00:00Z'))).toBe(120);
  });

  it('counts back into an eastern zone’s local morning: 20 minutes before Tuesday 08:30 Tokyo is 08:10', () => {
    // Tuesday 08:30 in Tokyo is still Monday 23:30 in UTC.
    const tokyoMorning = Date.parse('2026-11-30T23:30:00Z');
    const tokyo = clockIn('Asia/Tokyo', '08:00', '18:00');
    expect(iso(tokyo.subtractMinutes(tokyoMorning, 20))).toBe('2026-11-30T23:10:00.000Z');
    expect(iso(tokyo.subtractMinutes(tokyoMorning, 40))).toBe('2026-11-30T08:50:00.000Z'); // Monday 17:50
    expect(tokyo.minutesBetween(Date.parse('2026-11-30T22:00:00Z'), tokyoMorning)).toBe(30);
  });
});

describe('a window opening inside a skipped DST hour', () => {
  it('opens at the change: Paris on 28 March 2027 jumps from 02:00 to 03:00, so 02:30 opens at 03:00 CEST', () => {
    const paris = clockIn('Europe/Paris', '02:30', '04:00', [7]);
    const saturday = Date.parse('2027-03-27T12:00:00Z');
    expect(iso(paris.addMinutes(saturday, 1))).toBe('2027-03-28T01:01:00.000Z');
    // 03:00–04:00 CEST is all that day has: one hour, so the 61st minute is the next Sunday's.
    expect(iso(paris.addMinutes(saturday, 60))).toBe('2027-03-28T02:00:00.000Z');
    expect(iso(paris.addMinutes(saturday, 61))).toBe('2027-04-04T00:31:00.000Z');
    expect(paris.minutesBetween(saturday, Date.parse('2027-03-29T00:00:00Z'))).toBe(60);
    expect(iso(paris.subtractMinutes(Date.parse('2027-03-28T02:00:00Z'), 60))).toBe('2027-03-28T01:00:00.000Z');
  });

  it('closes at the change when the closing is skipped: New York on 14 March 2027 jumps from 02:00 to 03:00', () => {
    // A Sunday window 00:00–02:30 is only 00:00–02:00 EST that day: 02:30 never reads, the clock closes at 03:00 EDT.
    const ny = clockIn('America/New_York', '00:00', '02:30', [7]);
    const saturday = Date.parse('2027-03-13T17:00:00Z');
    expect(ny.minutesBetween(saturday, Date.parse('2027-03-15T00:00:00Z'))).toBe(120);
    expect(iso(ny.addMinutes(saturday, 120))).toBe('2027-03-14T07:00:00.000Z'); // 03:00 EDT, the change
  });
});

describe('a window opening inside a repeated DST hour', () => {
  it('opens at the first occurrence: Paris on 31 October 2027 reads 02:00–03:00 twice, so 02:30–03:00 lasts 90 minutes', () => {
    // 02:30 CEST is 00:30Z; 03:00 is read once, in CET, at 02:00Z.
    const paris = clockIn('Europe/Paris', '02:30', '03:00', [7]);
    const saturday = Date.parse('2027-10-30T12:00:00Z');
    expect(iso(paris.addMinutes(saturday, 1))).toBe('2027-10-31T00:31:00.000Z');
    expect(iso(paris.addMinutes(saturday, 90))).toBe('2027-10-31T02:00:00.000Z');
    expect(paris.minutesBetween(saturday, Date.parse('2027-11-01T00:00:00Z'))).toBe(90);
    expect(iso(paris.subtractMinutes(Date.parse('2027-10-31T02:00:00Z'), 90))).toBe('2027-10-31T00:30:00.000Z');
  });

  it('closes at the first occurrence too: 00:00–02:30 that Sunday is 150 minutes', () => {
    const paris = clockIn('Europe/Paris', '00:00', '02:30', [7]);
    expect(paris.minutesBetween(Date.parse('2027-10-30T12:00:00Z'), Date.parse('2027-11-01T00:00:00Z'))).toBe(150);
  });

  it('is closed all day when both its opening and closing fall in a skipped hour', () => {
    // 02:00–02:45 never reads in Paris on 28 March 2027: the next minute counted is the next Sunday's 02:01 CEST.
    const paris = clockIn('Europe/Paris', '02:00', '02:45', [7]);
    const saturday = Date.parse('2027-03-27T12:00:00Z');
    expect(iso(paris.addMinutes(saturday, 1))).toBe('2027-04-04T00:01:00.000Z');
    expect(paris.minutesBetween(saturday, Date.parse('2027-03-29T00:00:00Z'))).toBe(0);
  });
});

describe('a window reaching midnight', () => {
  it('counts straight on across midnight when it closes at 24:00 and opens at 00:00', () => {
    const paris = clockIn('Europe/Paris', '00:00', '24:00');
    // Tuesday 1 December 23:00 Paris + 2 h = Wednesday 01:00; Friday 23:00 + 2 h = Monday 01:00.
    expect(iso(paris.addMinutes(Date.parse('2026-12-01T22:00:00Z'), 120))).toBe('2026-12-02T00:00:00.000Z');
    expect(iso(paris.addMinutes(Date.parse('2026-12-04T22:00:00Z'), 120))).toBe('2026-12-07T00:00:00.000Z');
    expect(iso(paris.subtractMinutes(Date.parse('2026-12-07T00:00:00Z'), 120))).toBe('2026-12-04T22:00:00.000Z');
  });

  it('ends an evening window 23:00–24:00 at midnight and resumes the next evening', () => {
    const la = clockIn('America/Los_Angeles', '23:00', '24:00');
    // Monday 30 November 23:30 in Los Angeles (07:30Z Tuesday): 30 minutes Monday, 30 Tuesday from 23:00.
    expect(iso(la.addMinutes(Date.parse('2026-12-01T07:30:00Z'), 60))).toBe('2026-12-02T07:30:00.000Z');
  });
});

describe('the clock’s own edges', () => {
  const paris = clockIn('Europe/Paris', '08:00', '20:00');
  const wednesdayNoon = Date.parse('2026-12-02T11:00:00Z');

  it('adds or subtracts nothing for zero or negative minutes, and measures nothing backwards', () => {
    expect(paris.addMinutes(wednesdayNoon, 0)).toBe(wednesdayNoon);
    expect(paris.addMinutes(wednesdayNoon, -5)).toBe(wednesdayNoon);
    expect(paris.subtractMinutes(wednesdayNoon, 0)).toBe(wednesdayNoon);
    expect(paris.subtractMinutes(wednesdayNoon, -5)).toBe(wednesdayNoon);
    expect(paris.minutesBetween(wednesdayNoon, wednesdayNoon)).toBe(0);
    expect(paris.minutesBetween(wednesdayNoon, wednesdayNoon - 60_000)).toBe(0);
  });

  it('ends exactly at closing, and starts exactly at opening, rather than at the next day', () => {
    const opening = Date.parse('2026-12-02T07:00:00Z');
    const closing = Date.parse('2026-12-02T19:00:00Z');
    expect(paris.addMinutes(opening, 720)).toBe(closing);
    expect(paris.subtractMinutes(closing, 720)).toBe(opening);
    expect(paris.minutesBetween(opening, closing)).toBe(720);
    // From the closing instant itself, the next minute is Thursday's first.
    expect(iso(paris.addMinutes(closing, 1))).toBe('2026-12-03T07:01:00.000Z');
    expect(iso(paris.subtractMinutes(opening, 1))).toBe('2026-12-01T18:59:00.000Z');
  });

  it('counts fractional minutes to the millisecond (25 % of 30 minutes is 7.5)', () => {
    expect(paris.addMinutes(wednesdayNoon, 7.5)).toBe(wednesdayNoon + 450_000);
    expect(paris.minutesBetween(wednesdayNoon, wednesdayNoon + 450_000)).toBe(7.5);
  });

  it('gives up, with the day it started from, when no business time lies within ten years', () => {
    const never = businessClock({ days: [1], open: 480, close: 1200 }, zoneOf('UTC')!, () => true);
    expect(() => never.addMinutes(wednesdayNoon, 1)).toThrow(
      new RangeError('no business time within 3660 days of 2026-12-02T11:00:00.000Z'),
    );
    expect(() => never.subtractMinutes(wednesdayNoon, 1)).toThrow(
      new RangeError('no business time within 3660 days before 2026-12-02T11:00:00.000Z'),
    );
    expect(never.minutesBetween(wednesdayNoon, wednesdayNoon + 86_400_000 * 30)).toBe(0);
  });

  it('reaches a window on the last of its 3660 days, and not one day further', () => {
    // Every day is a holiday but one.
    const first = Date.UTC(2026, 11, 2) / 86_400_000;
    const onlyOn = (open: number) =>
      businessClock({ days: [1, 2, 3, 4, 5, 6, 7], open: 0, close: 60 }, zoneOf('UTC')!, (day) => day !== open);
    expect(onlyOn(first + 3659).addMinutes(first * 86_400_000, 1)).toBe((first + 3659) * 86_400_000 + 60_000);
    expect(() => onlyOn(first + 3660).addMinutes(first * 86_400_000, 1)).toThrow(RangeError);
    expect(onlyOn(first - 3659).subtractMinutes(first * 86_400_000, 1)).toBe((first - 3659) * 86_400_000 + 59 * 60_000);
    expect(() => onlyOn(first - 3660).subtractMinutes(first * 86_400_000, 1)).toThrow(RangeError);
  });

  it('is a wall clock for programs counted in absolute time', () => {
    expect(wallClock.kind).toBe('wall');
    expect(paris.kind).toBe('business');
    expect(wallClock.addMinutes(wednesdayNoon, 7.5)).toBe(wednesdayNoon + 450_000);
    expect(wallClock.subtractMinutes(wednesdayNoon, 7.5)).toBe(wednesdayNoon - 450_000);
    expect(wallClock.minutesBetween(wednesdayNoon, wednesdayNoon + 90_000)).toBe(1.5);
    expect(wallClock.minutesBetween(wednesdayNoon, wednesdayNoon - 90_000)).toBe(0);
  });

  it('keeps the windows of two zones and two windows apart', () => {
    const tokyo = clockIn('Asia/Tokyo', '08:00', '20:00');
    const early = clockIn('Europe/Paris', '06:00', '20:00');
    const tuesdayMidnightUtc = Date.parse('2026-12-01T00:00:00Z');
    expect(iso(paris.addMinutes(tuesdayMidnightUtc, 1))).toBe('2026-12-01T07:01:00.000Z');
    expect(iso(tokyo.addMinutes(tuesdayMidnightUtc, 1))).toBe('2026-12-01T00:01:00.000Z'); // 09:01 Tokyo
    expect(iso(early.addMinutes(tuesdayMidnightUtc, 1))).toBe('2026-12-01T05:01:00.000Z');
  });
});

describe('warnings on the business clock', () => {
  const policy = loadPolicy(undefined);
  const start = (warningRatio: number, openedAt: string, holidays?: { calendar: string }) =>
    startSla(
      { policy: { ...policy, warningRatio }, program: 'basic', calendar: { timezone: 'Europe/Paris', holidays } },
      1,
      openedAt,
    );

  it('counts the warning back over a holiday and a weekend, into the evening before them', () => {
    // Thursday 24 December 2026 19:00 Paris, 2 business hours, FR: 1 h Thursday, then Monday 28th 08:00–09:00.
    const sla = start(0.75, '2026-12-24T18:00:00Z', { calendar: 'FR' });
    expect(sla.deadline).toBe('2026-12-28T08:00:00.000Z');
    // 90 minutes back: Monday 08:00–09:00, then Thursday 19:30–20:00.
    expect(sla.warnAt).toBe('2026-12-24T18:30:00.000Z');
  });

  it('follows the configured ratio', () => {
    expect(start(0.25, '2026-12-02T07:00:00Z').warnAt).toBe('2026-12-02T08:30:00.000Z');
    expect(start(0.5, '2026-12-02T07:00:00Z').warnAt).toBe('2026-12-02T08:00:00.000Z');
  });
});
