import type { Policy } from '../policy/schema.ts';
import { localDay, zoneOf } from '../time/local-days.ts';
import { ms } from './types.ts';

export interface ContactAttempt {
  at: string;
  by: string;
  channel: string;
}

/**
 * Support may close a ticket without the customer after `contactAttemptsBeforeClosure` attempts on
 * distinct local dates (the account's zone) with no customer reply since the first of them (DESIGN §3).
 * Returns when the automatic close is due, or null when closure is not (yet) allowed.
 */
export function closureDue(
  policy: Policy,
  timezone: string,
  attempts: readonly ContactAttempt[],
  lastCustomerReplyAt: string | null,
): string | null {
  const zone = zoneOf(timezone);
  if (!zone) throw new RangeError(`unknown time zone "${timezone}"`);
  const sinceReply = attempts
    .filter((attempt) => lastCustomerReplyAt === null || ms(attempt.at) > ms(lastCustomerReplyAt))
    .sort((a, b) => ms(a.at) - ms(b.at));
  const dates = new Set<number>();
  for (const attempt of sinceReply) {
    dates.add(localDay(zone, ms(attempt.at)));
    if (dates.size === policy.contactAttemptsBeforeClosure) {
      return new Date(ms(attempt.at) + policy.autoCloseGraceMinutes * 60_000).toISOString();
    }
  }
  return null;
}
