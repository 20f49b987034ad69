import { calendarDays, isPublicHoliday } from './holiday-tables.ts';
import { epochDayOfIsoDate } from './local-days.ts';

export { isKnownCalendar } from './holiday-tables.ts';

/** An account's holidays (DESIGN §4): a country/region calendar and/or explicit local dates. */
export interface HolidaySpec {
  /** `FR`, `US-CA`, `DE-BY`: a country, optionally with its state or region. */
  calendar?: string | undefined;
  /** Local dates, `YYYY-MM-DD`. */
  dates?: readonly string[] | undefined;
}

/** Answers "is this local day a holiday?" for epoch-day numbers (days since 1970-01-01). */
export type HolidayCheck = (epochDay: number) => boolean;

const noHolidays: HolidayCheck = () => false;

export function holidayCheck(spec: HolidaySpec | undefined): HolidayCheck {
  return holidayCheckOfDays(spec?.calendar, (spec?.dates ?? []).map(epochDayOfIsoDate));
}

/** `holidayCheck` for a calendar code and explicit dates already read as epoch days. */
export function holidayCheckOfDays(code: string | undefined, days: readonly number[]): HolidayCheck {
  const explicit = new Set(days);
  if (!code && explicit.size === 0) return noHolidays;
  // Public holidays close the support desk; the tables hold only those (bin/build-holidays.ts).
  const calendar = code ? calendarDays(code) : undefined;
  return (day) => explicit.has(day) || (calendar !== undefined && isPublicHoliday(calendar, day));
}
