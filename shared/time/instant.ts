import { DateTime } from 'luxon';
import { MAX_UTC_OFFSET_MINUTES, utcOffsetMinutes } from './utc-offset.ts';

// DESIGN §4: instants at the edges carry an offset (`Z` or ±hh:mm), so their meaning never depends on a server's zone.
const withOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/i;

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of `count` ASCII digits of `text` from `at` (before `end`), or -1 when one of them is not a digit. */
function digits(text: string, at: number, count: number, end: number): number {
  if (at + count > end) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Epoch milliseconds of `text.slice(start, end)` when it is a well-formed instant in the common shape,
 * `2026-12-04T14:00:00+01:00` or `…T14:00:00.123Z` (seconds and fraction optional, upper-case `T` and `Z`),
 * read field by field without a regular expression or an allocation; undefined when it is not one (luxon
 * then decides). Agrees with luxon wherever it answers (test/unit/instant.test.ts): luxon costs most of a
 * deadline's time in the CLI, and this shape is nearly every input.
 */
export function parsePlainInstant(text: string, start = 0, end = text.length): number | undefined {
  const length = end - start;
  if (length < 17 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return undefined;
  if (text.charCodeAt(start + 10) !== 84 || text.charCodeAt(start + 13) !== 58) return undefined;
  const year = digits(text, start, 4, end);
  const month = digits(text, start + 5, 2, end);
  const day = digits(text, start + 8, 2, end);
  const hour = digits(text, start + 11, 2, end);
  const minute = digits(text, start + 14, 2, end);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return undefined;
  }
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (daysInMonth[month - 1] as number) + (leap ? 1 : 0)) return undefined;
  let at = start + 16;
  let second = 0;
  let millisecond = 0;
  if (at < end && text.charCodeAt(at) === 58) {
    second = digits(text, at + 1, 2, end);
    if (second < 0 || second > 59) return undefined;
    at += 3;
    if (at < end && text.charCodeAt(at) === 46) {
      const from = at + 1;
      at = from;
      while (at < end && at - from < 10) {
        const code = text.charCodeAt(at);
        if (code < 48 || code > 57) break;
        at++;
      }
      if (at === from || at - from > 9) return undefined;
      // luxon's own reading of a fraction: the milliseconds it holds, truncated.
      if (digits(text, from, at - from, end) !== 0) {
        millisecond = Math.floor(Number.parseFloat(`0.${text.slice(from, at)}`) * 1000);
      }
    }
  }
  let offset = 0;
  const sign = at < end ? text.charCodeAt(at) : -1;
  if (sign === 90) {
    at += 1;
  } else if (sign === 43 || sign === 45) {
    if (at + 6 > end || text.charCodeAt(at + 3) !== 58) return undefined;
    const hours = digits(text, at + 1, 2, end);
    const minutes = digits(text, at + 4, 2, end);
    if (hours < 0 || minutes < 0 || minutes > 59 || hours * 60 + minutes > MAX_UTC_OFFSET_MINUTES) return undefined;
    offset = sign === 45 ? -(hours * 60 + minutes) : hours * 60 + minutes;
    at += 6;
  } else {
    return undefined;
  }
  if (at !== end) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset * 60_000;
}

/**
 * Epoch milliseconds of an ISO-8601 instant with an offset, or undefined when it is not one. The offset obeys
 * the zone rule's bound (DESIGN §4.1: within ±14:00), so `+25:00` or `+14:30` is no instant.
 */
export function parseInstant(text: string): number | undefined {
  return parsePlainInstant(text) ?? parseInstantWithLuxon(text);
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
