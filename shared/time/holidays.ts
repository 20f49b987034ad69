import Holidays from 'date-holidays';
import { epochDayOfIsoDate } from './local-days.ts';

/** An account's holidays (DESIGN §4): a country/region calendar and/or explicit local dates. */
export interface HolidaySpec {
  /** `FR`, `US-CA`, `DE-BY`: a country, optionally with its state or region. */
  calendar?: string | undefined;
  /** Local dates, `YYYY-MM-DD`. */
  dates?: readonly string[] | undefined;
}

/** Answers "is this local day a holiday?" for epoch-day numbers (days since 1970-01-01). */
export type HolidayCheck = (epochDay: number) => boolean;

const registry = new Holidays();

// date-holidays builds its country list afresh on every call, so answers are kept.
const knownCalendars = new Map<string, boolean>();

/** Whether `code` names a calendar that date-holidays knows (`FR`, `US-CA`). */
export function isKnownCalendar(code: string): boolean {
  let known = knownCalendars.get(code);
  if (known === undefined) {
    const [country, state, extra] = code.toUpperCase().split('-');
    known =
      country !== undefined &&
      extra === undefined &&
      Object.hasOwn(registry.getCountries(), country) &&
      (state === undefined || Object.hasOwn(registry.getStates(country) ?? {}, state));
    if (knownCalendars.size < 10_000) knownCalendars.set(code, known);
  }
  return known;
}

// A calendar's public holidays per year, computed once: date-holidays costs milliseconds per year.
const calendarYears = new Map<string, Set<number>>();

function publicHolidays(code: string, year: number): Set<number> {
  const key = `${code}|${year}`;
  let days = calendarYears.get(key);
  if (!days) {
    const [country, state] = code.toUpperCase().split('-');
    const calendar = state ? new Holidays(country as string, state) : new Holidays(country as string);
    days = new Set(
      (calendar.getHolidays(year) || [])
        // Public holidays close the support desk; bank holidays and observances do not.
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => epochDayOfIsoDate(holiday.date.slice(0, 10))),
    );
    calendarYears.set(key, days);
  }
  return days;
}

const noHolidays: HolidayCheck = () => false;

export function holidayCheck(spec: HolidaySpec | undefined): HolidayCheck {
  const explicit = new Set((spec?.dates ?? []).map(epochDayOfIsoDate));
  const calendar = spec?.calendar;
  if (!calendar && explicit.size === 0) return noHolidays;
  if (calendar && !isKnownCalendar(calendar)) throw new RangeError(`unknown holiday calendar "${calendar}"`);
  return (day) => {
    if (explicit.has(day)) return true;
    if (!calendar) return false;
    const year = new Date(day * 86_400_000).getUTCFullYear();
    return publicHolidays(calendar, year).has(day);
  };
}
