/**
 * The holiday tables against the library they are computed from (bin/build-holidays.ts): the same calendars,
 * and for every calendar every day of a span of years answers as date-holidays does. A failure after an
 * upgrade of date-holidays means: run `npm run build:holidays`.
 */
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/sla/errors.ts';
import { holidayIndex } from '#shared/time/holiday-tables.ts';
import { holidayCheck, isKnownCalendar } from '#shared/time/holidays.ts';
import { DAY_MS, isoDateOfEpochDay } from '#shared/time/local-days.ts';

const registry = new Holidays();
const libraryCodes = Object.keys(registry.getCountries()).flatMap((country) => [
  country,
  ...Object.keys(registry.getStates(country) ?? {}).map((state) => `${country}-${state}`),
]);

/** The years compared day by day: the tables' first and last, and the years a running service meets. */
const comparedYears = [2000, 2025, 2026, 2027, 2028, 2050];

describe('holiday tables', () => {
  it('were computed from the installed date-holidays and list exactly its countries and states', async () => {
    const { version } = (await import('date-holidays/package.json', { with: { type: 'json' } })).default;
    const index = holidayIndex();
    expect(index.source).toBe(`date-holidays@${version}`);
    expect([...index.calendars].sort()).toEqual([...libraryCodes].sort());
    expect({ firstYear: index.firstYear, lastYear: index.lastYear }).toEqual({ firstYear: 2000, lastYear: 2050 });
  });

  it('answer every day of the compared years as date-holidays does, for every calendar', { timeout: 120_000 }, () => {
    const mismatches: string[] = [];
    let holidays = 0;
    for (const code of libraryCodes) {
      const [country, state] = code.split('-') as [string, string | undefined];
      const library = state ? new Holidays(country, state) : new Holidays(country);
      const isHoliday = holidayCheck({ calendar: code });
      for (const year of comparedYears) {
        const expected = new Set(
          (library.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)),
        );
        holidays += expected.size;
        for (let day = Date.UTC(year, 0, 1) / DAY_MS; day <= Date.UTC(year, 11, 31) / DAY_MS; day++) {
          const date = isoDateOfEpochDay(day);
          if (isHoliday(day) !== expected.has(date)) mismatches.push(`${code} ${date}`);
        }
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    // The comparison is not vacuous: the calendars hold thousands of public holidays in these years.
    expect(holidays).toBeGreaterThan(libraryCodes.length * comparedYears.length * 5);
  });

  it('refuses a day outside the covered years with a clear domain error, not a silent "no holiday"', () => {
    const isHoliday = holidayCheck({ calendar: 'FR' });
    const refusal = (() => {
      try {
        isHoliday(Date.UTC(2051, 0, 2) / DAY_MS);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({
      code: 'holidays_out_of_range',
      message: 'the FR holiday calendar covers 2000–2050; 2051-01-02 is outside it',
    });
    expect(() => isHoliday(Date.UTC(1999, 11, 31) / DAY_MS)).toThrow(/covers 2000–2050; 1999-12-31/);
  });

  it('keeps explicit dates in any year, with or without a calendar', () => {
    expect(holidayCheck({ dates: ['2077-05-03'] })(Date.UTC(2077, 4, 3) / DAY_MS)).toBe(true);
    expect(holidayCheck({ calendar: 'FR', dates: ['2077-05-03'] })(Date.UTC(2077, 4, 3) / DAY_MS)).toBe(true);
  });

  it('knows calendars in any case and nothing that is not a code of the index', () => {
    expect(isKnownCalendar('fr')).toBe(true);
    expect(isKnownCalendar('US-CA')).toBe(true);
    expect(isKnownCalendar('us-ca')).toBe(true);
    for (const code of ['XX', 'FR-XX', 'DE-BY-A', '../index', 'index', '', 'FR/../US']) {
      expect(isKnownCalendar(code), code).toBe(false);
    }
    expect(() => holidayCheck({ calendar: 'index' })).toThrow(RangeError);
  });
});
