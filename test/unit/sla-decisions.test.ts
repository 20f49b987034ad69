import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import { closureDue } from '#shared/sla/contact-attempts.ts';
import { type SlaContext, settle, startSla } from '#shared/sla/deadline.ts';
import { recordFirstResponse } from '#shared/sla/first-response.ts';
import { changeSeverity } from '#shared/sla/severity-change.ts';

const policy = loadPolicy(undefined);
const paris = { timezone: 'Europe/Paris' };
const basic: SlaContext = { policy, program: 'basic', calendar: paris };
const production: SlaContext = { policy, program: 'production', calendar: paris };
const free: SlaContext = { policy, program: 'free', calendar: paris };

describe('severity change while waiting for the first response (DESIGN §3)', () => {
  const openedAt = '2026-12-01T09:00:00.000Z'; // Tuesday 10:00 Paris

  it('escalating 4 → 1 takes the earlier of the current deadline and now + the new target', () => {
    const sla = startSla(basic, 4, openedAt); // 24 business hours: Thursday 10:00
    expect(sla.deadline).toBe('2026-12-03T09:00:00.000Z');
    const escalated = changeSeverity(basic, sla, { from: 4, to: 1, at: '2026-12-01T15:00:00.000Z', openedAt });
    expect(escalated).toMatchObject({
      deadline: '2026-12-01T17:00:00.000Z', // 16:00 + 2 business hours = 18:00 Paris
      warnAt: '2026-12-01T16:30:00.000Z',
      targetMinutes: 120,
      state: 'running',
      version: 2,
    });
  });

  it('escalating keeps the current deadline when it is already earlier', () => {
    const sla = startSla(production, 2, openedAt); // 3 h: 12:00Z
    const escalated = changeSeverity(production, sla, { from: 2, to: 1, at: '2026-12-01T11:30:00.000Z', openedAt });
    expect(escalated.deadline).toBe('2026-12-01T12:00:00.000Z');
    expect(escalated.warnAt).toBe('2026-12-01T11:45:00.000Z'); // recomputed from the new 1 h target
  });

  it('de-escalating 1 → 4 takes the later of the current deadline and openedAt + the new target', () => {
    const sla = startSla(production, 1, openedAt);
    const relaxed = changeSeverity(production, sla, { from: 1, to: 4, at: '2026-12-01T09:20:00.000Z', openedAt });
    expect(relaxed).toMatchObject({ deadline: '2026-12-01T17:00:00.000Z', warnAt: '2026-12-01T15:00:00.000Z' });
  });

  it('refuses a severity the program does not offer', () => {
    const sla = startSla({ ...basic, program: 'evaluation' }, 2, openedAt);
    expect(() =>
      changeSeverity({ ...basic, program: 'evaluation' }, sla, { from: 2, to: 1, at: openedAt, openedAt }),
    ).toThrow(expect.objectContaining({ code: 'severity_not_offered' }));
  });

  it('leaves a breached ticket breached', () => {
    const sla = startSla(production, 1, openedAt); // due 10:00Z
    const later = changeSeverity(production, sla, { from: 1, to: 4, at: '2026-12-01T10:30:00.000Z', openedAt });
    expect(later).toMatchObject({ state: 'breached', breachedAt: '2026-12-01T10:00:00.000Z' });
    expect(later.deadline).toBe('2026-12-01T10:00:00.000Z');
  });

  it('changes nothing once the first response has stopped the clock', () => {
    const met = recordFirstResponse(
      production,
      startSla(production, 4, openedAt),
      openedAt,
      '2026-12-01T10:00:00.000Z',
    );
    expect(changeSeverity(production, met, { from: 4, to: 1, at: '2026-12-01T11:00:00.000Z', openedAt })).toBe(met);
  });

  it('stops the clock when the new level has no target (best effort) in another policy', () => {
    const custom = structuredClone(policy);
    (custom.programs.basic as { objectives: Record<number, unknown> }).objectives[4] = 'best_effort';
    const context = { ...basic, policy: custom };
    const stopped = changeSeverity(context, startSla(context, 2, openedAt), { from: 2, to: 4, at: openedAt, openedAt });
    expect(stopped).toMatchObject({ state: 'best_effort', deadline: null, warnAt: null, version: 2 });
    const restarted = changeSeverity(context, stopped, { from: 4, to: 1, at: '2026-12-01T12:00:00.000Z', openedAt });
    // The clock starts again at the change: 13:00 Paris + 2 business hours.
    expect(restarted).toMatchObject({ state: 'running', deadline: '2026-12-01T14:00:00.000Z', version: 3 });
  });

  it('keeps free tickets best effort', () => {
    const sla = startSla(free, 4, openedAt);
    expect(changeSeverity(free, sla, { from: 4, to: 2, at: openedAt, openedAt })).toMatchObject({
      state: 'best_effort',
    });
  });
});

describe('first response (DESIGN §3)', () => {
  const openedAt = '2026-12-04T13:00:00.000Z'; // Friday 14:00 Paris

  it('is met at the deadline itself and records business minutes elapsed', () => {
    const sla = startSla(basic, 2, openedAt); // Monday 10:00 Paris
    const met = recordFirstResponse(basic, sla, openedAt, '2026-12-07T09:00:00.000Z');
    expect(met).toMatchObject({ state: 'met', respondedAt: '2026-12-07T09:00:00.000Z', elapsedMinutes: 480 });
  });

  it('is breached one second after the deadline, with the deadline as the breach instant', () => {
    const sla = startSla(basic, 2, openedAt);
    expect(recordFirstResponse(basic, sla, openedAt, '2026-12-07T09:00:01.000Z')).toMatchObject({
      state: 'breached',
      breachedAt: '2026-12-07T09:00:00.000Z',
      elapsedMinutes: 480.02,
    });
  });

  it('counts only business time: a weekend response to a Friday ticket has used 6 hours', () => {
    const sla = startSla(basic, 2, openedAt);
    expect(recordFirstResponse(basic, sla, openedAt, '2026-12-06T10:00:00.000Z').elapsedMinutes).toBe(360);
  });

  it('ignores later responses', () => {
    const first = recordFirstResponse(basic, startSla(basic, 2, openedAt), openedAt, '2026-12-04T14:00:00.000Z');
    expect(recordFirstResponse(basic, first, openedAt, '2026-12-09T14:00:00.000Z')).toBe(first);
  });

  it('records wall minutes for a best-effort ticket', () => {
    const answered = recordFirstResponse(free, startSla(free, 3, openedAt), openedAt, '2026-12-05T13:00:00.000Z');
    expect(answered).toMatchObject({ state: 'best_effort', elapsedMinutes: 1440 });
  });

  it('settles a running clock past its deadline as breached', () => {
    const sla = startSla(production, 1, openedAt);
    expect(settle(sla, '2026-12-04T14:00:00.000Z').state).toBe('running');
    expect(settle(sla, '2026-12-04T14:00:00.001Z')).toMatchObject({ state: 'breached', version: 2 });
  });
});

describe('contact attempts (DESIGN §3)', () => {
  const attempt = (at: string) => ({ at, by: 'eng@vendor.example', channel: 'phone' });

  it('does not allow closure after three attempts on two local dates', () => {
    const attempts = ['2026-12-01T08:00:00Z', '2026-12-01T16:00:00Z', '2026-12-02T09:00:00Z'].map(attempt);
    expect(closureDue(policy, 'Europe/Paris', attempts, null)).toBeNull();
  });

  it('allows closure at the third distinct local date, a grace period after that attempt', () => {
    const attempts = ['2026-12-01T08:00:00Z', '2026-12-02T09:00:00Z', '2026-12-03T09:00:00Z'].map(attempt);
    expect(closureDue(policy, 'Europe/Paris', attempts, null)).toBe('2026-12-04T09:00:00.000Z');
  });

  it('compares dates in the account time zone, not UTC', () => {
    // 23:30Z on 30 November is already 1 December in Paris: three Paris dates, two UTC dates.
    const attempts = ['2026-11-30T22:30:00Z', '2026-11-30T23:30:00Z', '2026-12-02T09:00:00Z'].map(attempt);
    expect(closureDue(policy, 'Europe/Paris', attempts, null)).toBe('2026-12-03T09:00:00.000Z');
    expect(closureDue(policy, 'UTC', attempts, null)).toBeNull();
  });

  it('starts again after a customer reply', () => {
    const attempts = ['2026-12-01T08:00:00Z', '2026-12-02T09:00:00Z', '2026-12-03T09:00:00Z'].map(attempt);
    expect(closureDue(policy, 'Europe/Paris', attempts, '2026-12-02T12:00:00Z')).toBeNull();
  });
});
