import type { Zone } from 'luxon';
import type { HolidayCheck } from './holidays.ts';
import { isoWeekday, localDay, localInstant, MINUTE_MS } from './local-days.ts';

/**
 * An SLA clock counts response time (DESIGN §3). Instants are epoch milliseconds;
 * durations are minutes, possibly fractional (25% of 30 minutes is 7.5).
 */
export interface SlaClock {
  readonly kind: 'wall' | 'business';
  /** The earliest instant at which `minutes` have been counted from `start`. */
  addMinutes(start: number, minutes: number): number;
  /** The latest instant from which `minutes` are counted up to `end`. */
  subtractMinutes(end: number, minutes: number): number;
  /** The minutes counted between two instants; 0 when `to` is not after `from`. */
  minutesBetween(from: number, to: number): number;
}

/** A weekly window in local time: ISO weekdays and minutes of the day, `open` < `close` ≤ 1440. */
export interface WeeklyWindow {
  days: readonly number[];
  open: number;
  close: number;
}

export const wallClock: SlaClock = {
  kind: 'wall',
  addMinutes: (start, minutes) => start + toMs(minutes),
  subtractMinutes: (end, minutes) => end - toMs(minutes),
  minutesBetween: (from, to) => Math.max(0, to - from) / MINUTE_MS,
};

// A clock whose calendar has no business day for ten years would never reach its target.
const MAX_DAYS = 3660;

/**
 * Counts only time inside the weekly window, in `zone`'s local time, minus holidays.
 * Works a day at a time (one window per day), so its cost grows with the days crossed, not the minutes.
 */
export function businessClock(window: WeeklyWindow, zone: Zone, isHoliday: HolidayCheck): SlaClock {
  // Open ISO weekdays (1–7) as an array: a look-up per day crossed, cheaper than a Set's.
  const weekdays: boolean[] = [false, false, false, false, false, false, false, false];
  for (const weekday of window.days) weekdays[weekday] = true;
  const windows = windowCache(zone, window);

  /** The day's window as instants, or undefined when the desk is closed all day. */
  const windowOn = (day: number): readonly [number, number] | undefined => {
    if (!weekdays[isoWeekday(day)] || isHoliday(day)) return undefined;
    let bounds = windows.get(day);
    if (!bounds) {
      bounds = [localInstant(zone, day, window.open), localInstant(zone, day, window.close)];
      windows.set(day, bounds);
    }
    return bounds[0] < bounds[1] ? bounds : undefined;
  };

  return {
    kind: 'business',
    addMinutes(start, minutes) {
      let remaining = toMs(minutes);
      if (remaining <= 0) return start;
      const first = localDay(zone, start);
      for (let day = first; day < first + MAX_DAYS; day++) {
        const bounds = windowOn(day);
        if (!bounds) continue;
        const from = Math.max(start, bounds[0]);
        if (from >= bounds[1]) continue;
        if (remaining <= bounds[1] - from) return from + remaining;
        remaining -= bounds[1] - from;
      }
      throw new RangeError(`no business time within ${MAX_DAYS} days of ${new Date(start).toISOString()}`);
    },
    subtractMinutes(end, minutes) {
      let remaining = toMs(minutes);
      if (remaining <= 0) return end;
      const last = localDay(zone, end);
      for (let day = last; day > last - MAX_DAYS; day--) {
        const bounds = windowOn(day);
        if (!bounds) continue;
        const to = Math.min(end, bounds[1]);
        if (to <= bounds[0]) continue;
        if (remaining <= to - bounds[0]) return to - remaining;
        remaining -= to - bounds[0];
      }
      throw new RangeError(`no business time within ${MAX_DAYS} days before ${new Date(end).toISOString()}`);
    },
    minutesBetween(from, to) {
      if (to <= from) return 0;
      let counted = 0;
      const last = localDay(zone, to);
      for (let day = localDay(zone, from); day <= last; day++) {
        const bounds = windowOn(day);
        if (!bounds) continue;
        const overlap = Math.min(to, bounds[1]) - Math.max(from, bounds[0]);
        if (overlap > 0) counted += overlap;
      }
      return counted / MINUTE_MS;
    },
  };
}

function toMs(minutes: number): number {
  return Math.round(minutes * MINUTE_MS);
}

// Each (zone, window) pair keeps its days' opening and closing instants: offset look-ups are
// the costly part, and a service sees the same few zones and days over and over.
const caches = new Map<string, Map<number, readonly [number, number]>>();
const MAX_CACHED_DAYS = 20_000;

function windowCache(zone: Zone, window: WeeklyWindow): Map<number, readonly [number, number]> {
  const key = `${zone.name}|${window.open}|${window.close}`;
  let cache = caches.get(key);
  if (!cache || cache.size > MAX_CACHED_DAYS) {
    cache = new Map();
    caches.set(key, cache);
  }
  return cache;
}
