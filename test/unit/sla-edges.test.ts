/**
 * The SLA rules (DESIGN §3) at the edges the everyday cases do not reach: a stopped clock that a later event
 * must leave alone, programs whose clock and objective disagree, versions bumped exactly once per change.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import type { Policy } from '#shared/policy/schema.ts';
import { closureDue, recordContactAttempt } from '#shared/sla/contact-attempts.ts';
import { type SlaContext, settle, startSla, startSlaOn } from '#shared/sla/deadline.ts';
import { DomainError } from '#shared/sla/errors.ts';
import { recordFirstResponse } from '#shared/sla/first-response.ts';
import { programClock, programPolicy, targetCells } from '#shared/sla/objective.ts';
import { changeSeverity } from '#shared/sla/severity-change.ts';
import { businessClock, wallClock } from '#shared/time/business-clock.ts';
import { holidayCheck } from '#shared/time/holidays.ts';
import { zoneOf } from '#shared/time/local-days.ts';

const policy = loadPolicy(undefined);
const paris = { timezone: 'Europe/Paris' };
const context = (program: string, custom: Policy = policy): SlaContext => ({
  policy: custom,
  program,
  calendar: paris,
});
const openedAt = '2026-12-01T09:00:00.000Z'; // Tuesday 10:00 Paris

/** The seed plus `odd`: counted on no clock yet with targets, and `mixed`: wall clock, best effort below 1. */
const oddPolicy: Policy = structuredClone(policy);
oddPolicy.programs.odd = {
  label: 'Odd',
  coverage: { clock: 'none' },
  requiresContract: true,
  supportAccountManager: false,
  phone: true,
  objectives: { 1: 60, 2: 60, 3: 60, 4: 60 },
};
oddPolicy.programs.mixed = {
  label: 'Mixed',
  coverage: { clock: 'wall' },
  requiresContract: true,
  supportAccountManager: false,
  phone: true,
  objectives: { 1: 60, 2: 'best_effort', 3: 'best_effort', 4: 'best_effort' },
};

describe('starting a clock', () => {
  it('has no deadline when the program counts on no clock, even with a target', () => {
    expect(startSla(context('odd', oddPolicy), 1, openedAt)).toMatchObject({
      clock: 'none',
      state: 'best_effort',
      deadline: null,
    });
  });

  it('has no deadline for a best-effort cell on a wall-clock program', () => {
    expect(startSla(context('mixed', oddPolicy), 2, openedAt)).toMatchObject({
      clock: 'wall',
      targetMinutes: null,
      state: 'best_effort',
      deadline: null,
      warnAt: null,
    });
  });

  it('refuses a severity not offered, with the clock already built too', () => {
    expect(() => startSlaOn(wallClock, policy, 'evaluation', 1, Date.parse(openedAt))).toThrow(
      expect.objectContaining({ code: 'severity_not_offered' }),
    );
  });
});

describe('settling', () => {
  const running = startSla(context('production'), 1, openedAt); // due 10:00Z

  it('leaves a met or best-effort clock as it is, whatever the hour', () => {
    const met = { ...running, state: 'met' as const, respondedAt: '2026-12-01T09:30:00.000Z' };
    expect(settle(met, '2026-12-09T00:00:00Z')).toBe(met);
    const bestEffort = startSla(context('free'), 3, openedAt);
    expect(settle(bestEffort, '2026-12-09T00:00:00Z')).toBe(bestEffort);
    const breached = settle(running, '2026-12-01T10:00:00.001Z');
    expect(settle(breached, '2026-12-09T00:00:00Z')).toBe(breached);
  });

  it('breaches a running clock only once its deadline has passed', () => {
    expect(settle(running, '2026-12-01T10:00:00.000Z')).toBe(running);
    expect(settle(running, '2026-12-01T10:00:00.001Z')).toMatchObject({
      state: 'breached',
      breachedAt: '2026-12-01T10:00:00.000Z',
      version: running.version + 1,
    });
  });
});

describe('a severity change that changes nothing', () => {
  it('returns the SLA itself for the same level', () => {
    const sla = startSla(context('basic'), 2, openedAt);
    expect(changeSeverity(context('basic'), sla, { from: 2, to: 2, at: '2026-12-01T10:00:00Z', openedAt })).toBe(sla);
  });

  it('leaves a breached clock breached, and a met one met', () => {
    const sla = settle(startSla(context('production'), 1, openedAt), '2026-12-01T11:00:00Z');
    expect(changeSeverity(context('production'), sla, { from: 1, to: 4, at: '2026-12-01T11:00:00Z', openedAt })).toBe(
      sla,
    );
    const met = recordFirstResponse(
      context('production'),
      startSla(context('production'), 4, openedAt),
      openedAt,
      '2026-12-01T09:10:00Z',
    );
    expect(changeSeverity(context('production'), met, { from: 4, to: 1, at: '2026-12-01T09:20:00Z', openedAt })).toBe(
      met,
    );
  });

  it('keeps best effort as it is when the new level has no target either', () => {
    const sla = startSla(context('free'), 3, openedAt);
    expect(changeSeverity(context('free'), sla, { from: 3, to: 2, at: '2026-12-01T10:00:00Z', openedAt })).toBe(sla);
  });

  it('starts no clock on a ticket already answered while best effort', () => {
    const mixed = context('mixed', oddPolicy);
    const answered = recordFirstResponse(mixed, startSla(mixed, 3, openedAt), openedAt, '2026-12-01T09:30:00Z');
    expect(answered).toMatchObject({ state: 'best_effort', respondedAt: '2026-12-01T09:30:00Z' });
    expect(changeSeverity(mixed, answered, { from: 3, to: 1, at: '2026-12-01T10:00:00Z', openedAt })).toBe(answered);
  });
});

describe('the first response', () => {
  it('bumps the version once when it meets the deadline, twice when it also breaches it', () => {
    const sla = startSla(context('production'), 1, openedAt);
    expect(recordFirstResponse(context('production'), sla, openedAt, '2026-12-01T09:10:00Z')).toMatchObject({
      state: 'met',
      version: sla.version + 1,
      elapsedMinutes: 10,
    });
    expect(recordFirstResponse(context('production'), sla, openedAt, '2026-12-01T10:10:00Z')).toMatchObject({
      state: 'breached',
      version: sla.version + 2,
    });
  });
});

describe('programs and their clocks', () => {
  it('names the unknown program, with the known ones as the detail', () => {
    let caught: unknown;
    try {
      programPolicy(policy, 'platinum');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      name: 'DomainError',
      code: 'unknown_program',
      message: 'program "platinum" is not in the policy',
      details: [{ field: 'program', message: 'one of premier, production, basic, evaluation, free' }],
    });
  });

  it('refuses a business clock in an unknown zone', () => {
    expect(() => programClock(policy, 'basic', { timezone: 'Mars/Base' })).toThrow(
      new RangeError('unknown time zone "Mars/Base"'),
    );
    expect(programClock(policy, 'premier', { timezone: 'Mars/Base' })).toBe(wallClock);
    expect(programClock(policy, 'free', { timezone: 'Mars/Base' })).toBeUndefined();
  });

  it('lists the cells with a target: every severity of premier, production and basic, 2–4 of evaluation', () => {
    expect(targetCells(policy)).toEqual([
      ...[1, 2, 3, 4].map((severity) => ({ program: 'premier', severity })),
      ...[1, 2, 3, 4].map((severity) => ({ program: 'production', severity })),
      ...[1, 2, 3, 4].map((severity) => ({ program: 'basic', severity })),
      ...[2, 3, 4].map((severity) => ({ program: 'evaluation', severity })),
    ]);
  });
});

describe('contact attempts spelled differently', () => {
  it('keep the spelling first recorded when a later attempt is the same instant', () => {
    const days = recordContactAttempt(policy, 'UTC', [], null, '2026-12-02T10:00:00Z');
    expect(recordContactAttempt(policy, 'UTC', days, null, '2026-12-02T11:00:00+01:00')).toEqual(days);
    expect(closureDue(policy, 'UTC', [], '2026-12-01T00:00:00Z')).toBeNull();
  });
});

describe('the business clock outside its window', () => {
  const clock = businessClock(
    { days: [1, 2, 3, 4, 5], open: 480, close: 1200 },
    zoneOf('Europe/Paris')!,
    holidayCheck(undefined),
  );
  const saturday = Date.parse('2026-12-05T12:00:00Z');

  it('adds or subtracts zero minutes as nothing, not as a move to the next opening or last closing', () => {
    expect(clock.addMinutes(saturday, 0)).toBe(saturday);
    expect(clock.subtractMinutes(saturday, 0)).toBe(saturday);
  });

  it('counts back from before the day’s opening into the evening before', () => {
    // Wednesday 07:00 Paris, 60 minutes back: Tuesday 19:00 Paris.
    expect(new Date(clock.subtractMinutes(Date.parse('2026-12-02T06:00:00Z'), 60)).toISOString()).toBe(
      '2026-12-01T18:00:00.000Z',
    );
  });

  it('measures from after the day’s closing without counting that evening against it', () => {
    // Wednesday 21:00 Paris to Thursday 09:00 Paris: one business hour.
    expect(clock.minutesBetween(Date.parse('2026-12-02T20:00:00Z'), Date.parse('2026-12-03T08:00:00Z'))).toBe(60);
  });
});
