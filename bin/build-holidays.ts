/**
 * `npm run build:holidays`: computes the public-holiday tables from date-holidays (the source of truth)
 * into `shared/time/holiday-tables/`, one small JSON file per calendar plus `index.json`, so that no
 * bundle carries date-holidays and moment-timezone (1.4 MB of JavaScript) and a function reads only the
 * calendar an account uses. Run it after upgrading date-holidays; test/unit/holiday-tables.test.ts fails
 * until the tables match the library again. `--from Y --to Y` changes the span (default 2000–2050).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Holidays from 'date-holidays';
import { HOLIDAY_TABLES_DIR, type HolidayIndex, type HolidayTable } from '../shared/time/holiday-tables.ts';

/**
 * 2000: the earliest date the API accepts (reports start there, DESIGN §4.1), so any stored ticket can be
 * recomputed. 2050: beyond the life of any deployment of this code (its Lambda runtime, nodejs24.x, is
 * retired years before), so a running service never meets the edge; the CLI refuses dates outside.
 */
export const DEFAULT_SPAN = { firstYear: 2000, lastYear: 2050 } as const;

/** Every calendar date-holidays knows at the depth the API accepts: countries and their states or regions. */
export function libraryCalendars(): string[] {
  const registry = new Holidays();
  const codes: string[] = [];
  for (const country of Object.keys(registry.getCountries())) {
    codes.push(country);
    for (const state of Object.keys(registry.getStates(country) ?? {})) codes.push(`${country}-${state}`);
  }
  return codes.sort();
}

/** The library's public holidays of a calendar in a year, as sorted local `MM-DD` dates. */
export function libraryPublicHolidays(calendar: Holidays, year: number): string[] {
  const dates = new Set(
    (calendar.getHolidays(year) || [])
      // Public holidays close the support desk; bank holidays and observances do not.
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => holiday.date.slice(0, 10)),
  );
  for (const date of dates) {
    if (!date.startsWith(`${year}-`)) throw new Error(`date-holidays lists ${date} among the holidays of ${year}`);
  }
  return [...dates].map((date) => date.slice(5)).sort();
}

export function libraryCalendar(code: string): Holidays {
  const [country, state] = code.split('-') as [string, string | undefined];
  return state ? new Holidays(country, state) : new Holidays(country);
}

function libraryVersion(): string {
  const manifest = new URL('../node_modules/date-holidays/package.json', import.meta.url);
  return `date-holidays@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
}

export function buildHolidayTables(span: { firstYear: number; lastYear: number } = DEFAULT_SPAN): HolidayIndex {
  const dir = HOLIDAY_TABLES_DIR;
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(dir)) if (file.endsWith('.json')) rmSync(new URL(file, dir));
  const calendars = libraryCalendars();
  for (const code of calendars) {
    const calendar = libraryCalendar(code);
    const years: string[] = [];
    for (let year = span.firstYear; year <= span.lastYear; year++) {
      years.push(libraryPublicHolidays(calendar, year).join(' '));
    }
    const table: HolidayTable = { calendar: code, ...span, public: years };
    writeFileSync(new URL(`${code}.json`, dir), `${JSON.stringify(table, null, 2)}\n`);
  }
  const index: HolidayIndex = { source: libraryVersion(), ...span, calendars };
  writeFileSync(new URL('index.json', dir), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  const started = performance.now();
  const index = buildHolidayTables({
    firstYear: Number(values.from ?? DEFAULT_SPAN.firstYear),
    lastYear: Number(values.to ?? DEFAULT_SPAN.lastYear),
  });
  process.stderr.write(
    `${index.calendars.length} calendars, ${index.firstYear}–${index.lastYear}, from ${index.source}, ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s → ${HOLIDAY_TABLES_DIR.pathname}\n`,
  );
}
