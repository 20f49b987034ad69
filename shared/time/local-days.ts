import { FixedOffsetZone, IANAZone, Info, type Zone } from 'luxon';
import { utcOffsetMinutes } from './utc-offset.ts';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Epoch-day number (days since 1970-01-01) of a `YYYY-MM-DD` date; throws on a non-date. */
export function epochDayOfIsoDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  }
  return ms / DAY_MS;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `epochDayOfIsoDate` of `text.slice(start, end)`, read in place, or undefined for a non-date. Agrees with it on
 * every input (test/unit/fast-deadlines.test.ts), years 0000–0099 included, which Date.UTC reads as 1900–1999.
 */
export function epochDayOfIsoDateIn(text: string, start: number, end: number): number | undefined {
  if (end - start !== 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return undefined;
  let year = 0;
  let month = 0;
  let day = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = text.charCodeAt(start + i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    if (i < 4) year = year * 10 + digit;
    else if (i < 7) month = month * 10 + digit;
    else day = day * 10 + digit;
  }
  if (year < 100 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (monthDays[month - 1] as number) + (leap ? 1 : 0)) return undefined;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function isIsoDate(value: string): boolean {
  try {
    epochDayOfIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

export function isoDateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of an epoch day; 1970-01-01 was a Thursday. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** `UTC+05:30`, `UTC-03:00`: the one fixed-offset spelling an account's zone may use (DESIGN §4.1). */
const FIXED_OFFSET_ZONE = /^UTC([+-])(\d{2}):(\d{2})$/;
/** What an IANA name looks like (`Europe/Paris`, `America/Argentina/Buenos_Aires`, `Etc/GMT-14`, `UTC`). */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The zone rule (DESIGN §4.1), shared by the API, the rules and the CLI: an IANA name, or `UTC±hh:mm` within
 * ±14:00; undefined for anything else. luxon alone would read `UTC+99:99` as UTC+100:39 and `local` as the server's zone.
 */
export function zoneOf(name: string): Zone | undefined {
  // Asking Intl whether a name is a zone costs tens of microseconds, and its first call loads ICU's zone
  // data (a tenth of a second): remember each name's answer, and read `UTC`, which luxon maps to its own
  // universal zone without Intl (Info.normalizeZone), without asking.
  if (name === 'UTC') return FixedOffsetZone.utcInstance;
  let zone = knownZones.get(name);
  if (zone === undefined && !knownZones.has(name)) {
    zone = readZone(name);
    if (knownZones.size >= 10_000) knownZones.clear();
    knownZones.set(name, zone);
  }
  return zone;
}

const knownZones = new Map<string, Zone | undefined>();

function readZone(name: string): Zone | undefined {
  const fixed = FIXED_OFFSET_ZONE.exec(name);
  if (fixed) {
    const minutes = utcOffsetMinutes(fixed[1] as string, fixed[2] as string, fixed[3] as string);
    return minutes === undefined ? undefined : FixedOffsetZone.instance(minutes);
  }
  // A name must look like one before Intl sees it: newer engines also read "+05:00" as a zone, with ±23:59 bounds.
  if (!IANA_NAME.test(name) || /^(local|system|default)$/i.test(name) || !IANAZone.isValidZone(name)) {
    return undefined;
  }
  const zone = Info.normalizeZone(name);
  return zone?.isValid ? zone : undefined;
}

// Offsets per zone and UTC day: a zone changes offset at most once a day, so a day whose first and
// last millisecond share an offset has it throughout. Asking Intl for an offset is the clock's main cost:
// the next day's first millisecond is asked first (the next day needs it anyway), and when it shares the
// day's offset, no change fits between them; only a day whose two ends differ asks for its last millisecond.
const offsetDays = new Map<string, Map<number, number>>();
const TRANSITION_DAY = Number.NaN;

/** The zone's offset from UTC at `instant`, in minutes. */
export function offsetAt(zone: Zone, instant: number): number {
  if (zone.isUniversal) return zone.offset(instant);
  let days = offsetDays.get(zone.name);
  if (!days || days.size > 50_000) {
    days = new Map();
    offsetDays.set(zone.name, days);
  }
  const day = Math.floor(instant / DAY_MS);
  let offset = days.get(day);
  if (offset === undefined) {
    const first = dayStartOffset(zone, day);
    const next = dayStartOffset(zone, day + 1);
    offset = first === next || first === zone.offset(day * DAY_MS + DAY_MS - 1) ? first : TRANSITION_DAY;
    days.set(day, offset);
  }
  return Number.isNaN(offset) ? zone.offset(instant) : offset;
}

// The offset at each day's first millisecond, by zone: the ends `offsetAt` compares.
const dayStarts = new Map<string, Map<number, number>>();

function dayStartOffset(zone: Zone, day: number): number {
  let starts = dayStarts.get(zone.name);
  if (!starts || starts.size > 50_000) {
    starts = new Map();
    dayStarts.set(zone.name, starts);
  }
  let offset = starts.get(day);
  if (offset === undefined) {
    offset = zone.offset(day * DAY_MS);
    starts.set(day, offset);
  }
  return offset;
}

/** The local epoch day an instant falls on in `zone`. */
export function localDay(zone: Zone, instant: number): number {
  return Math.floor((instant + offsetAt(zone, instant) * MINUTE_MS) / DAY_MS);
}

/**
 * The first instant at which the local clock in `zone` reads `minuteOfDay` on `day` (0–1440).
 * A local time skipped by a DST change maps to the change itself; a repeated one to its first occurrence.
 */
export function localInstant(zone: Zone, day: number, minuteOfDay: number): number {
  const local = day * DAY_MS + minuteOfDay * MINUTE_MS;
  // At most one offset change lies near a given local time, so the offsets a day either side bracket it.
  const before = offsetAt(zone, local - DAY_MS);
  const after = offsetAt(zone, local + DAY_MS);
  const first = local - Math.max(before, after) * MINUTE_MS;
  if (offsetAt(zone, first) === Math.max(before, after)) return first;
  const second = local - Math.min(before, after) * MINUTE_MS;
  if (offsetAt(zone, second) === Math.min(before, after)) return second;
  // In a DST gap: find the change between the two readings, to the minute.
  let low = first;
  let high = second;
  while (high - low > MINUTE_MS) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(zone, mid) === before) low = mid;
    else high = mid;
  }
  return high;
}
