/**
 * A deliberately naive business clock, the reference the real one is checked against: it walks
 * one minute at a time and asks Intl (not luxon) for each minute's local time. Slow and obviously right.
 */
export interface NaiveWindow {
  days: readonly number[];
  /** Minutes of the local day. */
  open: number;
  close: number;
}

const MINUTE = 60_000;
const weekdayNumbers: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

interface LocalTime {
  date: string;
  weekday: number;
  minuteOfDay: number;
}

// The same minutes are read again and again (each minute looks back over the two hours before it).
const readings = new Map<string, LocalTime>();

function localTime(instant: number, zone: string): LocalTime {
  const key = `${zone}|${instant}`;
  let reading = readings.get(key);
  if (!reading) {
    if (readings.size > 500_000) readings.clear();
    reading = readLocalTime(instant, zone);
    readings.set(key, reading);
  }
  return reading;
}

function readLocalTime(instant: number, zone: string): LocalTime {
  const fixed = /^UTC([+-])(\d{1,2})(?::(\d{2}))?$/.exec(zone);
  if (fixed) {
    const offset = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
    const shifted = new Date(instant + offset * MINUTE);
    return {
      date: shifted.toISOString().slice(0, 10),
      weekday: ((shifted.getUTCDay() + 6) % 7) + 1,
      minuteOfDay: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
    };
  }
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(zone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: weekdayNumbers[parts.weekday as string] as number,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const offsetOf = (instant: number, local: LocalTime) =>
  (Date.parse(`${local.date}T00:00:00Z`) + local.minuteOfDay * MINUTE - instant) / MINUTE;
const later = (a: LocalTime, b: LocalTime) =>
  a.date > b.date || (a.date === b.date && a.minuteOfDay > b.minuteOfDay) ? a : b;
// No zone sets its clock back by more than two hours.
const LOOK_BACK = 120;

/**
 * The local reading that counts at `instant`: the latest the wall clock has shown so far. When the clock is set
 * back (the end of DST), the repeated times were already read once, so a window's opening or closing inside them
 * happened at their first reading; the clock's reading only counts again once it passes the latest one shown.
 */
function countedReading(instant: number, zone: string): LocalTime {
  const local = localTime(instant, zone);
  if (
    offsetOf(instant, local) >= offsetOf(instant - LOOK_BACK * MINUTE, localTime(instant - LOOK_BACK * MINUTE, zone))
  ) {
    return local;
  }
  let latest = local;
  for (let back = 1; back <= LOOK_BACK; back++) latest = later(localTime(instant - back * MINUTE, zone), latest);
  return latest;
}

/** Whether the minute starting at `instant` is business time. */
export function isBusinessMinute(instant: number, window: NaiveWindow, zone: string, holidays: ReadonlySet<string>) {
  const local = countedReading(instant, zone);
  return (
    window.days.includes(local.weekday) &&
    !holidays.has(local.date) &&
    local.minuteOfDay >= window.open &&
    local.minuteOfDay < window.close
  );
}

/** The end of the minute in which `minutes` business minutes have been counted from `start` (minute-aligned). */
export function naiveAdd(
  start: number,
  minutes: number,
  window: NaiveWindow,
  zone: string,
  holidays: ReadonlySet<string>,
) {
  let cursor = start;
  let counted = 0;
  while (counted < minutes) {
    if (isBusinessMinute(cursor, window, zone, holidays)) counted += 1;
    cursor += MINUTE;
  }
  return cursor;
}

/** The latest instant from which `minutes` business minutes are counted up to `end` (minute-aligned). */
export function naiveSubtract(
  end: number,
  minutes: number,
  window: NaiveWindow,
  zone: string,
  holidays: ReadonlySet<string>,
) {
  let cursor = end;
  let counted = 0;
  while (counted < minutes) {
    if (isBusinessMinute(cursor - MINUTE, window, zone, holidays)) counted += 1;
    cursor -= MINUTE;
  }
  return cursor;
}

export function naiveBetween(
  from: number,
  to: number,
  window: NaiveWindow,
  zone: string,
  holidays: ReadonlySet<string>,
) {
  let counted = 0;
  for (let cursor = from; cursor < to; cursor += MINUTE) {
    if (isBusinessMinute(cursor, window, zone, holidays)) counted += 1;
  }
  return counted;
}
