/**
 * The time layer's small pieces with fixed, hand-worked answers: local days and weekdays, the zone rule
 * (DESIGN §4.1), offsets around DST changes, local instants in skipped and repeated hours, the instant reader's
 * offset bound, and public holidays checked by hand against the official calendars (not against date-holidays,
 * which the tables are computed from).
 */
import { FixedOffsetZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/sla/errors.ts';
import { manualClock, runtimeClock, systemClock, useClock } from '#shared/time/clock.ts';
import { calendarDays, isPublicHoliday } from '#shared/time/holiday-tables.ts';
import { holidayCheck } from '#shared/time/holidays.ts';
import { normalizeInstant, parseInstant, parseInstantWithLuxon, parsePlainInstant } from '#shared/time/instant.ts';
import {
  epochDayOfIsoDate,
  isIsoDate,
  isoDateOfEpochDay,
  isoWeekday,
  localDay,
  localInstant,
  offsetAt,
  zoneOf,
} from '#shared/time/local-days.ts';
import { MAX_UTC_OFFSET_MINUTES, utcOffsetMinutes } from '#shared/time/utc-offset.ts';

const DAY = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

describe('epoch days', () => {
  it('number the days from 1970-01-01, both ways', () => {
    expect(epochDayOfIsoDate('1970-01-01')).toBe(0);
    expect(epochDayOfIsoDate('1970-01-02')).toBe(1);
    expect(epochDayOfIsoDate('2026-12-02')).toBe(20_789);
    expect(isoDateOfEpochDay(20_789)).toBe('2026-12-02');
    expect(isoDateOfEpochDay(-1)).toBe('1969-12-31');
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-01', '2026-01-01T00:00', ' 2026-01-01', 'tomorrow', ''])(
    'refuse %j, which is not a date',
    (text) => {
      expect(() => epochDayOfIsoDate(text)).toThrow(new RangeError(`"${text}" is not a date (YYYY-MM-DD)`));
      expect(isIsoDate(text)).toBe(false);
    },
  );

  it('take 29 February in a leap year only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
  });

  it('have ISO weekdays: 1970-01-01 was a Thursday, 2026-12-07 is a Monday, 1969-12-28 a Sunday', () => {
    expect(isoWeekday(0)).toBe(4);
    expect(isoWeekday(dayOf('2026-12-07'))).toBe(1);
    expect(isoWeekday(dayOf('2026-12-06'))).toBe(7);
    expect(isoWeekday(-4)).toBe(7);
    expect(isoWeekday(-1)).toBe(3);
  });
});

describe('the zone rule', () => {
  it.each(['Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT-14', 'UTC'])('takes the IANA name %s', (name) => {
    expect(zoneOf(name)?.isValid).toBe(true);
  });

  it('takes UTC±hh:mm within ±14:00 as a fixed offset', () => {
    expect(zoneOf('UTC+05:30')).toEqual(FixedOffsetZone.instance(330));
    expect(zoneOf('UTC-12:00')).toEqual(FixedOffsetZone.instance(-720));
    expect(zoneOf('UTC+14:00')).toEqual(FixedOffsetZone.instance(840));
    expect(zoneOf('UTC-14:00')).toEqual(FixedOffsetZone.instance(-840));
  });

  it.each([
    'UTC+14:01',
    'UTC+15:00',
    'UTC+05:60',
    'UTC+5:30',
    'UTC+0530',
    '+05:00',
    'local',
    'System',
    'default',
    'Mars/Base',
    'Europe/',
    '/Paris',
    'Europe//Paris',
    '',
  ])('refuses %j', (name) => {
    expect(zoneOf(name)).toBeUndefined();
  });

  it('bounds an offset at 14:00 with minutes 00–59', () => {
    expect(MAX_UTC_OFFSET_MINUTES).toBe(840);
    expect(utcOffsetMinutes('+', '14', '00')).toBe(840);
    expect(utcOffsetMinutes('-', '14', '00')).toBe(-840);
    expect(utcOffsetMinutes('+', '13', '59')).toBe(839);
    expect(utcOffsetMinutes('-', '00', '00')).toBe(-0);
    expect(utcOffsetMinutes('+', '14', '01')).toBeUndefined();
    expect(utcOffsetMinutes('+', '00', '60')).toBeUndefined();
    expect(utcOffsetMinutes('+', '1.5', '00')).toBeUndefined();
    expect(utcOffsetMinutes('+', '01', 'x')).toBeUndefined();
  });
});

describe('offsets and local days around DST changes', () => {
  const paris = zoneOf('Europe/Paris')!;
  const newYork = zoneOf('America/New_York')!;

  it('changes offset at the change itself, on the day of the change', () => {
    // Paris springs forward at 01:00Z on 28 March 2027, falls back at 01:00Z on 31 October 2027.
    expect(offsetAt(paris, Date.parse('2027-03-28T00:59:59.999Z'))).toBe(60);
    expect(offsetAt(paris, Date.parse('2027-03-28T01:00:00Z'))).toBe(120);
    expect(offsetAt(paris, Date.parse('2027-10-31T00:59:59.999Z'))).toBe(120);
    expect(offsetAt(paris, Date.parse('2027-10-31T01:00:00Z'))).toBe(60);
    // Days without a change, either side.
    expect(offsetAt(paris, Date.parse('2027-03-27T12:00:00Z'))).toBe(60);
    expect(offsetAt(paris, Date.parse('2027-03-29T12:00:00Z'))).toBe(120);
    expect(offsetAt(zoneOf('UTC+05:30')!, 0)).toBe(330);
  });

  it('gives the local day of an instant in the zone', () => {
    expect(localDay(paris, Date.parse('2026-12-01T23:00:00Z'))).toBe(dayOf('2026-12-02'));
    expect(localDay(paris, Date.parse('2026-12-01T22:59:59.999Z'))).toBe(dayOf('2026-12-01'));
    expect(localDay(newYork, Date.parse('2026-12-02T04:59:59.999Z'))).toBe(dayOf('2026-12-01'));
    expect(localDay(newYork, Date.parse('2026-12-02T05:00:00Z'))).toBe(dayOf('2026-12-02'));
  });

  it('maps a local time to its instant, a skipped one to the change, a repeated one to its first reading', () => {
    const at = (zone = paris, date: string, minute: number) => new Date(localInstant(zone, dayOf(date), minute));
    expect(at(paris, '2027-03-27', 150).toISOString()).toBe('2027-03-27T01:30:00.000Z');
    expect(at(paris, '2027-03-28', 150).toISOString()).toBe('2027-03-28T01:00:00.000Z'); // 02:30 skipped
    expect(at(paris, '2027-03-28', 121).toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(at(paris, '2027-03-28', 180).toISOString()).toBe('2027-03-28T01:00:00.000Z'); // 03:00 CEST
    expect(at(paris, '2027-03-28', 119).toISOString()).toBe('2027-03-28T00:59:00.000Z');
    expect(at(paris, '2027-10-31', 150).toISOString()).toBe('2027-10-31T00:30:00.000Z'); // 02:30 CEST
    expect(at(paris, '2027-10-31', 180).toISOString()).toBe('2027-10-31T02:00:00.000Z'); // 03:00 CET
    expect(at(paris, '2027-10-31', 1440).toISOString()).toBe('2027-10-31T23:00:00.000Z');
    expect(at(newYork, '2027-03-14', 150).toISOString()).toBe('2027-03-14T07:00:00.000Z'); // 02:30 skipped
    expect(at(newYork, '2027-11-07', 90).toISOString()).toBe('2027-11-07T05:30:00.000Z'); // 01:30 EDT
  });

  it('finds a 30-minute change to the minute (Lord Howe Island, 3 October 2027, 02:00 → 02:30)', () => {
    const lordHowe = zoneOf('Australia/Lord_Howe')!;
    // 02:10 is skipped: it maps to 02:30 (+11:00), 15:30Z on 2 October.
    expect(new Date(localInstant(lordHowe, dayOf('2027-10-03'), 130)).toISOString()).toBe('2027-10-02T15:30:00.000Z');
  });
});

describe('instants', () => {
  it('are read with their offset, within ±14:00', () => {
    expect(parseInstant('2026-12-04T14:00:00+14:00')).toBe(Date.UTC(2026, 11, 4, 0));
    expect(parseInstant('2026-12-04T14:00:00-14:00')).toBe(Date.UTC(2026, 11, 5, 4));
    expect(parseInstant('2026-12-04T14:00+0530')).toBe(Date.UTC(2026, 11, 4, 8, 30));
    expect(parseInstant('2026-12-04T14:00:00.5z')).toBe(Date.UTC(2026, 11, 4, 14, 0, 0, 500));
    expect(parseInstant('2026-12-04T14:00:00.123456789Z')).toBe(Date.UTC(2026, 11, 4, 14, 0, 0, 123));
  });

  it.each([
    '2026-12-04T14:00:00+14:30',
    '2026-12-04T14:00:00+1430',
    '2026-12-04T14:00:00-15:00',
    '2026-12-04T14:00:00+01:60',
    '2026-12-04T14:00:00',
    '2026-12-04',
    '2026-02-29T10:00:00Z',
    'x2026-12-04T14:00:00Z',
    '2026-12-04T14:00:00Zx',
  ])('refuse %j', (text) => {
    expect(parseInstant(text)).toBeUndefined();
    expect(normalizeInstant(text)).toBeUndefined();
  });

  it('are normalised to UTC with milliseconds', () => {
    expect(normalizeInstant('2026-12-04T14:00+0530')).toBe('2026-12-04T08:30:00.000Z');
  });

  // The fast reader must answer the common shape itself (luxon is most of a CLI deadline's cost), at every bound.
  it.each([
    '1000-01-01T00:00:00Z',
    '2026-01-01T00:00:00Z',
    '2026-12-31T23:59:59.999Z',
    '2026-01-31T12:00:00+01:00',
    '2026-04-30T12:00:00-03:30',
    '2024-02-29T12:00:00Z',
    '2000-02-29T12:00:00Z',
    '2026-02-28T12:00:00Z',
    '2026-12-04T14:00Z',
    '2026-12-04T14:00:00.5Z',
    '2026-12-04T14:00:00+14:00',
  ])('reads the common shape %s itself, as luxon does', (text) => {
    expect(parsePlainInstant(text)).toBeDefined();
    expect(parsePlainInstant(text)).toBe(parseInstantWithLuxon(text));
  });

  it.each([
    '0999-12-31T23:59:59Z',
    '2026-00-10T12:00:00Z',
    '2026-13-10T12:00:00Z',
    '2026-12-00T12:00:00Z',
    '2026-04-31T12:00:00Z',
    '2026-02-29T12:00:00Z',
    '1900-02-29T12:00:00Z',
    '2026-12-04T24:00:00Z',
    '2026-12-04T14:60:00Z',
    '2026-12-04T14:00:60Z',
    '2026-12-04T14:00:00+14:30',
    '2026-12-04T14:00:00z',
    '2026-12-04T14:00:00+0100',
  ])('leaves %s to luxon', (text) => {
    expect(parsePlainInstant(text)).toBeUndefined();
  });
});

/**
 * Public holidays worked out by hand from the official calendars of each year (Easter Sunday: 16 April 2028,
 * 1 April 2029; Good Friday −2, Easter Monday +1, Ascension +39, Whit Monday +50):
 * - FR (service-public.fr): 1 January, Easter Monday, 1 and 8 May, Ascension, Whit Monday, 14 July, 15 August,
 *   1 and 11 November, 25 December.
 * - DE (the nine nationwide holidays): 1 January, Good Friday, Easter Monday, 1 May, Ascension, Whit Monday,
 *   3 October, 25 and 26 December.
 * - US 2027 (OPM federal holidays): Juneteenth (Saturday) observed Friday 18 June, Independence Day (Sunday)
 *   observed Monday 5 July, Christmas (Saturday) observed Friday 24 December, New Year's Day 2028 (Saturday)
 *   observed Friday 31 December; the calendar holds both the day and the day it is observed on.
 * - GB-ENG 2028 (gov.uk bank holidays): New Year's Day is a Saturday, its substitute Monday 3 January (the
 *   calendar holds both); Good Friday, Easter Monday, early May (1 May), spring (29 May), summer (28 August),
 *   Christmas (Monday) and Boxing Day (Tuesday).
 */
const handChecked: Record<string, Record<number, string[]>> = {
  FR: {
    2028: ['01-01', '04-17', '05-01', '05-08', '05-25', '06-05', '07-14', '08-15', '11-01', '11-11', '12-25'],
    2029: ['01-01', '04-02', '05-01', '05-08', '05-10', '05-21', '07-14', '08-15', '11-01', '11-11', '12-25'],
  },
  DE: { 2028: ['01-01', '04-14', '04-17', '05-01', '05-25', '06-05', '10-03', '12-25', '12-26'] },
  US: {
    2027: [
      ...['01-01', '01-18', '02-15', '05-31', '06-18', '06-19', '07-04', '07-05'],
      ...['09-06', '10-11', '11-11', '11-25', '12-24', '12-25', '12-31'],
    ],
  },
  'GB-ENG': { 2028: ['01-01', '01-03', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'] },
};

describe('public holidays, against dates checked by hand', () => {
  it.each(
    Object.entries(handChecked).flatMap(([calendar, years]) =>
      Object.entries(years).map(([year, dates]) => ({ calendar, year: Number(year), dates })),
    ),
  )('$calendar $year: exactly the listed days', ({ calendar, year, dates }) => {
    const isHoliday = holidayCheck({ calendar });
    const found: string[] = [];
    for (let day = dayOf(`${year}-01-01`); day <= dayOf(`${year}-12-31`); day++) {
      if (isHoliday(day)) found.push(isoDateOfEpochDay(day).slice(5));
    }
    expect(found).toEqual(dates);
  });

  it('adds explicit dates to the calendar’s, and a check with neither holds no holiday', () => {
    const both = holidayCheck({ calendar: 'FR', dates: ['2028-12-24'] });
    expect(both(dayOf('2028-12-24'))).toBe(true);
    expect(both(dayOf('2028-12-25'))).toBe(true);
    expect(both(dayOf('2028-12-26'))).toBe(false);
    const datesOnly = holidayCheck({ dates: ['2028-12-24'] });
    expect(datesOnly(dayOf('2028-12-24'))).toBe(true);
    expect(datesOnly(dayOf('2028-12-25'))).toBe(false);
    expect(holidayCheck(undefined)(dayOf('2028-12-25'))).toBe(false);
    expect(holidayCheck({ dates: [] })(dayOf('2028-12-25'))).toBe(false);
    expect(() => holidayCheck({ dates: ['2028-02-30'] })).toThrow(RangeError);
  });

  it('answers the first and last day of the tables and refuses the days just outside', () => {
    const fr = calendarDays('fr');
    expect(fr).toMatchObject({ calendar: 'FR', firstYear: 2000, lastYear: 2050 });
    expect(isPublicHoliday(fr, dayOf('2000-01-01'))).toBe(true);
    expect(isPublicHoliday(fr, dayOf('2050-12-31'))).toBe(false);
    expect(isPublicHoliday(fr, dayOf('2050-12-25'))).toBe(true);
    expect(() => isPublicHoliday(fr, dayOf('1999-12-31'))).toThrow(DomainError);
    expect(() => isPublicHoliday(fr, dayOf('1999-12-31'))).toThrow(
      expect.objectContaining({ code: 'holidays_out_of_range' }),
    );
    expect(() => isPublicHoliday(fr, dayOf('2051-01-01'))).toThrow(
      'the FR holiday calendar covers 2000–2050; 2051-01-01 is outside it',
    );
    expect(calendarDays('FR')).toBe(fr);
    expect(() => calendarDays('XX')).toThrow('unknown holiday calendar "XX"');
  });
});

describe('the injected clocks', () => {
  it('a manual clock stands still until set or advanced', () => {
    const clock = manualClock('2026-12-02T10:00:00Z');
    expect(clock().toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(clock().toISOString()).toBe('2026-12-02T10:00:00.000Z');
    clock.advance(90_000);
    expect(clock().toISOString()).toBe('2026-12-02T10:01:30.000Z');
    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(clock().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('the runtime clock is the system clock until replaced, and follows the clock it is given', () => {
    const before = Date.now();
    const now = runtimeClock().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
    expect(Math.abs(systemClock().getTime() - Date.now())).toBeLessThan(1000);
    const clock = manualClock('2026-12-02T10:00:00Z');
    useClock(clock);
    try {
      clock.advance(1000);
      expect(runtimeClock().toISOString()).toBe('2026-12-02T10:00:01.000Z');
    } finally {
      useClock(systemClock);
    }
  });
});
