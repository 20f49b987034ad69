/**
 * `sla deadlines` (DESIGN §8) line by line: one JSON answer per non-blank input line, in order. Two paths
 * give the same bytes for every line (test/unit/fast-deadlines.test.ts):
 * - the full path, `JSON.parse`, `deadlineAnswerer` (the schema's words for every error) and `JSON.stringify`;
 * - the fast path, for well-formed lines: a flat JSON object with the query's keys in any order, plain strings
 *   (no escapes) and a severity of 1–4, the common senders' layout checked a literal at a time first. It reads
 *   the line in place, without `JSON.parse`, the instant field by
 *   field (`parsePlainInstant`), keeps the clocks per program, zone, calendar and dates, and builds the answer
 *   from cached parts: a profile of the full path spent its time in Intl zone checks, `JSON.parse`/`stringify`,
 *   `toISOString` and the garbage they leave. Anything else, or any doubt, goes to the full path.
 */
import type { Zone } from 'luxon';
import type { Policy, Severity } from '../policy/schema.ts';
import { deadlineAnswerer } from '../sla/deadline-query.ts';
import { DomainError } from '../sla/errors.ts';
import { clockKind, programClockIn, responseObjective } from '../sla/objective.ts';
import type { SlaClock } from '../time/business-clock.ts';
import { holidayCheckOfDays, isKnownCalendar } from '../time/holidays.ts';
import { parsePlainInstant } from '../time/instant.ts';
import { DAY_MS, epochDayOfIsoDateIn, MINUTE_MS, zoneOf } from '../time/local-days.ts';

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

/**
 * What a program and severity answer, as UTF-8 bytes: a fixed line (not offered, best effort, its line break
 * included) or the part of a deadline's answer before the deadline.
 */
type Cell = { line: Uint8Array } | { prefix: Uint8Array; minutes: number; warnMinutes: number };

/** A calendar ('' for none) in a zone, for one program: its clock, and its clocks with explicit dates too. */
interface CalendarSlot {
  name: string;
  base: SlaClock | undefined;
  /** By the one date's epoch day, or by the days joined with commas. */
  withDates: Map<number | string, SlaClock | undefined>;
}

interface ZoneSlot {
  name: string;
  zone: Zone;
  calendars: CalendarSlot[];
}

interface ProgramEntry {
  name: string;
  cells: readonly Cell[];
  /** A short list, matched in place against the line: most inputs name a handful of zones and calendars. */
  zones: ZoneSlot[];
}

const KEY_PROGRAM = 1;
const KEY_SEVERITY = 2;
const KEY_OPENED = 4;
const KEY_TZ = 8;
const KEY_HOLIDAYS = 16;
const KEY_HOLIDAY = 32;
const REQUIRED = KEY_PROGRAM | KEY_SEVERITY | KEY_OPENED | KEY_TZ;
const MAX_SLOTS = 64;
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
 * `text.slice(at, end)` as a string of its own: a slice of 13 characters or more keeps the whole chunk it was
 * cut from alive, and names are kept (here, and in `zoneOf`'s memory) long after their chunk is answered.
 */
function ownCopy(text: string, at: number, end: number): string {
  return end - at < 13 ? text.slice(at, end) : Buffer.from(text.slice(at, end), 'utf16le').toString('utf16le');
}

/** The slot named `text.slice(at, end)`, compared in place. */
function slotAt<T extends { name: string }>(slots: readonly T[], text: string, at: number, end: number): T | undefined {
  for (const slot of slots) if (slot.name.length === end - at && text.startsWith(slot.name, at)) return slot;
  return undefined;
}

/**
 * Answers as UTF-8 bytes in one buffer that grows as needed, handed to stdout a chunk at a time: no string
 * is built per answer, and nothing is left to encode.
 */
export class AnswerBuffer {
  bytes: Buffer = Buffer.allocUnsafe(1 << 16);
  length = 0;

  /** Room for `count` more bytes. */
  reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + count));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }

  put(part: Uint8Array): void {
    this.reserve(part.length);
    this.bytes.set(part, this.length);
    this.length += part.length;
  }

  text(text: string): void {
    this.reserve(text.length * 3);
    this.length += this.bytes.write(text, this.length, 'utf8');
  }

  /** The bytes written so far; the buffer starts again empty (a pipe may still be reading the old one). */
  take(): Buffer {
    const taken = this.bytes.subarray(0, this.length);
    this.bytes = Buffer.allocUnsafe(this.bytes.length);
    this.length = 0;
    return taken;
  }
}

const WARN_AT = Buffer.from('","warnAt":"');
const END = Buffer.from('"}\n');

/**
 * The fast path: writes the answer to `text.slice(start, end)` and its line break as the full path would, and
 * says true; or writes nothing and says false when the line is not one it reads (then the caller asks the full path).
 */
export function fastLineAnswerer(
  policy: Policy,
): (text: string, start: number, end: number, out: AnswerBuffer) => boolean {
  // A name JSON writes with escapes (a quote, a backslash, a control character) is the full path's to read.
  const programs: ProgramEntry[] = Object.keys(policy.programs)
    .filter((name) => JSON.stringify(name) === `"${name}"`)
    .map((name) => ({
      name,
      cells: ([1, 2, 3, 4] as const).map((severity) => cellOf(policy, name, severity)),
      zones: [],
    }));
  let clocks = 0;
  const iso = isoWriter();
  // The explicit dates of the line being read, as epoch days.
  const days: number[] = [];

  const zoneSlot = (program: ProgramEntry, text: string, at: number, end: number): ZoneSlot | undefined => {
    const found = slotAt(program.zones, text, at, end);
    if (found !== undefined) return found;
    const name = ownCopy(text, at, end);
    const zone = zoneOf(name);
    if (zone === undefined) return undefined;
    if (program.zones.length >= MAX_SLOTS) program.zones = [];
    const slot: ZoneSlot = { name, zone, calendars: [] };
    program.zones.push(slot);
    return slot;
  };

  const calendarSlot = (
    program: ProgramEntry,
    zone: ZoneSlot,
    text: string,
    at: number,
    end: number,
  ): CalendarSlot | undefined => {
    const found = slotAt(zone.calendars, text, at, end);
    if (found !== undefined) return found;
    const name = ownCopy(text, at, end);
    if (name !== '' && !isKnownCalendar(name)) return undefined;
    if (zone.calendars.length >= MAX_SLOTS) zone.calendars = [];
    const base = programClockIn(policy, program.name, zone.zone, holidayCheckOfDays(name || undefined, []));
    const slot: CalendarSlot = { name, base, withDates: new Map() };
    zone.calendars.push(slot);
    return slot;
  };

  /** The clock with the line's explicit dates (`days`) as well. */
  const clockWithDates = (program: ProgramEntry, zone: ZoneSlot, calendar: CalendarSlot): SlaClock | undefined => {
    const key = days.length === 1 ? (days[0] as number) : days.join(',');
    let clock = calendar.withDates.get(key);
    if (clock === undefined && !calendar.withDates.has(key)) {
      if (++clocks > MAX_CLOCKS) {
        for (const entry of programs) entry.zones = [];
        clocks = 0;
      }
      clock = programClockIn(policy, program.name, zone.zone, holidayCheckOfDays(calendar.name || undefined, days));
      calendar.withDates.set(key, clock);
    }
    return clock;
  };

  // What the line says, as indexes into it (and `days`), read by `readCommon` or `readAny`.
  let seen = 0;
  let program: ProgramEntry | undefined;
  let severity = 0;
  let openedAt = 0;
  let openedEnd = 0;
  let tzAt = 0;
  let tzEnd = 0;
  let calendarAt = 0;
  let calendarEnd = 0;

  const programAt = (text: string, at: number, end: number): ProgramEntry | undefined => {
    for (const entry of programs) {
      if (entry.name.length === end - at && text.startsWith(entry.name, at)) return entry;
    }
    return undefined;
  };

  /**
   * The layout the common senders write, `{"program":"…","severity":N,"opened":"…","tz":"…"}` with
   * `"holidays"` and `"holiday"` after, if any, in that order, without spaces: checked a literal at a time.
   * A string is cut at the next quote without looking for escapes: each one is then matched whole against
   * names, dates and instants that hold no backslash, quote or control character, so an escape never matches.
   */
  const readCommon = (text: string, start: number, end: number): boolean => {
    if (!text.startsWith('{"program":"', start)) return false;
    let at = start + 12;
    let close = text.indexOf('"', at);
    if (close === -1 || close >= end) return false;
    program = programAt(text, at, close);
    if (program === undefined || !text.startsWith('","severity":', close)) return false;
    at = close + 13;
    severity = codeAt(text, at, end) - 48;
    if (severity < 1 || severity > 4 || !text.startsWith(',"opened":"', at + 1)) return false;
    openedAt = at + 12;
    openedEnd = text.indexOf('"', openedAt);
    if (openedEnd === -1 || openedEnd >= end || !text.startsWith('","tz":"', openedEnd)) return false;
    tzAt = openedEnd + 8;
    tzEnd = text.indexOf('"', tzAt);
    if (tzEnd === -1 || tzEnd >= end) return false;
    at = tzEnd + 1;
    seen = REQUIRED;
    calendarAt = 0;
    calendarEnd = 0;
    if (text.startsWith(',"holidays":"', at)) {
      calendarAt = at + 13;
      calendarEnd = text.indexOf('"', calendarAt);
      if (calendarEnd === -1 || calendarEnd >= end) return false;
      seen |= KEY_HOLIDAYS;
      at = calendarEnd + 1;
    }
    if (text.startsWith(',"holiday":[', at)) {
      seen |= KEY_HOLIDAY;
      at += 12;
      if (codeAt(text, at, end) !== 93) {
        for (;;) {
          if (codeAt(text, at, end) !== 34) return false;
          close = text.indexOf('"', at + 1);
          if (close === -1 || close >= end) return false;
          const day = epochDayOfIsoDateIn(text, at + 1, close);
          if (day === undefined) return false;
          days.push(day);
          at = close + 1;
          const code = codeAt(text, at, end);
          if (code === 93) break;
          if (code !== 44) return false;
          at++;
        }
      }
      at++;
    }
    return at === end - 1 && text.charCodeAt(at) === 125;
  };

  /** Any well-formed line: a flat object with the query's keys in any order, JSON spacing, plain strings. */
  const readAny = (text: string, start: number, end: number): boolean => {
    let i = skipSpace(text, start, end);
    if (codeAt(text, i, end) !== 123) return false;
    i = skipSpace(text, i + 1, end);
    seen = 0;
    program = undefined;
    calendarAt = 0;
    calendarEnd = 0;
    days.length = 0;
    for (;;) {
      if (codeAt(text, i, end) !== 34) return false;
      const nameEnd = stringEnd(text, i + 1, end);
      if (nameEnd < 0) return false;
      const key = keyAt(text, i + 1, nameEnd);
      if (key === 0 || (seen & key) !== 0) return false;
      seen |= key;
      i = skipSpace(text, nameEnd + 1, end);
      if (codeAt(text, i, end) !== 58) return false;
      i = skipSpace(text, i + 1, end);
      if (key === KEY_SEVERITY) {
        // Exactly one digit: `2.0`, `2e0` or `"2"` are the schema's to read.
        severity = codeAt(text, i, end) - 48;
        if (severity < 1 || severity > 4) return false;
        i++;
      } else if (key === KEY_HOLIDAY) {
        if (codeAt(text, i, end) !== 91) return false;
        i = skipSpace(text, i + 1, end);
        if (codeAt(text, i, end) !== 93) {
          for (;;) {
            if (codeAt(text, i, end) !== 34) return false;
            const dateEnd = stringEnd(text, i + 1, end);
            if (dateEnd < 0) return false;
            const day = epochDayOfIsoDateIn(text, i + 1, dateEnd);
            if (day === undefined) return false;
            days.push(day);
            i = skipSpace(text, dateEnd + 1, end);
            const code = codeAt(text, i, end);
            if (code === 93) break;
            if (code !== 44) return false;
            i = skipSpace(text, i + 1, end);
          }
        }
        i++;
      } else {
        if (codeAt(text, i, end) !== 34) return false;
        const valueEnd = stringEnd(text, i + 1, end);
        if (valueEnd < 0) return false;
        if (key === KEY_PROGRAM) {
          program = programAt(text, i + 1, valueEnd);
          if (program === undefined) return false;
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
      if (code !== 125 || skipSpace(text, i + 1, end) !== end) return false;
      break;
    }
    return (seen & REQUIRED) === REQUIRED && program !== undefined;
  };

  return (text, start, end, out) => {
    days.length = 0;
    if (!readCommon(text, start, end) && !readAny(text, start, end)) return false;
    if (program === undefined) return false;
    const opened = parsePlainInstant(text, openedAt, openedEnd);
    if (opened === undefined) return false;
    // An empty calendar is the schema's to refuse.
    if ((seen & KEY_HOLIDAYS) !== 0 && calendarEnd === calendarAt) return false;
    const zone = zoneSlot(program, text, tzAt, tzEnd);
    if (zone === undefined) return false;
    const calendar = calendarSlot(program, zone, text, calendarAt, calendarEnd);
    if (calendar === undefined) return false;
    const clock = days.length === 0 ? calendar.base : clockWithDates(program, zone, calendar);
    const cell = program.cells[severity - 1] as Cell;
    if ('line' in cell) {
      out.put(cell.line);
      return true;
    }
    // A program without a clock has only best-effort cells (`cellOf`), so a target cell always has one.
    if (clock === undefined) return false;
    let deadline: number;
    let warnAt: number;
    try {
      deadline = clock.addMinutes(opened, cell.minutes);
      warnAt = clock.subtractMinutes(deadline, cell.warnMinutes);
    } catch (error) {
      if (!(error instanceof DomainError)) return false;
      out.text(`${JSON.stringify({ error: error.code, message: error.message })}\n`);
      return true;
    }
    const mark = out.length;
    out.put(cell.prefix);
    if (!iso(deadline, out)) {
      out.length = mark;
      return false;
    }
    out.put(WARN_AT);
    if (!iso(warnAt, out)) {
      out.length = mark;
      return false;
    }
    out.put(END);
    return true;
  };
}

/** A program and severity's answer, as `startSlaOn` words it: not offered, best effort, or a target's parts. */
function cellOf(policy: Policy, program: string, severity: Severity): Cell {
  const objective = responseObjective(policy, program, severity);
  if (objective.kind === 'not_offered') {
    const label = policy.programs[program]?.label;
    const message = `severity ${severity} is not offered on the ${label} program`;
    return { line: Buffer.from(`${JSON.stringify({ error: 'severity_not_offered', message })}\n`) };
  }
  const clock = clockKind(policy, program);
  if (objective.kind !== 'target' || clock === 'none') {
    const answer = { program, severity, clock, targetMinutes: null, deadline: null, warnAt: null };
    return { line: Buffer.from(`${JSON.stringify(answer)}\n`) };
  }
  const head = JSON.stringify({ program, severity, clock, targetMinutes: objective.minutes });
  return {
    prefix: Buffer.from(`${head.slice(0, -1)},"deadline":"`),
    minutes: objective.minutes,
    warnMinutes: objective.minutes * policy.warningRatio,
  };
}

/** Two ASCII digits of `value` (0–99) into `bytes` at `at`. */
function twoDigits(bytes: Buffer, at: number, value: number): void {
  bytes[at] = 48 + Math.floor(value / 10);
  bytes[at + 1] = 48 + (value % 10);
}

/**
 * Writes `new Date(instant).toISOString()`'s bytes digit by digit, the date from the epoch day by Howard
 * Hinnant's `civil_from_days`. Years outside 0000–9999, which toISOString writes with a sign and six digits,
 * and fractional milliseconds are left to it. False, with nothing written, outside the instants a Date can
 * hold (toISOString would throw).
 */
export function isoWriter(): (instant: number, out: AnswerBuffer) => boolean {
  let lastDay = Number.NaN;
  let year = 0;
  let month = 0;
  let dayOfMonth = 0;
  return (instant, out) => {
    if (!(Math.abs(instant) <= 8.64e15)) return false;
    if (!Number.isInteger(instant) || instant < -62_167_219_200_000 || instant > 253_402_300_799_999) {
      out.text(new Date(instant).toISOString());
      return true;
    }
    const day = Math.floor(instant / DAY_MS);
    if (day !== lastDay) {
      const shifted = day + 719_468;
      const era = Math.floor(shifted / 146_097);
      const dayOfEra = shifted - era * 146_097;
      const yearOfEra = Math.floor(
        (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
      );
      const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
      const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
      dayOfMonth = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
      month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
      year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
      lastDay = day;
    }
    out.reserve(24);
    const bytes = out.bytes;
    const at = out.length;
    twoDigits(bytes, at, Math.floor(year / 100));
    twoDigits(bytes, at + 2, year % 100);
    bytes[at + 4] = 45;
    twoDigits(bytes, at + 5, month);
    bytes[at + 7] = 45;
    twoDigits(bytes, at + 8, dayOfMonth);
    bytes[at + 10] = 84;
    let rest = instant - day * DAY_MS;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / MINUTE_MS);
    rest -= minutes * MINUTE_MS;
    const seconds = Math.floor(rest / 1000);
    const milliseconds = rest - seconds * 1000;
    twoDigits(bytes, at + 11, hours);
    bytes[at + 13] = 58;
    twoDigits(bytes, at + 14, minutes);
    bytes[at + 16] = 58;
    twoDigits(bytes, at + 17, seconds);
    bytes[at + 19] = 46;
    bytes[at + 20] = 48 + Math.floor(milliseconds / 100);
    twoDigits(bytes, at + 21, milliseconds % 100);
    bytes[at + 23] = 90;
    out.length = at + 24;
    return true;
  };
}

/**
 * Cuts text into lines as readline does (`\r\n`, `\n` or a lone `\r`) and answers each, fast path first,
 * into `out`. `write` answers the complete lines of a chunk and keeps the rest; `end` answers what is left.
 */
export function deadlineLines(
  policy: Policy,
  out: AnswerBuffer = new AnswerBuffer(),
): { out: AnswerBuffer; write(text: string): void; end(text?: string): void } {
  const full = fullLineAnswerer(policy);
  const fast = fastLineAnswerer(policy);
  let rest = '';

  const answer = (text: string, start: number, end: number) => {
    if (end === start || fast(text, start, end, out)) return;
    const line = full(text.slice(start, end));
    if (line !== '') out.text(`${line}\n`);
  };

  /** Answers the lines of `text` from `from`; keeps an unfinished last line in `rest` unless `final`. */
  const answerLines = (text: string, from: number, final: boolean) => {
    let length = text.length;
    // A chunk ending in \r may be half of a \r\n: keep it for the next chunk.
    const held = !final && text.endsWith('\r');
    if (held) length--;
    let at = from;
    let cr = text.indexOf('\r', at);
    for (;;) {
      let next = text.indexOf('\n', at);
      if (cr !== -1 && cr < at) cr = text.indexOf('\r', at);
      if (cr >= length) cr = -1;
      let after = next + 1;
      if (cr !== -1 && (next === -1 || cr < next)) {
        next = cr;
        after = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      }
      if (next === -1) {
        if (final) answer(text, at, length);
        else rest = text.slice(at);
        return;
      }
      answer(text, at, next);
      at = after;
    }
  };

  const answerText = (text: string, final: boolean) => {
    let from = 0;
    if (rest !== '') {
      // The line begun in the last chunk, finished here: answered alone, so the chunk is read in place.
      const newline = text.indexOf('\n');
      const head = rest + (newline === -1 ? text : text.slice(0, newline + 1));
      rest = '';
      if (newline === -1) return answerLines(head, 0, final);
      answerLines(head, 0, false);
      from = newline + 1;
    }
    answerLines(text, from, final);
  };
  return { out, write: (text) => answerText(text, false), end: (text = '') => answerText(text, true) };
}
