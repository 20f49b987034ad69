/**
 * The business clock at its edges (DESIGN §3): the local day of an instant is the account's, not UTC's,
 * and a window whose opening falls in a skipped DST hour opens at the change itself.
 */
import { describe, expect, it } from 'vitest';
import { businessClock } from '#shared/time/business-clock.ts';
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
