/** IANA time-zone checks and local-to-UTC conversion with node's built-in Intl data. */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
  const cached = formatters.get(zone);
  if (cached) return cached;
  try {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
    return formatter;
  } catch {
    return undefined;
  }
}

/** True for zone names the ICU database knows; bare UTC offsets are refused as the service refuses them. */
export function isValidTimeZone(zone: string): boolean {
  return /^[A-Za-z]/.test(zone) && formatterFor(zone) !== undefined;
}

/** The zone's offset from UTC, in milliseconds, at the given instant. */
function offsetAt(instantMs: number, zone: string): number {
  const formatter = formatterFor(zone);
  if (!formatter) throw new RangeError(`Unknown time zone ${zone}`);
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/** The instant a wall-clock time names in a zone; a time skipped by a DST jump moves forward with it. */
export function zonedWallTimeToUtc(wall: WallTime, zone: string): number {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const firstOffset = offsetAt(guess, zone);
  const first = guess - firstOffset;
  const secondOffset = offsetAt(first, zone);
  if (secondOffset === firstOffset) return first;
  const second = guess - secondOffset;
  return offsetAt(second, zone) === secondOffset ? second : Math.max(first, second);
}
