/**
 * `sla deadlines` (DESIGN §8) line by line: one JSON answer per non-blank input line, in order. Two paths
 * give the same bytes for every line (test/unit/fast-deadlines.test.ts):
 * - the full path, `JSON.parse`, `deadlineAnswerer` (the schema's words for every error) and `JSON.stringify`;
 * - the fast path, for well-formed lines: a flat JSON object with the query's keys in any order, plain strings
 *   (no escapes) and a severity of 1–4. It reads the line in place, without `JSON.parse`, the instant field by
 *   field (`parsePlainInstant`), keeps the clocks per program, zone, calendar and dates, and builds the answer
 *   from cached parts: a profile of the full path spent its time in Intl zone checks, `JSON.parse`/`stringify`,
 *   `toISOString` and the garbage they leave. Anything else, or any doubt, goes to the full path.
 */
import type { Policy, Severity } from '../policy/schema.ts';
import { deadlineAnswerer } from '../sla/deadline-query.ts';
import { DomainError } from '../sla/errors.ts';
import { clockKind, programClock, responseObjective } from '../sla/objective.ts';
import type { SlaClock } from '../time/business-clock.ts';
import { isKnownCalendar } from '../time/holidays.ts';
import { parsePlainInstant } from '../time/instant.ts';
import { DAY_MS, isIsoDate, MINUTE_MS, zoneOf } from '../time/local-days.ts';

/** The full path: the answer to one line as JSON, or '' for a blank line (which gets no answer). */
export function fullLineAnswerer(policy: Policy): (line: string) => string {
  const answerQuery = deadlineAnswerer(policy);
  return (line) => {
    if (line.trim() === '') return '';
    try {
      return JSON.stringify(answerQuery(JSON.parse(line)));
    } catch (error) {
      return JSON.stringify({ error: 'invalid_json', message: (error as Error).message });
    }
  };
}

/** What a program and severity answer: a fixed line (not offered, best effort) or a deadline's parts. */
type Cell = { text: string } | { prefix: string; minutes: number; warnMinutes: number };

interface ProgramEntry {
  name: string;
  cells: readonly Cell[];
  /** Clocks by zone, then calendar ('' for none), then the `holiday` array's raw text ('' for none). */
  zones: Map<string, Map<string, Map<string, SlaClock | undefined>>>;
}

const KEY_PROGRAM = 1;
const KEY_SEVERITY = 2;
const KEY_OPENED = 4;
const KEY_TZ = 8;
const KEY_HOLIDAYS = 16;
const KEY_HOLIDAY = 32;
const REQUIRED = KEY_PROGRAM | KEY_SEVERITY | KEY_OPENED | KEY_TZ;
const MAX_CLOCKS = 20_000;

/** Which query key `text.slice(at, end)` is, without slicing it; 0 for none. */
function keyAt(text: string, at: number, end: number): number {
  switch (end - at) {
    case 2:
      return text.startsWith('tz', at) ? KEY_TZ : 0;
    case 6:
      return text.startsWith('opened', at) ? KEY_OPENED : 0;
    case 7:
      return text.startsWith('program', at) ? KEY_PROGRAM : text.startsWith('holiday', at) ? KEY_HOLIDAY : 0;
    case 8:
      return text.startsWith('severity', at) ? KEY_SEVERITY : text.startsWith('holidays', at) ? KEY_HOLIDAYS : 0;
    default:
      return 0;
  }
}

/** The character code at `at`, or -1 at or past the line's end (the text may go on with the next line). */
function codeAt(text: string, at: number, end: number): number {
  return at < end ? text.charCodeAt(at) : -1;
}

/** The index after JSON whitespace from `at`. */
function skipSpace(text: string, at: number, end: number): number {
  while (at < end) {
    const code = text.charCodeAt(at);
    if (code !== 32 && code !== 9) break;
    at++;
  }
  return at;
}

/** The index of the quote closing a plain string that starts at `at`, or -1 for an escape, a control character or no end. */
function stringEnd(text: string, at: number, end: number): number {
  for (let i = at; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) return i;
    if (code === 92 || code < 32) return -1;
  }
  return -1;
}

/**
 * The fast path: the answer to `text.slice(start, end)` as the full path would write it, or undefined when the
 * line is not one it reads (then the caller asks the full path).
 */
export function fastLineAnswerer(policy: Policy): (text: string, start: number, end: number) => string | undefined {
  const programs: ProgramEntry[] = Object.keys(policy.programs).map((name) => ({
    name,
    cells: ([1, 2, 3, 4] as const).map((severity) => cellOf(policy, name, severity)),
    zones: new Map(),
  }));
  const calendars = new Map<string, boolean>();
  let clocks = 0;
  const iso = isoWriter();

  const clockOf = (
    program: ProgramEntry,
    tz: string,
    calendar: string,
    dates: string,
    datesText: () => string[] | undefined,
  ): SlaClock | undefined | null => {
    let byCalendar = program.zones.get(tz);
    if (byCalendar === undefined) {
      if (zoneOf(tz) === undefined) return null;
      byCalendar = new Map();
      program.zones.set(tz, byCalendar);
    }
    let byDates = byCalendar.get(calendar);
    if (byDates === undefined) {
      let known = calendars.get(calendar);
      if (known === undefined) {
        known = calendar === '' || isKnownCalendar(calendar);
        if (calendars.size < 10_000) calendars.set(calendar, known);
      }
      if (!known) return null;
      byDates = new Map();
      byCalendar.set(calendar, byDates);
    }
    let clock = byDates.get(dates);
    if (clock === undefined && !byDates.has(dates)) {
      const list = datesText();
      if (list === undefined) return null;
      if (++clocks > MAX_CLOCKS) {
        for (const entry of programs) entry.zones.clear();
        clocks = 0;
        return clockOf(program, tz, calendar, dates, datesText);
      }
      clock = programClock(policy, program.name, {
        timezone: tz,
        holidays: { calendar: calendar === '' ? undefined : calendar, dates: list },
      });
      byDates.set(dates, clock);
    }
    return clock;
  };

  let lastTz = '';
  return (text, start, end) => {
    let i = skipSpace(text, start, end);
    if (codeAt(text, i, end) !== 123) return undefined;
    i = skipSpace(text, i + 1, end);
    let seen = 0;
    let program: ProgramEntry | undefined;
    let severity = 0;
    let openedAt = 0;
    let openedEnd = 0;
    let tzAt = 0;
    let tzEnd = 0;
    let calendarAt = 0;
    let calendarEnd = 0;
    let datesAt = 0;
    let datesEnd = 0;
    for (;;) {
      if (i >= end || codeAt(text, i, end) !== 34) return undefined;
      const nameEnd = stringEnd(text, i + 1, end);
      if (nameEnd < 0) return undefined;
      const key = keyAt(text, i + 1, nameEnd);
      if (key === 0 || (seen & key) !== 0) return undefined;
      seen |= key;
      i = skipSpace(text, nameEnd + 1, end);
      if (codeAt(text, i, end) !== 58) return undefined;
      i = skipSpace(text, i + 1, end);
      if (key === KEY_SEVERITY) {
        severity = codeAt(text, i, end) - 48;
        if (severity < 1 || severity > 4) return undefined;
        i++;
      } else if (key === KEY_HOLIDAY) {
        if (codeAt(text, i, end) !== 91) return undefined;
        datesAt = i;
        i = skipSpace(text, i + 1, end);
        if (codeAt(text, i, end) !== 93) {
          for (;;) {
            if (codeAt(text, i, end) !== 34) return undefined;
            const dateEnd = stringEnd(text, i + 1, end);
            if (dateEnd < 0) return undefined;
            i = skipSpace(text, dateEnd + 1, end);
            const code = codeAt(text, i, end);
            if (code === 93) break;
            if (code !== 44) return undefined;
            i = skipSpace(text, i + 1, end);
          }
        }
        i++;
        datesEnd = i;
      } else {
        if (codeAt(text, i, end) !== 34) return undefined;
        const valueEnd = stringEnd(text, i + 1, end);
        if (valueEnd < 0) return undefined;
        if (key === KEY_PROGRAM) {
          for (const entry of programs) {
            if (entry.name.length === valueEnd - i - 1 && text.startsWith(entry.name, i + 1)) program = entry;
          }
          if (program === undefined) return undefined;
        } else if (key === KEY_OPENED) {
          openedAt = i + 1;
          openedEnd = valueEnd;
        } else if (key === KEY_TZ) {
          tzAt = i + 1;
          tzEnd = valueEnd;
        } else {
          calendarAt = i + 1;
          calendarEnd = valueEnd;
        }
        i = valueEnd + 1;
      }
      i = skipSpace(text, i, end);
      const code = codeAt(text, i, end);
      if (code === 44) {
        i = skipSpace(text, i + 1, end);
        continue;
      }
      if (code !== 125 || skipSpace(text, i + 1, end) !== end) return undefined;
      break;
    }
    if ((seen & REQUIRED) !== REQUIRED || program === undefined) return undefined;
    const opened = parsePlainInstant(text, openedAt, openedEnd);
    if (opened === undefined) return undefined;
    // Most lines name the zone of the line before: compare it in place rather than slice it.
    if (lastTz.length !== tzEnd - tzAt || !text.startsWith(lastTz, tzAt)) lastTz = text.slice(tzAt, tzEnd);
    const tz = lastTz;
    const calendar = calendarEnd > calendarAt ? text.slice(calendarAt, calendarEnd) : '';
    // An empty calendar is the schema's to refuse.
    if ((seen & KEY_HOLIDAYS) !== 0 && calendar === '') return undefined;
    const dates = datesEnd > datesAt ? text.slice(datesAt, datesEnd) : '';
    const clock = clockOf(program, tz, calendar, dates, () => datesOf(dates));
    if (clock === null) return undefined;
    const cell = program.cells[severity - 1] as Cell;
    if ('text' in cell) return cell.text;
    // A program without a clock has only best-effort cells (`cellOf`), so a target cell always has one.
    if (clock === undefined) return undefined;
    let deadline: number;
    let warnAt: number;
    try {
      deadline = clock.addMinutes(opened, cell.minutes);
      warnAt = clock.subtractMinutes(deadline, cell.warnMinutes);
    } catch (error) {
      if (error instanceof DomainError) return JSON.stringify({ error: error.code, message: error.message });
      return undefined;
    }
    const deadlineText = iso(deadline);
    const warnText = iso(warnAt);
    if (deadlineText === undefined || warnText === undefined) return undefined;
    return `${cell.prefix}${deadlineText}","warnAt":"${warnText}"}`;
  };
}

/** The dates of a `holiday` array's raw JSON text ('' for none), or undefined when one is not a date. */
function datesOf(text: string): string[] | undefined {
  if (text === '') return [];
  const dates = JSON.parse(text) as string[];
  return dates.every(isIsoDate) ? dates : undefined;
}

/** A program and severity's answer, as `startSlaOn` words it: not offered, best effort, or a target's parts. */
function cellOf(policy: Policy, program: string, severity: Severity): Cell {
  const objective = responseObjective(policy, program, severity);
  if (objective.kind === 'not_offered') {
    const label = policy.programs[program]?.label;
    return {
      text: JSON.stringify({
        error: 'severity_not_offered',
        message: `severity ${severity} is not offered on the ${label} program`,
      }),
    };
  }
  const clock = clockKind(policy, program);
  if (objective.kind !== 'target' || clock === 'none') {
    return {
      text: JSON.stringify({ program, severity, clock, targetMinutes: null, deadline: null, warnAt: null }),
    };
  }
  const head = JSON.stringify({ program, severity, clock, targetMinutes: objective.minutes });
  return {
    prefix: `${head.slice(0, -1)},"deadline":"`,
    minutes: objective.minutes,
    warnMinutes: objective.minutes * policy.warningRatio,
  };
}

/**
 * `new Date(instant).toISOString()` from cached parts: each day's `YYYY-MM-DDT` and each whole minute's
 * `hh:mm:00.000Z`. Undefined outside the instants a Date can hold.
 */
export function isoWriter(): (instant: number) => string | undefined {
  const days = new Map<number, string>();
  const minutes: string[] = [];
  let lastDay = Number.NaN;
  let lastPrefix = '';
  return (instant) => {
    // toISOString throws outside ±8.64e15 ms (and on NaN): the full path then says so in its own words.
    if (!(Math.abs(instant) <= 8.64e15)) return undefined;
    if (!Number.isInteger(instant)) return new Date(instant).toISOString();
    const day = Math.floor(instant / DAY_MS);
    if (day !== lastDay) {
      let prefix = days.get(day);
      if (prefix === undefined) {
        const text = new Date(day * DAY_MS).toISOString();
        prefix = text.slice(0, text.length - 13);
        if (days.size >= 100_000) days.clear();
        days.set(day, prefix);
      }
      lastDay = day;
      lastPrefix = prefix;
    }
    const inDay = instant - day * DAY_MS;
    if (inDay % MINUTE_MS !== 0) return new Date(instant).toISOString();
    const minute = inDay / MINUTE_MS;
    let time = minutes[minute];
    if (time === undefined) {
      time = new Date(inDay).toISOString().slice(11);
      minutes[minute] = time;
    }
    return lastPrefix + time;
  };
}

/**
 * Cuts text into lines as readline does (`\r\n`, `\n` or a lone `\r`) and answers each, fast path first.
 * `write` answers the complete lines of a chunk and keeps the rest; `end` answers what is left.
 */
export function deadlineLines(policy: Policy): { write(text: string): string; end(text?: string): string } {
  const full = fullLineAnswerer(policy);
  const fast = fastLineAnswerer(policy);
  let rest = '';
  const answerText = (text: string, final: boolean): string => {
    let combined = rest === '' ? text : rest + text;
    // A chunk ending in \r may be half of a \r\n: keep it for the next chunk.
    let held = '';
    if (!final && combined.endsWith('\r')) {
      held = '\r';
      combined = combined.slice(0, -1);
    }
    let out = '';
    let at = 0;
    let cr = combined.indexOf('\r');
    const length = combined.length;
    for (;;) {
      let nl = combined.indexOf('\n', at);
      if (cr !== -1 && cr < at) cr = combined.indexOf('\r', at);
      let next = nl;
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        next = cr;
        nl = combined.charCodeAt(cr + 1) === 10 ? cr + 1 : cr;
      }
      if (next === -1) {
        if (!final) {
          rest = combined.slice(at) + held;
          return out;
        }
        next = length;
        nl = length;
      }
      if (next > at) {
        const answer = fast(combined, at, next) ?? full(combined.slice(at, next));
        if (answer !== '') out += `${answer}\n`;
      }
      at = nl + 1;
      if (at > length) {
        rest = held;
        return out;
      }
    }
  };
  return { write: (text) => answerText(text, false), end: (text = '') => answerText(text, true) };
}
