import { DateTime } from 'luxon';
import { utcOffsetMinutes } from './utc-offset.ts';

// DESIGN §4: instants at the edges carry an offset (`Z` or ±hh:mm), so their meaning never depends on a server's zone.
const withOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/i;

// The common shape, read field by field: `2026-12-04T14:00:00+01:00`, `…:00.123Z`. Anything else goes to luxon.
const plain = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch milliseconds of a well-formed instant in the common shape, computed from its fields, or undefined
 * when it is not one (luxon then decides). Agrees with luxon wherever it answers (test/unit/instant.test.ts):
 * luxon costs most of a deadline's time in the CLI, and this shape is nearly every input.
 */
export function parsePlain(text: string): number | undefined {
  const m = plain.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (daysInMonth[month - 1] as number) + (leap ? 1 : 0)) return undefined;
  // luxon's own reading of a fraction: the milliseconds it holds, truncated.
  const millisecond = m[7] === undefined ? 0 : Math.floor(Number.parseFloat(`0.${m[7]}`) * 1000);
  const offset = m[8] === undefined ? utcOffsetMinutes(m[9] as string, m[10] as string, m[11] as string) : 0;
  if (offset === undefined) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset * 60_000;
}

/**
 * Epoch milliseconds of an ISO-8601 instant with an offset, or undefined when it is not one. The offset obeys
 * the zone rule's bound (DESIGN §4.1: within ±14:00), so `+25:00` or `+14:30` is no instant.
 */
export function parseInstant(text: string): number | undefined {
  return parsePlain(text) ?? parseInstantWithLuxon(text);
}

/** luxon's reading alone: what `parseInstant` answers for any shape, and what its test holds the fast path to. */
export function parseInstantWithLuxon(text: string): number | undefined {
  const match = withOffset.exec(text);
  if (!match) return undefined;
  if (match[1] !== undefined && utcOffsetMinutes(match[1], match[2] as string, match[3] as string) === undefined) {
    return undefined;
  }
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

/** The canonical form of an instant everywhere inside: ISO-8601 in UTC with milliseconds. */
export function normalizeInstant(text: string): string | undefined {
  const instant = parseInstant(text);
  return instant === undefined ? undefined : new Date(instant).toISOString();
}
