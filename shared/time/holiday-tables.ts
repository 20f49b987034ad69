import { readFileSync } from 'node:fs';
import { DomainError } from '../sla/errors.ts';
import { DAY_MS, isoDateOfEpochDay } from './local-days.ts';

/**
 * The public-holiday tables that `npm run build:holidays` computes from date-holidays, read on demand:
 * a function loads the index (the calendar codes and the years covered) and then only the calendars its
 * accounts use, one small JSON file each. Beside this module in the source, and beside `index.mjs` in
 * every bundle (the bundling copies the folder), so one relative URL finds them in both.
 */
export const HOLIDAY_TABLES_DIR = new URL('./holiday-tables/', import.meta.url);

/** `index.json`: every calendar date-holidays knows (countries and their states), and the span of years. */
export interface HolidayIndex {
  /** The library and version the tables were computed from. */
  source: string;
  firstYear: number;
  lastYear: number;
  calendars: string[];
}

/** `<CODE>.json`: one calendar's public holidays, one string of local `MM-DD` dates per year from `firstYear`. */
export interface HolidayTable {
  calendar: string;
  firstYear: number;
  lastYear: number;
  public: string[];
}

/** A calendar's holidays as epoch days over the days the table covers. */
export interface CalendarDays {
  calendar: string;
  firstYear: number;
  lastYear: number;
  firstDay: number;
  lastDay: number;
  days: ReadonlySet<number>;
}

/** The index, and each calendar's code by its upper-case form: codes match in any case (`fr`, `CK-Aitutaki`). */
let index: { data: HolidayIndex; codes: ReadonlyMap<string, string> } | undefined;

function loadIndex(): { data: HolidayIndex; codes: ReadonlyMap<string, string> } {
  if (!index) {
    const data = JSON.parse(readFileSync(new URL('index.json', HOLIDAY_TABLES_DIR), 'utf8')) as HolidayIndex;
    index = { data, codes: new Map(data.calendars.map((code) => [code.toUpperCase(), code])) };
  }
  return index;
}

export function holidayIndex(): HolidayIndex {
  return loadIndex().data;
}

/** Whether `code` names a calendar of the tables (`FR`, `US-CA`; any case). */
export function isKnownCalendar(code: string): boolean {
  return loadIndex().codes.has(code.toUpperCase());
}

/** The index's spelling of a calendar code, or undefined when it names none. */
function calendarCode(code: string): string | undefined {
  return loadIndex().codes.get(code.toUpperCase());
}

const loaded = new Map<string, CalendarDays>();

/** A known calendar's holidays, read from its file once per process. */
export function calendarDays(code: string): CalendarDays {
  // Only a code from the index names a file, so no input can reach any other path.
  const calendar = calendarCode(code);
  if (calendar === undefined) throw new RangeError(`unknown holiday calendar "${code}"`);
  let found = loaded.get(calendar);
  if (!found) {
    const table = JSON.parse(readFileSync(new URL(`${calendar}.json`, HOLIDAY_TABLES_DIR), 'utf8')) as HolidayTable;
    const days = new Set<number>();
    table.public.forEach((dates, offset) => {
      const year = table.firstYear + offset;
      for (const date of dates.split(' ')) {
        if (date) days.add(Date.UTC(year, Number(date.slice(0, 2)) - 1, Number(date.slice(3, 5))) / DAY_MS);
      }
    });
    found = {
      calendar,
      firstYear: table.firstYear,
      lastYear: table.lastYear,
      firstDay: Date.UTC(table.firstYear, 0, 1) / DAY_MS,
      lastDay: Date.UTC(table.lastYear, 11, 31) / DAY_MS,
      days,
    };
    loaded.set(calendar, found);
  }
  return found;
}

/**
 * Whether a local day is a public holiday of the calendar. A day outside the table is refused rather than
 * answered "no": a silent wrong deadline is worse than a clear error (a 422 at the HTTP edge).
 */
export function isPublicHoliday(calendar: CalendarDays, day: number): boolean {
  if (day < calendar.firstDay || day > calendar.lastDay) {
    throw new DomainError(
      'holidays_out_of_range',
      `the ${calendar.calendar} holiday calendar covers ${calendar.firstYear}–${calendar.lastYear}; ` +
        `${isoDateOfEpochDay(day)} is outside it`,
    );
  }
  return calendar.days.has(day);
}
