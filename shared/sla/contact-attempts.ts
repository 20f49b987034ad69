import type { Policy } from '../policy/schema.ts';
import { localDay, zoneOf } from '../time/local-days.ts';
import { ms } from './types.ts';

export interface ContactAttempt {
  at: string;
  by: string;
  channel: string;
}

/**
 * What the closure rule needs of the attempts on one local date since the last customer reply: the date, and
 * its first and last attempt. A ticket keeps at most `contactAttemptsBeforeClosure` of these, whatever the
 * number of attempts, so its item stays bounded (DESIGN §4.1: "for contact attempts: their distinct local dates").
 */
export interface ContactDay {
  /** The local date in the account's zone, `YYYY-MM-DD`. */
  date: string;
  firstAt: string;
  lastAt: string;
}

const isoDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const byFirst = (a: ContactDay, b: ContactDay) => ms(a.firstAt) - ms(b.firstAt) || a.date.localeCompare(b.date);

/**
 * Folds one attempt into the days. An attempt at or before the last customer reply counts for nothing (the rule
 * counts attempts since the reply). Only the earliest `contactAttemptsBeforeClosure` days are kept: the closure
 * is decided by the first attempt of the last of them, and a later day can never make it sooner.
 */
export function recordContactAttempt(
  policy: Policy,
  timezone: string,
  days: readonly ContactDay[],
  lastCustomerReplyAt: string | null,
  at: string,
): ContactDay[] {
  if (lastCustomerReplyAt !== null && ms(at) <= ms(lastCustomerReplyAt)) return [...days];
  const zone = zoneOf(timezone);
  if (!zone) throw new RangeError(`unknown time zone "${timezone}"`);
  const date = isoDate(localDay(zone, ms(at)));
  const same = days.find((day) => day.date === date);
  const day: ContactDay = same
    ? {
        date,
        firstAt: ms(at) < ms(same.firstAt) ? at : same.firstAt,
        lastAt: ms(at) > ms(same.lastAt) ? at : same.lastAt,
      }
    : { date, firstAt: at, lastAt: at };
  return [...days.filter((other) => other.date !== date), day]
    .sort(byFirst)
    .slice(0, policy.contactAttemptsBeforeClosure);
}

/**
 * A customer reply starts the count again: days whose attempts all came before it drop out. A day with attempts
 * on both sides keeps its last one as its first: the closure can only come later than the full list would say,
 * never sooner, so a customer is never closed on early.
 */
export function afterCustomerReply(days: readonly ContactDay[], replyAt: string): ContactDay[] {
  return days
    .filter((day) => ms(day.lastAt) > ms(replyAt))
    .map((day) => (ms(day.firstAt) > ms(replyAt) ? day : { ...day, firstAt: day.lastAt }))
    .sort(byFirst);
}

/**
 * Support may close a ticket without the customer after `contactAttemptsBeforeClosure` attempts on distinct
 * local dates (the account's zone) with no customer reply since the first of them (DESIGN §3). Returns when the
 * automatic close is due, or null when closure is not (yet) allowed.
 */
export function closureDueFromDays(policy: Policy, days: readonly ContactDay[]): string | null {
  const third = [...days].sort(byFirst)[policy.contactAttemptsBeforeClosure - 1];
  if (third === undefined) return null;
  return new Date(ms(third.firstAt) + policy.autoCloseGraceMinutes * 60_000).toISOString();
}

/** The rule over a list of attempts, folded through the bounded days the ticket keeps. */
export function closureDue(
  policy: Policy,
  timezone: string,
  attempts: readonly ContactAttempt[],
  lastCustomerReplyAt: string | null,
): string | null {
  let days: ContactDay[] = [];
  for (const attempt of attempts) {
    days = recordContactAttempt(policy, timezone, days, lastCustomerReplyAt, attempt.at);
  }
  return closureDueFromDays(policy, days);
}
