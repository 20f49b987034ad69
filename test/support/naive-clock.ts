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

function localTime(instant: number, zone: string): LocalTime {
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

/** Whether the minute starting at `instant` is business time. */
export function isBusinessMinute(instant: number, window: NaiveWindow, zone: string, holidays: ReadonlySet<string>) {
  const local = localTime(instant, zone);
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
