/**
 * The closure rule's bounded record of contact attempts (DESIGN §3, §4.1): attempts arrive in any order (a
 * connector backdates one it learns of late), so the days are kept sorted by their first attempt, and only the
 * earliest `contactAttemptsBeforeClosure` of them.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import type { Policy } from '#shared/policy/schema.ts';
import {
  afterCustomerReply,
  type ContactDay,
  closureDue,
  closureDueFromDays,
  recordContactAttempt,
} from '#shared/sla/contact-attempts.ts';

const policy = loadPolicy(undefined); // three dates, 24 h grace
const attempt = (at: string) => ({ at, by: 'eng@vendor.example', channel: 'phone' });
const day = (date: string, firstAt: string, lastAt = firstAt): ContactDay => ({ date, firstAt, lastAt });

describe('recording one attempt', () => {
  it('opens a day on the local date of the account’s zone', () => {
    // 23:30Z on 1 December is 2 December in Paris and still 1 December in New York.
    expect(recordContactAttempt(policy, 'Europe/Paris', [], null, '2026-12-01T23:30:00Z')).toEqual([
      day('2026-12-02', '2026-12-01T23:30:00Z'),
    ]);
    expect(recordContactAttempt(policy, 'America/New_York', [], null, '2026-12-01T23:30:00Z')).toEqual([
      day('2026-12-01', '2026-12-01T23:30:00Z'),
    ]);
  });

  it('widens the day it falls on: a backdated attempt becomes its first, a later one its last', () => {
    const days = [day('2026-12-02', '2026-12-02T10:00:00Z', '2026-12-02T12:00:00Z')];
    expect(recordContactAttempt(policy, 'UTC', days, null, '2026-12-02T08:00:00Z')).toEqual([
      day('2026-12-02', '2026-12-02T08:00:00Z', '2026-12-02T12:00:00Z'),
    ]);
    expect(recordContactAttempt(policy, 'UTC', days, null, '2026-12-02T15:00:00Z')).toEqual([
      day('2026-12-02', '2026-12-02T10:00:00Z', '2026-12-02T15:00:00Z'),
    ]);
    expect(recordContactAttempt(policy, 'UTC', days, null, '2026-12-02T11:00:00Z')).toEqual(days);
  });

  it('keeps the days sorted by their first attempt, whatever the order the attempts came in', () => {
    let days: ContactDay[] = [];
    for (const at of ['2026-12-03T09:00:00Z', '2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z']) {
      days = recordContactAttempt(policy, 'UTC', days, null, at);
    }
    expect(days.map((d) => d.date)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
  });

  it('keeps only the earliest days: a backdated fourth date pushes the latest out', () => {
    const days = [
      day('2026-12-02', '2026-12-02T09:00:00Z'),
      day('2026-12-03', '2026-12-03T09:00:00Z'),
      day('2026-12-04', '2026-12-04T09:00:00Z'),
    ];
    expect(recordContactAttempt(policy, 'UTC', days, null, '2026-12-05T09:00:00Z')).toEqual(days);
    expect(recordContactAttempt(policy, 'UTC', days, null, '2026-12-01T09:00:00Z').map((d) => d.date)).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
    ]);
  });

  it('orders two days with the same first attempt by date', () => {
    const one = { ...policy, contactAttemptsBeforeClosure: 1 };
    const days = [day('2026-12-09', '2026-12-02T10:00:00Z')];
    expect(recordContactAttempt(one, 'UTC', days, null, '2026-12-02T10:00:00Z')).toEqual([
      day('2026-12-02', '2026-12-02T10:00:00Z'),
    ]);
  });

  it('ignores an attempt at or before the last customer reply, and counts one a millisecond after', () => {
    const days = [day('2026-12-02', '2026-12-02T10:00:00Z')];
    const reply = '2026-12-03T10:00:00.000Z';
    const before = recordContactAttempt(policy, 'UTC', days, reply, '2026-12-03T09:00:00Z');
    expect(before).toEqual(days);
    expect(before).not.toBe(days);
    expect(recordContactAttempt(policy, 'UTC', days, reply, reply)).toEqual(days);
    expect(recordContactAttempt(policy, 'UTC', days, reply, '2026-12-03T10:00:00.001Z')).toEqual([
      ...days,
      day('2026-12-03', '2026-12-03T10:00:00.001Z'),
    ]);
  });

  it('refuses an unknown time zone', () => {
    expect(() => recordContactAttempt(policy, 'Mars/Base', [], null, '2026-12-02T10:00:00Z')).toThrow(
      'unknown time zone "Mars/Base"',
    );
  });
});

describe('a customer reply', () => {
  const days = [
    day('2026-12-01', '2026-12-01T09:00:00Z', '2026-12-01T17:00:00Z'),
    day('2026-12-02', '2026-12-02T09:00:00Z', '2026-12-02T17:00:00Z'),
    day('2026-12-03', '2026-12-03T09:00:00Z', '2026-12-03T17:00:00Z'),
  ];

  it('drops the days whose attempts all came before it, a day ending at the reply included', () => {
    expect(afterCustomerReply(days, '2026-12-02T17:00:00Z')).toEqual([days[2]]);
  });

  it('keeps the last attempt of a day with attempts on both sides as that day’s first', () => {
    expect(afterCustomerReply(days, '2026-12-02T12:00:00Z')).toEqual([
      day('2026-12-02', '2026-12-02T17:00:00Z', '2026-12-02T17:00:00Z'),
      days[2],
    ]);
  });

  it('leaves a day that started after it as it is, and sorts what it keeps', () => {
    const unsorted = [days[2]!, days[1]!];
    expect(afterCustomerReply(unsorted, '2026-12-02T09:00:00Z')).toEqual([
      day('2026-12-02', '2026-12-02T17:00:00Z', '2026-12-02T17:00:00Z'),
      days[2],
    ]);
    expect(afterCustomerReply(unsorted, '2026-12-02T08:59:59Z')).toEqual([days[1], days[2]]);
  });
});

describe('when the closure is due', () => {
  it('is null until there are as many days as the policy asks', () => {
    expect(closureDueFromDays(policy, [])).toBeNull();
    expect(closureDueFromDays(policy, [day('2026-12-01', '2026-12-01T09:00:00Z')])).toBeNull();
    expect(
      closureDueFromDays(policy, [day('2026-12-01', '2026-12-01T09:00:00Z'), day('2026-12-02', '2026-12-02T09:00Z')]),
    ).toBeNull();
  });

  it('is the grace period after the first attempt of the third earliest day, in whatever order the days are held', () => {
    const days = [
      day('2026-12-04', '2026-12-04T09:00:00Z'),
      day('2026-12-01', '2026-12-01T09:00:00Z'),
      day('2026-12-03', '2026-12-03T08:00:00Z', '2026-12-03T18:00:00Z'),
      day('2026-12-02', '2026-12-02T09:00:00Z'),
    ];
    expect(closureDueFromDays(policy, days)).toBe('2026-12-04T08:00:00.000Z');
    // The held list itself is not reordered.
    expect(days[0]!.date).toBe('2026-12-04');
  });

  it('follows the policy: two dates and no grace', () => {
    const custom: Policy = { ...policy, contactAttemptsBeforeClosure: 2, autoCloseGraceMinutes: 0 };
    const days = [day('2026-12-02', '2026-12-02T09:30:00Z'), day('2026-12-01', '2026-12-01T09:00:00Z')];
    expect(closureDueFromDays(custom, days)).toBe('2026-12-02T09:30:00.000Z');
  });
});

describe('the rule over a list of attempts', () => {
  it('counts a backdated attempt on an earlier date: the closure comes sooner, from the sorted days', () => {
    const attempts = ['2026-12-02T09:00:00Z', '2026-12-03T09:00:00Z', '2026-12-04T09:00:00Z', '2026-12-01T09:00:00Z'];
    // Kept: 1, 2, 3 December; due 24 h after 3 December's attempt, not 4 December's.
    expect(closureDue(policy, 'UTC', attempts.map(attempt), null)).toBe('2026-12-04T09:00:00.000Z');
  });

  it('takes a day’s first attempt even when the day’s attempts came in reverse order', () => {
    const attempts = ['2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z', '2026-12-03T16:00:00Z', '2026-12-03T08:00:00Z'];
    expect(closureDue(policy, 'UTC', attempts.map(attempt), null)).toBe('2026-12-04T08:00:00.000Z');
  });

  it('is null without attempts', () => {
    expect(closureDue(policy, 'UTC', [], null)).toBeNull();
  });
});
