import { DateTime } from 'luxon';
import { utcOffsetMinutes } from './utc-offset.ts';

// DESIGN §4: instants at the edges carry an offset (`Z` or ±hh:mm), so their meaning never depends on a server's zone.
const withOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/i;

/**
 * Epoch milliseconds of an ISO-8601 instant with an offset, or undefined when it is not one. The offset obeys
 * the zone rule's bound (DESIGN §4.1: within ±14:00), so `+25:00` or `+14:30` is no instant.
 */
export function parseInstant(text: string): number | undefined {
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
