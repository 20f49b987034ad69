import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import { minutesOfDay, type Policy, type Severity } from '#shared/policy/schema.ts';
import { startSla } from '#shared/sla/deadline.ts';
import { changeSeverity } from '#shared/sla/severity-change.ts';
import { businessClock } from '#shared/time/business-clock.ts';
import { holidayCheck } from '#shared/time/holidays.ts';
import { zoneOf } from '#shared/time/local-days.ts';
import { type NaiveWindow, naiveAdd, naiveBetween, naiveSubtract } from '../support/naive-clock.ts';

const MINUTE = 60_000;
const policy = loadPolicy(undefined);

// Zones chosen for their DST rules: both hemispheres, half-hour and 45-minute offsets, a 30-minute DST shift.
const zones = [
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Sao_Paulo',
  'America/Santiago',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'UTC+05:30',
  'UTC',
];
/**
 * Public holidays written out by hand, independent of date-holidays (which the code uses): each date checked
 * against the official calendar of the year. Easter Sunday is 5 April 2026 and 28 March 2027; the movable
 * feasts follow from it (Ascension +39 days, Whit Monday +50, Corpus Christi +60).
 * - FR (service-public.fr, "jours fériés"): New Year, Easter Monday, 1 May, 8 May, Ascension, Whit Monday,
 *   14 July, 15 August, 1 November, 11 November, Christmas.
 * - US (OPM federal holidays 2026): Independence Day falls on a Saturday, so it is observed on Friday 3 July.
 * - DE-BY (Bavarian Feiertagsgesetz): Epiphany, Good Friday, Easter Monday, Labour Day, Ascension, Whit Monday,
 *   Corpus Christi, German Unity Day, All Saints, both Christmas days (15 August only in Catholic communes).
 */
const handCheckedHolidays: Record<string, Record<number, string[]>> = {
  FR: {
    2026: ['01-01', '04-06', '05-01', '05-08', '05-14', '05-25', '07-14', '08-15', '11-01', '11-11', '12-25'],
    2027: ['01-01', '03-29', '05-01', '05-06', '05-08', '05-17', '07-14', '08-15', '11-01', '11-11', '12-25'],
  },
  US: {
    2026: ['01-01', '01-19', '02-16', '05-25', '06-19', '07-03', '07-04', '09-07', '10-12', '11-11', '11-26', '12-25'],
  },
  'DE-BY': {
    2027: ['01-01', '01-06', '03-26', '03-29', '05-01', '05-06', '05-17', '05-27', '10-03', '11-01', '12-25', '12-26'],
  },
};
const calendarYears = Object.entries(handCheckedHolidays).flatMap(([calendar, years]) =>
  Object.keys(years).map((year) => ({ calendar, year: Number(year) })),
);

describe('public holidays of the calendars, against the hand-checked dates', () => {
  it.each(calendarYears)('$calendar $year: exactly the listed days are holidays', ({ calendar, year }) => {
    const isHoliday = holidayCheck({ calendar });
    const first = Date.UTC(year, 0, 1) / 86_400_000;
    const days = Date.UTC(year + 1, 0, 1) / 86_400_000 - first;
    const found = Array.from({ length: days }, (_, i) => first + i)
      .filter((day) => isHoliday(day))
      .map((day) => new Date(day * 86_400_000).toISOString().slice(5, 10));
    expect(found).toEqual(handCheckedHolidays[calendar]![year]);
  });
});

// Fixed seeds and run counts: a failure reproduces, and a run costs the same every time. Under mutation testing
// (Stryker's worker sets STRYKER_MUTATOR_WORKER) a fifth of the runs: a mutant only the full count would catch
// then survives, which lowers the score rather than inflating it.
const SEED = 20261202;
const runs = (n: number) => (process.env.STRYKER_MUTATOR_WORKER === undefined ? n : Math.ceil(n / 5));

// Minute-aligned instants from 2024 to 2028, so the minute-stepping reference is exact.
const instant = fc
  .integer({ min: Date.UTC(2024, 0, 1) / MINUTE, max: Date.UTC(2028, 11, 31) / MINUTE })
  .map((minute) => minute * MINUTE);

/**
 * Explicit holiday dates near the start, and sometimes a calendar: then the start is drawn in a hand-checked
 * year, from mid-January to October, so everything the property counts stays inside that year.
 */
const startWithHolidays = fc.oneof(
  instant.map((start) => ({ start, calendar: undefined as string | undefined })),
  fc
    .constantFrom(...calendarYears)
    .chain(({ calendar, year }) =>
      fc
        .integer({ min: Date.UTC(year, 0, 15) / MINUTE, max: Date.UTC(year, 9, 31) / MINUTE })
        .map((minute) => ({ start: minute * MINUTE, calendar: calendar as string | undefined })),
    ),
);
const startAndHolidays = startWithHolidays.chain(({ start, calendar }) =>
  fc.tuple(
    fc.constant(start),
    fc.uniqueArray(fc.integer({ min: -3, max: 20 }), { maxLength: 6 }).map((offsets) => ({
      calendar,
      dates: offsets.map((days) => new Date(start + days * 86_400_000).toISOString().slice(0, 10)),
    })),
  ),
);

/** The reference's own holiday dates: the explicit ones plus the hand-checked calendar's, as strings. */
function holidayDates(spec: { calendar?: string | undefined; dates: string[] }, start: number): Set<string> {
  const dates = new Set(spec.dates);
  if (spec.calendar) {
    const year = new Date(start).getUTCFullYear();
    for (const day of handCheckedHolidays[spec.calendar]![year]!) dates.add(`${year}-${day}`);
  }
  return dates;
}

// Windows anywhere in the day, including the hours where DST changes happen (a skipped or repeated opening).
const window = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 7 }),
    open: fc.integer({ min: 0, max: 23 * 60 }),
    length: fc.integer({ min: 3 * 60, max: 16 * 60 }),
  })
  .map(({ days, open, length }): NaiveWindow => ({ days, open, close: Math.min(open + length, 24 * 60) }));

describe('business clock against the minute-stepping reference', () => {
  it('adds, subtracts and measures business minutes exactly as the reference', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        window,
        startAndHolidays,
        fc.integer({ min: 1, max: 24 * 60 }),
        (zone, win, [start, holidays], minutes) => {
          const clock = businessClock(win, zoneOf(zone)!, holidayCheck(holidays));
          const reference = holidayDates(holidays, start);
          const deadline = clock.addMinutes(start, minutes);
          expect(new Date(deadline).toISOString()).toBe(
            new Date(naiveAdd(start, minutes, win, zone, reference)).toISOString(),
          );
          const back = Math.ceil(minutes / 3);
          expect(new Date(clock.subtractMinutes(deadline, back)).toISOString()).toBe(
            new Date(naiveSubtract(deadline, back, win, zone, reference)).toISOString(),
          );
          expect(clock.minutesBetween(start, deadline)).toBe(minutes);
          const later = deadline + 7 * 60 * MINUTE;
          expect(clock.minutesBetween(start, later)).toBe(naiveBetween(start, later, win, zone, reference));
        },
      ),
      { numRuns: runs(100), seed: SEED },
    );
  }, 120_000);
});

/** A policy whose programs have random windows and targets in multiples of 4 minutes (so 25% is whole). */
const randomPolicy = fc
  .record({
    window,
    targets: fc.array(
      fc.oneof(
        fc.integer({ min: 1, max: 360 }).map((n) => n * 4),
        fc.constant('best_effort' as const),
      ),
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
  })
  .map(({ window: w, targets }): Policy => {
    const hhmm = (minutes: number) =>
      `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const custom = structuredClone(policy);
    custom.programs.custom = {
      label: 'Custom',
      coverage: { clock: 'business', days: [...w.days], open: hhmm(w.open), close: hhmm(w.close) },
      requiresContract: true,
      supportAccountManager: false,
      phone: true,
      objectives: { 1: targets[0]!, 2: targets[1]!, 3: targets[2]!, 4: targets[3]! },
    };
    return custom;
  });

describe('ticket deadlines and warnings against the reference', () => {
  it('agree for random programs, severities, zones, holiday sets and instants', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(policy), randomPolicy),
        fc.constantFrom('premier', 'production', 'basic', 'evaluation', 'free', 'custom'),
        fc.constantFrom<Severity>(1, 2, 3, 4),
        fc.constantFrom(...zones),
        startAndHolidays,
        (chosen, program, severity, zone, [start, holidays]) => {
          if (!(program in chosen.programs)) return;
          const programPolicy = chosen.programs[program]!;
          const cell = programPolicy.objectives[severity];
          const context = { policy: chosen, program, calendar: { timezone: zone, holidays } };
          const openedAt = new Date(start).toISOString();
          if (cell === 'not_offered') {
            expect(() => startSla(context, severity, openedAt)).toThrow(/not offered/);
            return;
          }
          const sla = startSla(context, severity, openedAt);
          if (cell === 'best_effort' || programPolicy.coverage.clock === 'none') {
            expect(sla).toMatchObject({ state: 'best_effort', deadline: null, warnAt: null });
            return;
          }
          const coverage = programPolicy.coverage;
          let deadline: number;
          let warnAt: number;
          if (coverage.clock === 'wall') {
            deadline = start + cell * MINUTE;
            warnAt = deadline - cell * chosen.warningRatio * MINUTE;
          } else {
            const win = { days: coverage.days, open: minutesOfDay(coverage.open), close: minutesOfDay(coverage.close) };
            const reference = holidayDates(holidays, start);
            deadline = naiveAdd(start, cell, win, zone, reference);
            warnAt = naiveSubtract(deadline, cell * chosen.warningRatio, win, zone, reference);
          }
          expect({ deadline: sla.deadline, warnAt: sla.warnAt }).toEqual({
            deadline: new Date(deadline).toISOString(),
            warnAt: new Date(warnAt).toISOString(),
          });
        },
      ),
      { numRuns: runs(300), seed: SEED + 1 },
    );
  }, 120_000);
});

describe('severity-change invariants', () => {
  it('escalation never moves the deadline later, de-escalation never earlier, breaches stay breached', () => {
    const offered = (program: string) =>
      ([1, 2, 3, 4] as Severity[]).filter((s) => policy.programs[program]!.objectives[s] !== 'not_offered');
    fc.assert(
      fc.property(
        fc.constantFrom('premier', 'production', 'basic', 'evaluation'),
        fc.constantFrom(...zones),
        instant,
        fc.array(fc.record({ after: fc.integer({ min: 1, max: 48 * 60 }), pick: fc.nat() }), { maxLength: 8 }),
        (program, zone, start, steps) => {
          const context = { policy, program, calendar: { timezone: zone } };
          const levels = offered(program);
          const openedAt = new Date(start).toISOString();
          let severity = levels[0]!;
          let sla = startSla(context, severity, openedAt);
          let at = start;
          for (const step of steps) {
            at += step.after * MINUTE;
            const to = levels[step.pick % levels.length]!;
            const next = changeSeverity(context, sla, { from: severity, to, at: new Date(at).toISOString(), openedAt });
            if (sla.state === 'breached') expect(next.state).toBe('breached');
            if (next.state === 'running' && sla.state === 'running') {
              if (to < severity) expect(Date.parse(next.deadline!)).toBeLessThanOrEqual(Date.parse(sla.deadline!));
              if (to > severity) expect(Date.parse(next.deadline!)).toBeGreaterThanOrEqual(Date.parse(sla.deadline!));
              expect(Date.parse(next.warnAt!)).toBeLessThanOrEqual(Date.parse(next.deadline!));
            }
            expect(next.version).toBeGreaterThanOrEqual(sla.version);
            if (next !== sla) expect(next.version).toBeGreaterThan(sla.version);
            sla = next;
            severity = to;
          }
        },
      ),
      { numRuns: runs(300), seed: SEED + 2 },
    );
  });
});
